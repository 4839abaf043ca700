/**
 * One huge list against everyone's throughput (issue 15 item 14: "one patient's eRecept list of
 * ~1,300 items halves the whole simulator's throughput"). Two environments are measured in turn,
 * round by round: in **small**, the listed patient holds 5 prescriptions; in **huge**, 1,300
 * (BENCH_LISTED); both hold BENCH_LISTED prescriptions in all (in small, the rest belong to a third
 * patient), so that only the one patient's list differs. In both, a closed-loop client measures the simulator's CPU time per eRecept read
 * (`GetPrescriptionRequest` of another patient's prescription) and per list of the listed patient
 * (`ListPrescriptionsRequest` without paging elements, as a HIS written before paging sends it),
 * BENCH_READERS + 1 calls in flight for BENCH_SECONDS each. The figure is the calls per CPU second
 * of a mix of BENCH_READERS reads to one list, and its ratio huge / small measured in the same run
 * (1.00: the huge list costs nothing; the issue saw 0.5). CPU time per call, not wall-clock
 * rates, because the machine may be shared.
 *
 * The whole simulator (`createSimulator`, as `eeszt-sim serve`) runs in a child process; it
 * prepares its data itself through its own SOAP endpoints (a two-factor doctor token, the care
 * events, the prescriptions) and hands the parent the requests to send.
 *
 * Run: `npm run bench:lists`. Env: BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_READERS (7),
 * BENCH_LISTED (1300), BENCH_WARMUP_SECONDS (2), BENCH_NO_WRITE=1 to leave docs/performance.md alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, runBenchMain, writePerformanceSection } from '../report-section.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const READERS = Math.max(1, Number(process.env['BENCH_READERS'] ?? 7));
const LISTED = Math.max(1, Number(process.env['BENCH_LISTED'] ?? 1300));
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const SMALL = 5;
const SEED = 1;
const SOAP12 = 'application/soap+xml; charset=utf-8';
const PATH = '/services/erecept';
const S = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** What a prepared server child tells the parent. */
interface Ready {
  port: number;
  read: string;
  list: string;
  listAnswerBytes: number;
}

function envelope(token: string, element: string, service = 'erecept'): string {
  return `<s:Envelope xmlns:s="${S}"><s:Header><wsse:Security xmlns:wsse="${WSSE}" s:mustUnderstand="true">${token}</wsse:Security></s:Header><s:Body>${element.replace(/^<svc:(\w+)/, `<svc:$1 xmlns:svc="urn:eeszt-sim:services:${service}:2026"`)}</s:Body></s:Envelope>`;
}

// ---------------------------------------------------------------------------------------------
// Server child: the simulator, prepared through its own endpoints
// ---------------------------------------------------------------------------------------------

/**
 * `listed` prescriptions for the listed patient and `total - listed` for a third patient: both
 * environments hold the same number of prescriptions (and their setup warms the code alike), and
 * differ only in how many belong to the one listed patient.
 */
async function runSimulator(listed: number, total: number): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { passwordIssueRequest, certificateIssueRequest, extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const { mobilTokenAt } = await import('../../simulator/mobiltoken/totp.js');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const call = async (what: string, path: string, body: string): Promise<string> => {
    const res = await sim.app.request(path, { method: 'POST', headers: { 'content-type': SOAP12 }, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`setup: ${what}: ${res.status} ${text.slice(0, 400)}`);
    return text;
  };
  const doctorUser = sim.deps.store.state.users.find((u) => u.username === 'O50123');
  if (doctorUser === undefined) throw new Error('setup: the default fixtures have no O50123');
  const seat = { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' };
  const doctor = extractAssertion(
    await call('doctor token', '/sts', passwordIssueRequest({ ...seat, password: doctorUser.password, mobilTokenCode: mobilTokenAt(doctorUser.mobilTokenSecret, sim.deps.clock.nowMs()), now: sim.deps.clock.now() })),
  );
  const institution = extractAssertion(
    await call('institution token', '/sts', certificateIssueRequest({ institutionId: 'E30217B', unitCode: '302170101', credential: pki.institution('E30217B'), now: sim.deps.clock.now() })),
  );
  const [listedTaj, readTaj, otherTaj] = sim.deps.store.state.patients.map((p) => p.taj);
  if (listedTaj === undefined || readTaj === undefined || otherTaj === undefined) throw new Error('setup: the default fixtures have fewer than three patients');
  for (const taj of [listedTaj, readTaj, otherTaj]) {
    const event = `<svc:RegisterCareEventRequest><svc:Taj>${taj}</svc:Taj><svc:EventType>outpatient</svc:EventType><svc:Start>2026-03-02T07:30:00Z</svc:Start></svc:RegisterCareEventRequest>`;
    await call(`care event for ${taj}`, '/services/esemenykatalogus', envelope(institution, event, 'esemenykatalogus'));
  }
  const prescription = (taj: string, i: number): string =>
    `<svc:IssuePrescriptionRequest><svc:Taj>${taj}</svc:Taj><svc:ValidUntil>2026-12-31</svc:ValidUntil><svc:Medication>Amlodipin 5 mg</svc:Medication><svc:Dosage>1x1 (${i})</svc:Dosage></svc:IssuePrescriptionRequest>`;
  for (let i = 0; i < total; i++) await call('prescription', PATH, envelope(doctor, prescription(i < listed ? listedTaj : otherTaj, i)));
  const readId = /<Id>([^<]+)<\/Id>/.exec(await call('read prescription', PATH, envelope(doctor, prescription(readTaj, 0))))?.[1] ?? '';
  const read = envelope(doctor, `<svc:GetPrescriptionRequest><svc:Id>${readId}</svc:Id></svc:GetPrescriptionRequest>`);
  const list = envelope(doctor, `<svc:ListPrescriptionsRequest><svc:Taj>${listedTaj}</svc:Taj></svc:ListPrescriptionsRequest>`);
  const listAnswerBytes = Buffer.byteLength(await call('list', PATH, list));
  const server = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.send?.({ port: info.port, read, list, listAnswerBytes } satisfies Ready));
  let cpu = process.cpuUsage();
  process.on('message', (m) => {
    if (m === 'mark') cpu = process.cpuUsage();
    else if (m === 'report') {
      const used = process.cpuUsage(cpu);
      process.send?.({ cpuMs: (used.user + used.system) / 1000 });
    } else if (m === 'stop') server.close(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

function post(agent: Agent, port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: PATH, method: 'POST', agent, headers: { 'content-type': SOAP12, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Child {
  ready: Ready;
  proc: ChildProcess;
  /** The child's CPU time (ms) since the last mark, and a new mark. */
  cpuSinceMark(): Promise<number>;
  mark(): void;
  stop(): Promise<void>;
}

async function startChild(listed: number): Promise<Child> {
  const proc = fork(fileURLToPath(import.meta.url), ['--server', String(listed), String(Math.max(LISTED, SMALL))], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as Ready));
    proc.once('exit', (code) => reject(new Error(`the simulator child exited with ${code}`)));
  });
  return {
    ready,
    proc,
    mark: () => proc.send('mark'),
    cpuSinceMark: () =>
      new Promise((resolve) => {
        proc.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs));
        proc.send('report');
      }),
    stop: async () => {
      proc.send('stop');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** CPU time the simulator spent per call of one kind, with `inFlight` such calls kept in flight. */
async function cpuPerCall(child: Child, body: string, expect: string, seconds: number, inFlight: number): Promise<{ cpuUs: number; perSecond: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const { port } = child.ready;
  let calls = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  child.mark();
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const a = await post(agent, port, body.replace('<s:Header>', `<s:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:${randomUUID()}</wsa:MessageID>`));
      if (a.status !== 200 || !a.text.includes(expect)) throw new Error(`${a.status} ${a.text.slice(0, 400)}`);
      calls++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  agent.destroy();
  const cpuMs = await child.cpuSinceMark();
  return { cpuUs: (cpuMs * 1000) / Math.max(1, calls), perSecond: calls / ((performance.now() - t0) / 1000) };
}

interface Figures {
  readCpuUs: number;
  listCpuUs: number;
  /** Calls per CPU second of the mix: READERS reads to one list. */
  mixPerCpuSecond: number;
}

async function measure(child: Child, seconds: number): Promise<Figures> {
  const read = await cpuPerCall(child, child.ready.read, 'Amlodipin', seconds, READERS + 1);
  const list = await cpuPerCall(child, child.ready.list, '<Count>', seconds, READERS + 1);
  return { readCpuUs: read.cpuUs, listCpuUs: list.cpuUs, mixPerCpuSecond: ((READERS + 1) * 1e6) / (READERS * read.cpuUs + list.cpuUs) };
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const figures = { small: [] as Figures[], huge: [] as Figures[] };
  const ratios: number[] = [];
  const readRatios: number[] = [];
  const answerBytes = { small: 0, huge: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const got: Partial<Record<'small' | 'huge', Figures>> = {};
    // Alternate the order, so that a drift of the machine's load does not favour one.
    for (const kind of round % 2 === 0 ? (['small', 'huge'] as const) : (['huge', 'small'] as const)) {
      const child = await startChild(kind === 'small' ? SMALL : LISTED);
      try {
        answerBytes[kind] = child.ready.listAnswerBytes;
        await measure(child, WARMUP_SECONDS);
        const f = await measure(child, SECONDS);
        got[kind] = f;
        figures[kind].push(f);
      } finally {
        await child.stop();
      }
    }
    if (got.small !== undefined && got.huge !== undefined) {
      ratios.push(got.huge.mixPerCpuSecond / got.small.mixPerCpuSecond);
      readRatios.push(got.small.readCpuUs / got.huge.readCpuUs);
    }
    process.stdout.write(
      `round ${round + 1}: read ${got.small?.readCpuUs.toFixed(0)} / ${got.huge?.readCpuUs.toFixed(0)} us, list ${got.small?.listCpuUs.toFixed(0)} / ${got.huge?.listCpuUs.toFixed(0)} us CPU (small / huge); mix ratio ${ratios.at(-1)?.toFixed(2)}\n`,
    );
  }
  const med = (xs: Figures[], k: keyof Figures): number => median(xs.map((x) => x[k]));
  const ratio = median(ratios);
  const readRatio = median(readRatios);
  const row = (kind: 'small' | 'huge', n: number): string =>
    `| ${n} prescriptions | ${med(figures[kind], 'readCpuUs').toFixed(0)} µs | ${med(figures[kind], 'listCpuUs').toFixed(0)} µs | ${answerBytes[kind]} bytes | ${med(figures[kind], 'mixPerCpuSecond').toFixed(0)} |`;
  const lines = [
    `listed patient with ${SMALL} prescriptions: read ${med(figures.small, 'readCpuUs').toFixed(0)} us, list ${med(figures.small, 'listCpuUs').toFixed(0)} us CPU per call (list answer ${answerBytes.small} bytes); mix ${med(figures.small, 'mixPerCpuSecond').toFixed(0)} calls per CPU s`,
    `listed patient with ${LISTED} prescriptions: read ${med(figures.huge, 'readCpuUs').toFixed(0)} us, list ${med(figures.huge, 'listCpuUs').toFixed(0)} us CPU per call (list answer ${answerBytes.huge} bytes); mix ${med(figures.huge, 'mixPerCpuSecond').toFixed(0)} calls per CPU s`,
    `mix throughput ratio huge / small: ${ratio.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}); read alone: ${readRatio.toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const md = [
    '## One huge list',
    '',
    `Issue 15 found that one patient's eRecept list of about 1,300 prescriptions halved the whole simulator's throughput. \`bench/lists\``,
    `(\`npm run bench:lists\`) measures the simulator's CPU time per eRecept read (\`GetPrescriptionRequest\` of another patient's`,
    `prescription) and per \`ListPrescriptionsRequest\` without paging elements (what a HIS written before paging sends), ${READERS + 1} calls`,
    `in flight, against the whole simulator in a child process, with the listed patient holding ${SMALL} and ${LISTED} prescriptions (${LISTED}`,
    `in the store either way: in the first, the rest belong to a third patient), and`,
    `from them the calls per CPU second of a mix of ${READERS} reads to one list. ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}),`,
    `${new Date().toISOString().slice(0, 10)}, ${SECONDS} s per measurement after ${WARMUP_SECONDS} s of warm-up, medians of ${ROUNDS} rounds; load average ${loadBefore} before,`,
    `${loadavg().map((x) => x.toFixed(1)).join(' / ')} after (a shared machine: CPU time per call is far steadier than wall-clock rates).`,
    '',
    `| listed patient holds | CPU per read | CPU per list | list answer | mix calls per CPU second |`,
    '|---|---|---|---|---|',
    row('small', SMALL),
    row('huge', LISTED),
    '',
    `**Mix throughput with the huge list / without: ${ratio.toFixed(2)}** (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; a read alone: ${readRatio.toFixed(2)}).`,
    'The list answers one page (default 100, at most 500; docs/services.md, "Lists are paged"), found through an index per',
    "patient, so its cost no longer grows with the patient's documents.",
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('lists', md)}\n`);
}

const serverIndex = process.argv.indexOf('--server');
if (serverIndex === -1) {
  runBenchMain(main);
} else {
  runSimulator(Number(process.argv[serverIndex + 1]), Number(process.argv[serverIndex + 2])).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
