/**
 * Durable-store benchmark: the cost of `serve --data-dir` (SQLite, a commit before each answer)
 * against the in-memory store measured in the same run, through the whole simulator app
 * (`app.request`, no sockets), in alternating rounds so both see the same machine load.
 * - write: `POST /_sim/revocations` (one new bucket record per request: one transaction, fsync);
 * - read: `GET /_sim/clock` (nothing changes: the commit only compares the working copy).
 * Run: `npm run bench:store`. Writes its section of docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createSimulator, type Simulator } from '../../simulator/simulator.js';
import { defaultCacheDir, loadPki } from '../../simulator/pki/create-pki.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { openSqliteStore } from '../../simulator/state/sqlite-store.js';
import { PACKAGE_VERSION } from '../../simulator/version.js';
import { median, writePerformanceSection } from '../report-section.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 200);

let serial = 0;
async function round(sim: Simulator, kind: 'write' | 'read'): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const res =
      kind === 'write'
        ? await sim.app.request('/_sim/revocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serial: (++serial).toString(16).padStart(8, '0'), reason: 'keyCompromise' }) })
        : await sim.app.request('/_sim/clock');
    if (!res.ok) throw new Error(`${kind} answered ${res.status}`);
    await res.arrayBuffer();
  }
  return ((performance.now() - t0) * 1000) / PER_ROUND; // µs per request
}

async function main(): Promise<void> {
  const fixtures = loadDefaultFixtures();
  const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
  const log = createLogger('silent');
  const dir = mkdtempSync(join(tmpdir(), 'eeszt-store-bench-'));
  const memory = createSimulator({ fixtures, pki, log });
  const durableStore = await openSqliteStore({ dir, fixtures, version: PACKAGE_VERSION, log });
  const durable = createSimulator({ fixtures, pki, log, store: durableStore });
  const results: Record<string, { memory: number[]; durable: number[] }> = { write: { memory: [], durable: [] }, read: { memory: [], durable: [] } };
  try {
    for (const kind of ['write', 'read'] as const) {
      await round(memory, kind); // warm-up
      await round(durable, kind);
      for (let r = 0; r < ROUNDS; r++) {
        results[kind]?.memory.push(await round(memory, kind));
        results[kind]?.durable.push(await round(durable, kind));
      }
    }
  } finally {
    memory.close();
    durable.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = (['write', 'read'] as const).map((kind) => {
    const m = median(results[kind]?.memory ?? []);
    const d = median(results[kind]?.durable ?? []);
    return { kind, m, d, ratio: d / m };
  });
  for (const r of rows) console.log(`store ${r.kind}: memory ${r.m.toFixed(0)} µs/request, --data-dir ${r.d.toFixed(0)} µs/request, ratio ${r.ratio.toFixed(2)}x`);
  const file = writePerformanceSection(
    'store',
    `## Durable store (\`serve --data-dir\`)

Per-request time through the whole simulator app (\`app.request\`, no sockets), in-memory store
against the SQLite store of \`--data-dir\` measured in the same run, median of ${ROUNDS} alternating
rounds of ${PER_ROUND} requests, by \`bench/store\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}).
A write is one transaction with an fsync of the WAL (\`synchronous=FULL\`) before the answer;
a request that changes nothing writes nothing. Without \`--data-dir\` the in-memory path has no
commit step at all (the middleware is not mounted).

| request | in memory | --data-dir | ratio |
|---|---|---|---|
${rows.map((r) => `| ${r.kind === 'write' ? 'write: `POST /_sim/revocations`' : 'read: `GET /_sim/clock`'} | ${r.m.toFixed(0)} µs | ${r.d.toFixed(0)} µs | ${r.ratio.toFixed(2)}x |`).join('\n')}`,
  );
  console.log(`written to ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
