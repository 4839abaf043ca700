/**
 * STS issuance benchmark: SAML tokens per second by password over loopback HTTP, with p50/p99
 * latency, next to the raw RSA-2048 `crypto.sign` rate (RSA-SHA256, PKCS#1 v1.5, the STS key)
 * measured in the same run. Signing one assertion is the only unavoidable cost of an Issue; the
 * ratio says how much everything else costs.
 *
 * Six measurements:
 * 1. the whole simulator (`createSimulator`: run dispatcher, journal, fault injection, every
 *    middleware) served by @hono/node-server in a child process (one event loop, as `eeszt-sim serve`);
 * 2. one environment app (`createEnvironmentApp`), i.e. without the isolated-runs dispatcher;
 * 3. the STS sub-app alone on the same HTTP stack (what the STS itself adds to HTTP);
 * 4. the STS core without HTTP: parse, RST, authentication, assertion, signature, envelope (as many
 *    tokens in flight as over HTTP; measured after as many tokens again, in the steady state);
 * 5. and 6. two floors: Hono, and plain node:http, answering a canned token response without any
 *    work (what the transport alone costs).
 * For the HTTP variants the server's CPU time per token (`process.cpuUsage()` of the server process) is
 * reported besides the wall-clock rate: on a shared machine wall-clock rates vary with the other
 * load, CPU time per token much less.
 *
 * The load generator is a small closed-loop client on node:http with keep-alive (N requests in
 * flight, each new one sent when one completes, for a fixed time): no extra dependency, and
 * every request carries a fresh nonce, message id, Created and Timestamp as a real HIS's does,
 * which a replayed fixed body (autocannon's model) could not. It shares the cores with the
 * server, so it is lean (see {@link leanRequestMaker}) and its own CPU per token is printed apart.
 *
 * Run: `npm run bench:sts` (= build, then `node dist/bench/sts/sts-bench.js`).
 * Options (env): BENCH_SECONDS (10), BENCH_CONCURRENCY (8), BENCH_WARMUP_SECONDS (8), BENCH_ROUNDS (3),
 * BENCH_NO_WRITE=1 to leave docs/performance.md alone, BENCH_PROFILE_DIR=<dir> to write CPU
 * profiles of the server processes, BENCH_VARIANTS=simulator,sts-only (a comma-separated subset of
 * simulator, serve, environment, sts-only, sign-floor, hono-floor, http-floor; with BENCH_NO_WRITE=1 only; `serve` is
 * the whole simulator behind `eeszt-sim serve`'s listeners, admission control included, measured only when named) to measure
 * fewer servers while developing (each optionally with a signing strategy: `sts-only@sync`, see
 * STRATEGIES), BENCH_SKIP_CORE=1 (with BENCH_NO_WRITE=1) to skip the in-process STS core and request-half
 * measurements, BENCH_CLIENT=node to drive the servers with node:http's client instead of raw sockets.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile, runBenchMain, writePerformanceSection } from '../report-section.js';
import { asyncSignCost, rawSignRate, strategySignCost, type AsyncSignCost } from '../sign-floor.js';
import { signerDescription, type SignerStrategy } from '../../simulator/saml/rsa-signer.js';
import type { LeanElement } from '../../simulator/soap/safe-xml.js';
import { rawLoad, type LoadResult } from './raw-http-client.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
// 8 s: long enough for the journal's first pass over its text arena (48 MiB, ~5000 tokens) and the
// heap's growth to its working size, each page mapped once at ~11 µs of CPU on this VM, so that the
// rounds measure the steady state; the page-fault column shows what is left of that.
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 8);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const SEED = 1;
/** BENCH_SKIP_CORE=1 (with BENCH_NO_WRITE=1 only): measure only over HTTP, not the STS core and request half in-process. */
const SKIP_CORE = process.env['BENCH_SKIP_CORE'] === '1' && process.env['BENCH_NO_WRITE'] === '1';

/** Which server to run. */
type Server = 'simulator' | 'serve' | 'environment' | 'sts-only' | 'sign-floor' | 'hono-floor' | 'http-floor';
const SERVERS: readonly Server[] = ['simulator', 'serve', 'environment', 'sts-only', 'sign-floor', 'hono-floor', 'http-floor'];

/**
 * The signing strategies a variant can name after `@` (`simulator@sync`), as the environment of
 * its server process (simulator/saml/rsa-signer.ts): libuv's pool without a limit of ours, with at
 * most 1 or 2 signatures in flight, with one pool thread, synchronous on the event loop, one or two
 * worker threads fed by messages or through shared memory (`ring`), and `ring` with the event loop
 * signing itself from 2 (1, 3) signatures waiting on the thread (`balanced`).
 */
const STRATEGIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pool: { EESZT_SIM_SIGNER: 'pool', EESZT_SIM_SIGN_CONCURRENCY: '' },
  pool1: { EESZT_SIM_SIGNER: 'pool', EESZT_SIM_SIGN_CONCURRENCY: '1' },
  pool2: { EESZT_SIM_SIGNER: 'pool', EESZT_SIM_SIGN_CONCURRENCY: '2' },
  sync: { EESZT_SIM_SIGNER: 'sync' },
  worker: { EESZT_SIM_SIGNER: 'worker', EESZT_SIM_SIGN_WORKERS: '1' },
  worker2: { EESZT_SIM_SIGNER: 'worker', EESZT_SIM_SIGN_WORKERS: '2' },
  ring: { EESZT_SIM_SIGNER: 'ring', EESZT_SIM_SIGN_WORKERS: '1' },
  ring2: { EESZT_SIM_SIGNER: 'ring', EESZT_SIM_SIGN_WORKERS: '2' },
  balanced: { EESZT_SIM_SIGNER: 'balanced', EESZT_SIM_SIGN_WORKERS: '1', EESZT_SIM_SIGN_BACKLOG: '' },
  balanced1: { EESZT_SIM_SIGNER: 'balanced', EESZT_SIM_SIGN_WORKERS: '1', EESZT_SIM_SIGN_BACKLOG: '1' },
  balanced3: { EESZT_SIM_SIGNER: 'balanced', EESZT_SIM_SIGN_WORKERS: '1', EESZT_SIM_SIGN_BACKLOG: '3' },
  // libuv's pool with one thread: one signing thread like `ring`, its queue in libuv.
  pool1t: { EESZT_SIM_SIGNER: 'pool', EESZT_SIM_SIGN_CONCURRENCY: '', UV_THREADPOOL_SIZE: '1' },
};

/** A server, optionally with a signing strategy: `sts-only`, `sign-floor@sync`. */
type Variant = string;
const ALL_VARIANTS: readonly Variant[] = ['simulator', 'simulator@sync', 'simulator@worker', 'simulator@ring', 'environment', 'sts-only', 'sign-floor', 'sign-floor@sync', 'hono-floor', 'http-floor'];
const VARIANTS: readonly Variant[] = selectedVariants();

/** What the bench prints for a variant (others print their name). */
const VARIANT_LABELS: Readonly<Record<Variant, string>> = {
  simulator: 'simulator',
  'simulator@sync': 'simulator signing synchronously on the event loop',
  'simulator@worker': 'simulator signing on one worker thread',
  'simulator@ring': 'simulator signing on one worker thread fed through shared memory',
  serve: 'simulator behind the listeners of eeszt-sim serve (admission control)',
  environment: 'environment app',
  'sts-only': 'STS alone',
  'sign-floor': 'floor: hono answering a canned token response after one signature',
  'sign-floor@sync': 'floor: hono answering a canned token response after one synchronous signature',
  'hono-floor': 'floor: hono answering a canned token response',
  'http-floor': 'floor: node:http answering a canned token response',
};

/** The server and the signing strategy's environment of a variant. */
function variantParts(v: Variant): { server: Server; env: Readonly<Record<string, string>> } | undefined {
  const [server, strategy] = v.split('@');
  const known = SERVERS.find((x) => x === server);
  if (known === undefined) return undefined;
  if (strategy === undefined) return { server: known, env: {} };
  const env = STRATEGIES[strategy];
  return env === undefined ? undefined : { server: known, env };
}

/** The variants to measure: all of them, or (not writing the docs) those BENCH_VARIANTS names. */
function selectedVariants(): readonly Variant[] {
  const named = process.env['BENCH_VARIANTS'];
  if (named === undefined || named === '' || process.env['BENCH_NO_WRITE'] !== '1') return ALL_VARIANTS;
  const chosen = named.split(',').map((x) => x.trim());
  const unknown = chosen.filter((x) => variantParts(x) === undefined);
  if (unknown.length > 0) {
    throw new Error(`BENCH_VARIANTS: unknown variant ${unknown.join(', ')}; use ${SERVERS.join(', ')}, each optionally with @${Object.keys(STRATEGIES).join(', @')}`);
  }
  return chosen;
}

interface ServerReady {
  port: number;
}

/** What the server process measured between a `mark` and a `report`. */
interface ServerStats {
  /** CPU time (user + system) the server process used, milliseconds. */
  cpuMs: number;
  /** Event-loop utilisation (0..1). */
  utilisation: number;
  /** Minor page faults of the server process (each a page mapped afresh: about 11 µs of CPU on the shared VM). */
  minorFaults: number;
}

/** Child process: a loopback listener serving the simulator, or only the STS sub-app. */
async function runServer(variant: Server): Promise<void> {
  if (variant === 'http-floor') return runHttpFloor();
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
  if (variant === 'serve') {
    // The whole simulator as `eeszt-sim serve` listens: simulator/server/listen.ts, with admission control.
    const { listen } = await import('../../simulator/server/listen.js');
    const listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    process.send?.({ port: Number(new URL(listeners.httpOrigin ?? '').port) } satisfies ServerReady);
    answerParent(() => void listeners.close().then(() => process.exit(0)));
    return;
  }
  if (variant === 'environment') {
    const { createEnvironmentApp } = await import('../../simulator/environment.js');
    fetchHandler = createEnvironmentApp(sim.deps, sim.modules).fetch;
  } else if (variant === 'sts-only') {
    const app = new Hono<Env>();
    app.onError((err, c) => errorResponse(err, c, sim.deps.log));
    app.route('/sts', createStsApp(sim.deps));
    fetchHandler = app.fetch;
  } else if (variant === 'sign-floor') {
    // The least a token can cost on this stack: the canned answer after one asynchronous RSA
    // signature with the STS key over a SignedInfo-sized input, as the STS signs (libuv's pool).
    // The signature is made by the simulator's own signing code, so `sign-floor@sync` is the same
    // floor with a synchronous signature (the least CPU a token can cost: one core).
    const canned = await cannedResponse();
    const { createPrivateKey, randomBytes } = await import('node:crypto');
    const { signRsaSha256 } = await import('../../simulator/saml/rsa-signer.js');
    const key = createPrivateKey(pki.sts.keyPem);
    const app = new Hono<Env>();
    app.post('/sts', async (c) => {
      await c.req.arrayBuffer();
      await signRsaSha256(randomBytes(450).toString('base64'), key);
      return c.body(canned, 200, { 'content-type': 'application/soap+xml; charset=utf-8' });
    });
    fetchHandler = app.fetch;
  } else if (variant === 'hono-floor') {
    const canned = await cannedResponse();
    const app = new Hono<Env>();
    app.post('/sts', async (c) => {
      await c.req.arrayBuffer();
      return c.body(canned, 200, { 'content-type': 'application/soap+xml; charset=utf-8' });
    });
    fetchHandler = app.fetch;
  }
  const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.send?.({ port: info.port } satisfies ServerReady);
  });
  answerParent(() => server.close(() => process.exit(0)));
}

/**
 * The server side of the parent's messages: `mark` starts counting CPU time and event-loop
 * utilisation, `report` sends what was used since, `stop` stops.
 */
function answerParent(stop: () => void): void {
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let faults = process.resourceUsage().minorPageFault;
  process.on('message', (m: unknown) => {
    if (m === 'mark') {
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      faults = process.resourceUsage().minorPageFault;
    } else if (m === 'report') {
      const c = process.cpuUsage(cpu);
      const minorFaults = process.resourceUsage().minorPageFault - faults;
      process.send?.({ cpuMs: (c.user + c.system) / 1000, utilisation: performance.eventLoopUtilization(elu).utilization, minorFaults } satisfies ServerStats);
    } else if (m === 'stop') stop();
  });
}

/** A real STS response (one issued token), answered again and again by the floor variants. */
async function cannedResponse(): Promise<string> {
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const make = await requestMaker();
  const res = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: make() });
  const text = await res.text();
  sim.close();
  return text;
}

/**
 * The transport floor: plain node:http reading each request body and answering a canned token
 * response of the real size. What HTTP on loopback costs before any framework or STS work.
 */
async function runHttpFloor(): Promise<void> {
  const { createServer } = await import('node:http');
  const canned = await cannedResponse();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Buffer.concat(chunks).toString('utf8');
      res.writeHead(200, { 'content-type': 'application/soap+xml; charset=utf-8', 'content-length': Buffer.byteLength(canned) });
      res.end(canned);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ServerReady);
  });
  answerParent(() => server.close(() => process.exit(0)));
}

/** A password Issue request as a HIS sends it: PasswordText with a fresh nonce, Created and Timestamp. */
async function requestMaker(): Promise<() => string> {
  const { passwordIssueRequest } = await import('../../simulator/sts/sts-client.js');
  return () => passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: new Date(), withNonce: true });
}

/**
 * The same request, made lean for the load client (its CPU shares the cores with the server): one
 * request is built per second with {@link requestMaker}'s code and cut around its MessageID and
 * Nonce, and each request is those pieces with a fresh `urn:uuid:` and a fresh 16-byte nonce (the
 * Created and Timestamp advance each second). What the server receives is the same as before: a
 * fresh nonce and message id every time, Created and Timestamp of the current second.
 */
async function leanRequestMaker(): Promise<() => string> {
  const { passwordIssueRequest } = await import('../../simulator/sts/sts-client.js');
  const MESSAGE_ID = 'urn:uuid:00000000-0000-4000-8000-000000000000';
  const NONCE = 'AAAAAAAAAAAAAAAAAAAAAA==';
  let second = -1;
  let pieces: string[] = [];
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    const now = Date.now();
    if (Math.floor(now / 1000) !== second) {
      second = Math.floor(now / 1000);
      const xml = passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: new Date(now), withNonce: true, messageId: MESSAGE_ID, nonce: NONCE });
      const [head = '', rest = ''] = xml.split(MESSAGE_ID);
      const [middle = '', tail = ''] = rest.split(NONCE);
      if (xml.split(MESSAGE_ID).length !== 2 || rest.split(NONCE).length !== 2) throw new Error('leanRequestMaker: the request template changed shape');
      pieces = [head, middle, tail];
    }
    if (at + 16 > pool.length) {
      pool = randomBytes(4096);
      at = 0;
    }
    at += 16;
    return `${pieces[0]}urn:uuid:${randomUUID()}${pieces[1]}${pool.toString('base64', at - 16, at)}${pieces[2]}`;
  };
}

/**
 * The STS core without HTTP: parse the request, read the RST, authenticate, build and sign the
 * assertion, write the response envelope (what the handler does). CPU microseconds per token, in
 * the steady state: as many tokens as are measured are issued first (after 200 only, the measured
 * tokens still paid the hot functions' optimisation and the heap's first growth: 520-545 against
 * 397-408 µs in the next passes of the same process, measured).
 */
async function stsCoreCpuUs(requests: number): Promise<number> {
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { soapEnvelope } = await import('../../simulator/soap/envelope.js');
  const { readRst } = await import('../../simulator/sts/rst.js');
  const { issueToken } = await import('../../simulator/sts/issue.js');
  const { parseStsRequest, randomIds } = await import('../../simulator/sts/sts-app.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const make = await requestMaker();
  const bodies = Array.from({ length: 2 * requests }, make);
  const one = async (body: string): Promise<string> => {
    const req = parseStsRequest(body, 'application/soap+xml; charset=utf-8');
    const rst = readRst<Element | LeanElement>(req, sim.deps.config.audience);
    const xml = await issueToken(sim.deps, req, rst, { operation: 'Issue' }, randomIds);
    return soapEnvelope(req.version, xml, { action: 'a', messageId: randomIds.messageId() });
  };
  // As many tokens in flight as the HTTP variants have (one at a time, every signature would wake
  // a sleeping pool thread, which costs CPU the servers do not pay).
  const run = async (from: number, to: number): Promise<void> => {
    let next = from;
    const worker = async (): Promise<void> => {
      while (next < to) await one(bodies[next++] as string);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  await run(0, requests);
  // process.cpuUsage() counts every thread of the process, so the signatures made on the thread pool too.
  const cpu0 = process.cpuUsage();
  await run(requests, 2 * requests);
  const c = process.cpuUsage(cpu0);
  sim.close();
  return (c.user + c.system) / requests;
}

/**
 * The STS request half without HTTP and without signing: decode, parse, read the RST, authenticate
 * (password, nonce, timestamp, context), as the handler does, with the request parsed into the
 * lean tree the STS uses or (for comparison in the same run) into an xmldom DOM. CPU microseconds
 * per request.
 */
async function requestHalfCpuUs(requests: number, tree: 'lean' | 'dom'): Promise<number> {
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { parseSoapRequest } = await import('../../simulator/soap/envelope.js');
  const { decodeUtf8 } = await import('../../simulator/soap/safe-xml.js');
  const { readRst } = await import('../../simulator/sts/rst.js');
  const { authenticate } = await import('../../simulator/sts/issue.js');
  const { parseStsRequest } = await import('../../simulator/sts/sts-app.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const make = await requestMaker();
  const parse = tree === 'lean' ? parseStsRequest : parseSoapRequest;
  // Bytes, as they arrive (and off the V8 heap, so that the requests waiting do not load the GC).
  const bodies = Array.from({ length: requests + 500 }, () => Buffer.from(make(), 'utf8'));
  const one = (bytes: Buffer): void => {
    const req = parse(decodeUtf8(bytes), 'application/soap+xml; charset=utf-8');
    const rst = readRst<Element | LeanElement>(req, sim.deps.config.audience);
    if (rst.claims === undefined) throw new Error('not an Issue');
    authenticate(sim.deps, req, rst.claims, { operation: 'Issue' });
  };
  for (let i = 0; i < 500; i++) one(bodies[i] as Buffer);
  const cpu0 = process.cpuUsage();
  for (let i = 500; i < requests + 500; i++) one(bodies[i] as Buffer);
  const c = process.cpuUsage(cpu0);
  sim.close();
  return (c.user + c.system) / requests;
}

const ASSERTION_TAG = Buffer.from('<saml:Assertion ');

/** Which load client drives the servers: raw `net` sockets (the default), or node:http (BENCH_CLIENT=node, for comparison). */
const CLIENT: 'raw' | 'node' = process.env['BENCH_CLIENT'] === 'node' ? 'node' : 'raw';
const CONTENT_TYPE = 'application/soap+xml; charset=utf-8';

/** A token answer as the bench expects it: 200 and a `<saml:Assertion`, checked on the bytes. */
const tokenAnswer = (status: number, body: Buffer): boolean => status === 200 && body.includes(ASSERTION_TAG);

/**
 * The full check of a sampled answer: decoded and parsed (safe-XML), its assertion's signature
 * verified against the STS certificate (the reference being the assertion itself).
 */
async function answerSampler(): Promise<(body: Buffer) => void> {
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const { parseUntrustedXml, childElement, decodeUtf8 } = await import('../../simulator/soap/safe-xml.js');
  const { verifySignatureElement } = await import('../../simulator/saml/xml-signature.js');
  const { NS } = await import('../../simulator/saml/namespaces.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  return (body) => {
    const assertionXml = extractAssertion(decodeUtf8(body));
    const assertion = parseUntrustedXml(assertionXml).documentElement;
    const signature = assertion === null ? null : childElement(assertion, NS.ds, 'Signature');
    if (assertion === null || signature === null) throw new Error('the assertion is not signed');
    const verdict = verifySignatureElement(assertionXml, signature, pki.sts.certPem);
    if (!verdict.ok) throw new Error(`the assertion's signature does not verify: ${verdict.message}`);
    if (verdict.references[0]?.id !== assertion.getAttribute('ID')) throw new Error('the signature does not cover the assertion');
  };
}

/** Closed-loop load with the chosen client. */
function load(port: number, seconds: number, concurrency: number, makeBody: () => string, sample?: (body: Buffer) => void): Promise<LoadResult> {
  if (CLIENT === 'node') return nodeHttpLoad(port, seconds, concurrency, makeBody);
  return rawLoad({ port, path: '/sts', seconds, concurrency, contentType: CONTENT_TYPE, makeBody, check: tokenAnswer, ...(sample === undefined ? {} : { sample, sampleEvery: 1000 }) });
}

/** Closed-loop load on node:http: `concurrency` requests in flight for `seconds`. */
async function nodeHttpLoad(port: number, seconds: number, concurrency: number, makeBody: () => string): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const cpu0 = process.cpuUsage();
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
            // Every answer is checked to be a 200 with a token, without decoding it to a string.
            const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
            if (tokenAnswer(res.statusCode ?? 0, body)) ok++;
            else {
              failed++;
              firstError ??= `${res.statusCode}: ${body.toString('utf8', 0, 400)}`;
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
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { ok, failed, seconds: elapsed, clientCpuUs: cpu.user + cpu.system, latenciesMs, sampled: 0, ...(firstError === undefined ? {} : { firstError }) };
}

/** One HTTP measurement. */
interface HttpFigures {
  tps: number;
  p50: number;
  p99: number;
  /** Server CPU microseconds per token. */
  cpuUs: number;
  utilisation: number;
  /**
   * Event-loop time per token (µs): what the main thread was busy for, including the time it was
   * runnable but preempted. Tokens per wall second cannot exceed one per this time.
   */
  loopUs: number;
  /** The bench client's own CPU per token (µs): it shares the cores with the server, reported apart. */
  clientUs: number;
  /**
   * The server's minor page faults per token: pages its heap or the journal's text arena mapped
   * afresh while it grew (a server that keeps nothing has next to none). Part of the CPU per
   * token until the journal is full and the heap has its size.
   */
  faults: number;
}

async function overHttp(variant: Variant): Promise<HttpFigures> {
  const profile = process.env['BENCH_PROFILE_DIR'];
  const parts = variantParts(variant);
  if (parts === undefined) throw new Error(`unknown variant ${variant}`);
  const server: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server', parts.server], {
    env: { ...process.env, ...parts.env },
    execArgv: profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = await new Promise<ServerReady>((resolve, reject) => {
      server.once('message', (m) => resolve(m as ServerReady));
      server.once('exit', (code) => reject(new Error(`the ${variant} server exited with ${code}`)));
    });
    const makeBody = await leanRequestMaker();
    const sample = await answerSampler();
    await load(port, WARMUP_SECONDS, CONCURRENCY, makeBody, sample);
    server.send('mark');
    const result = await load(port, SECONDS, CONCURRENCY, makeBody, sample);
    const stats = await new Promise<ServerStats>((resolve) => {
      server.once('message', (m) => resolve(m as ServerStats));
      server.send('report');
    });
    if (result.failed > 0) throw new Error(`${variant}: ${result.failed} requests failed; first: ${result.firstError ?? '?'}`);
    if (CLIENT === 'raw' && result.sampled === 0) throw new Error(`${variant}: no answer was fully checked`);
    return {
      tps: result.ok / result.seconds,
      p50: percentile(result.latenciesMs, 50),
      p99: percentile(result.latenciesMs, 99),
      cpuUs: (stats.cpuMs * 1000) / Math.max(1, result.ok),
      utilisation: stats.utilisation,
      loopUs: (stats.utilisation * result.seconds * 1e6) / Math.max(1, result.ok),
      clientUs: result.clientCpuUs / Math.max(1, result.ok),
      faults: stats.minorFaults / Math.max(1, result.ok),
    };
  } finally {
    server.send('stop');
    await new Promise((r) => server.once('exit', r));
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The median of each figure over the rounds (each figure on its own). */
function medianFigures(runs: readonly HttpFigures[]): HttpFigures {
  return {
    tps: median(runs.map((f) => f.tps)),
    p50: median(runs.map((f) => f.p50)),
    p99: median(runs.map((f) => f.p99)),
    cpuUs: median(runs.map((f) => f.cpuUs)),
    utilisation: median(runs.map((f) => f.utilisation)),
    loopUs: median(runs.map((f) => f.loopUs)),
    clientUs: median(runs.map((f) => f.clientUs)),
    faults: median(runs.map((f) => f.faults)),
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });

  const rawRuns = [rawSignRate(pki.sts.keyPem, 3000)];
  const asyncRuns: AsyncSignCost[] = [];
  // Each signing strategy alone (the simulator's own code, nothing else running), in the same rounds.
  const SIGN_STRATEGIES: readonly SignerStrategy[] = ['sync', 'pool', 'ring', 'worker', 'balanced'];
  const strategyRuns = new Map<SignerStrategy, AsyncSignCost[]>(SIGN_STRATEGIES.map((s) => [s, []]));
  const coreRuns: number[] = [];
  const halfRuns: Array<{ lean: number; dom: number }> = [];
  const runs = new Map<Variant, HttpFigures[]>(VARIANTS.map((v) => [v, []]));
  // Rounds of every variant in turn, so that a noisy stretch of a shared machine hits all of them.
  for (let round = 0; round < ROUNDS; round++) {
    if (!SKIP_CORE) {
      coreRuns.push(await stsCoreCpuUs(3000));
      halfRuns.push({ lean: await requestHalfCpuUs(5000, 'lean'), dom: await requestHalfCpuUs(5000, 'dom') });
    }
    for (const v of VARIANTS) runs.get(v)?.push(await overHttp(v));
    rawRuns.push(rawSignRate(pki.sts.keyPem, 3000));
    asyncRuns.push(await asyncSignCost(pki.sts.keyPem, 3000, CONCURRENCY));
    for (const s of SIGN_STRATEGIES) strategyRuns.get(s)?.push(await strategySignCost(pki.sts.keyPem, 1500, CONCURRENCY, s));
  }
  const raw = median(rawRuns.map((x) => x.wall));
  const rawCpu = median(rawRuns.map((x) => x.cpu));
  const signUs = 1e6 / rawCpu;
  const coreUs = median(coreRuns);
  const asyncSign: AsyncSignCost = {
    cpuUs: median(asyncRuns.map((x) => x.cpuUs)),
    loopUs: median(asyncRuns.map((x) => x.loopUs)),
    wallUs: median(asyncRuns.map((x) => x.wallUs)),
  };
  const fig = (v: Variant): HttpFigures | undefined => (VARIANTS.includes(v) ? medianFigures(runs.get(v) ?? []) : undefined);
  const r = (x: number): string => x.toFixed(2);
  const line = (what: string, f: HttpFigures | undefined): string[] =>
    f === undefined
      ? []
      : [
          `${what}: ${f.tps.toFixed(0)}/s, p50 ${r(f.p50)} ms, p99 ${r(f.p99)} ms, ratio ${r(f.tps / raw)}; server CPU ${f.cpuUs.toFixed(0)} us each (ratio ${r(signUs / f.cpuUs)}), event loop busy ${(f.utilisation * 100).toFixed(0)}% = ${f.loopUs.toFixed(0)} us per token; client CPU ${f.clientUs.toFixed(0)} us per token; server page faults ${f.faults.toFixed(2)} per token`,
        ];
  const whole = fig('simulator');
  const lines = [
    `medians of ${ROUNDS} rounds, ${CONCURRENCY} in flight, ${CLIENT === 'raw' ? 'raw socket' : 'node:http'} client, signing (unless a variant says @strategy): ${signerDescription()}; load average ${loadBefore} before`,
    `raw RSA-2048 crypto.sign (SHA-256), one thread: ${raw.toFixed(0)}/s wall (${rawRuns.map((x) => x.wall.toFixed(0)).join(', ')}), ${rawCpu.toFixed(0)} per CPU second (${signUs.toFixed(0)} us)`,
    `async crypto.sign alone on the thread pool, ${CONCURRENCY} in flight: ${asyncSign.cpuUs.toFixed(0)} us CPU, ${asyncSign.loopUs.toFixed(0)} us of event loop, ${asyncSign.wallUs.toFixed(0)} us wall per signature`,
    `signing alone by strategy (rsa-signer.ts, ${CONCURRENCY} in flight), CPU / event loop / wall us per signature: ${SIGN_STRATEGIES.map((s) => {
      const x = strategyRuns.get(s) ?? [];
      return `${s} ${[median(x.map((y) => y.cpuUs)), median(x.map((y) => y.loopUs)), median(x.map((y) => y.wallUs))].map((v) => v.toFixed(0)).join(' / ')}`;
    }).join('; ')}`,
    ...VARIANTS.flatMap((v) => line(`${VARIANT_LABELS[v] ?? v} over HTTP`, fig(v))),
    // On a loaded machine every CPU figure inflates; the least of the rounds is the least disturbed.
    ...(ROUNDS > 1 ? [`server CPU per token by round (us): ${VARIANTS.map((v) => `${v} ${(runs.get(v) ?? []).map((f) => f.cpuUs.toFixed(0)).join('/')}`).join('; ')}`] : []),
    ...(SKIP_CORE ? [] : [`STS core, no HTTP: ${coreUs.toFixed(0)} us CPU/token = ${(1e6 / coreUs).toFixed(0)} tokens per CPU second (ratio ${r(signUs / coreUs)})`,
    `STS request half, no HTTP, no signing (parse, RST, password, nonce, timestamp, context): ${median(halfRuns.map((h) => h.lean)).toFixed(1)} us CPU/token with the lean tree, ${median(halfRuns.map((h) => h.dom)).toFixed(1)} us with an xmldom DOM (same run)`]),
    ...(whole === undefined
      ? []
      : [
          `simulator per-token CPU by round: ${(runs.get('simulator') ?? []).map((f) => f.cpuUs.toFixed(0)).join(', ')} us`,
          // The two targets of issue 16, goal 2, for the whole simulator.
          `GOAL 2a tokens per wall second / raw signs per wall second (target >= 1): ${r(whole.tps / raw)} (${whole.tps.toFixed(0)} / ${raw.toFixed(0)})`,
          `GOAL 2b tokens per CPU second / raw signs per CPU second (target >= 0.6): ${r(signUs / whole.cpuUs)} (${(1e6 / whole.cpuUs).toFixed(0)} / ${rawCpu.toFixed(0)})`,
        ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const need = (f: HttpFigures | undefined): HttpFigures => {
    if (f === undefined) throw new Error('every variant is measured when the docs are written');
    return f;
  };
  const full = need(whole);
  const env = need(fig('environment'));
  const alone = need(fig('sts-only'));
  const signFloor = need(fig('sign-floor'));
  const syncSignFloor = need(fig('sign-floor@sync'));
  const honoFloor = need(fig('hono-floor'));
  const httpFloor = need(fig('http-floor'));
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const row = (what: string, f: HttpFigures): string =>
    `| ${what} | ${f.tps.toFixed(0)} | ${r(f.p50)} / ${r(f.p99)} ms | ${r(f.tps / raw)} | ${f.cpuUs.toFixed(0)} µs | **${r(signUs / f.cpuUs)}** | ${f.loopUs.toFixed(0)} µs | ${f.clientUs.toFixed(0)} µs | ${f.faults.toFixed(2)} |`;
  const floorRow = (what: string, f: HttpFigures): string =>
    `| ${what} | ${f.tps.toFixed(0)} | ${r(f.p50)} / ${r(f.p99)} ms | | ${f.cpuUs.toFixed(0)} µs | (${r(f.cpuUs / signUs)} of one signature) | ${f.loopUs.toFixed(0)} µs | ${f.clientUs.toFixed(0)} µs | ${f.faults.toFixed(2)} |`;
  const md = [
    '## STS',
    '',
    'SAML tokens issued by password (`POST /sts`, SOAP 1.2, PasswordText with Nonce, Created and Timestamp, a fresh',
    `nonce each), measured by \`bench/sts\` (\`npm run bench:sts\`) on ${cpus().length} cores (${cpu}), ${new Date().toISOString().slice(0, 10)}.`,
    `Servers run in a child process (one event loop, as \`eeszt-sim serve\`) on @hono/node-server; a closed-loop ${CLIENT === 'raw' ? 'raw-socket HTTP/1.1' : 'node:http'}`,
    `client with ${CONCURRENCY} requests in flight drives each for ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up (the steady state: a fresh server's first ~5000 tokens also map the`,
    'journal\'s 48 MiB text arena and grow the heap, one page fault each ~4 KiB at about 11 µs of CPU on this VM, ~150 ms',
    'once per process; with the 2 s warm-up of earlier runs that showed as 2 page faults and ~20-25 µs more CPU per token;',
    'the last column shows what is left of it). The reference is RSA-2048',
    'PKCS#1 v1.5 SHA-256 `crypto.sign` with the STS key on one thread, measured in the same run before, between and after the rounds:',
    `**${raw.toFixed(0)} signatures per second** (${rawCpu.toFixed(0)} per CPU second, ${signUs.toFixed(0)} µs each).`,
    `The same signatures made as the STS makes them (asynchronous \`crypto.sign\` on libuv's pool, ${CONCURRENCY} in flight, no other work) cost`,
    `${asyncSign.cpuUs.toFixed(0)} µs of CPU and ${asyncSign.loopUs.toFixed(0)} µs of event-loop time each (${asyncSign.wallUs.toFixed(0)} µs wall): that event-loop time is what`,
    'signing off the loop still takes from a token\'s "event loop per token" (queueing, the completion, and the pool threads preempting the main thread).',
    `Every figure is the median of ${ROUNDS} rounds; each round runs every variant in turn. The machine was shared with other`,
    `work (load average ${loadBefore} before the run, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} after): wall-clock rates are noisy, ratios per CPU second much less.`,
    '',
    `Issue 16, goal 2, for the whole simulator: tokens per wall second / raw signatures per wall second **${r(full.tps / raw)}** (target ≥ 1);`,
    `tokens per CPU second / raw signatures per CPU second **${r(signUs / full.cpuUs)}** (target ≥ 0.6).`,
    '',
    '| what | tokens/s | latency p50 / p99 | ratio to raw signs/s | server CPU per token | ratio per CPU second | event loop per token | bench client CPU per token | server page faults per token |',
    '|---|---|---|---|---|---|---|---|---|',
    row('whole simulator (`createSimulator`: run dispatcher, journal, fault injection, all middleware)', full),
    row('the same, signing **synchronously** on the event loop (`EESZT_SIM_SIGNER=sync`)', need(fig('simulator@sync'))),
    row('the same, signing on **one worker thread** (`EESZT_SIM_SIGNER=worker`)', need(fig('simulator@worker'))),
    row('the same, signing on **one worker thread fed through shared memory** (`EESZT_SIM_SIGNER=ring`)', need(fig('simulator@ring'))),
    row('one environment app (`createEnvironmentApp`: journal, fault injection, all middleware; no run dispatcher)', env),
    row('STS sub-app alone on the same HTTP stack', alone),
    `| STS core without HTTP (parse, RST, authentication, assertion, signature, envelope; ${CONCURRENCY} in flight, steady state) | ${(1e6 / coreUs).toFixed(0)} per CPU s | | | ${coreUs.toFixed(0)} µs | **${r(signUs / coreUs)}** | | | |`,
    row('floor: Hono on @hono/node-server answering a canned token response after one asynchronous RSA signature with the STS key (no other STS work): the least a token can cost on this stack with the signature off the event loop', signFloor),
    row('floor: the same after one **synchronous** signature on the event loop (`sign-floor@sync`): the least CPU a token can cost on this stack, on one core', syncSignFloor),
    floorRow('floor: Hono on @hono/node-server answering a canned token response (no STS work)', honoFloor),
    floorRow('floor: plain node:http answering a canned token response (no framework)', httpFloor),
    '',
    '"Ratio per CPU second" is tokens per CPU second of the server process against raw signatures per CPU',
    'second: the cost per token itself, which other load on a shared machine changes far less than the',
    'wall-clock rates. The two floors answer the same ~5 KB response without doing any work: what the',
    'transport costs (reading the request, writing the response through the loopback socket), which no',
    'STS change can remove. "Event loop per token" is the time the server\'s main thread was busy per token',
    '(event-loop utilisation times the duration, over the tokens), including the time it was ready to run but',
    'preempted: tokens per wall second cannot exceed one per that time, so the wall-clock target needs it at or',
    'below one raw signature.',
    '',
    '"Bench client CPU per token" is the CPU time of the load client (the bench\'s own process) per token,',
    'reported apart from the server\'s: it shares the same 2 cores, so it lowers the wall-clock rates of every',
    'variant, but it is in none of the server figures. The client is kept lean (`bench/sts/raw-http-client.ts`): raw',
    '`net` sockets with keep-alive, each request one write of a head and a body, each answer framed by its',
    'Content-Length (a chunked answer or bytes beyond it are errors) and checked to be a 200 carrying a',
    '`<saml:Assertion` on the bytes, without decoding; the first answer and every 1000th are decoded, parsed with the',
    'safe-XML parser and their assertion\'s signature verified against the STS certificate. Each body is one request',
    'built per second by the simulator\'s own STS client code and cut around its MessageID and Nonce, filled',
    'with a fresh `urn:uuid:` and a fresh 16-byte nonce each time (so the server still sees a fresh nonce, message',
    'id, Created and Timestamp on every request). node:http\'s client (an Agent, a ClientRequest, an IncomingMessage',
    'stream and header objects per request; `BENCH_CLIENT=node`) cost more: on the Hono canned floor 75 against 50 µs',
    'per answer, consecutive runs at load average 10-13 (2026-12-07, 02:18-02:20 UTC), and 244-440 against 405-998 µs',
    'for the STS sub-app and the whole simulator at load average 15-18; the quiet run before this client measured',
    '94-128 µs with node:http.',
    '',
    "Signing is the one RSA operation per token, made off the event loop (Node's asynchronous `crypto.sign` on",
    "libuv's thread pool), so one simulator process uses both cores: the event loop parses, authenticates and",
    'answers while pool threads sign. Limiting the signatures in flight (so that the pool threads cannot',
    'preempt the event loop) was measured and is not the default: with one signature at a time each one',
    'wakes a sleeping pool thread, about 25 µs of CPU more per token (RSA-2048: 278 µs synchronous, 297-309 µs',
    'asynchronous one at a time, 272-280 µs with 8 in flight; min of 8 rounds), and on the shared machine',
    '(load average about 11) interleaved runs with at most 1, at most 2 and no limit gave no difference',
    'beyond the noise (whole simulator 0.10-0.15, 0.12-0.16 and 0.05-0.21 of the raw signing rate). While the',
    'event loop needs more time per token than one signature, the signing thread is idle part of the time',
    'anyway. `EESZT_SIM_SIGN_CONCURRENCY=n` sets such a limit for measurements (docs/hardening.md).',
    '`EESZT_SIM_SIGNER` chooses how the signature is made (`simulator/saml/rsa-signer.ts`, docs/hardening.md): `pool`',
    '(the default, as above), `sync` (on the event loop), `worker` (`EESZT_SIM_SIGN_WORKERS` worker threads, 1 unless',
    'set, each signing synchronously; the signatures asked for in one turn of the event loop go over as one message and',
    'come back as one), `ring` (as many threads, each fed through a ring of slots in shared memory: no message per',
    'signature either way, one wake-up message for whatever the thread finished since the event loop last looked) or',
    '`balanced` (`ring`, with the event loop signing itself while 2 or more wait on the thread), all with the same bytes;',
    'each is a variant of this bench (`simulator@sync`, `sts-only@worker`, `simulator@ring`, `sign-floor@balanced`,',
    '`sign-floor@pool1`, ...). What they cost was measured on 2026-12-07 (01:58-02:25 UTC) while the machine was',
    'shared with three other sessions\' builds and benches and a stray busy loop (load average 9-15), which inflated',
    'every server CPU figure two- to fivefold against the quiet runs, so only orderings within one run mean anything.',
    'The sign floor (3 rounds of 3 s, load average 11.7): server CPU per token 504 µs with a synchronous signature,',
    '570 µs on the pool without a limit, 671 µs with at most 2 in flight, 792 µs with 1, 663 µs with one worker',
    '(a message each way per signature; batched since). In one process with no HTTP (1500 signatures, 8 in flight,',
    'min of 5 interleaved rounds): synchronous 279-302 µs, pool 295-314 µs, one worker 307-357 µs per signature. So',
    'a synchronous signature is the cheapest per CPU, but it puts the whole token on one core: the event loop then',
    'needs about 280 µs more per token, so the whole simulator (event loop 461 µs per token on the pool in the quiet',
    'run) would fall from ~2000 to ~1350 tokens per wall second. The pool stays the default: the only strategy that',
    'signs on the other core at about the synchronous CPU cost when several signatures are in flight. The three rows',
    'under the whole simulator measure the other strategies in the same run as the default.',
    'The size of libuv\'s pool was re-checked once the response side was lighter (2026-12-06, 23:13-23:18 UTC, three',
    'interleaved passes of `UV_THREADPOOL_SIZE` 4, 1 and 2, whole simulator, 6 s each): on the machine shared with',
    'three other sessions (load average 6.4-7.7) the server CPU per token ranged 1676-2098 µs with 4 threads, 1565-2354',
    'µs with 1 and 979-1823 µs with 2, and the wall rates as widely; four more interleaved passes of 4 against 1',
    '(23:22-23:25 UTC, load average 6.4-7.3) gave tokens per wall second / raw signs 0.20, 0.26, 0.21, 0.33 with 4 threads',
    'and 0.19, 0.12, 0.18, 0.12 with 1, at the same CPU per token. Signing alone (8 async signatures in flight, no other',
    'work) does show what the pool costs the event loop: 84-98 µs of main-thread time per signature with 4 threads on 2',
    'cores against 24 µs with 1 (the pool threads preempt it); but with the whole simulator the one signing thread then',
    'waits for the event loop and the client, so no setting was better, and `serve` keeps Node\'s default of 4 threads.',
    '',
    'Session 9 looked again at the signature and the transport (2026-12-07, 07:10-07:40 UTC; the machine shared with',
    'three other sessions\' benches and a CI run, load average 6.5-10.6, which doubled every server CPU figure against',
    'the quiet run, so only orderings and the least disturbed rounds mean anything). Signing alone through the',
    'simulator\'s own code (this bench\'s "signing alone by strategy" line, 8 in flight, least disturbed of 6',
    'interleaved rounds), CPU and event-loop µs per signature: sync 265 (all of it on the loop), pool 269 and 69,',
    'worker 274 and 5, ring 279 and 20, the pool with one thread (`UV_THREADPOOL_SIZE=1`, variant `@pool1t`) 285 and 36:',
    'one dedicated signing thread costs the event loop a fraction of what libuv\'s four threads do (they preempt it on',
    '2 cores), at about the same CPU. Over HTTP, though, the pool was the cheapest and the fastest: whole simulator,',
    '5 interleaved rounds of 3 s at 07:41-07:45 UTC (load average 7.8-9.0), server CPU per token by round pool',
    '943/864/1014/1252/844 µs, ring 1069/1062/1016/1335/1204, pool with one thread 1079/1122/955/1045/1406, worker',
    '1131/1140/1054/1360/955, balanced 1215/1093/1597/1595/1255 (it behaves as `sync` when its thread gets too little',
    'CPU to keep up), and 922 tokens per second against 416-582 for the others (an earlier run, 07:20-07:23 UTC, gave',
    'the same order less clearly). So `pool` stays the default; the `ring` row of the table measures the ring in the',
    'quiet run. The ring\'s thread sends about one wake-up message per 4 tokens in the whole simulator (one per 2 on the',
    'sign floor, one per signature when the event loop has nothing else to do). Per token (strace -c, 3 s of',
    'tokens) the server makes one `read` and one `writev` whatever the strategy, and 4.9 futex calls with the pool,',
    '3.6 with the ring, 1.7 with the batched worker and 1.0 signing synchronously. On the transport: Node\'s HTTP server',
    'already sets TCP_NODELAY on every accepted socket and checks the slow-client timeouts (`headersTimeout` 60 s,',
    '`requestTimeout` 300 s, docs/hardening.md) with one 30 s interval, not a timer per request (only the 5 s keep-alive',
    'timeout is re-armed per request), so no option of `serve` or of the server removes work from the hot path without',
    'dropping a protection. A main-thread profile of the Hono canned floor puts the kernel\'s `writev` (the loopback TCP',
    'send of the 7.7 KB answer) at 38 % of the busy time, garbage collection at 10 %, and node:http\'s parsing with',
    '@hono/node-server\'s and Hono\'s objects per request (the lightweight Request, routing, Context, Response) at about',
    'a quarter: what Hono costs over plain node:http is those objects, not a setting. Answering with a Buffer instead',
    'of a string (so that nothing encodes the answer when writing it) made no difference beyond the noise (least',
    'disturbed of 12 interleaved rounds: plain node:http 43 µs with a string, 55 µs with a Buffer; Hono 81 and 80 µs):',
    'the `writev`\'s cost is the send, not the copy.',
    '',
    'The STS\'s own work is kept small: the assertion, the SignedInfo and the RSTRC are written directly in exclusive',
    'canonical form from templates (`canonicalTemplate` in `simulator/saml/canonical-xml.ts`: the element tree with',
    'slots is canonicalised once, proved on compile against the writer with values every escaping changes, and each',
    'token only concatenates the fixed text with its escaped values), so nothing is built as a tree, parsed or',
    'canonicalised again before signing (the response side without the RSA signature: 41 → 19 µs of CPU per token,',
    'median of 10 interleaved rounds in one process; digests with the one-shot `crypto.hash`); the response',
    'reaches the socket as one string with its Content-Length, in one `writev` per answer (headers and body; seen',
    'with strace), whose cost is the loopback TCP send that the canned-answer floors pay as well; the request is parsed once into a lean tree of plain objects, no DOM (plain XML in one pass by the fast path of `simulator/soap/lean-xml.ts`, anything else by saxes behind the safe-XML checks;',
    'the request-half line of this bench: 45-63 µs against 100-141 µs per token parsed into an xmldom DOM at load average 6-8 with saxes, 23 against 123 µs at load average 8 with the fast path; the parse alone in bench/xml-parse);',
    'the journal redacts and copies headers only when an entry',
    'is read.',
    '',
    'Where the STS core\'s time goes (measured 2026-12-06, 23:40-00:00 UTC, load average 6.3-7.8, with an in-process',
    'driver of this bench\'s core function in the steady state, 8 in flight): 396-418 µs of CPU per token against 280-310',
    'µs for one asynchronous signature alone. The rest is the request half (47-73 µs: parse, RST, password, nonce,',
    'context), the response side (15-24 µs beyond the raw signature: digest 3-4 µs, the assertion\'s template 4-5 µs)',
    'and the garbage collector: the core allocates about 48 KB per token, about 22 KB of it saxes\' own objects for the',
    '2 KB request (two dictionary objects per element, a Set and an object per attribute), and pauses the main thread',
    '10-17 µs per token for it. The core makes no Request or Response object; ids come from a pooled `randomBytes` and',
    'Node\'s buffered `randomUUID`; the lockout bookkeeping is one Map delete; the fixture lookups scan fewer than 30',
    'entries; the nonce replay cache and its store write are about 1 % of the samples. Until this bench measured the',
    'core after as many tokens as it measures, its line showed 520-585 µs: the first 3000 tokens after 200 paid the',
    'optimisation of the hot functions and the heap\'s first growth (520-545 against 397-408 µs in the next passes).',
    '',
    'A main-thread CPU profile of the STS sub-app signing synchronously (`sts-only@sync`, so that no pool thread',
    'preempts it; 2026-12-07 02:10 UTC, load average about 10; shares of the main thread\'s time) puts the RSA signature at',
    '36 %, the response\'s `writev` at 19 % (the loopback TCP send, which the canned-answer floors pay as well) and the STS\'s',
    'own work at 16 %: parsing 5.7 % (saxes 3.5 %, the safe-XML scan 0.4 %), authentication 4.2 % (the nonce replay cache',
    '1.2 %, the context 0.9 %, the Timestamp 1.0 %), the assertion, its digest and the signature template 1.5 %, reading the',
    'body 0.8 %, the RST 0.4 %, the envelope 0.2 %. No single piece of it is above 1 % that a stricter reading could spare:',
    'the STS\'s own work over the sign floor is what the parse and the checks cost, not avoidable overhead.',
    '',
    'Session 10 measured the STS core in one process, old and new code alternated in blocks of 200 tokens (2026-12-07,',
    '09:57-10:25 UTC, load average 2-8 from the other sessions\' work, so only paired differences mean much). With the',
    'RSA signature stubbed out the core costs 27-37 µs per token (request half 15-18 µs: decoding 1, the lean parse 8,',
    'the RST 1, authentication 5-8; the rest the response side and the garbage collector); with the real synchronous',
    'signature the core minus a raw signature is 37-45 µs (the RSA operation leaves the caches cold for what follows).',
    'Every synchronous signature (`sync`, the event loop\'s share of `balanced`, the `worker` and `ring` threads) is',
    'now the RSA private operation on the SHA-256 DigestInfo (`privateEncrypt` with PKCS#1 type-1 padding, `crypto.sign`\'s',
    'bytes, checked once per key), without `crypto.sign`\'s signing job and digest context: 257.5 → 251.7 µs of CPU',
    'per 2048-bit signature (median of 7 interleaved rounds), the STS core with `EESZT_SIM_SIGNER=sync` 367.7 → 360.1',
    'µs per token (median of 11 interleaved rounds at load average 5, 10 of 11 paired rounds lower); the pool',
    '(asynchronous `crypto.sign`) is unchanged.',
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('sts', md)}\n`);
}

const serverIndex = process.argv.indexOf('--server');
if (serverIndex === -1) {
  runBenchMain(main);
} else {
  const v = process.argv[serverIndex + 1];
  void runServer(SERVERS.find((x) => x === v) ?? 'simulator');
}
