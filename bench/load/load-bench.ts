/**
 * Load and soak benchmark: N concurrent clients (default 200) for a fixed time (default 60 s)
 * against one simulator, mixing STS token requests (password and institutional certificate) with
 * business-service calls (writes, reads, lists) and a share of deliberately wrong requests whose
 * refusal codes are known. It checks that
 *
 * - no request fails other than the intended refusals (each with exactly its expected code);
 * - latency stays bounded (p50 / p90 / p99 / max per kind of request are reported);
 * - the simulator's memory is flat after the warm-up: RSS and heap are sampled every second in the
 *   simulator process, and the heap after a full GC is compared at the end of the warm-up and at
 *   the end of the run (the documents written meanwhile are kept on purpose, so their size, from
 *   `GET /_sim/state`, is reported next to it);
 * - nothing accepted is lost: after the load every document a write was answered for is read back
 *   and must carry the content written;
 * - clients that connect while the simulator is saturated (default 200, spread over up to 10 s after
 *   the warm-up, each on a new connection asking for a token) get an answer within 5 s: the token,
 *   or 503 `OVERLOADED` with `Retry-After` (issue 16 goal 3); the share is reported, and the mixed
 *   p99 both until served (waits after `OVERLOADED` included) and per answer.
 *
 * The simulator runs in a child process of its own (the whole simulator behind `listen()` of
 * simulator/server/listen.ts, as `eeszt-sim serve` runs it) on 127.0.0.1 only, with a random port;
 * the load generator is a closed-loop node:http client with keep-alive in this process. Everything
 * is bounded: at most 1000 clients, at most 600 s, a watchdog ends the run (and the child) if it
 * overruns, and Ctrl-C stops both.
 *
 * Run (after `npm run build`): `node dist/bench/load/load-bench.js [--duration 60] [--clients 200]
 * [--warmup 10] [--think-ms 0] [--late-clients 200] [--no-write]`, or `npm run bench:load`. Environment overrides:
 * EESZT_LOAD_DURATION, EESZT_LOAD_CLIENTS, EESZT_LOAD_WARMUP, EESZT_LOAD_THINK_MS, EESZT_LOAD_LATE_CLIENTS,
 * EESZT_LOAD_NO_WRITE=1 or BENCH_NO_WRITE=1, as the other benches read it (EESZT_LOAD_PROFILE_DIR=<dir> writes a CPU profile of the simulator process). The figures of a run of at least 60 s are written into docs/performance.md
 * (section `bench:load`); shorter runs only print them unless `--write` is given.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile, writePerformanceSection } from '../report-section.js';
import type { AdmissionOptions } from '../../simulator/server/admission.js';

const SEED = 1;
const MAX_CLIENTS = 1000;
const MAX_SECONDS = 600;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  seconds: number;
  clients: number;
  warmupSeconds: number;
  thinkMs: number;
  /** Clients that open a new connection while the simulator is saturated (after the warm-up). */
  lateClients: number;
  write: boolean | undefined;
}

/** `60`, `60s`, `1m`, `90000ms` -> seconds. */
function seconds(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new Error(`${what}: \`${text}\` is not a duration; give seconds such as 60, 60s or 1m`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

function options(argv: readonly string[]): Options {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const env = process.env;
  const duration = seconds(arg('--duration') ?? env['EESZT_LOAD_DURATION'] ?? '60', '--duration');
  const clients = Number(arg('--clients') ?? env['EESZT_LOAD_CLIENTS'] ?? '200');
  const warmup = seconds(arg('--warmup') ?? env['EESZT_LOAD_WARMUP'] ?? String(Math.min(10, duration / 4)), '--warmup');
  const thinkMs = Number(arg('--think-ms') ?? env['EESZT_LOAD_THINK_MS'] ?? '0');
  const lateClients = Number(arg('--late-clients') ?? env['EESZT_LOAD_LATE_CLIENTS'] ?? '200');
  if (!(duration > 0 && duration <= MAX_SECONDS)) throw new Error(`--duration must be between 0 and ${MAX_SECONDS} s`);
  if (!(Number.isInteger(clients) && clients >= 1 && clients <= MAX_CLIENTS)) throw new Error(`--clients must be a whole number from 1 to ${MAX_CLIENTS}`);
  if (!(warmup >= 0 && warmup < duration)) throw new Error('--warmup must be shorter than --duration');
  if (!(thinkMs >= 0 && thinkMs <= 10_000)) throw new Error('--think-ms must be between 0 and 10000');
  if (!(Number.isInteger(lateClients) && lateClients >= 0 && lateClients <= MAX_CLIENTS)) throw new Error(`--late-clients must be a whole number from 0 to ${MAX_CLIENTS}`);
  const write = argv.includes('--no-write') || env['EESZT_LOAD_NO_WRITE'] === '1' || env['BENCH_NO_WRITE'] === '1' ? false : argv.includes('--write') ? true : undefined;
  return { seconds: duration, clients, warmupSeconds: warmup, thinkMs, lateClients, write };
}

// ---------------------------------------------------------------------------------------------
// The simulator process
// ---------------------------------------------------------------------------------------------

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Journal entries held, their approximate size (characters), and the ring's capacity. */
  journal: number;
  journalBytes: number;
  journalCapacity: number;
  /** Approximate size of the store's records (`store.stats().bytes`). */
  storeBytes: number;
}
/** The first request of a connection as the simulator saw it (epoch ms, comparable across processes). */
interface FirstRequest {
  acceptedAt: number;
  requestAt: number;
  answeredAt: number;
}
/** Garbage collections of the simulator process since the last `cpu` mark (node:perf_hooks `gc` entries), by kind. */
interface GcStats {
  /** Per kind (`minor` = scavenge, `major` = mark-compact, `incremental`, `weakcb`): count, total and longest pause (ms). */
  kinds: Record<string, { count: number; totalMs: number; maxMs: number }>;
  /** Pauses longer than 50 ms. */
  over50ms: number;
}
type ToServer = { type: 'memory'; gc: boolean; id: number } | { type: 'cpu'; id: number } | { type: 'firsts'; id: number } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; origin: string }
  | { type: 'memory'; id: number; memory: Memory }
  | { type: 'cpu'; id: number; cpuMs: number; utilisation: number; gc: GcStats }
  | { type: 'firsts'; id: number; firsts: FirstRequest[] };

async function runServer(): Promise<void> {
  // When each connection was accepted, when its first request reached the HTTP server and when it
  // was answered: what a client connecting during saturation waits for on the simulator's side.
  const { subscribe } = await import('node:diagnostics_channel');
  const epoch = (): number => performance.timeOrigin + performance.now();
  const accepted = new WeakMap<object, number>();
  const firsts: FirstRequest[] = [];
  subscribe('net.server.socket', (m) => accepted.set((m as { socket: object }).socket, epoch()));
  subscribe('http.server.request.start', (m) => {
    const { socket, response } = m as { socket: object; response: { once(e: 'finish', f: () => void): void } };
    const acceptedAt = accepted.get(socket);
    if (acceptedAt === undefined) return;
    accepted.delete(socket);
    const requestAt = epoch();
    response.once('finish', () => firsts.push({ acceptedAt, requestAt, answeredAt: epoch() }));
  });
  const { journalEntrySize } = await import('../../simulator/core/journal.js');
  const journalSize = (entries: Parameters<typeof journalEntrySize>[0][]): { journal: number; journalBytes: number } => ({
    journal: entries.length,
    journalBytes: entries.reduce((n, e) => n + journalEntrySize(e), 0),
  });
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { listen } = await import('../../simulator/server/listen.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('error') });
  // EESZT_LOAD_ADMISSION: admission bounds other than the defaults of `serve`, as JSON (e.g. `{"maxInFlight":16}`), to measure them.
  const admission = process.env['EESZT_LOAD_ADMISSION'];
  const listeners = await listen(sim, { host: '127.0.0.1', port: 0, ...(admission === undefined || admission === '' ? {} : { admission: JSON.parse(admission) as AdmissionOptions }) });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  // Every GC pause of the simulator process (the forced ones of the memory marks included: a few per run).
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const gcKinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  let gcStats: GcStats = { kinds: {}, over50ms: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = gcKinds[((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? -1] ?? 'other';
      const k = (gcStats.kinds[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      k.count += 1;
      k.totalMs += e.duration;
      k.maxMs = Math.max(k.maxMs, e.duration);
      if (e.duration > 50) gcStats.over50ms += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (m: ToServer) => {
    if (m.type === 'memory') {
      if (m.gc && gc !== undefined) {
        gc();
        gc();
      }
      const u = process.memoryUsage();
      const memory: Memory = {
        rss: u.rss,
        heapUsed: u.heapUsed,
        heapTotal: u.heapTotal,
        external: u.external,
        ...journalSize(sim.deps.journal.list()),
        journalCapacity: sim.deps.journal.capacity,
        storeBytes: sim.deps.store.stats().bytes,
      };
      process.send?.({ type: 'memory', id: m.id, memory } satisfies FromServer);
    } else if (m.type === 'cpu') {
      const c = process.cpuUsage(cpu);
      process.send?.({ type: 'cpu', id: m.id, cpuMs: (c.user + c.system) / 1000, utilisation: performance.eventLoopUtilization(elu).utilization, gc: gcStats } satisfies FromServer);
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      gcStats = { kinds: {}, over50ms: 0 };
    } else if (m.type === 'firsts') {
      process.send?.({ type: 'firsts', id: m.id, firsts } satisfies FromServer);
    } else if (m.type === 'stop') {
      void listeners.close().then(() => {
        sim.close();
        process.exit(0);
      });
    }
  });
  // The parent's end is the only reason to live: never outlast it.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', origin: listeners.httpOrigin ?? '' } satisfies FromServer);
}

/** The simulator child and a request/answer channel to it. */
class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: FromServer) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly origin: string,
  ) {
    child.on('message', (m: FromServer) => {
      if (m.type !== 'ready') {
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      }
    });
  }

  static start(): Promise<ServerProcess> {
    const profile = process.env['EESZT_LOAD_PROFILE_DIR'];
    // EESZT_LOAD_SERVER_FLAGS: extra Node/V8 flags for the simulator process (e.g. `--max-semi-space-size=32`), to measure their effect.
    const flags = (process.env['EESZT_LOAD_SERVER_FLAGS'] ?? '').split(/\s+/).filter((f) => f !== '');
    const execArgv = ['--expose-gc', ...flags, ...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`])];
    const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('message', (m: FromServer) => (m.type === 'ready' ? resolve(new ServerProcess(child, m.origin)) : reject(new Error('unexpected first message'))));
      child.once('exit', (code) => reject(new Error(`the simulator process exited (${code}) before it was ready`)));
    });
  }

  private ask<T extends FromServer>(m: { type: 'memory'; gc: boolean } | { type: 'cpu' } | { type: 'firsts' }): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (m: FromServer) => void);
      this.child.send({ ...m, id });
    });
  }

  async memory(gc: boolean): Promise<Memory> {
    return (await this.ask<Extract<FromServer, { type: 'memory' }>>({ type: 'memory', gc })).memory;
  }

  async firsts(): Promise<FirstRequest[]> {
    return (await this.ask<Extract<FromServer, { type: 'firsts' }>>({ type: 'firsts' })).firsts;
  }

  cpu(): Promise<Extract<FromServer, { type: 'cpu' }>> {
    return this.ask({ type: 'cpu' });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' });
      setTimeout(() => this.child.kill('SIGKILL'), 5_000).unref();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

interface HttpAnswer {
  status: number;
  text: string;
  ms: number;
  error?: string;
  /** `Retry-After` in seconds, when the answer carries one. */
  retryAfter?: number;
}

function http(agent: Agent, origin: string, method: string, path: string, body: string | undefined, headers: Record<string, string>, timeoutMs = 30_000): Promise<HttpAnswer> {
  return httpOnce(agent, origin, method, path, body, headers, timeoutMs).then((a) =>
    // A kept-alive connection the server closed (its keep-alive timeout) just as the request went out:
    // nothing reached the simulator, so send it again on a new connection (Node's documented remedy).
    a.resetOnReuse === true ? httpOnce(agent, origin, method, path, body, headers, timeoutMs).then((b) => ({ ...b, ms: a.ms + b.ms })) : a,
  );
}

function httpOnce(agent: Agent, origin: string, method: string, path: string, body: string | undefined, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer & { resetOnReuse?: boolean }> {
  const url = new URL(path, origin);
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const retryAfter = Number(res.headers['retry-after']);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}) }));
        res.on('error', (err) => resolve({ status: 0, text: '', ms: performance.now() - started, error: err.message }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ status: 0, text: '', ms: performance.now() - started, error: err.message, ...(err.code === 'ECONNRESET' && req.reusedSocket ? { resetOnReuse: true } : {}) }),
    );
    req.end(body);
  });
}

const SOAP12 = 'application/soap+xml; charset=utf-8';

/** A control API answer as JSON (retried: under full load it may wait behind the clients' requests). */
async function controlJson<T>(agent: Agent, origin: string, path: string): Promise<T> {
  let last: HttpAnswer | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    last = await http(agent, origin, 'GET', path, undefined, {}, 120_000);
    if (last.status === 200) return JSON.parse(last.text) as T;
  }
  throw new Error(`GET ${path}: ${last?.status ?? '?'} ${last?.error ?? last?.text.slice(0, 200) ?? ''}`);
}
const errorCodeOf = (text: string): string => /<sim:Code>([^<]+)<\/sim:Code>/.exec(text)?.[1] ?? /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? '';

// ---------------------------------------------------------------------------------------------
// The workload
// ---------------------------------------------------------------------------------------------

type Kind = 'token-password' | 'token-certificate' | 'write' | 'read' | 'list' | 'refusal';

interface Sample {
  kind: Kind;
  at: number;
  ms: number;
}

interface Written {
  service: 'erecept' | 'ebeutalo' | 'esemenykatalogus' | 'ehr';
  id: string;
  marker: string;
}

interface Outcome {
  samples: Sample[];
  ok: Record<Kind, number>;
  intended: Record<string, number>;
  errors: string[];
  written: Written[];
  /** 503 OVERLOADED answers (admission control), each waited out and sent again as a HIS would. */
  overloaded: number;
  /** Every single exchange (a 503 OVERLOADED counts as one, its retry as another): how long a client waited for an answer. */
  answers: Array<{ at: number; ms: number }>;
}

/** What a client that connected while the simulator was saturated got. */
interface LateAnswer {
  /** From the start of its connection to the end of its first answer. */
  ms: number;
  outcome: 'served' | 'overloaded' | 'other' | 'none';
  detail?: string;
}

const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E30217B', unitCode: '302170101' };
const NURSE = { username: 'S12345', password: 'Szakdolgozo-1', institutionId: 'E01620K', unitCode: '016200101' };
const OTHERS = [
  { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101' },
  NURSE,
  { username: 'G12345', password: 'Gyogyszeresz-1', institutionId: 'P012345', unitCode: '123450001' },
  { username: 'X12345', password: 'Adatrogzito-1', institutionId: 'E01620K', unitCode: '016200103' },
];

interface Builders {
  password(seat: typeof DOCTOR, mobilTokenCode?: string): string;
  certificate(): string;
  service(service: string, token: string, body: string): string;
  extractAssertion(xml: string): string;
}

async function builders(): Promise<Builders> {
  const { passwordIssueRequest, certificateIssueRequest, extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const credential = pki.institution('E30217B');
  const S = 'http://www.w3.org/2003/05/soap-envelope';
  const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
  return {
    password: (seat, mobilTokenCode) => passwordIssueRequest({ ...seat, ...(mobilTokenCode === undefined ? {} : { mobilTokenCode }), now: new Date() }),
    certificate: () => certificateIssueRequest({ institutionId: 'E30217B', unitCode: '302170101', credential, now: new Date() }),
    service: (service, token, body) =>
      `<s:Envelope xmlns:s="${S}"><s:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:${randomUUID()}</wsa:MessageID><wsse:Security xmlns:wsse="${WSSE}" s:mustUnderstand="true">${token}</wsse:Security></s:Header><s:Body>${body.replace(/^<svc:(\w+)/, `<svc:$1 xmlns:svc="urn:eeszt-sim:services:${service}:2026"`)}</s:Body></s:Envelope>`,
    extractAssertion,
  };
}

const esc = (s: string): string => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
const el = (name: string, text: string): string => `<svc:${name}>${esc(text)}</svc:${name}>`;

/** The write of each service: request body with a unique marker in its health content. */
const WRITES: Record<Written['service'], { actor: 'doctor' | 'institution'; reader: 'doctor' | 'institution'; body(taj: string, marker: string): string; read: string; doc: string }> = {
  erecept: { actor: 'doctor', reader: 'doctor', read: 'GetPrescription', doc: 'Prescription', body: (taj, m) => `<svc:IssuePrescriptionRequest>${el('Taj', taj)}${el('ValidUntil', '2026-12-31')}${el('Medication', `Amlodipin 5 mg ${m}`)}${el('Dosage', '1x1')}</svc:IssuePrescriptionRequest>` },
  ebeutalo: { actor: 'doctor', reader: 'institution', read: 'GetReferral', doc: 'Referral', body: (taj, m) => `<svc:IssueReferralRequest>${el('Taj', taj)}${el('ReferralType', 'specialist')}${el('Diagnosis', `I10 ${m}`)}</svc:IssueReferralRequest>` },
  esemenykatalogus: { actor: 'institution', reader: 'doctor', read: 'GetCareEvent', doc: 'CareEvent', body: (taj, m) => `<svc:RegisterCareEventRequest>${el('Taj', taj)}${el('EventType', 'outpatient')}${el('Start', '2026-03-02T07:30:00Z')}${el('Diagnosis', `I10 ${m}`)}</svc:RegisterCareEventRequest>` },
  ehr: { actor: 'institution', reader: 'doctor', read: 'GetHealthDocument', doc: 'HealthDocument', body: (taj, m) => `<svc:SubmitHealthDocumentRequest>${el('Taj', taj)}${el('DocumentType', 'lab-result')}${el('Title', 'Labor')}${el('Body', `K+ 4.1 mmol/l ${m}`)}</svc:SubmitHealthDocumentRequest>` },
};
const SERVICES = Object.keys(WRITES) as Array<Written['service']>;

/** Shared state of the clients: tokens (refreshed by the token requests), patients. */
interface Shared {
  tokens: { doctor: string; institution: string; nurse: string };
  patients: string[];
}

async function client(n: number, agent: Agent, origin: string, b: Builders, shared: Shared, deadline: number, thinkMs: number, out: Outcome): Promise<void> {
  const mine: Written[] = [];
  let i = n; // spread the clients over the mix from the first request on
  const record = (kind: Kind, a: HttpAnswer): void => {
    out.samples.push({ kind, at: performance.now(), ms: a.ms });
  };
  const fail = (what: string, a: HttpAnswer): void => {
    out.errors.push(`${what}: ${a.error ?? `${a.status} ${errorCodeOf(a.text)} ${a.text.slice(0, 200)}`}`);
  };
  // A 503 OVERLOADED is waited out (Retry-After) and sent again, as a HIS must; the latency
  // recorded is the whole time until the real answer, waits included.
  const soap = async (path: string, body: string): Promise<HttpAnswer> => {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      const a = await http(agent, origin, 'POST', path, body, { 'content-type': SOAP12 });
      out.answers.push({ at: performance.now(), ms: a.ms });
      if (a.status !== 503 || errorCodeOf(a.text) !== 'OVERLOADED' || attempt >= 20) return { ...a, ms: performance.now() - started };
      out.overloaded += 1;
      await new Promise((r) => setTimeout(r, (a.retryAfter ?? 1) * 1000));
    }
  };
  const expectRefusal = async (what: string, path: string, body: string, code: string): Promise<void> => {
    const a = await soap(path, body);
    record('refusal', a);
    if (a.status >= 400 && a.status < 500 && errorCodeOf(a.text) === code) out.intended[code] = (out.intended[code] ?? 0) + 1;
    else fail(`${what} (expected ${code})`, a);
  };
  while (performance.now() < deadline) {
    const step = i++ % 20;
    const patient = shared.patients[(n + i) % shared.patients.length] as string;
    if (step === 0 || step === 7 || step === 13) {
      // password token for the doctor (kept for the service calls) or another persona
      const seat = step === 0 ? DOCTOR : (OTHERS[(n + i) % OTHERS.length] as typeof DOCTOR);
      const a = await soap('/sts', b.password(seat));
      record('token-password', a);
      if (a.status === 200 && a.text.includes('<saml:Assertion')) {
        // The doctor's service calls keep the two-factor token of the setup (a mobilToken code works
        // once, and a password-only token is refused for patients' data: MULTI_FACTOR_REQUIRED).
        out.ok['token-password']++;
        if (seat === NURSE) shared.tokens.nurse = b.extractAssertion(a.text);
      } else fail(`token for ${seat.username}`, a);
    } else if (step === 10) {
      const a = await soap('/sts', b.certificate());
      record('token-certificate', a);
      if (a.status === 200 && a.text.includes('<saml:Assertion')) {
        out.ok['token-certificate']++;
        shared.tokens.institution = b.extractAssertion(a.text);
      } else fail('institutional token', a);
    } else if (step === 1 || step === 11) {
      const service = SERVICES[(n + i) % SERVICES.length] as Written['service'];
      const w = WRITES[service];
      const marker = `m-${n}-${i}-${randomUUID().slice(0, 8)}`;
      const a = await soap(`/services/${service}`, b.service(service, w.actor === 'doctor' ? shared.tokens.doctor : shared.tokens.institution, w.body(patient, marker)));
      record('write', a);
      const id = /<Id>([^<]+)<\/Id>/.exec(a.text)?.[1];
      if (a.status === 200 && id !== undefined) {
        out.ok.write++;
        const written = { service, id, marker };
        mine.push(written);
        out.written.push(written);
      } else fail(`write ${service}`, a);
    } else if (step === 5) {
      const a = await soap('/services/erecept', b.service('erecept', shared.tokens.doctor, `<svc:ListPrescriptionsRequest>${el('Taj', patient)}</svc:ListPrescriptionsRequest>`));
      record('list', a);
      if (a.status === 200 && a.text.includes('<Count>')) out.ok.list++;
      else fail('list eRecept', a);
    } else if (step === 17) {
      await expectRefusal('tampered token', '/services/erecept', b.service('erecept', shared.tokens.doctor.replace('>O50123</saml:NameID>', '>O94567</saml:NameID>'), WRITES.erecept.body(patient, 'x')), 'TOKEN_SIGNATURE_INVALID');
    } else if (step === 19) {
      await expectRefusal('unknown document', '/services/erecept', b.service('erecept', shared.tokens.doctor, `<svc:GetPrescriptionRequest>${el('Id', `ER-9${n}${i}`)}</svc:GetPrescriptionRequest>`), 'DOCUMENT_NOT_FOUND');
    } else if (step === 3) {
      await expectRefusal('nurse writing a prescription', '/services/erecept', b.service('erecept', shared.tokens.nurse, WRITES.erecept.body(patient, 'x')), 'ROLE_MISSING');
    } else if (step === 15) {
      await expectRefusal('XML with a DOCTYPE', '/sts', `<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>${b.password(DOCTOR)}`, 'XML_FORBIDDEN_CONSTRUCT');
    } else {
      // read back one of this client's documents (or a fresh list while it has none)
      const doc = mine[(i * 7919) % Math.max(1, mine.length)];
      if (doc === undefined) {
        i++;
        continue;
      }
      const w = WRITES[doc.service];
      const a = await soap(`/services/${doc.service}`, b.service(doc.service, w.reader === 'doctor' ? shared.tokens.doctor : shared.tokens.institution, `<svc:${w.read}Request>${el('Id', doc.id)}</svc:${w.read}Request>`));
      record('read', a);
      if (a.status === 200 && a.text.includes(doc.marker)) out.ok.read++;
      else fail(`read ${doc.service} ${doc.id}`, a);
    }
    if (thinkMs > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 * thinkMs));
  }
}

/**
 * A HIS that connects while the simulator is saturated: a new connection (no keep-alive pool to
 * reuse) asking for its first token. Its first answer must come within 5 s (issue 16 goal 3): the
 * token, or a 503 `OVERLOADED` with `Retry-After`; nothing else, never silence (60 s timeout).
 */
async function lateClient(origin: string, b: Builders): Promise<LateAnswer> {
  const agent = new Agent({ keepAlive: false });
  try {
    const a = await http(agent, origin, 'POST', '/sts', b.password(DOCTOR), { 'content-type': SOAP12 }, 60_000);
    if (a.error !== undefined) return { ms: a.ms, outcome: 'none', detail: a.error };
    if (a.status === 200 && a.text.includes('<saml:Assertion')) return { ms: a.ms, outcome: 'served' };
    if (a.status === 503 && errorCodeOf(a.text) === 'OVERLOADED' && a.retryAfter !== undefined) return { ms: a.ms, outcome: 'overloaded' };
    return { ms: a.ms, outcome: 'other', detail: `${a.status} ${errorCodeOf(a.text)} ${a.text.slice(0, 200)}` };
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

interface MemorySample {
  t: number;
  memory: Memory;
}

const MiB = (n: number): string => (n / 1024 / 1024).toFixed(1);
const serverFlags = (process.env['EESZT_LOAD_SERVER_FLAGS'] ?? '').trim();
/** The GC pauses of a run by kind, e.g. `minor 812 (1.9 s, longest 14 ms), major 6 (0.3 s, longest 71 ms); 1 pause over 50 ms`. */
function gcLine(g: GcStats): string {
  const kinds = Object.entries(g.kinds)
    .sort(([, a], [, b]) => b.totalMs - a.totalMs)
    .map(([kind, k]) => `${kind} ${k.count} (${fmt(k.totalMs / 1000)} s, longest ${fmt(k.maxMs)} ms)`);
  return `${kinds.join(', ') || 'none'}; ${g.over50ms} ${g.over50ms === 1 ? 'pause' : 'pauses'} over 50 ms`;
}
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const started = performance.now();
  const loadBefore = loadavg();
  const watchdogMs = (opts.seconds + 180) * 1000;
  const server = await ServerProcess.start();
  const watchdog = setTimeout(() => {
    console.error(`load-bench: still running after ${watchdogMs / 1000} s; stopping`);
    server.child.kill('SIGKILL');
    process.exit(2);
  }, watchdogMs);
  watchdog.unref();
  const interrupt = (): void => {
    server.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const url = new URL(server.origin);
  if (url.hostname !== '127.0.0.1') throw new Error(`the simulator must listen on 127.0.0.1, not ${url.hostname}`);
  console.log(`load-bench: simulator at ${server.origin} (pid ${server.child.pid}); ${opts.clients} clients for ${opts.seconds} s (warm-up ${opts.warmupSeconds} s)`);
  const b = await builders();
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients + 10 });

  // Setup: tokens, the patients, and a care event of E30217B for each (so its doctor treats them).
  const first = async (xml: string): Promise<string> => {
    const a = await http(agent, server.origin, 'POST', '/sts', xml, { 'content-type': SOAP12 });
    if (!a.text.includes('<saml:Assertion')) throw new Error(`setup: no token (${a.status} ${a.text.slice(0, 300)})`);
    return b.extractAssertion(a.text);
  };
  // Two factors for the doctor (password and the mobilToken code), as the strict policy requires for patients' data.
  const { mobilTokenCode } = await controlJson<{ mobilTokenCode: string }>(agent, server.origin, `/_sim/mobiltoken/${DOCTOR.username}`);
  const shared: Shared = { tokens: { doctor: await first(b.password(DOCTOR, mobilTokenCode)), institution: await first(b.certificate()), nurse: await first(b.password(NURSE)) }, patients: [] };
  const fixtures = await controlJson<{ patients: Array<{ taj: string }> }>(agent, server.origin, '/_sim/fixtures');
  shared.patients = fixtures.patients.slice(0, 20).map((p) => p.taj);
  for (const taj of shared.patients) {
    const a = await http(agent, server.origin, 'POST', '/services/esemenykatalogus', b.service('esemenykatalogus', shared.tokens.institution, WRITES.esemenykatalogus.body(taj, 'setup')), { 'content-type': SOAP12 });
    if (a.status !== 200) throw new Error(`setup: care event for ${taj}: ${a.status} ${a.text.slice(0, 300)}`);
  }

  // Open every client's connection first, while the simulator is idle. Under full load Node's HTTP
  // server takes up a new connection only about once per event-loop turn (one turn serves every
  // busy connection once, ~0.5 s here), so a client connecting into a saturated simulator waits
  // seconds for its first answer; a HIS keeps its connection open, and so do these clients.
  const connectStarted = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, () => http(agent, server.origin, 'GET', '/.well-known/eeszt-sim', undefined, {})));
  const connectMs = performance.now() - connectStarted;

  const out: Outcome = { samples: [], ok: { 'token-password': 0, 'token-certificate': 0, write: 0, read: 0, list: 0, refusal: 0 }, intended: {}, errors: [], written: [], overloaded: 0, answers: [] };
  const memory: MemorySample[] = [];
  const baseline = { memory: await server.memory(true) };
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const warmEnd = t0 + opts.warmupSeconds * 1000;
  let sampling = true;
  /** The heap after a full GC once the run is steady: warm-up over and the journal ring full. */
  let steady: { t: number; memory: Memory } | undefined;
  let afterWarmup: Memory | undefined;
  const sampler = (async () => {
    while (sampling) {
      const now = performance.now();
      const m = await server.memory(false);
      memory.push({ t: (now - t0) / 1000, memory: m });
      if (steady === undefined && now >= warmEnd && m.journal >= m.journalCapacity && now < deadline - 5_000) {
        steady = { t: (performance.now() - t0) / 1000, memory: await server.memory(true) };
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  let clientCpu0 = process.cpuUsage();
  const warmupMark = (async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, warmEnd - performance.now())));
    clientCpu0 = process.cpuUsage();
    await server.cpu();
    afterWarmup = await server.memory(true);
  })();
  // New connections into the saturated simulator: spread over the middle of the measured part.
  const lateFrom = warmEnd + 1000;
  const lateSpreadMs = Math.max(0, Math.min(10_000, (deadline - lateFrom) / 2));
  const late = Array.from({ length: opts.lateClients }, async (_, k) => {
    await new Promise((r) => setTimeout(r, lateFrom - performance.now() + (k * lateSpreadMs) / Math.max(1, opts.lateClients)));
    return lateClient(server.origin, b);
  });
  await Promise.all(Array.from({ length: opts.clients }, (_, n) => client(n, agent, server.origin, b, shared, deadline, opts.thinkMs, out)));
  const lateAnswers = await Promise.all(late);
  const loadSeconds = (performance.now() - t0) / 1000;
  await warmupMark;
  const cpu = await server.cpu();
  const clientCpu = process.cpuUsage(clientCpu0);
  sampling = false;
  await sampler;
  const firsts = await server.firsts();
  const endState = await controlJson<{ store: { bytes: number; buckets: Record<string, number> } }>(agent, server.origin, '/_sim/state');
  const atEnd = await server.memory(true);

  // Nothing lost: read back every document a write was answered for.
  let verified = 0;
  const lost: string[] = [];
  const queue = [...out.written];
  const verifyAgent = new Agent({ keepAlive: true, maxSockets: 32 });
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let doc = queue.pop(); doc !== undefined; doc = queue.pop()) {
        const w = WRITES[doc.service];
        const token = w.reader === 'doctor' ? shared.tokens.doctor : shared.tokens.institution;
        const a = await http(verifyAgent, server.origin, 'POST', `/services/${doc.service}`, b.service(doc.service, token, `<svc:${w.read}Request>${el('Id', doc.id)}</svc:${w.read}Request>`), { 'content-type': SOAP12 });
        if (a.status === 200 && a.text.includes(doc.marker)) verified++;
        else lost.push(`${doc.service} ${doc.id}: ${a.status} ${errorCodeOf(a.text)}`);
      }
    }),
  );
  const documentsInStore = SERVICES.reduce((n, s) => n + (endState.store.buckets[`services.${s}.documents`] ?? 0), 0);
  await server.stop();
  agent.destroy();
  verifyAgent.destroy();
  clearTimeout(watchdog);

  // ---- figures -------------------------------------------------------------------------------
  const measured = out.samples.filter((s) => s.at >= warmEnd);
  const measuredSeconds = Math.max(0.001, loadSeconds - opts.warmupSeconds);
  const tokens = measured.filter((s) => s.kind === 'token-password' || s.kind === 'token-certificate');
  const calls = measured.filter((s) => s.kind === 'write' || s.kind === 'read' || s.kind === 'list');
  const row = (label: string, list: Sample[]): string => {
    const ms = list.map((s) => s.ms);
    return ms.length === 0 ? `| ${label} | 0 | | | | |` : `| ${label} | ${fmt(list.length / measuredSeconds)} | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 90))} | ${fmt(percentile(ms, 99))} | ${fmt(Math.max(...ms))} |`;
  };
  const windowSeconds = opts.seconds >= 60 ? 10 : Math.max(1, Math.round(opts.seconds / 6));
  const windows: string[] = [];
  for (let w = 0; w * windowSeconds < loadSeconds - 0.5; w++) {
    const from = t0 + w * windowSeconds * 1000;
    const until = Math.min((w + 1) * windowSeconds, loadSeconds);
    const inWindow = out.samples.filter((x) => x.at >= from && x.at < from + windowSeconds * 1000);
    const rss = memory.filter((m) => m.t >= w * windowSeconds && m.t < (w + 1) * windowSeconds).map((m) => m.memory.rss);
    const ms = inWindow.map((x) => x.ms);
    windows.push(
      `| ${w * windowSeconds}-${Number.isInteger(until) ? until : until.toFixed(1)} s | ${fmt(inWindow.length / Math.max(0.001, until - w * windowSeconds))} | ${ms.length === 0 ? '' : fmt(percentile(ms, 50))} | ${ms.length === 0 ? '' : fmt(percentile(ms, 99))} | ${ms.length === 0 ? '' : fmt(Math.max(...ms))} | ${rss.length === 0 ? '' : MiB(Math.max(...rss))} |`,
    );
  }
  const from = steady ?? (afterWarmup === undefined ? undefined : { t: opts.warmupSeconds, memory: afterWarmup });
  const after = memory.filter((m) => m.t >= (from?.t ?? opts.warmupSeconds));
  const rssAfter = after.map((m) => m.memory.rss);
  const heapGrowth = (from === undefined ? 0 : atEnd.heapUsed - from.memory.heapUsed) / 1024 / 1024;
  const storeGrowth = (from === undefined ? 0 : atEnd.storeBytes - from.memory.storeBytes) / 1024 / 1024;
  const journalGrowth = (from === undefined ? 0 : atEnd.journalBytes - from.memory.journalBytes) / 1024 / 1024;
  const minutes = Math.max(1e-9, (loadSeconds - (from?.t ?? opts.warmupSeconds)) / 60);
  const answers = out.answers.filter((x) => x.at >= warmEnd).map((x) => x.ms);
  const lateWithin = lateAnswers.filter((x) => x.ms <= 5000 && (x.outcome === 'served' || x.outcome === 'overloaded'));
  const lateMs = lateAnswers.map((x) => x.ms);
  const lateOther = lateAnswers.filter((x) => x.outcome === 'other' || x.outcome === 'none');
  // On the simulator's side: the connections accepted from the first late client on, until the load ended.
  const lateFromEpoch = performance.timeOrigin + lateFrom - 50;
  const serverLate = firsts.filter((f) => f.acceptedAt >= lateFromEpoch && f.acceptedAt <= performance.timeOrigin + deadline);
  const acceptToRequest = serverLate.map((f) => f.requestAt - f.acceptedAt);
  const requestToAnswer = serverLate.map((f) => f.answeredAt - f.requestAt);
  const serverSide =
    serverLate.length === 0
      ? ''
      : ` On the simulator's side (${serverLate.length} connections accepted during the load from then on): accepted to first request p50 ${fmt(percentile(acceptToRequest, 50))} ms, max ${fmt(Math.max(...acceptToRequest))} ms; first request to answer p50 ${fmt(percentile(requestToAnswer, 50))} ms, max ${fmt(Math.max(...requestToAnswer))} ms (the rest of the client's time is its own process and the connection's wait before it was accepted).`;
  const lateLine =
    opts.lateClients === 0
      ? ''
      : `- **New connections during saturation: ${lateWithin.length} of ${opts.lateClients} answered within 5 s** (${lateAnswers.filter((x) => x.outcome === 'served').length} with the token, ${lateAnswers.filter((x) => x.outcome === 'overloaded').length} with 503 \`OVERLOADED\` and \`Retry-After\`${lateOther.length === 0 ? '' : `, **${lateOther.length} with something else or nothing** (first: ${lateOther[0]?.detail ?? ''})`}). Each opened a new connection and asked for a password token, ${lateSpreadMs >= 1000 ? `spread over ${fmt(lateSpreadMs / 1000)} s from ${fmt((lateFrom - t0) / 1000)} s` : 'all at once'}, while the ${opts.clients} clients kept the simulator saturated; time to the first answer (measured by the client) p50 ${fmt(percentile(lateMs, 50))} ms, p99 ${fmt(percentile(lateMs, 99))} ms, max ${fmt(Math.max(...lateMs))} ms.${serverSide}\n`;
  const intended = Object.entries(out.intended).map(([code, n]) => `${code} ${n}`).join(', ');
  const unintended = out.errors.length;
  const today = new Date().toISOString().slice(0, 10);
  const cpuName = (cpus()[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const markdown = `## Load and soak

${opts.clients} concurrent clients for ${fmt(loadSeconds)} s against one simulator, measured by \`bench/load\`
(\`npm run bench:load\`) on ${cpus().length} cores (${cpuName}), Node.js ${process.version}, ${today}, load average ${loadBefore.map((n) => n.toFixed(1)).join(' / ')} before the run and ${loadavg().map((n) => n.toFixed(1)).join(' / ')} after it. The whole simulator
(\`createSimulator\` behind \`listen()\`, as \`eeszt-sim serve\`) runs in a child process on 127.0.0.1; the clients are a
closed loop on node:http with keep-alive in the parent (${opts.thinkMs === 0 ? 'no think time: the simulator is saturated' : `think time ${opts.thinkMs} ms on average`}), each on a connection opened
before the load (${fmt(connectMs)} ms for all ${opts.clients}; see docs/hardening.md on new connections to a saturated simulator). Each client cycles through
a mix of 20 steps: 3 password token requests (the doctor O50123 or another persona), 1 institutional-certificate
token request (E30217B, signed Body and Timestamp), 2 writes (eRecept, eBeutaló, Eseménykatalógus, EHR in turn),
1 eRecept list, 9 reads of its own documents, and 4 deliberately wrong requests (a tampered token, an unknown
document, a nurse writing a prescription, a DOCTYPE), whose refusal codes are checked. Rates and latencies count
the ${fmt(measuredSeconds)} s after a ${opts.warmupSeconds} s warm-up.

The latencies below run until each request was served, waits after \`OVERLOADED\` included. **Mixed p99 ${fmt(percentile(measured.map((x) => x.ms), 99))} ms until served; ${answers.length === 0 ? '?' : fmt(percentile(answers, 99))} ms per answer** (every exchange, a 503 \`OVERLOADED\` counting as an answer, its retry as another).

| request | per second | p50 ms | p90 ms | p99 ms | max ms |
|---|---|---|---|---|---|
${row('token (password and certificate)', tokens)}
${row('&nbsp;&nbsp;password', tokens.filter((s) => s.kind === 'token-password'))}
${row('&nbsp;&nbsp;institutional certificate', tokens.filter((s) => s.kind === 'token-certificate'))}
${row('service call (write, read, list)', calls)}
${row('&nbsp;&nbsp;write', calls.filter((s) => s.kind === 'write'))}
${row('&nbsp;&nbsp;read', calls.filter((s) => s.kind === 'read'))}
${row('&nbsp;&nbsp;list', calls.filter((s) => s.kind === 'list'))}
${row('intended refusal', measured.filter((s) => s.kind === 'refusal'))}
${row('all', measured)}

- **Errors other than the intended refusals: ${unintended}**${unintended === 0 ? '' : ` (first: ${out.errors[0] ?? ''})`}. Intended refusals, each with its expected code: ${intended || 'none'}. Answered 503 \`OVERLOADED\` (admission control) and sent again after \`Retry-After\`: ${out.overloaded}.
${lateLine}- **Nothing lost**: ${out.written.length} writes were accepted during the run; afterwards ${verified} of them were read back with the content written${lost.length === 0 ? '' : `, **${lost.length} were not** (first: ${lost[0] ?? ''})`}; the store holds ${documentsInStore} documents (${shared.patients.length} of them the care events of the setup).
- **Memory of the simulator process** (RSS sampled every second, heap after a full GC at the marks):

| when | RSS MiB | heap used MiB (after GC) | journal entries (MiB, UTF-8) | store records MiB |
|---|---|---|---|---|
${[
  ['before the load', baseline.memory] as const,
  ...(afterWarmup === undefined ? [] : [[`end of the warm-up (${opts.warmupSeconds} s)`, afterWarmup] as const]),
  ...(steady === undefined ? [] : [[`journal full (${fmt(steady.t)} s)`, steady.memory] as const]),
  ['end of the run', atEnd] as const,
]
  .map(([when, m]) => `| ${when} | ${MiB(m.rss)} | ${MiB(m.heapUsed)} | ${m.journal} (${MiB(m.journalBytes)}) | ${MiB(m.storeBytes)} |`)
  .join('\n')}

  Over time (answers completed in each window; RSS the highest sample in it):

| window | requests/s | p50 ms | p99 ms | max ms | RSS MiB |
|---|---|---|---|---|---|
${windows.join('\n')}

  From ${from === undefined ? 'the warm-up' : `${fmt(from.t)} s (${steady === undefined ? 'end of the warm-up; the journal ring did not fill up in this run' : 'warm-up over and the journal ring full'})`} to the end RSS stayed between ${rssAfter.length === 0 ? '?' : MiB(Math.min(...rssAfter))} and ${rssAfter.length === 0 ? '?' : MiB(Math.max(...rssAfter))} MiB, and the heap after GC
  changed by ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MiB (${heapGrowth >= 0 ? '+' : ''}${(heapGrowth / minutes).toFixed(1)} MiB per minute), while what the simulator keeps on purpose grew: the documents
  written by ${storeGrowth.toFixed(1)} MiB of JSON, and the journal's content by ${journalGrowth.toFixed(1)} MiB (${from?.memory.journal ?? '?'} -> ${atEnd.journal} entries; the
  eRecept list answers it records grow with the documents). The journal is a bounded ring (${atEnd.journalCapacity} entries, at most 64 MiB); the store
  is bounded too (docs/hardening.md).
- Simulator process: ${fmt(cpu.cpuMs / 1000)} s of CPU in ${fmt(loadSeconds - opts.warmupSeconds)} s after the warm-up (event loop ${Math.round(cpu.utilisation * 100)} % busy), **${fmt((cpu.cpuMs * 1000) / Math.max(1, answers.length))} µs of CPU per answer** (${answers.length} answers${serverFlags === '' ? '' : `; Node flags \`${serverFlags}\``}). Its garbage collections after the warm-up: ${gcLine(cpu.gc)}.
- Load client (this process, on the same ${cpus().length} cores): ${fmt((clientCpu.user + clientCpu.system) / 1e6)} s of CPU after the warm-up, ${fmt((clientCpu.user + clientCpu.system) / Math.max(1, answers.length))} µs per answer (${((clientCpu.user + clientCpu.system) / 1000 / Math.max(1, cpu.cpuMs)).toFixed(2)}x the simulator's CPU).
`;
  console.log(`\n${markdown}`);
  const total = (performance.now() - started) / 1000;
  console.log(`load-bench: done in ${total.toFixed(1)} s`);
  const write = opts.write ?? opts.seconds >= 60;
  if (write) console.log(`load-bench: wrote ${writePerformanceSection('load', markdown)}`);
  if (unintended > 0) {
    console.error(`load-bench: ${unintended} unintended errors, e.g.:\n${out.errors.slice(0, 10).join('\n')}`);
  }
  if (lost.length > 0) console.error(`load-bench: ${lost.length} accepted writes could not be read back, e.g.:\n${lost.slice(0, 10).join('\n')}`);
  if (lateOther.length > 0) console.error(`load-bench: ${lateOther.length} clients connecting during saturation got no answer or a wrong one, e.g.:\n${lateOther.slice(0, 5).map((x) => x.detail).join('\n')}`);
  process.exit(unintended === 0 && lost.length === 0 ? 0 : 1);
}

if (process.argv.includes('--server')) {
  void runServer();
} else {
  main().catch((err: unknown) => {
    console.error(`load-bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
