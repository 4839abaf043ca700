/**
 * One huge list against everyone's throughput (issue 15 item 14: "one patient's eRecept list of
 * ~1,300 items halves the whole simulator's throughput"). Two environments are measured in turn,
 * round by round: in **small**, the listed patient holds 5 prescriptions; in **huge**, 1,300
 * (BENCH_LISTED). In both, a closed-loop client keeps BENCH_READERS eRecept reads
 * (`GetPrescriptionRequest` of another patient's prescription) and one list of the listed patient
 * (`ListPrescriptionsRequest` without paging elements, as a HIS written before paging sends it)
 * in flight for BENCH_SECONDS. The figure is the reads answered per second of the simulator's CPU
 * (wall-clock rates are printed too, but a shared machine disturbs them), and the ratio huge /
 * small measured in the same run (1.00: the huge list costs the reads nothing; the issue saw 0.5).
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
import { median, writePerformanceSection } from '../report-section.js';

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

async function runSimulator(listed: number): Promise<void> {
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
  const [listedTaj, readTaj] = sim.deps.store.state.patients.map((p) => p.taj);
  if (listedTaj === undefined || readTaj === undefined) throw new Error('setup: the default fixtures have fewer than two patients');
  for (const taj of [listedTaj, readTaj]) {
    const event = `<svc:RegisterCareEventRequest><svc:Taj>${taj}</svc:Taj><svc:EventType>outpatient</svc:EventType><svc:Start>2026-03-02T07:30:00Z</svc:Start></svc:RegisterCareEventRequest>`;
    await call(`care event for ${taj}`, '/services/esemenykatalogus', envelope(institution, event, 'esemenykatalogus'));
  }
  const prescription = (taj: string, i: number): string =>
    `<svc:IssuePrescriptionRequest><svc:Taj>${taj}</svc:Taj><svc:ValidUntil>2026-12-31</svc:ValidUntil><svc:Medication>Amlodipin 5 mg</svc:Medication><svc:Dosage>1x1 (${i})</svc:Dosage></svc:IssuePrescriptionRequest>`;
  for (let i = 0; i < listed; i++) await call('prescription', PATH, envelope(doctor, prescription(listedTaj, i)));
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
  const proc = fork(fileURLToPath(import.meta.url), ['--server', String(listed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

interface Mix {
  readsPerSecond: number;
  listsPerSecond: number;
  /** Reads answered per second of the simulator's CPU (the throughput the machine's other load disturbs least). */
  readsPerCpuSecond: number;
}

/** READERS reads and one list in flight for `seconds`; every answer must be a 200 with content. */
async function mix(child: Child, seconds: number): Promise<Mix> {
  const agent = new Agent({ keepAlive: true, maxSockets: READERS + 1 });
  const { port, read, list } = child.ready;
  let reads = 0;
  let lists = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  child.mark();
  const loop = async (body: string, expect: string, count: () => void): Promise<void> => {
    while (performance.now() < deadline) {
      const a = await post(agent, port, body.replace('<s:Header>', `<s:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:${randomUUID()}</wsa:MessageID>`));
      if (a.status !== 200 || !a.text.includes(expect)) throw new Error(`${a.status} ${a.text.slice(0, 400)}`);
      count();
    }
  };
  await Promise.all([
    ...Array.from({ length: READERS }, () => loop(read, 'Amlodipin', () => reads++)),
    loop(list, '<Count>', () => lists++),
  ]);
  agent.destroy();
  const elapsed = (performance.now() - t0) / 1000;
  const cpuMs = await child.cpuSinceMark();
  return { readsPerSecond: reads / elapsed, listsPerSecond: lists / elapsed, readsPerCpuSecond: (reads * 1000) / Math.max(1, cpuMs) };
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const figures = { small: [] as Mix[], huge: [] as Mix[] };
  const ratios: number[] = [];
  const answerBytes = { small: 0, huge: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const got: Partial<Record<'small' | 'huge', Mix>> = {};
    // Alternate the order, so that a drift of the machine's load does not favour one.
    for (const kind of round % 2 === 0 ? (['small', 'huge'] as const) : (['huge', 'small'] as const)) {
      const child = await startChild(kind === 'small' ? SMALL : LISTED);
      try {
        answerBytes[kind] = child.ready.listAnswerBytes;
        await mix(child, WARMUP_SECONDS);
        const m = await mix(child, SECONDS);
        got[kind] = m;
        figures[kind].push(m);
      } finally {
        await child.stop();
      }
    }
    if (got.small !== undefined && got.huge !== undefined) ratios.push(got.huge.readsPerCpuSecond / got.small.readsPerCpuSecond);
    process.stdout.write(
      `round ${round + 1}: reads per CPU second small ${got.small?.readsPerCpuSecond.toFixed(0)}, huge ${got.huge?.readsPerCpuSecond.toFixed(0)}; ratio ${ratios.at(-1)?.toFixed(2)}\n`,
    );
  }
  const med = (xs: Mix[], k: keyof Mix): number => median(xs.map((x) => x[k]));
  const ratio = median(ratios);
  const lines = [
    `listed patient with ${SMALL} prescriptions: ${med(figures.small, 'readsPerCpuSecond').toFixed(0)} reads per CPU s; ${med(figures.small, 'readsPerSecond').toFixed(0)} reads/s, ${med(figures.small, 'listsPerSecond').toFixed(0)} lists/s (list answer ${answerBytes.small} bytes)`,
    `listed patient with ${LISTED} prescriptions: ${med(figures.huge, 'readsPerCpuSecond').toFixed(0)} reads per CPU s; ${med(figures.huge, 'readsPerSecond').toFixed(0)} reads/s, ${med(figures.huge, 'listsPerSecond').toFixed(0)} lists/s (list answer ${answerBytes.huge} bytes)`,
    `read throughput (per CPU second) ratio huge / small: ${ratio.toFixed(2)} (median of ${ROUNDS} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const md = [
    '## One huge list',
    '',
    `Issue 15 found that one patient's eRecept list of about 1,300 prescriptions halved the whole simulator's throughput. \`bench/lists\``,
    `(\`npm run bench:lists\`) keeps ${READERS} eRecept reads (\`GetPrescriptionRequest\`) and one \`ListPrescriptionsRequest\` without paging`,
    'elements (what a HIS written before paging sends) in flight against the whole simulator in a child process, twice per round:',
    `with the listed patient holding ${SMALL} prescriptions, and holding ${LISTED}. ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}),`,
    `${new Date().toISOString().slice(0, 10)}, ${SECONDS} s per measurement after ${WARMUP_SECONDS} s of warm-up, medians of ${ROUNDS} rounds; load average ${loadBefore} before,`,
    `${loadavg().map((x) => x.toFixed(1)).join(' / ')} after (a shared machine: wall-clock rates are noisy, the ratio within a round much less).`,
    '',
    '| listed patient holds | reads per simulator CPU second | reads/s | lists/s | list answer |',
    '|---|---|---|---|---|',
    `| ${SMALL} prescriptions | ${med(figures.small, 'readsPerCpuSecond').toFixed(0)} | ${med(figures.small, 'readsPerSecond').toFixed(0)} | ${med(figures.small, 'listsPerSecond').toFixed(0)} | ${answerBytes.small} bytes |`,
    `| ${LISTED} prescriptions | ${med(figures.huge, 'readsPerCpuSecond').toFixed(0)} | ${med(figures.huge, 'readsPerSecond').toFixed(0)} | ${med(figures.huge, 'listsPerSecond').toFixed(0)} | ${answerBytes.huge} bytes |`,
    '',
    `**Reads per simulator CPU second with the huge list / without: ${ratio.toFixed(2)}** (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}). The list answers one page`,
    '(default 100, at most 500; docs/services.md, "Lists are paged"), found through an index per patient, so its cost no longer',
    'grows with the patient\'s documents.',
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('lists', md)}\n`);
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
  runSimulator(Number(process.argv[serverIndex + 1])).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
