/**
 * Memory benchmark (issue 16 goal 5): the simulator's RSS after 30 s of 50 clients asking the STS
 * for tokens by password, and again after 20 s with no request. The whole simulator, started the
 * way `eeszt-sim serve` starts it (`startFromOptions`), runs in a child process; a
 * closed-loop node:http client with keep-alive (one request in flight per client, a fresh nonce
 * each) drives it from this process. The child samples its own RSS every second; the load average
 * is noted next to every figure (the machine may be shared).
 *
 * Run: `npm run bench:memory`. Options (env): BENCH_CLIENTS (50), BENCH_SECONDS (30),
 * BENCH_IDLE_SECONDS (20), BENCH_NO_WRITE=1 to leave docs/performance.md alone; diagnosis:
 * BENCH_NODE_FLAGS (extra node flags for the simulator), BENCH_HEAP_SNAPSHOT=<file> (a heap
 * snapshot after the idle phase), BENCH_SPACES=1 (V8 space sizes on stderr), BENCH_LOG_LEVEL.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import type { JournalStats } from '../../simulator/core/journal.js';
import { runBenchMain, writePerformanceSection } from '../report-section.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 20);
const SEED = 1;
const SOAP12 = 'application/soap+xml; charset=utf-8';

interface Sample {
  rss: number;
  heapUsed: number;
  /** V8 heap committed (`heapTotal`). */
  heapTotal: number;
  /** Memory of Buffers and other objects V8 points to outside its heap. */
  external: number;
  /** Resident bytes of glibc malloc's main arena (`[heap]`) and of its thread arenas. */
  mallocMain: number;
  mallocThreads: number;
  journal: JournalStats;
  /** UsernameToken nonces the STS remembers (the replay cache, `sts.nonces`). */
  nonces: number;
  /** CPU time the process used so far (user + system), microseconds. */
  cpuMicros: number;
}

const ARENA_ALIGN = 64 * 1024 * 1024;

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Resident bytes of glibc malloc's arenas, from /proc/self/smaps: the main arena is the `[heap]`
 * mapping; a thread arena (one per thread that calls malloc while the others are busy: libuv's
 * pool threads signing with OpenSSL) is an anonymous read-write mapping aligned to 64 MiB. Zero
 * where there is no smaps (not Linux).
 */
function mallocResident(): { main: number; threads: number } {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return { main: 0, threads: 0 };
  }
  let main = 0;
  let threads = 0;
  let kind: 'main' | 'thread' | undefined;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head !== null) {
      const [, start = '0', perms, name = ''] = head;
      kind = name === '[heap]' ? 'main' : name === '' && perms === 'rw-p' && Number(BigInt(`0x${start}`) % BigInt(ARENA_ALIGN)) === 0 ? 'thread' : undefined;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss !== null && kind !== undefined) {
      if (kind === 'main') main += Number(rss[1]) * 1024;
      else threads += Number(rss[1]) * 1024;
    }
  }
  return { main, threads };
}

/** Child: the simulator; answers `{ id, what }` with its memory and the journal's figures. */
async function runSimulator(): Promise<void> {
  // The serve command's own start-up (listeners, admission, memory upkeep), on a free port.
  const { startFromOptions } = await import('../../cli/commands/serve.js');
  const { sim, listeners } = await startFromOptions({ host: '127.0.0.1', port: '0', seed: String(SEED), logLevel: (process.env['BENCH_LOG_LEVEL'] ?? 'silent') as 'silent', http: true, tlsPorts: '8443,4443,5443' });
  process.send?.({ port: Number(new URL(listeners.httpOrigin ?? '').port) });
  process.on('message', (m: { id: number; what: 'sample' | 'gc' | 'snapshot' | 'stop' }) => {
    if (m.what === 'sample' || m.what === 'gc') {
      if (m.what === 'gc') (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      const malloc = mallocResident();
      if (process.env['BENCH_SPACES'] === '1') process.stderr.write(`${m.what}: ${getHeapSpaceStatistics().map((x) => `${x.space_name} ${MiB(x.space_used_size)}/${MiB(x.space_size)}`).join(', ')}\n`);
      const sample: Sample = { rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, mallocMain: malloc.main, mallocThreads: malloc.threads, journal: sim.deps.journal.stats(), nonces: sim.deps.store.stats().buckets['sts.nonces'] ?? 0, cpuMicros: cpuMicros() };
      process.send?.({ id: m.id, sample });
    } else if (m.what === 'snapshot') {
      // diagnosis (BENCH_HEAP_SNAPSHOT): what the heap keeps after the idle phase
      process.send?.({ id: m.id, file: writeHeapSnapshot(process.env['BENCH_HEAP_SNAPSHOT']) });
    } else void listeners.close().then(() => process.exit(0));
  });
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/sts', method: 'POST', agent, headers: { 'content-type': SOAP12, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const MiB = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' / ');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { passwordIssueRequest } = await import('../../simulator/sts/sts-client.js');
  // BENCH_NODE_FLAGS: extra Node/V8 flags for the simulator (to measure their effect on memory).
  const flags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--expose-gc', ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  // Each request carries an id and its answer comes back with it: a sample still in flight when
  // the sampler stops cannot be taken for the next one.
  let nextId = 0;
  const waiting = new Map<number, (m: { sample?: Sample; file?: string }) => void>();
  child.on('message', (m: { id?: number; sample?: Sample; file?: string }) => {
    if (m.id === undefined) return;
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const ask = (what: 'sample' | 'gc' | 'snapshot'): Promise<{ sample?: Sample; file?: string }> =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      child.send({ id, what });
    });
  const sample = async (what: 'sample' | 'gc' = 'sample'): Promise<Sample> => (await ask(what)).sample as Sample;
  const body = (): string => passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: new Date(), withNonce: true });
  await sleep(2000);
  const start = { ...(await sample()), load: load() };
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const deadline = Date.now() + SECONDS * 1000;
  let ok = 0;
  const statuses = new Map<number, number>();
  let peak = 0;
  const sampler = setInterval(() => void sample().then((s) => (peak = Math.max(peak, s.rss))), 1000);
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const status = await post(agent, port, body());
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) ok++;
      }
    }),
  );
  clearInterval(sampler);
  agent.destroy();
  const loaded = { ...(await sample()), load: load() };
  peak = Math.max(peak, loaded.rss);
  await sleep(IDLE_SECONDS * 1000);
  const idle = { ...(await sample()), load: load() };
  // Then a full GC: what of the idle RSS is garbage not yet collected, and what is kept.
  await sample('gc');
  await sleep(1000); // V8 unmaps the freed pages on a background thread
  const collected = { ...(await sample()), load: load() };
  if (process.env['BENCH_HEAP_SNAPSHOT'] !== undefined) {
    process.stdout.write(`heap snapshot: ${(await ask('snapshot')).file}\n`);
  }
  child.send({ id: 0, what: 'stop' });
  const statusText = [...statuses].map(([s, n]) => `${s}: ${n}`).join(', ');
  const header = '| when | RSS MiB | heap used MiB | heap committed MiB | external MiB | malloc main / thread arenas MiB (resident) | journal entries, of them compressed (counted MiB) | nonces remembered | load average (1 / 5 / 15 min) |';
  const row = (when: string, x: Sample & { load: string }): string =>
    `| ${when} | ${MiB(x.rss)} | ${MiB(x.heapUsed)} | ${MiB(x.heapTotal)} | ${MiB(x.external)} | ${MiB(x.mallocMain)} / ${MiB(x.mallocThreads)} | ${x.journal.entries}, ${x.journal.compressed} (${(x.journal.bytes / 1024 / 1024).toFixed(1)}) | ${x.nonces} | ${x.load} |`;
  const table = [
    header,
    '|---|---|---|---|---|---|---|---|---|',
    row('start (idle, after start-up)', start),
    row(`after ${SECONDS} s of ${CLIENTS}-client token load (peak RSS ${MiB(peak)})`, loaded),
    row(`after ${IDLE_SECONDS} s idle`, idle),
    row('then 1 s after a full GC (`--expose-gc`; diagnosis only)', collected),
  ];
  const cpuPerToken = ok === 0 ? 0 : (loaded.cpuMicros - start.cpuMicros) / ok;
  process.stdout.write(`${CLIENTS} clients, ${SECONDS} s of password tokens: ${ok} tokens (${(ok / SECONDS).toFixed(0)}/s), simulator CPU ${cpuPerToken.toFixed(0)} us per token, ${((idle.cpuMicros - loaded.cpuMicros) / 1000 / IDLE_SECONDS).toFixed(1)} ms per s when idle; answers by status ${statusText}\n${table.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const md = [
    '## Memory under token load',
    '',
    `Issue 16 goal 5, measured by \`bench/memory\` (\`npm run bench:memory\`) on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}:`,
    `the whole simulator started as \`eeszt-sim serve\` starts it (\`startFromOptions\`: listeners, admission, memory upkeep) in a child process, ${CLIENTS} closed-loop clients asking its STS for password`,
    `tokens (O50123, a fresh nonce each) for ${SECONDS} s, then ${IDLE_SECONDS} s with no request. RSS is the child's own \`process.memoryUsage()\`,`,
    `sampled every second (the peak is the highest sample); malloc's arenas are read from \`/proc/self/smaps\`; the journal's figures are what its size budget counts (it compresses completed entries once quiet for 1 s); the simulator CPU when idle is mostly that compression.`,
    `${ok} tokens were issued (${(ok / SECONDS).toFixed(0)}/s, ${cpuPerToken.toFixed(0)} µs of simulator CPU each; answers by status: ${statusText}).`,
    '',
    ...table,
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('memory', md)}\n`);
}

if (process.argv.includes('--server')) void runSimulator();
else
  runBenchMain(main);
