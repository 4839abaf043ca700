/**
 * STS issuance benchmark: SAML tokens per second by password over loopback HTTP, with p50/p99
 * latency, next to the raw RSA-2048 `crypto.sign` rate (RSA-SHA256, PKCS#1 v1.5, the STS key)
 * measured in the same run. Signing one assertion is the only unavoidable cost of an Issue; the
 * ratio says how much everything else costs.
 *
 * Four measurements:
 * 1. the whole simulator (`createSimulator`: run dispatcher, journal, fault injection, every
 *    middleware) served by @hono/node-server in a child process (one event loop, as `eeszt-sim serve`);
 * 2. one environment app (`createEnvironmentApp`), i.e. without the isolated-runs dispatcher;
 * 3. the STS sub-app alone on the same HTTP stack (what the STS itself adds to HTTP);
 * 4. the STS core without HTTP: parse, RST, authentication, assertion, signature, envelope.
 * For 1 to 3 the server's CPU time per token (`process.cpuUsage()` of the server process) is
 * reported besides the wall-clock rate: on a shared machine wall-clock rates vary with the other
 * load, CPU time per token much less.
 *
 * The load generator is a small closed-loop client on node:http with keep-alive (N requests in
 * flight, each new one sent when one completes, for a fixed time): no extra dependency, and
 * every request carries a fresh nonce, Created and Timestamp as a real HIS's does, which a
 * replayed fixed body (autocannon's model) could not.
 *
 * Run: `npm run bench:sts` (= build, then `node dist/bench/sts/sts-bench.js`).
 * Options (env): BENCH_SECONDS (10), BENCH_CONCURRENCY (8), BENCH_WARMUP_SECONDS (2),
 * BENCH_NO_WRITE=1 to leave docs/performance.md alone, BENCH_PROFILE_DIR=<dir> to write CPU
 * profiles of the server processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile, writePerformanceSection } from '../report-section.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const SEED = 1;

/** Which server to run. */
type Variant = 'simulator' | 'environment' | 'sts-only';

interface ServerReady {
  port: number;
}

/** What the server process measured between a `mark` and a `report`. */
interface ServerStats {
  /** CPU time (user + system) the server process used, milliseconds. */
  cpuMs: number;
  /** Event-loop utilisation (0..1). */
  utilisation: number;
}

/** Child process: a loopback listener serving the simulator, or only the STS sub-app. */
async function runServer(variant: Variant): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { createStsApp } = await import('../../simulator/sts/sts-app.js');
  const { errorResponse } = await import('../../simulator/core/error-response.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  type Env = import('../../simulator/core/deps.js').SimHonoEnv;
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  let fetchHandler: (req: Request) => Response | Promise<Response> = sim.app.fetch;
  if (variant === 'environment') {
    const { createEnvironmentApp } = await import('../../simulator/environment.js');
    fetchHandler = createEnvironmentApp(sim.deps, sim.modules).fetch;
  } else if (variant === 'sts-only') {
    const app = new Hono<Env>();
    app.onError((err, c) => errorResponse(err, c, sim.deps.log));
    app.route('/sts', createStsApp(sim.deps));
    fetchHandler = app.fetch;
  }
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.send?.({ port: info.port } satisfies ServerReady);
  });
  process.on('message', (m: unknown) => {
    if (m === 'mark') {
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
    } else if (m === 'report') {
      const c = process.cpuUsage(cpu);
      process.send?.({ cpuMs: (c.user + c.system) / 1000, utilisation: performance.eventLoopUtilization(elu).utilization } satisfies ServerStats);
    } else if (m === 'stop') server.close(() => process.exit(0));
  });
}

/** Raw RSA-SHA256 signatures with the STS key on one thread for `ms`: per wall second and per CPU second. */
function rawSignRate(keyPem: string, ms: number): { wall: number; cpu: number } {
  const key = createPrivateKey(keyPem);
  // A SignedInfo-sized input (the STS signs its canonical SignedInfo, ~600 bytes).
  const data = randomBytes(600);
  for (let i = 0; i < 50; i++) sign('sha256', data, key);
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 20; i++) sign('sha256', data, key);
    n += 20;
    t = performance.now();
  }
  const c = process.cpuUsage(cpu0);
  return { wall: (n * 1000) / (t - t0), cpu: (n * 1e6) / (c.user + c.system) };
}

/** A password Issue request as a HIS sends it: PasswordText with a fresh nonce, Created and Timestamp. */
async function requestMaker(): Promise<() => string> {
  const { passwordIssueRequest } = await import('../../simulator/sts/sts-client.js');
  return () => passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: new Date(), withNonce: true });
}

/**
 * The STS core without HTTP: parse the request, read the RST, authenticate, build and sign the
 * assertion, write the response envelope (what the handler does). CPU microseconds per token.
 */
async function stsCoreCpuUs(requests: number): Promise<number> {
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { parseSoapRequest, soapEnvelope } = await import('../../simulator/soap/envelope.js');
  const { readRst } = await import('../../simulator/sts/rst.js');
  const { issueToken } = await import('../../simulator/sts/issue.js');
  const { randomIds } = await import('../../simulator/sts/sts-app.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const make = await requestMaker();
  const bodies = Array.from({ length: requests + 200 }, make);
  const one = (body: string): string => {
    const req = parseSoapRequest(body, 'application/soap+xml; charset=utf-8');
    const rst = readRst(req, sim.deps.config.audience);
    const xml = issueToken(sim.deps, req, rst, { operation: 'Issue' }, randomIds);
    return soapEnvelope(req.version, xml, { action: 'a', messageId: randomIds.messageId() });
  };
  for (let i = 0; i < 200; i++) one(bodies[i] as string);
  const cpu0 = process.cpuUsage();
  for (let i = 200; i < requests + 200; i++) one(bodies[i] as string);
  const c = process.cpuUsage(cpu0);
  sim.close();
  return (c.user + c.system) / requests;
}

interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  firstError?: string;
}

/** Closed-loop load: `concurrency` requests in flight for `seconds`. */
async function load(port: number, seconds: number, concurrency: number, makeBody: () => string): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const body = makeBody();
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/sts',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/soap+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latenciesMs.push(performance.now() - started);
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200 && text.includes('<saml:Assertion')) ok++;
            else {
              failed++;
              firstError ??= `${res.statusCode}: ${text.slice(0, 400)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        failed++;
        firstError ??= err.message;
        resolve();
      });
      req.end(body);
    });
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) await one();
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok, failed, seconds: elapsed, latenciesMs, ...(firstError === undefined ? {} : { firstError }) };
}

/** One HTTP measurement. */
interface HttpFigures {
  tps: number;
  p50: number;
  p99: number;
  /** Server CPU microseconds per token. */
  cpuUs: number;
  utilisation: number;
}

async function overHttp(variant: Variant): Promise<HttpFigures> {
  const profile = process.env['BENCH_PROFILE_DIR'];
  const server: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server', variant], {
    execArgv: profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = await new Promise<ServerReady>((resolve, reject) => {
      server.once('message', (m) => resolve(m as ServerReady));
      server.once('exit', (code) => reject(new Error(`the ${variant} server exited with ${code}`)));
    });
    const makeBody = await requestMaker();
    await load(port, WARMUP_SECONDS, CONCURRENCY, makeBody);
    server.send('mark');
    const result = await load(port, SECONDS, CONCURRENCY, makeBody);
    const stats = await new Promise<ServerStats>((resolve) => {
      server.once('message', (m) => resolve(m as ServerStats));
      server.send('report');
    });
    if (result.failed > 0) throw new Error(`${variant}: ${result.failed} requests failed; first: ${result.firstError ?? '?'}`);
    return {
      tps: result.ok / result.seconds,
      p50: percentile(result.latenciesMs, 50),
      p99: percentile(result.latenciesMs, 99),
      cpuUs: (stats.cpuMs * 1000) / Math.max(1, result.ok),
      utilisation: stats.utilisation,
    };
  } finally {
    server.send('stop');
    await new Promise((r) => server.once('exit', r));
  }
}

async function main(): Promise<void> {
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });

  const rawBefore = rawSignRate(pki.sts.keyPem, 3000);
  const coreUs = await stsCoreCpuUs(3000);
  const full = await overHttp('simulator');
  const env = await overHttp('environment');
  const alone = await overHttp('sts-only');
  const rawAfter = rawSignRate(pki.sts.keyPem, 3000);

  const raw = (rawBefore.wall + rawAfter.wall) / 2;
  const rawCpu = (rawBefore.cpu + rawAfter.cpu) / 2;
  const signUs = 1e6 / rawCpu;
  const r = (x: number): string => x.toFixed(2);
  const lines = [
    `raw RSA-2048 crypto.sign (SHA-256), one thread: ${raw.toFixed(0)}/s wall (before ${rawBefore.wall.toFixed(0)}, after ${rawAfter.wall.toFixed(0)}), ${rawCpu.toFixed(0)} per CPU second (${signUs.toFixed(0)} us)`,
    `simulator over HTTP: ${full.tps.toFixed(0)} tokens/s, p50 ${r(full.p50)} ms, p99 ${r(full.p99)} ms, ratio ${r(full.tps / raw)}; server CPU ${full.cpuUs.toFixed(0)} us/token (ratio ${r(signUs / full.cpuUs)}), busy ${(full.utilisation * 100).toFixed(0)}%`,
    `environment app over HTTP: ${env.tps.toFixed(0)} tokens/s, p50 ${r(env.p50)} ms, p99 ${r(env.p99)} ms, ratio ${r(env.tps / raw)}; server CPU ${env.cpuUs.toFixed(0)} us/token (ratio ${r(signUs / env.cpuUs)}), busy ${(env.utilisation * 100).toFixed(0)}%`,
    `STS alone over HTTP: ${alone.tps.toFixed(0)} tokens/s, p50 ${r(alone.p50)} ms, p99 ${r(alone.p99)} ms, ratio ${r(alone.tps / raw)}; server CPU ${alone.cpuUs.toFixed(0)} us/token (ratio ${r(signUs / alone.cpuUs)}), busy ${(alone.utilisation * 100).toFixed(0)}%`,
    `STS core, no HTTP: ${coreUs.toFixed(0)} us CPU/token = ${(1e6 / coreUs).toFixed(0)} tokens per CPU second (ratio ${r(signUs / coreUs)})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const row = (what: string, f: HttpFigures): string =>
    `| ${what} | ${f.tps.toFixed(0)} | ${r(f.p50)} / ${r(f.p99)} ms | ${r(f.tps / raw)} | ${f.cpuUs.toFixed(0)} µs | **${r(signUs / f.cpuUs)}** |`;
  const md = [
    '## STS',
    '',
    'SAML tokens issued by password (`POST /sts`, SOAP 1.2, PasswordText with Nonce, Created and Timestamp, a fresh',
    `nonce each), measured by \`bench/sts\` (\`npm run bench:sts\`) on ${cpus().length} cores (${cpu}), ${new Date().toISOString().slice(0, 10)}.`,
    `Servers run in a child process (one event loop, as \`eeszt-sim serve\`) on @hono/node-server; a closed-loop node:http`,
    `client with ${CONCURRENCY} requests in flight drives each for ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up. The reference is RSA-2048`,
    'PKCS#1 v1.5 SHA-256 `crypto.sign` with the STS key on one thread, measured in the same run before and after the load:',
    `**${raw.toFixed(0)} signatures per second** (${rawCpu.toFixed(0)} per CPU second, ${signUs.toFixed(0)} µs each).`,
    '',
    '| what | tokens/s | latency p50 / p99 | ratio to raw signs/s | server CPU per token | ratio per CPU second |',
    '|---|---|---|---|---|---|',
    row('whole simulator (`createSimulator`: run dispatcher, journal, fault injection, all middleware)', full),
    row('one environment app (`createEnvironmentApp`: journal, fault injection, all middleware; no run dispatcher)', env),
    row('STS sub-app alone on the same HTTP stack', alone),
    `| STS core without HTTP (parse, RST, authentication, assertion, signature, envelope) | ${(1e6 / coreUs).toFixed(0)} per CPU s | | | ${coreUs.toFixed(0)} µs | **${r(signUs / coreUs)}** |`,
    '',
    '"Ratio per CPU second" is tokens per CPU second of the server process against raw signatures per CPU',
    'second: the cost per token itself, which other load on a shared machine changes far less than the',
    'wall-clock rates. Signing is the one RSA operation per token; the rest is kept small: the assertion',
    'and the SignedInfo are written directly in exclusive canonical form (`simulator/saml/canonical-xml.ts`),',
    'so nothing is parsed or canonicalised again before signing, and the request is parsed once (xmldom,',
    'behind the safe-XML checks), which is the largest remaining cost of the STS core.',
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('sts', md)}\n`);
}

const serverIndex = process.argv.indexOf('--server');
if (serverIndex === -1) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  const v = process.argv[serverIndex + 1];
  void runServer(v === 'sts-only' || v === 'environment' ? v : 'simulator');
}
