/**
 * Memory benchmark (issue 16 goal 5): the simulator's RSS after 30 s of 50 clients asking the STS
 * for tokens by password, and again after 20 s with no request. The whole simulator
 * (`createSimulator`, as `eeszt-sim serve`) runs in a child process on @hono/node-server; a
 * closed-loop node:http client with keep-alive (one request in flight per client, a fresh nonce
 * each) drives it from this process. The child samples its own RSS every second; the load average
 * is noted next to every figure (the machine may be shared).
 *
 * Run: `npm run bench:memory`. Options (env): BENCH_CLIENTS (50), BENCH_SECONDS (30),
 * BENCH_IDLE_SECONDS (20), BENCH_NO_WRITE=1 to leave docs/performance.md alone.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBenchMain, writePerformanceSection } from '../report-section.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 20);
const SEED = 1;
const SOAP12 = 'application/soap+xml; charset=utf-8';

interface Sample {
  rss: number;
  heapUsed: number;
  journal: number;
}

/** Child: the simulator; answers `sample` with its memory and journal length. */
async function runSimulator(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const server = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.send?.({ port: info.port }));
  process.on('message', (m: unknown) => {
    if (m === 'sample' || m === 'gc') {
      if (m === 'gc') (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      process.send?.({ rss: u.rss, heapUsed: u.heapUsed, journal: sim.deps.journal.list().length } satisfies Sample);
    } else if (m === 'stop') server.close(() => process.exit(0));
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
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  const sample = (what: 'sample' | 'gc' = 'sample'): Promise<Sample> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m as Sample));
      child.send(what);
    });
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
  const collected = { ...(await sample('gc')), load: load() };
  child.send('stop');
  const lines = [
    `${CLIENTS} clients, ${SECONDS} s of password tokens: ${ok} tokens (${(ok / SECONDS).toFixed(0)}/s); answers by status ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `start RSS ${MiB(start.rss)} MiB (load ${start.load}); after the load ${MiB(loaded.rss)} MiB, peak ${MiB(peak)} MiB, heap ${MiB(loaded.heapUsed)} MiB, journal ${loaded.journal} (load ${loaded.load}); after ${IDLE_SECONDS} s idle ${MiB(idle.rss)} MiB, heap ${MiB(idle.heapUsed)} MiB (load ${idle.load}); after a full GC ${MiB(collected.rss)} MiB, heap ${MiB(collected.heapUsed)} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const md = [
    '## Memory under token load',
    '',
    `Issue 16 goal 5, measured by \`bench/memory\` (\`npm run bench:memory\`) on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}:`,
    `the whole simulator (\`createSimulator\`, as \`eeszt-sim serve\`) in a child process, ${CLIENTS} closed-loop clients asking its STS for password`,
    `tokens (O50123, a fresh nonce each) for ${SECONDS} s, then ${IDLE_SECONDS} s with no request. RSS is the child's own \`process.memoryUsage()\`,`,
    `sampled every second (the peak is the highest sample). ${ok} tokens were issued (${(ok / SECONDS).toFixed(0)}/s; answers by status: ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}).`,
    '',
    '| when | RSS MiB | heap used MiB | journal entries | load average (1 / 5 / 15 min) |',
    '|---|---|---|---|---|',
    `| start (idle, after start-up) | ${MiB(start.rss)} | ${MiB(start.heapUsed)} | ${start.journal} | ${start.load} |`,
    `| after ${SECONDS} s of ${CLIENTS}-client token load (peak ${MiB(peak)}) | ${MiB(loaded.rss)} | ${MiB(loaded.heapUsed)} | ${loaded.journal} | ${loaded.load} |`,
    `| after ${IDLE_SECONDS} s idle | ${MiB(idle.rss)} | ${MiB(idle.heapUsed)} | ${idle.journal} | ${idle.load} |`,
    `| then after a full GC (\`--expose-gc\`; diagnosis only) | ${MiB(collected.rss)} | ${MiB(collected.heapUsed)} | ${collected.journal} | ${collected.load} |`,
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('memory', md)}\n`);
}

if (process.argv.includes('--server')) void runSimulator();
else
  runBenchMain(main);
