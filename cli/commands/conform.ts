/**
 * `eeszt-sim conform`: run the conformance suite against a HIS (through its command or HTTP
 * adapter, docs/adapter.md), or judge the traffic of a HIS driven by a person or its own tests
 * (`--observe`). Starts a simulator in-process unless `--target` names a running one. Prints one
 * line per check as it finishes and writes JUnit XML, HTML and JSON reports.
 *
 * Exit codes: 0 every must check passed (or was skipped / an expected failure); 1 a must check
 * failed, was blocked or errored; 2 usage error; 3 the simulator could not be started or reached.
 *
 * @example
 * ```ts
 * program.addCommand(conformCommand());
 * await program.parseAsync(['conform', '--his-cmd', 'node his.mjs'], { from: 'user' });
 * ```
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import type { HisAdapter } from '../../conformance/adapter/his-adapter.js';
import { DEFAULT_TIMING } from '../../conformance/adapter/protocol.js';
// The catalogue (it pulls in the fixture generator and faker), the adapters, the runner, the
// target (it embeds a simulator), the observer and the report writers load only when the command
// runs, so that they do not slow down the start of every other command (`serve`).
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { parseDuration } from '../../simulator/control/parse-duration.js';
import type { SuiteReport } from '../../reports/result-model.js';
import type { writeReports } from '../../reports/write-reports.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_START, EXIT_USAGE, parseIntOption } from '../cli-error.js';

/** Where the command writes (tests pass their own). */
export interface ConformIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves when the user asks observe mode to finish (Ctrl-C). */
  interrupted(): Promise<void>;
  /** Sets the process exit code. */
  exit(code: number): void;
}

const defaultIo: ConformIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  interrupted: () => new Promise((r) => process.once('SIGINT', () => r())),
  exit: (code) => {
    process.exitCode = code;
  },
};

interface ConformOptions {
  hisCmd?: string;
  hisUrl?: string;
  observe?: boolean;
  observeFor?: string;
  only?: string;
  skip?: string;
  expectedFailures?: string;
  reportDir: string;
  target?: string;
  controlToken?: string;
  seed: string;
  cache?: string;
  tls: boolean;
  requestTimeout?: string;
  backoff?: string;
  parallel: string;
  list?: boolean;
}

async function listCatalogue(io: ConformIo): Promise<void> {
  const { CATALOGUE } = await import('../../conformance/catalogue/catalogue.js');
  for (const c of CATALOGUE) io.stdout(`${c.id.padEnd(24)} ${c.level.padEnd(6)} ${c.area.padEnd(12)} ${c.title}${c.observable ? '' : '  (scripted only)'}\n`);
  io.stdout(`${CATALOGUE.length} checks; docs/conformance.md describes each.\n`);
}

async function openTarget(opts: ConformOptions, seed: number): Promise<SuiteTarget> {
  const { connectTarget, startEmbeddedTarget } = await import('../../conformance/runner/target.js');
  try {
    if (opts.target !== undefined) return await connectTarget(opts.target, { seed, ...(opts.cache === undefined ? {} : { cacheDir: opts.cache }), ...(opts.controlToken === undefined ? {} : { controlToken: opts.controlToken }) });
    return await startEmbeddedTarget({ seed, tls: opts.tls, ...(opts.cache === undefined ? {} : { cacheDir: opts.cache }) });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT_START);
  }
}

function summaryLines(report: SuiteReport, files: ReturnType<typeof writeReports>): string {
  const s = report.summary;
  const verdict = s.verdict === 'pass' ? 'PASS: every must check passed' : `FAIL: must checks not passed: ${s.mustFailed.join(', ')}`;
  return [
    '',
    `${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.blocked} blocked, ${s.skipped} skipped, ${s.errors} errors, ${s.expectedFailures} known failures (${(report.durationMs / 1000).toFixed(1)} s)`,
    verdict,
    `reports: ${files.html}`,
    `         ${files.junit}`,
    `         ${files.json}`,
    '',
  ].join('\n');
}

async function observe(opts: ConformOptions, target: SuiteTarget, io: ConformIo): Promise<SuiteReport> {
  const { fetchJournal, judgeObserved } = await import('../../conformance/observe/observe.js');
  const base = opts.target === undefined ? target.origin : opts.target.replace(/\/\.well-known\/eeszt-sim\/?$/, '').replace(/\/+$/, '');
  io.stdout(`observing ${base}\n  point the HIS at ${base}/.well-known/eeszt-sim\n`);
  const started = new Date();
  const windowMs = opts.observeFor === undefined ? undefined : parseDuration(opts.observeFor);
  let last = 0;
  const poll = async (): Promise<void> => {
    const entries = await fetchJournal(base, target.controlToken).catch(() => []);
    for (const e of entries.filter((x) => x.seq > last && x.service !== 'control')) io.stdout(`  ${e.time} ${e.service.padEnd(12)} ${e.request.method} ${e.request.path} → ${e.response.status}${e.errorCode === undefined ? '' : ` ${e.errorCode}`}\n`);
    last = Math.max(last, ...entries.map((x) => x.seq));
  };
  if (windowMs !== 0) {
    io.stdout(windowMs === undefined ? '  press Ctrl-C to judge what was seen\n' : `  judging in ${opts.observeFor}\n`);
    const timer = setInterval(() => void poll(), 1000);
    await (windowMs === undefined ? io.interrupted() : new Promise((r) => setTimeout(r, windowMs)));
    clearInterval(timer);
  }
  const entries = await fetchJournal(base, target.controlToken);
  return judgeObserved(entries, target.fixtures, { simulatorUrl: base, embedded: target.embedded, tls: target.tls, startedAt: started });
}

async function conformAction(opts: ConformOptions, io: ConformIo): Promise<void> {
  if (opts.list === true) {
    await listCatalogue(io);
    return;
  }
  const modes = [opts.hisCmd, opts.hisUrl, opts.observe === true ? 'observe' : undefined].filter((m) => m !== undefined);
  if (modes.length !== 1) throw new CliError('say how to reach the HIS: --his-cmd "<command>" (command adapter), --his-url URL (HTTP adapter), or --observe (judge traffic you drive yourself); exactly one of them', EXIT_USAGE);
  const seed = parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1);
  const [{ CATALOGUE }, { parseIdList, readExpectedFailures, SelectionError }, { SuiteError }] = await Promise.all([
    import('../../conformance/catalogue/catalogue.js'),
    import('../../conformance/runner/selection.js'),
    import('../../conformance/scenario/suite-error.js'),
  ]);
  let only: string[] | undefined;
  let skip: string[] | undefined;
  let expected: Set<string> | undefined;
  try {
    only = opts.only === undefined ? undefined : parseIdList(opts.only, CATALOGUE);
    skip = opts.skip === undefined ? undefined : parseIdList(opts.skip, CATALOGUE);
    expected = opts.expectedFailures === undefined ? undefined : readExpectedFailures(opts.expectedFailures, CATALOGUE);
  } catch (err) {
    if (err instanceof SelectionError) throw new CliError(err.message, EXIT_USAGE);
    throw err;
  }
  if (opts.observeFor !== undefined) {
    try {
      parseDuration(opts.observeFor);
    } catch {
      throw new CliError(`--observe-for \`${opts.observeFor}\` is not a duration; use e.g. 10m, 90s or 0 (judge the journal as it is)`, EXIT_USAGE);
    }
  }
  const timing = {
    ...DEFAULT_TIMING,
    ...(opts.requestTimeout === undefined ? {} : { requestTimeoutMs: parseIntOption('--request-timeout', opts.requestTimeout, 50, 600_000) }),
    ...(opts.backoff === undefined ? {} : { backoffBaseMs: parseIntOption('--backoff', opts.backoff, 1, 60_000) }),
  };
  const target = await openTarget(opts, seed);
  try {
    let report: SuiteReport;
    if (opts.observe === true) {
      report = await observe(opts, target, io);
    } else {
      const { runSuite } = await import('../../conformance/runner/run-suite.js');
      const adapter: HisAdapter =
        opts.hisCmd !== undefined
          ? (await import('../../conformance/adapter/command-adapter.js')).commandAdapter({ command: opts.hisCmd })
          : (await import('../../conformance/adapter/http-adapter.js')).httpAdapter({ url: opts.hisUrl ?? '' });
      io.stdout(`eeszt-sim conformance suite: ${only?.length ?? CATALOGUE.length} checks against ${adapter.description}\n  simulator ${target.origin}${target.embedded ? ' (embedded' + (target.tls ? ', with TLS)' : ')') : ''}\n\n`);
      report = await runSuite({
        adapter,
        target,
        timing,
        ...(only === undefined ? {} : { only }),
        ...(skip === undefined ? {} : { skip }),
        ...(expected === undefined ? {} : { expectedFailures: expected }),
        concurrency: parseIntOption('--parallel', opts.parallel, 1, 16),
        onProgress: (e) => io.stdout(`${e.line}\n`),
      });
    }
    const { writeReports } = await import('../../reports/write-reports.js');
    const files = writeReports(report, resolve(opts.reportDir));
    io.stdout(summaryLines(report, files));
    io.exit(report.summary.verdict === 'pass' ? EXIT_OK : EXIT_FAILURE);
  } catch (err) {
    if (err instanceof SuiteError) throw new CliError(err.message, EXIT_START);
    throw err;
  } finally {
    await target.close();
  }
}

/** Build the `conform` command. */
export function conformCommand(io: ConformIo = defaultIo): Command {
  return new Command('conform')
    .description('Run the conformance suite against a HIS (command or HTTP adapter), or judge observed traffic')
    .option('--his-cmd <command>', 'command adapter: the suite runs `<command> <action>` with a JSON request on stdin (docs/adapter.md)')
    .option('--his-url <url>', "HTTP adapter: the suite POSTs each JSON request to the HIS's test endpoint")
    .option('--observe', 'judge whatever a HIS sends while you or its own tests drive it (no scripted scenarios)')
    .option('--observe-for <duration>', 'with --observe: judge after this long (e.g. 10m) instead of at Ctrl-C; 0 judges the journal as it is')
    .option('--only <ids>', 'run only these checks (comma separated, * wildcards: ID-*,TOKEN-REUSE)')
    .option('--skip <ids>', 'skip these checks (reported as skipped)')
    .option('--expected-failures <file>', 'check ids (one per line, or a JSON array) whose failure is known: reported, but not failing the run')
    .option('--report-dir <dir>', 'where the JUnit, HTML and JSON reports go', 'conformance-reports')
    .option('--target <url>', 'use this running simulator instead of starting one (it must use the same --seed)')
    .option('--control-token <token>', "the target's control token (serve --control-token)")
    .option('--seed <n>', 'test PKI seed (the certificates the HIS is given come from it)', '1')
    .option('--cache <dir>', 'cache folder of the PKI material (default: $EESZT_SIM_CACHE or ~/.cache/eeszt-sim)')
    .option('--no-tls', 'start the embedded simulator without TLS listeners (TLS checks are skipped)')
    .addOption(new Option('--request-timeout <ms>', `request timeout the HIS is asked to use (default ${DEFAULT_TIMING.requestTimeoutMs})`))
    .addOption(new Option('--backoff <ms>', `first retry back-off the HIS is asked to use (default ${DEFAULT_TIMING.backoffBaseMs})`))
    .option('--parallel <n>', 'run this many checks at once (only for adapters that keep their session in context.stateDir)', '1')
    .option('--list', 'list every check (id, level, area, title) and exit')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Each check runs in its own isolated simulator run; the HIS is told its discovery URL with every
request. Exit code 0 only when every must check passes. docs/conformance.md lists the checks,
docs/adapter.md the adapter protocol.

Examples:
  $ eeszt-sim conform --his-cmd "node dist/conformance/reference-his/main.js"
  $ eeszt-sim conform --his-url http://127.0.0.1:9000/eeszt-test --only "ID-*,TOKEN-*"
  $ eeszt-sim conform --his-cmd "java -jar his-adapter.jar" --expected-failures known.txt --report-dir out
  $ eeszt-sim conform --observe --target http://127.0.0.1:8080`,
    )
    .action(async (opts: ConformOptions) => conformAction(opts, io));
}


