/**
 * The conformance runner: every selected check of the catalogue, in order, each in its own
 * isolated simulator run; prerequisites first, and a check whose prerequisite failed is reported
 * as blocked instead of being run. Progress is reported per check as it finishes.
 *
 * @example
 * ```ts
 * const target = await startEmbeddedTarget();
 * const report = await runSuite({ adapter: commandAdapter({ command: 'node my-his.mjs' }), target, onProgress: (e) => console.log(e.line) });
 * report.summary.verdict; // 'pass' | 'fail'
 * await target.close();
 * ```
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_VERSION } from '../../simulator/version.js';
import { REPORT_SCHEMA, summarise, type CheckReport, type SuiteReport } from '../../reports/result-model.js';
import type { HisAdapter } from '../adapter/his-adapter.js';
import { ADAPTER_PROTOCOL, DEFAULT_TIMING, type AdapterTiming, type HisCapabilities } from '../adapter/protocol.js';
import { CATALOGUE } from '../catalogue/catalogue.js';
import type { JournalEntry } from '../../simulator/core/journal.js';
import type { CheckDefinition } from '../catalogue/check.js';
import { personasOf } from '../scenario/personas.js';
import { progressLine } from './progress.js';
import { baseReport, runCheck } from './run-check.js';
import type { SuiteTarget } from './target.js';

export { DEFAULT_TIMING } from '../adapter/protocol.js';

/** One finished check, for progress output. */
export interface ProgressEvent {
  index: number;
  total: number;
  check: CheckReport;
  /** The formatted progress line. */
  line: string;
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  adapter: HisAdapter;
  target: SuiteTarget;
  /** The catalogue (default: all checks). */
  checks?: readonly CheckDefinition[];
  /** Run only these ids (the others are reported as skipped, not run). */
  only?: readonly string[];
  /** Skip these ids (reported as skipped). */
  skip?: readonly string[];
  /** Ids whose failure is known and does not fail the run. */
  expectedFailures?: ReadonlySet<string>;
  timing?: AdapterTiming;
  /** Longest wait for one adapter answer (default 60 s). */
  actionTimeoutMs?: number;
  /** Where the checks' scratch folders go (default: a temporary folder). */
  workDir?: string;
  /**
   * Checks run at once (default 1). More is safe only for adapters that keep no state between
   * checks outside `context.stateDir` (e.g. a command adapter saving its session there); a check
   * still starts only after its prerequisites finished.
   */
  concurrency?: number;
  onProgress?(event: ProgressEvent): void;
}

/** The target simulator's time (its default environment's clock); this process's time if it cannot be read. */
async function targetTime(options: SuiteOptions): Promise<string> {
  try {
    const token = options.target.controlToken;
    const res = await fetch(`${options.target.origin}/_sim/clock`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    const state = (await res.json()) as { now?: unknown };
    if (res.ok && typeof state.now === 'string') return state.now;
  } catch {
    // the status action still runs; the checks read their runs' own clocks
  }
  return new Date().toISOString();
}

async function capabilitiesOf(options: SuiteOptions, workDir: string): Promise<{ capabilities: HisCapabilities; name?: string }> {
  try {
    const r = await options.adapter.send(
      { protocol: ADAPTER_PROTOCOL, action: 'status', params: {}, context: { check: 'suite', discovery: `${options.target.origin}/.well-known/eeszt-sim`, stateDir: workDir, simulatorTime: await targetTime(options) } },
      options.actionTimeoutMs ?? 60_000,
    );
    const data = r.data ?? {};
    const his = data.his as { name?: unknown } | undefined;
    return { capabilities: (data.capabilities as HisCapabilities | undefined) ?? {}, ...(typeof his?.name === 'string' ? { name: his.name } : {}) };
  } catch {
    return { capabilities: {} };
  }
}

/** Why a check does not apply, if it does not. */
function notApplicable(check: CheckDefinition, caps: HisCapabilities, target: SuiteTarget): string | undefined {
  if (check.needs?.tls === true && !target.tls) return 'the simulator runs without TLS listeners (start it with `serve --tls`, or let the suite start its own)';
  if (check.needs?.tls === true && caps.tls === false) return 'the HIS says it cannot use TLS client certificates (status capabilities.tls = false)';
  const method = check.needs?.method;
  if (method !== undefined && caps.methods !== undefined && !caps.methods.includes(method)) return `the HIS does not offer the ${method} login (status capabilities.methods)`;
  return undefined;
}

/** A gate that lets at most `n` tasks run at once. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/**
 * Judge the freshness checks again over every STS request of the run (each check ran in its
 * own isolated environment): a Nonce or MessageID resent by a retry in another scenario fails
 * them too. Entries are renumbered so that each is named once; the message names the checks
 * whose scenarios sent them.
 */
function judgeAcrossRun(checks: readonly CheckDefinition[], reports: CheckReport[], traffic: ReadonlyArray<{ checkId: string; entry: JournalEntry }>): void {
  const origin = new Map<number, string>();
  const entries = traffic.map(({ checkId, entry }, i) => {
    origin.set(i + 1, `${checkId} #${entry.seq}`);
    return { ...entry, seq: i + 1 };
  });
  for (const check of checks) {
    const report = reports.find((r) => r.id === check.id);
    if (check.judgeAcrossRun !== true || report?.status !== 'pass') continue;
    const judgement = check.judge({ entries, exchanges: [], facts: {}, mode: 'observe' });
    if (judgement.outcome !== 'fail') continue;
    const where = [...new Set((judgement.evidence ?? []).map((e) => origin.get(e.seq) ?? `#${e.seq}`))].join(' and ');
    report.status = 'fail';
    report.message = `${judgement.message} (judged over all ${entries.length} STS requests of the run: ${where})`;
    if (judgement.expected !== undefined) report.expected = judgement.expected;
    if (judgement.observed !== undefined) report.observed = `${judgement.observed.replace(/#\d+/g, (m) => origin.get(Number(m.slice(1))) ?? m)}`;
    report.fix = judgement.fix ?? check.fix;
  }
}

/** Run the suite and return its report. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const catalogue = options.checks ?? CATALOGUE;
  // --only runs the named checks; the others stay in the report, as skipped
  const selected = catalogue;
  const notSelected = new Set(options.only === undefined ? [] : catalogue.filter((c) => !options.only?.includes(c.id)).map((c) => c.id));
  const toRun = selected.length - notSelected.size;
  const skip = new Set(options.skip ?? []);
  const stsTraffic: Array<{ checkId: string; entry: JournalEntry }> = [];
  const expected = options.expectedFailures ?? new Set<string>();
  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'eeszt-conform-'));
  const { capabilities, name } = await capabilitiesOf(options, workDir);
  const personas = personasOf(options.target.fixtures);
  const deps = {
    adapter: options.adapter,
    target: options.target,
    personas,
    timing: options.timing ?? DEFAULT_TIMING,
    actionTimeoutMs: options.actionTimeoutMs ?? 60_000,
    workDir,
    onJournal: (checkId: string, entries: readonly JournalEntry[]) => {
      for (const entry of entries) if (entry.service === 'sts' && entry.request.method === 'POST') stsTraffic.push({ checkId, entry });
    },
  };
  const expectedFailure = (r: CheckReport): boolean => expected.has(r.id) && r.status !== 'pass' && r.status !== 'skipped';
  const slots = limiter(Math.max(1, options.concurrency ?? 1));
  const pending = new Map<string, Promise<CheckReport>>();
  let finished = 0;
  const runOne = async (check: CheckDefinition): Promise<CheckReport> => {
    const prerequisites = await Promise.all((check.requires ?? []).flatMap((r) => pending.get(r) ?? []));
    // point at the root cause: a blocked prerequisite stands for the checks that blocked it
    const blockers = [...new Set(prerequisites.filter((p) => p.status === 'fail' || p.status === 'blocked' || p.status === 'error').flatMap((p) => (p.status === 'blocked' ? (p.blockedBy ?? [p.id]) : [p.id])))];
    if (notSelected.has(check.id)) return { ...baseReport(check), status: 'skipped', message: 'not run: not selected with --only', durationMs: 0, expectedFailure: false };
    const na = skip.has(check.id) ? 'skipped with --skip' : notApplicable(check, capabilities, options.target);
    let report: CheckReport;
    if (na !== undefined) {
      report = { ...baseReport(check), status: 'skipped', message: `not run: ${na}`, durationMs: 0 };
    } else if (blockers.length > 0) {
      report = {
        ...baseReport(check),
        status: 'blocked',
        message: `not run: it needs ${blockers.join(', ')}, which failed (root cause; fix ${blockers.length === 1 ? 'it' : 'them'} first)`,
        fix: `Fix ${blockers.join(', ')} first; this check runs once ${blockers.length === 1 ? 'it passes' : 'they pass'}.`,
        blockedBy: blockers,
        durationMs: 0,
      };
    } else {
      report = await slots(() => runCheck(check, deps));
    }
    report.expectedFailure = expectedFailure(report);
    finished++;
    options.onProgress?.({ index: finished, total: toRun, check: report, line: progressLine(finished, toRun, report) });
    return report;
  };
  let reports: CheckReport[];
  try {
    for (const check of selected) {
      const run = runOne(check);
      pending.set(check.id, run);
      if ((options.concurrency ?? 1) <= 1) await run; // one at a time, in catalogue order
    }
    reports = await Promise.all(selected.map((c) => pending.get(c.id) as Promise<CheckReport>));
  } finally {
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
  judgeAcrossRun(selected, reports, stsTraffic);
  for (const r of reports) r.expectedFailure = expectedFailure(r);
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'eeszt-sim', version: PACKAGE_VERSION },
    mode: 'scripted',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    his: { adapter: options.adapter.description, ...(name === undefined ? {} : { name }) },
    simulator: { url: options.target.origin, embedded: options.target.embedded, tls: options.target.tls },
    summary: summarise(reports),
    checks: reports,
  };
}
