/**
 * Card-login benchmark (issue 16 goal 6): the three legs of the eID card login, timed one by one,
 * each against two floors measured in the same run.
 *
 * 1. the HIS's configured sector user (its password token, got once and reused, seed 003) asks
 *    `POST /eid/request-package` for an eID authentication request package;
 * 2. the card client (the simulator-mounted one, `/card-client`) runs the package with the virtual
 *    card 123456AB and its PIN and the eID server, and answers the rID package;
 * 3. the HIS sends the rID package with the username O50123 to the STS, which issues a card token.
 * The whole simulator (`createSimulator`, every middleware, journal) runs in this process and is
 * called through `app.request()`, as the card-login tests do (no pcscd, no HTTP): the figures are
 * the simulator's and the card's work, not the transport's. Each leg's wall time and CPU time
 * (`process.cpuUsage()`, this process does nothing else) are recorded per login; the floors are
 * the same simulator answering its discovery document (`GET /.well-known/eeszt-sim`, every
 * middleware, no work) and the raw RSA-2048 signature (RSA-SHA256 with the STS key, one thread).
 * A leg's ratio is its median CPU time over the floor's: how many discovery answers, or raw
 * signatures, one leg costs.
 *
 * Run: `npm run bench:card-login`. Options (env): BENCH_LOGINS (200), BENCH_WARMUP_LOGINS (30),
 * BENCH_NO_WRITE=1 to leave docs/performance.md alone.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger, createSimulator, type Simulator } from '../../simulator/simulator.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { defaultCacheDir, loadPki } from '../../simulator/pki/create-pki.js';
import { cardIssueRequest, extractAssertion, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { samlAuthorizationValue, sectorUserIssueRequest } from '../../test/helpers/eid.js';
import { median, percentile, runBenchMain, writePerformanceSection } from '../report-section.js';
import { rawSignRate } from '../sign-floor.js';

const LOGINS = Number(process.env['BENCH_LOGINS'] ?? 200);
const WARMUP = Number(process.env['BENCH_WARMUP_LOGINS'] ?? 30);
const SEED = 1;
const INSTITUTION = 'E01620K';
const CONTEXT = { institutionId: INSTITUTION, unitCode: '016200101' };
const CARD = '123456AB';

type Leg = 'request package' | 'card client + eID server' | 'STS card token';
const LEGS: readonly Leg[] = ['request package', 'card client + eID server', 'STS card token'];

interface Timing {
  wallMs: number;
  cpuUs: number;
}

/** Run `f`, its wall and CPU time. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; t: Timing }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(cpu0);
  return { value, t: { wallMs, cpuUs: c.user + c.system } };
}

async function ok(res: Response | Promise<Response>, what: string, status = 200): Promise<string> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${text.slice(0, 400)}`);
  return text;
}

/** One card login; each leg's timing. */
async function login(sim: Simulator, sectorAuthorization: string): Promise<Record<Leg, Timing>> {
  const leg1 = await timed(async () => {
    const text = await ok(sim.app.request('/eid/request-package', { method: 'POST', headers: { 'content-type': 'application/json', authorization: sectorAuthorization }, body: JSON.stringify({ institutionId: INSTITUTION }) }), 'leg 1 (request package)', 201);
    return (JSON.parse(text) as { requestPackage: string }).requestPackage;
  });
  const leg2 = await timed(async () => {
    const text = await ok(sim.app.request('/card-client/authenticate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestPackage: leg1.value, cardholder: [{ pin: '123456' }] }) }), 'leg 2 (card client)');
    return (JSON.parse(text) as { ridPackage: string }).ridPackage;
  });
  const leg3 = await timed(async () => {
    const body = cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(leg2.value, 'base64').toString('utf8'), now: sim.deps.clock.now() });
    const text = await ok(sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body }), 'leg 3 (STS)');
    if (!text.includes('SmartcardPKI')) throw new Error(`leg 3: the token is not a card token: ${text.slice(0, 400)}`);
    return text;
  });
  return { 'request package': leg1.t, 'card client + eID server': leg2.t, 'STS card token': leg3.t };
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const pki = await loadPki({ seed: SEED, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const sts = await ok(sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: sectorUserIssueRequest(sim.deps.store.state, INSTITUTION, sim.deps.clock.now()) }), 'sector user token');
  const sectorAuthorization = samlAuthorizationValue(extractAssertion(sts));
  await ok(sim.app.request('/card-client/readers/0/card', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documentId: CARD }) }), 'card insertion', 201);

  const discovery = async (): Promise<Timing> => (await timed(() => ok(sim.app.request('/.well-known/eeszt-sim'), 'discovery'))).t;
  for (let i = 0; i < WARMUP; i++) {
    await login(sim, sectorAuthorization);
    for (let j = 0; j < 10; j++) await discovery();
  }
  const floor: Timing[] = [];
  const legs = new Map<Leg, Timing[]>(LEGS.map((l) => [l, []]));
  const raw = [rawSignRate(pki.sts.keyPem, 2000)];
  // Discovery answers between the logins, so the floor sees the same state (journal, JIT) as the legs.
  for (let i = 0; i < LOGINS; i++) {
    const t = await login(sim, sectorAuthorization);
    for (const l of LEGS) legs.get(l)?.push(t[l]);
    for (let j = 0; j < 5; j++) floor.push(await discovery());
  }
  raw.push(rawSignRate(pki.sts.keyPem, 2000));
  sim.close();
  const loadAfter = loadavg().map((x) => x.toFixed(1)).join(' / ');

  const rawCpuUs = 1e6 / median(raw.map((r) => r.cpu));
  const floorCpu = median(floor.map((t) => t.cpuUs));
  const floorWall = median(floor.map((t) => t.wallMs));
  const f1 = (x: number): string => x.toFixed(1);
  const f2 = (x: number): string => x.toFixed(2);
  const lines = [`${LOGINS} card logins after ${WARMUP} warm-up logins, in process; load average ${loadBefore} before, ${loadAfter} after`];
  lines.push(`floor: discovery GET median ${f2(floorWall)} ms wall, ${floorCpu.toFixed(0)} us CPU; raw RSA-2048 sign ${rawCpuUs.toFixed(0)} us CPU (${median(raw.map((r) => r.cpu)).toFixed(0)} per CPU s)`);
  const rows: string[] = [
    `| floor: discovery \`GET /.well-known/eeszt-sim\` (same simulator, no work) | ${f2(floorWall)} ms | ${floorCpu.toFixed(0)} µs | 1 | |`,
    `| floor: raw RSA-2048 signature (STS key, one thread) | | ${rawCpuUs.toFixed(0)} µs | | 1 |`,
  ];
  let totalCpu = 0;
  let totalWall = 0;
  for (const l of LEGS) {
    const ts = legs.get(l) ?? [];
    const cpu = median(ts.map((t) => t.cpuUs));
    const wall = median(ts.map((t) => t.wallMs));
    totalCpu += cpu;
    totalWall += wall;
    lines.push(`${l}: median ${f2(wall)} ms wall (p99 ${f2(percentile(ts.map((t) => t.wallMs), 99))}), ${cpu.toFixed(0)} us CPU; ${f1(cpu / floorCpu)}x discovery, ${f1(cpu / rawCpuUs)}x raw sign`);
    rows.push(`| ${LEGS.indexOf(l) + 1}. ${l} | ${f2(wall)} ms (p99 ${f2(percentile(ts.map((t) => t.wallMs), 99))}) | ${cpu.toFixed(0)} µs | **${f1(cpu / floorCpu)}** | **${f1(cpu / rawCpuUs)}** |`);
  }
  rows.push(`| whole login (sum of the medians) | ${f2(totalWall)} ms | ${totalCpu.toFixed(0)} µs | ${f1(totalCpu / floorCpu)} | ${f1(totalCpu / rawCpuUs)} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const md = [
    '## Card login (three legs)',
    '',
    `The eID card login measured leg by leg by \`bench/card-login\` (\`npm run bench:card-login\`) on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}),`,
    `${new Date().toISOString().slice(0, 10)}: 1. the HIS's configured sector user (X12345, its password token got once and reused) asks \`POST /eid/request-package\`;`,
    `2. the simulator-mounted card client runs the package with the virtual card ${CARD} (PIN 123456) and the eID server and answers the rID package;`,
    '3. the HIS sends the rID package with the username O50123 to the STS, which issues a card token (SmartcardPKI). The whole',
    'simulator runs in the bench process and is called through `app.request()` as the card-login tests do (no pcscd, no HTTP), one',
    `login at a time, ${LOGINS} logins after ${WARMUP} warm-up ones; each leg's wall and CPU time (\`process.cpuUsage()\`) is recorded per login and the`,
    'table gives medians. Floors measured in the same run: the same simulator answering its discovery document (5 answers between',
    'logins, so it sees the same journal and JIT state) and the raw RSA-2048 signature with the STS key on one thread (before and',
    'after the logins). A ratio is the leg\'s median CPU time over the floor\'s: how many discovery answers, or raw signatures, one',
    `leg costs. The machine was shared with other work (load average ${loadBefore} before, ${loadAfter} after): wall times are noisy, CPU times less.`,
    '',
    '| leg | wall median | CPU median | ratio to discovery | ratio to a raw sign |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  process.stdout.write(`wrote ${writePerformanceSection('card-login', md)}\n`);
}

runBenchMain(main);
