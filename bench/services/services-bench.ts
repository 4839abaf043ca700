/**
 * Service-call benchmark: a HIS holding one SAML token makes read, write and list calls with it
 * (seed 003: „A SAML jegy érvényességi ideje alatt tetszőleges számú kérelemben használható
 * fel.”). For each operation it prints the simulator's CPU time per call and its ratios to two
 * floors measured in the same run: the same simulator answering its discovery document (every
 * middleware, no work; the floor issue 16 names), and Hono on @hono/node-server reading the same
 * request and answering the very answer the simulator gave (captured in the setup), without any
 * work. A ratio is calls per CPU second of the simulator against the floor's.
 *
 * - eRecept `GetPrescriptionRequest` (read) of one prescription;
 * - eRecept `ListPrescriptionsRequest` (list) of a patient with a fixed number of prescriptions;
 * - eRecept `IssuePrescriptionRequest` (write), a fresh prescription each (for another patient).
 * Every call carries the same token, as a HIS's do; the whole simulator (`createSimulator`: run
 * dispatcher, journal, fault injection, every middleware) runs in a child process on one event
 * loop, as `eeszt-sim serve`; a closed-loop node:http client with keep-alive drives it.
 *
 * Run: `npm run bench:services`. Options (env): BENCH_SECONDS (5 per operation), BENCH_CONCURRENCY (8),
 * BENCH_WARMUP_SECONDS (2, per operation, all before any is measured), BENCH_ROUNDS (3), BENCH_NO_WRITE=1 to leave docs/performance.md alone,
 * BENCH_OPERATIONS=read,list,write (those measured; docs/performance.md is written only when all are),
 * BENCH_PROFILE_DIR=<dir> to write CPU profiles of the server processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, percentile, runBenchMain, writePerformanceSection } from '../report-section.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const SEED = 1;
const SOAP12 = 'application/soap+xml; charset=utf-8';
const PATH = '/services/erecept';
const DISCOVERY = '/.well-known/eeszt-sim';
/** Prescriptions the listed patient holds. */
const LISTED = 5;

type Operation = 'read' | 'list' | 'write';
/** The operations measured: all, or those BENCH_OPERATIONS names (comma-separated; e.g. `read` to profile one). */
const OPERATIONS: readonly Operation[] = (['read', 'list', 'write'] as const).filter((op) => (process.env['BENCH_OPERATIONS'] ?? 'read,list,write').split(',').includes(op));

/** Messages between the parent and a server child. */
type ToServer = 'mark' | 'report' | 'stop' | { canned: Record<Operation, string> };
interface ServerStats {
  cpuMs: number;
}

// ---------------------------------------------------------------------------------------------
// Server children
// ---------------------------------------------------------------------------------------------

async function runSimulator(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const server = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.send?.({ port: info.port }));
  answerParent(() => server.close(() => process.exit(0)));
}

/** The floor: read the request, answer the simulator's own answer for that operation. */
async function runFloor(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const canned = await new Promise<Record<Operation, string>>((resolve) => {
    const on = (m: unknown): void => {
      if (typeof m === 'object' && m !== null && 'canned' in m) {
        process.off('message', on);
        resolve((m as { canned: Record<Operation, string> }).canned);
      }
    };
    process.on('message', on);
  });
  const app = new Hono();
  app.post(PATH, async (c) => {
    const text = await c.req.text();
    const op: Operation = text.includes('GetPrescriptionRequest') ? 'read' : text.includes('ListPrescriptionsRequest') ? 'list' : 'write';
    return c.body(canned[op], 200, { 'content-type': SOAP12 });
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.send?.({ port: info.port }));
  answerParent(() => server.close(() => process.exit(0)));
}

function answerParent(stop: () => void): void {
  let cpu = process.cpuUsage();
  process.on('message', (m: unknown) => {
    if (m === 'mark') cpu = process.cpuUsage();
    else if (m === 'report') {
      const c = process.cpuUsage(cpu);
      process.send?.({ cpuMs: (c.user + c.system) / 1000 } satisfies ServerStats);
    } else if (m === 'stop') stop();
  });
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  text: string;
  ms: number;
}

function post(agent: Agent, port: number, path: string, body: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers = body === undefined ? {} : { 'content-type': SOAP12, 'content-length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** GET a control path; the answer's text (a status other than 200 fails the run). */
async function get(agent: Agent, port: number, path: string): Promise<string> {
  const a = await post(agent, port, path, undefined);
  if (a.status !== 200) throw new Error(`setup: GET ${path}: ${a.status} ${a.text.slice(0, 400)}`);
  return a.text;
}

interface Child {
  port: number;
  proc: ChildProcess;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

async function startChild(kind: 'simulator' | 'floor', canned?: Record<Operation, string>): Promise<Child> {
  const profile = process.env['BENCH_PROFILE_DIR'];
  const proc = fork(fileURLToPath(import.meta.url), ['--server', kind], {
    execArgv: profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (canned !== undefined) proc.send({ canned } satisfies ToServer);
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as { port: number }));
    proc.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  return {
    port,
    proc,
    stats: () =>
      new Promise((resolve) => {
        proc.once('message', (m) => resolve(m as ServerStats));
        proc.send('report' satisfies ToServer);
      }),
    stop: async () => {
      proc.send('stop' satisfies ToServer);
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** What the HIS sends: the envelope around one request element, with its token. */
interface Calls {
  body(op: Operation): string;
}

const S = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
function envelope(token: string, element: string, service = 'erecept'): string {
  return `<s:Envelope xmlns:s="${S}"><s:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:${randomUUID()}</wsa:MessageID><wsse:Security xmlns:wsse="${WSSE}" s:mustUnderstand="true">${token}</wsse:Security></s:Header><s:Body>${element.replace(/^<svc:(\w+)/, `<svc:$1 xmlns:svc="urn:eeszt-sim:services:${service}:2026"`)}</s:Body></s:Envelope>`;
}
const prescription = (taj: string, marker: string): string =>
  `<svc:IssuePrescriptionRequest><svc:Taj>${taj}</svc:Taj><svc:ValidUntil>2026-12-31</svc:ValidUntil><svc:Medication>Amlodipin 5 mg ${marker}</svc:Medication><svc:Dosage>1x1</svc:Dosage></svc:IssuePrescriptionRequest>`;

/** Tokens, care events, the read prescription and the listed patient's prescriptions; the calls and the canned answers. */
async function setup(port: number): Promise<{ calls: Calls; canned: Record<Operation, string> }> {
  const { passwordIssueRequest, certificateIssueRequest, extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const agent = new Agent({ keepAlive: true });
  const ok = async (what: string, path: string, body: string): Promise<string> => {
    const a = await post(agent, port, path, body);
    if (a.status !== 200) throw new Error(`setup: ${what}: ${a.status} ${a.text.slice(0, 400)}`);
    return a.text;
  };
  // Two factors (password and the mobilToken code), as the strict policy requires for patients' data.
  const { mobilTokenCode } = JSON.parse(await get(agent, port, '/_sim/mobiltoken/O50123')) as { mobilTokenCode: string };
  const doctor = extractAssertion(
    await ok('doctor token', '/sts', passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', mobilTokenCode, institutionId: 'E30217B', unitCode: '302170101', now: new Date() })),
  );
  const institution = extractAssertion(
    await ok('institution token', '/sts', certificateIssueRequest({ institutionId: 'E30217B', unitCode: '302170101', credential: pki.institution('E30217B'), now: new Date() })),
  );
  const fixtures = JSON.parse(await get(agent, port, '/_sim/fixtures')) as { patients: Array<{ taj: string }> };
  const [listed, written] = fixtures.patients.map((p) => p.taj);
  if (listed === undefined || written === undefined) throw new Error('setup: the default fixtures have fewer than two patients');
  for (const taj of [listed, written]) {
    await ok(
      `care event for ${taj}`,
      '/services/esemenykatalogus',
      envelope(institution, `<svc:RegisterCareEventRequest><svc:Taj>${taj}</svc:Taj><svc:EventType>outpatient</svc:EventType><svc:Start>2026-03-02T07:30:00Z</svc:Start><svc:Diagnosis>I10</svc:Diagnosis></svc:RegisterCareEventRequest>`, 'esemenykatalogus'),
    );
  }
  let readId = '';
  for (let i = 0; i < LISTED; i++) {
    const text = await ok('prescription', PATH, envelope(doctor, prescription(listed, `setup-${i}`)));
    readId = /<Id>([^<]+)<\/Id>/.exec(text)?.[1] ?? '';
  }
  const calls: Calls = {
    body: (op) =>
      op === 'read'
        ? envelope(doctor, `<svc:GetPrescriptionRequest><svc:Id>${readId}</svc:Id></svc:GetPrescriptionRequest>`)
        : op === 'list'
          ? envelope(doctor, `<svc:ListPrescriptionsRequest><svc:Taj>${listed}</svc:Taj></svc:ListPrescriptionsRequest>`)
          : envelope(doctor, prescription(written, randomUUID().slice(0, 8))),
  };
  const canned = {} as Record<Operation, string>;
  for (const op of OPERATIONS) canned[op] = await ok(`first ${op}`, PATH, calls.body(op));
  agent.destroy();
  return { calls, canned };
}

interface LoadResult {
  ok: number;
  seconds: number;
  latenciesMs: number[];
}

/** Closed loop: `CONCURRENCY` calls in flight for `seconds`; every answer must be 200 with the expected content. */
async function load(port: number, seconds: number, op: Operation | 'discovery', calls: Calls): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latenciesMs: number[] = [];
  let ok = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const expected = op === 'discovery' ? '"sts"' : op === 'list' ? '<Count>' : op === 'read' ? 'Amlodipin' : '<Id>';
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const a = op === 'discovery' ? await post(agent, port, DISCOVERY, undefined) : await post(agent, port, PATH, calls.body(op));
      if (a.status !== 200 || !a.text.includes(expected)) throw new Error(`${op}: ${a.status} ${a.text.slice(0, 400)}`);
      latenciesMs.push(a.ms);
      ok++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  agent.destroy();
  return { ok, seconds: (performance.now() - t0) / 1000, latenciesMs };
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  cpuUs: number;
}

/** Every operation once for the warm-up time (so the JIT has seen all of them before any is measured). */
async function warmUp(child: Child, ops: ReadonlyArray<Operation | 'discovery'>, calls: Calls): Promise<void> {
  for (const op of ops) await load(child.port, WARMUP_SECONDS, op, calls);
}

async function measure(child: Child, op: Operation | 'discovery', calls: Calls): Promise<Figures> {
  child.proc.send('mark' satisfies ToServer);
  const r = await load(child.port, SECONDS, op, calls);
  const stats = await child.stats();
  return { perSecond: r.ok / r.seconds, p50: percentile(r.latenciesMs, 50), p99: percentile(r.latenciesMs, 99), cpuUs: (stats.cpuMs * 1000) / Math.max(1, r.ok) };
}

/** `xs` turned left by `by` places. */
function rotated<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const runs = { simulator: new Map<Operation, Figures[]>(), floor: new Map<Operation, Figures[]>(), discovery: [] as Figures[] };
  for (const op of OPERATIONS) {
    runs.simulator.set(op, []);
    runs.floor.set(op, []);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const sim = await startChild('simulator');
    let calls: Calls;
    let canned: Record<Operation, string>;
    try {
      ({ calls, canned } = await setup(sim.port));
      await warmUp(sim, ['discovery', ...OPERATIONS], calls);
      // The floor is measured before and after the operations (both count), and the operations'
      // order turns with each round: a process's cost drifts as its journal fills and its code
      // is optimised, and no operation should always be measured first or last.
      runs.discovery.push(await measure(sim, 'discovery', calls));
      for (const op of rotated(OPERATIONS, round)) runs.simulator.get(op)?.push(await measure(sim, op, calls));
      runs.discovery.push(await measure(sim, 'discovery', calls));
    } finally {
      await sim.stop();
    }
    const floor = await startChild('floor', canned);
    try {
      await warmUp(floor, OPERATIONS, calls);
      for (const op of OPERATIONS) runs.floor.get(op)?.push(await measure(floor, op, calls));
    } finally {
      await floor.stop();
    }
  }
  const med = (xs: Figures[]): Figures => ({
    perSecond: median(xs.map((f) => f.perSecond)),
    p50: median(xs.map((f) => f.p50)),
    p99: median(xs.map((f) => f.p99)),
    cpuUs: median(xs.map((f) => f.cpuUs)),
  });
  const rows: string[] = [];
  const lines: string[] = [`medians of ${ROUNDS} rounds (the floor: of ${runs.discovery.length} measurements, before and after the operations), ${CONCURRENCY} in flight, ${SECONDS} s per operation`];
  const r2 = (x: number): string => x.toFixed(2);
  const d = med(runs.discovery);
  lines.push(`floor: simulator discovery GET ${d.perSecond.toFixed(0)}/s, ${d.cpuUs.toFixed(0)} us CPU each (${(1e6 / d.cpuUs).toFixed(0)} per CPU s)`);
  rows.push(`| floor: discovery \`GET ${DISCOVERY}\` (same simulator, no work) | ${d.perSecond.toFixed(0)} | ${r2(d.p50)} / ${r2(d.p99)} ms | ${d.cpuUs.toFixed(0)} µs | ${(1e6 / d.cpuUs).toFixed(0)} | | | |`);
  for (const op of OPERATIONS) {
    const s = med(runs.simulator.get(op) ?? []);
    const f = med(runs.floor.get(op) ?? []);
    const ratio = d.cpuUs / s.cpuUs;
    const ratioCanned = f.cpuUs / s.cpuUs;
    lines.push(
      `${op}: simulator ${s.perSecond.toFixed(0)}/s, ${s.cpuUs.toFixed(0)} us CPU each (${(1e6 / s.cpuUs).toFixed(0)} per CPU s), p50 ${r2(s.p50)} p99 ${r2(s.p99)} ms; ratio to discovery ${r2(ratio)}; canned-answer floor ${f.cpuUs.toFixed(0)} us (${(1e6 / f.cpuUs).toFixed(0)} per CPU s), ratio ${r2(ratioCanned)} (rounds: ${(runs.simulator.get(op) ?? []).map((x) => x.cpuUs.toFixed(0)).join(', ')} us)`,
    );
    rows.push(`| ${op} | ${s.perSecond.toFixed(0)} | ${r2(s.p50)} / ${r2(s.p99)} ms | ${s.cpuUs.toFixed(0)} µs | ${(1e6 / s.cpuUs).toFixed(0)} | **${r2(ratio)}** | ${f.cpuUs.toFixed(0)} µs | **${r2(ratioCanned)}** |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1' || OPERATIONS.length !== 3) return;
  const md = [
    '## Service calls with a reused token',
    '',
    'A HIS holding one SAML token calls eRecept with it again and again (seed 003: „A SAML jegy érvényességi ideje alatt',
    'tetszőleges számú kérelemben használható fel.”): `GetPrescriptionRequest` (read), `ListPrescriptionsRequest` of a patient',
    `with ${LISTED} prescriptions (list) and \`IssuePrescriptionRequest\` (write, a new prescription each), measured by \`bench/services\``,
    `(\`npm run bench:services\`) on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}. The whole simulator`,
    '(`createSimulator`, as `eeszt-sim serve`) runs in a child process on @hono/node-server; a closed-loop node:http client with',
    `${CONCURRENCY} calls in flight drives each operation for ${SECONDS} s after a warm-up of ${WARMUP_SECONDS} s of each. Two floors are measured in the same run:`,
    'the same simulator answering its discovery document (`GET /.well-known/eeszt-sim`, every middleware, no work: the floor of',
    'issue 16, whose goal is a ratio of at least 0.5), and, stricter, Hono on @hono/node-server reading the same requests and',
    "answering the simulator's own answers (captured in the setup) without any middleware or work. A ratio is simulator calls per",
    'CPU second against floor answers per CPU second.',
    `Every figure is the median of ${ROUNDS} rounds; in each round the discovery floor is measured before and after the operations (the`,
    `median counts both), and the order of the operations turns from round to round. The machine was shared with other work (load average ${loadBefore} before the`,
    `run, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} after): wall-clock rates are noisy, CPU time per call much less.`,
    '',
    '| call | calls/s | latency p50 / p99 | simulator CPU per call | per CPU second | ratio to discovery | canned-answer floor CPU | ratio to it |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'The token is verified once (signature, with xml-crypto) and then remembered by its exact bytes, compared in full',
    "(`simulator/token/verdict-cache.ts`, docs/protocol.md). A call is read into a lean tree (the lean parser with its fast path,",
    "every safe-XML check) without reading the content of a remembered token (its start tag is read, its exact bytes compared",
    'with the remembered ones, and the limits and checks count its content from its shape, counted once; only the text around',
    'it is scanned for characters XML does not allow, those of the remembered bytes having been checked when they were read in',
    'full); such a call is',
    'answered from the lean tree without any DOM (a token not remembered is parsed in full into a DOM and verified). Every',
    'call checks that the message holds one assertion and unique IDs, the time window, issuer and audience, the V-MÁTRIX role and',
    'the treatment relation, and is journaled.',
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('services', md)}\n`);
}

const serverIndex = process.argv.indexOf('--server');
if (serverIndex === -1) {
  runBenchMain(main);
} else if (process.argv[serverIndex + 1] === 'floor') void runFloor();
else void runSimulator();
