/**
 * What journaling costs per request (issue 16): server CPU per STS token with and without the
 * journaling middleware in front of the same app, over HTTP on loopback, driven by the lean raw
 * socket client of bench/sts (`rawLoad`).
 *
 * One server process per round serves every variant, each on a port of its own with its own
 * journal; after a warm-up of each, the variants take turns in short bursts (6 of 1 s each by
 * default), each burst measured alone (`process.resourceUsage()` of the server around it), so
 * that a noisy stretch of the shared machine, the process's own heap and JIT state hit every
 * variant alike. The figure of a variant in a round is its CPU over its answers; the bench prints
 * every round and the median and minimum over the rounds, with the load average.
 *
 * Variants (`BENCH_VARIANTS`, comma-separated; default all four):
 * - `sts`: a Hono app with the STS sub-app only (as bench/sts's `sts-only`);
 * - `sts+journal`: the same with the journaling middleware (`journalMiddleware`) in front;
 * - `canned`, `canned+journal`: a canned token answer (no STS work, no signature) without and with
 *   the middleware: the journal's cost with far less noise around it.
 * A variant may name another compiled tree after `@` (`sts+journal@dist-base`: the modules are
 * imported from `<package root>/dist-base/` instead of `dist/`), for an A/B of two versions of the
 * journal's code in the same rounds (copy `dist/` to `dist-base/` before changing the code).
 * The journals never compress (compaction runs when a journal is quiet: one variant's would run
 * during another's burst); under load nothing is compressed anyway.
 *
 * Run: `npm run bench:journal`. Options (env): BENCH_SECONDS (6 per variant and round),
 * BENCH_BURSTS (6), BENCH_WARMUP_SECONDS (7: the text arena's first pass, one page fault per 4 KiB
 * of bodies, must be over before measuring), BENCH_ROUNDS (5), BENCH_CONCURRENCY (8),
 * BENCH_VARIANTS, BENCH_PROFILE_DIR (CPU profiles of the servers), BENCH_NODE_FLAGS (extra node
 * flags for the servers, e.g. `--trace-gc`). It prints; it writes no docs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rawLoad } from '../sts/raw-http-client.js';
import { median, runBenchMain } from '../report-section.js';
import { packageRoot } from '../../simulator/package-root.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 6);
const BURSTS = Math.max(1, Number(process.env['BENCH_BURSTS'] ?? 6));
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 7);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 5));
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const SEED = 1;
const CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
const KINDS = ['sts', 'sts+journal', 'canned', 'canned+journal'] as const;
type Kind = (typeof KINDS)[number];

/** The compiled tree a variant's server imports the simulator from. */
function treeUrl(tree: string): string {
  return pathToFileURL(join(packageRoot(), tree) + '/').href;
}

/** A variant's kind and compiled tree (`canned+journal@dist-base`). */
function variantParts(variant: string): { kind: Kind; tree: string } {
  const [kind = '', tree = 'dist'] = variant.split('@');
  const known = KINDS.find((k) => k === kind);
  if (known === undefined) throw new Error(`unknown variant ${variant}; use ${KINDS.join(', ')}, each optionally with @<compiled tree>`);
  return { kind: known, tree };
}

/**
 * Child process: serve every variant on a port of its own (each with its own journal, which never
 * compresses: compaction runs when a journal is quiet, and one variant's would run during
 * another's burst); answer `mark` / `report` / `stop`.
 */
async function runServer(variants: readonly string[]): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  type Env = import('../../simulator/core/deps.js').SimHonoEnv;
  const ports: number[] = [];
  const journals: Array<{ stats(): { entries: number; bytes: number } }> = [];
  for (const variant of variants) {
    const { kind, tree } = variantParts(variant);
    const root = treeUrl(tree);
    const load = <T>(path: string): Promise<T> => import(new URL(path, root).href) as Promise<T>;
    const { createSimulator, createLogger } = await load<typeof import('../../simulator/simulator.js')>('simulator/simulator.js');
    const { createStsApp } = await load<typeof import('../../simulator/sts/sts-app.js')>('simulator/sts/sts-app.js');
    const { journalMiddleware } = await load<typeof import('../../simulator/core/journal-middleware.js')>('simulator/core/journal-middleware.js');
    const { createJournal } = await load<typeof import('../../simulator/core/journal.js')>('simulator/core/journal.js');
    const { serviceResolver } = await load<typeof import('../../simulator/environment.js')>('simulator/environment.js');
    const { errorResponse } = await load<typeof import('../../simulator/core/error-response.js')>('simulator/core/error-response.js');
    const { loadDefaultFixtures } = await load<typeof import('../../fixtures/default-set.js')>('fixtures/default-set.js');
    const { loadPki, defaultCacheDir } = await load<typeof import('../../simulator/pki/create-pki.js')>('simulator/pki/create-pki.js');
    ({ passwordIssueRequest } = await load<typeof import('../../simulator/sts/sts-client.js')>('simulator/sts/sts-client.js'));
    const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
    const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
    const config = sim.deps.config;
    const deps = { ...sim.deps, journal: createJournal({ capacity: config.journalCapacity, maxBytes: config.journalMaxBytes, compactAfterMs: 0 }) };
    journals.push(deps.journal);
    const app = new Hono<Env>();
    app.onError((err, c) => errorResponse(err, c, deps.log));
    if (kind.endsWith('+journal')) app.use('*', journalMiddleware(deps, serviceResolver(sim.modules)));
    if (kind.startsWith('sts')) app.route('/sts', createStsApp(deps));
    else {
      const res = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': CONTENT_TYPE }, body: makeRequest() });
      const canned = await res.text();
      app.post('/sts', async (c) => {
        await c.req.arrayBuffer();
        return c.body(canned, 200, { 'content-type': CONTENT_TYPE });
      });
    }
    ports.push(
      await new Promise<number>((resolve) => {
        serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
      }),
    );
  }
  process.send?.({ ports });
  let usage = process.resourceUsage();
  process.on('message', (m: unknown) => {
    if (m === 'mark') usage = process.resourceUsage();
    else if (typeof m === 'object' && m !== null && 'report' in m) {
      const now = process.resourceUsage();
      const systemUs = now.systemCPUTime - usage.systemCPUTime;
      const cpuUs = now.userCPUTime - usage.userCPUTime + systemUs;
      const journal = journals[(m as { report: number }).report]?.stats() ?? { entries: 0, bytes: 0 };
      process.send?.({ cpuUs, systemUs, minorFaults: now.minorPageFault - usage.minorPageFault, journal, rss: process.memoryUsage().rss });
    } else if (m === 'stop') process.exit(0);
  });
}

let passwordIssueRequest: typeof import('../../simulator/sts/sts-client.js').passwordIssueRequest | undefined;

/** A password Issue request with a fresh nonce and message id. */
function makeRequest(): string {
  if (passwordIssueRequest === undefined) throw new Error('load the STS client first');
  return passwordIssueRequest({
    username: 'O50123',
    password: 'Aktiv-Orvos-1',
    institutionId: 'E01620K',
    unitCode: '016200101',
    now: new Date(),
    withNonce: true,
    messageId: `urn:uuid:${randomUUID()}`,
    nonce: randomBytes(16).toString('base64'),
  });
}

const ASSERTION_TAG = Buffer.from('<saml:Assertion ');

interface Figures {
  /** Answers measured. */
  answers: number;
  /** Server CPU per answer, µs. */
  cpuUs: number;
  /** Of which in the kernel. */
  systemUs: number;
  /** Minor page faults per answer. */
  faults: number;
  entries: number;
  journalMiB: number;
  rssMiB: number;
}

interface Report {
  cpuUs: number;
  systemUs: number;
  minorFaults: number;
  journal: { entries: number; bytes: number };
  rss: number;
}

/**
 * One round: a fresh server process serving every variant; each warmed up, then bursts of every
 * variant in turn (each burst measured alone); a variant's figure is its CPU over its answers.
 */
async function round(variants: readonly string[]): Promise<Figures[]> {
  const server: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server', ...variants], {
    execArgv: [
      ...(process.env['BENCH_PROFILE_DIR'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`]),
      ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== ''),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (message: unknown): Promise<Report> =>
    new Promise((resolve) => {
      server.once('message', (m) => resolve(m as Report));
      server.send(message as string);
    });
  try {
    const { ports } = await new Promise<{ ports: number[] }>((resolve, reject) => {
      server.once('message', (m) => resolve(m as { ports: number[] }));
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    const options = (i: number) => ({ port: ports[i] as number, path: '/sts', concurrency: CONCURRENCY, contentType: CONTENT_TYPE, makeBody: makeRequest, check: (s: number, b: Buffer) => s === 200 && b.includes(ASSERTION_TAG) });
    for (let i = 0; i < variants.length; i++) await rawLoad({ ...options(i), seconds: WARMUP_SECONDS });
    const totals = variants.map(() => ({ answers: 0, cpuUs: 0, systemUs: 0, faults: 0, last: undefined as Report | undefined }));
    for (let b = 0; b < BURSTS; b++) {
      for (let i = 0; i < variants.length; i++) {
        server.send('mark');
        const r = await rawLoad({ ...options(i), seconds: SECONDS / BURSTS });
        const report = await ask({ report: i });
        if (r.failed > 0) throw new Error(`${variants[i] ?? '?'}: ${r.failed} failed; first: ${r.firstError ?? '?'}`);
        const t = totals[i] as (typeof totals)[number];
        t.answers += r.ok;
        t.cpuUs += report.cpuUs;
        t.systemUs += report.systemUs;
        t.faults += report.minorFaults;
        t.last = report;
      }
    }
    return totals.map((t) => ({
      answers: t.answers,
      cpuUs: t.cpuUs / Math.max(1, t.answers),
      systemUs: t.systemUs / Math.max(1, t.answers),
      faults: t.faults / Math.max(1, t.answers),
      entries: t.last?.journal.entries ?? 0,
      journalMiB: (t.last?.journal.bytes ?? 0) / 2 ** 20,
      rssMiB: (t.last?.rss ?? 0) / 2 ** 20,
    }));
  } finally {
    if (server.connected) server.send('stop');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  ({ passwordIssueRequest } = await import('../../simulator/sts/sts-client.js'));
  const named = process.env['BENCH_VARIANTS'];
  const variants = named === undefined || named === '' ? [...KINDS] : named.split(',').map((s) => s.trim());
  for (const v of variants) variantParts(v);
  const runs = new Map<string, Figures[]>(variants.map((v) => [v, []]));
  const loads: string[] = [loadavg()[0]?.toFixed(2) ?? '?'];
  for (let r = 0; r < ROUNDS; r++) {
    const figures = await round(variants);
    variants.forEach((v, i) => {
      const f = figures[i] as Figures;
      runs.get(v)?.push(f);
      process.stdout.write(`round ${r + 1} ${v}: ${f.cpuUs.toFixed(1)} µs CPU/answer (${f.systemUs.toFixed(1)} system, ${f.faults.toFixed(2)} page faults), ${f.answers} answers, journal ${f.entries} entries ${f.journalMiB.toFixed(1)} MiB, RSS ${f.rssMiB.toFixed(0)} MiB\n`);
    });
    loads.push(loadavg()[0]?.toFixed(2) ?? '?');
  }
  process.stdout.write(`\nmedians of ${ROUNDS} rounds (${BURSTS} bursts of ${(SECONDS / BURSTS).toFixed(1)} s per variant after ${WARMUP_SECONDS} s warm-up each, ${CONCURRENCY} in flight); load average (1 min) per round: ${loads.join(' ')}\n`);
  for (const v of variants) {
    const cpu = (runs.get(v) ?? []).map((f) => f.cpuUs);
    process.stdout.write(`${v.padEnd(28)} median ${median(cpu).toFixed(1)}  min ${Math.min(...cpu).toFixed(1)}  rounds ${cpu.map((x) => x.toFixed(1)).join(' / ')}\n`);
  }
}

const serverAt = process.argv.indexOf('--server');
if (serverAt === -1) runBenchMain(main);
else void runServer(process.argv.slice(serverAt + 1));
