/**
 * Run one check: a fresh isolated run on the simulator (with the check's fixture changes), a
 * scratch folder for the HIS, the scenario through the adapter, then the journal to the judge.
 *
 * @example
 * ```ts
 * const report = await runCheck(checkById('TOKEN-REUSE')!, deps);
 * ```
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../../simulator/core/journal.js';
import { AREAS, type CheckDefinition, type Judgement } from '../catalogue/check.js';
import type { HisAdapter } from '../adapter/his-adapter.js';
import type { AdapterTiming } from '../adapter/protocol.js';
import type { CheckReport } from '../../reports/result-model.js';
import { createRunEnvironment } from '../scenario/env-control.js';
import type { Personas } from '../scenario/personas.js';
import { createScenarioContext } from '../scenario/scenario-context.js';
import { SuiteError } from '../scenario/suite-error.js';
import { toEvidence } from './evidence.js';
import type { SuiteTarget } from './target.js';

/** What running a check needs. */
export interface CheckDeps {
  adapter: HisAdapter;
  target: SuiteTarget;
  personas: Personas;
  timing: AdapterTiming;
  actionTimeoutMs: number;
  workDir: string;
  /** Receives the check's journal (for the judges that look across the whole run). */
  onJournal?(checkId: string, entries: readonly JournalEntry[]): void;
}

/** The report fields every status shares. */
export function baseReport(check: CheckDefinition): Omit<CheckReport, 'status' | 'message' | 'durationMs'> {
  return {
    id: check.id,
    title: check.title,
    area: check.area,
    areaTitle: AREAS[check.area],
    level: check.level,
    requirement: { ...check.requirement },
    scenario: check.scenario,
    expectedFailure: false,
    evidence: [],
    adapter: [],
  };
}

/** Longest wait for requests still in progress (e.g. one the HIS abandoned during an injected delay). */
const SETTLE_MS = 10_000;

/**
 * The check's journal once no request is in progress any more: the journal records requests on
 * arrival, and a request the HIS abandoned (its timeout) completes when the server is done with
 * it; the judge sees its outcome (was the write applied?). Waits at most {@link SETTLE_MS}.
 */
async function settledJournal(env: { journal(): Promise<JournalEntry[]> }): Promise<JournalEntry[]> {
  const until = performance.now() + SETTLE_MS;
  let entries = await env.journal();
  while (entries.some((e) => e.state === 'in-progress') && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    entries = await env.journal();
  }
  return entries;
}

/** Run the check's scenario and judge it. */
export async function runCheck(check: CheckDefinition, deps: CheckDeps): Promise<CheckReport> {
  const started = performance.now();
  const base = baseReport(check);
  // The run's clock starts at this instant, so fixtures prepared relative to it (an account locked
  // for 30 minutes from now) are relative to the run's own clock, not to this process's.
  const runStart = new Date();
  const fixtures = check.prepareFixtures === undefined ? undefined : check.prepareFixtures(structuredClone(deps.target.fixtures), runStart);
  const stateDir = mkdtempSync(join(deps.workDir, `${check.id}-`));
  let env: Awaited<ReturnType<typeof createRunEnvironment>> | undefined;
  try {
    env = await createRunEnvironment(deps.target.origin, { clockStart: runStart, ...(fixtures === undefined ? {} : { fixtures }), ...(deps.target.controlToken === undefined ? {} : { controlToken: deps.target.controlToken }) });
    const ctx = createScenarioContext({ checkId: check.id, adapter: deps.adapter, env, personas: deps.personas, pki: deps.target.pki, stateDir, timing: deps.timing, actionTimeoutMs: deps.actionTimeoutMs });
    await check.run(ctx);
    const entries = await settledJournal(env);
    deps.onJournal?.(check.id, entries);
    const adapterFailure = ctx.exchanges.find((x) => x.failure !== undefined);
    const judgement: Judgement =
      adapterFailure !== undefined
        ? { outcome: 'fail', message: `the HIS adapter gave no usable answer to \`${adapterFailure.action}\`: ${adapterFailure.failure ?? ''}`, expected: 'one JSON result per action (docs/adapter.md)', observed: adapterFailure.failure ?? '' }
        : check.judge({ entries, exchanges: ctx.exchanges, facts: ctx.facts, mode: 'scripted' });
    const secrets = [...(ctx.facts.secrets ?? []), ...(typeof ctx.facts.pin === 'string' ? [ctx.facts.pin] : [])];
    const failed = judgement.outcome !== 'pass';
    return {
      ...base,
      status: judgement.outcome === 'pass' ? 'pass' : 'fail',
      message: judgement.message,
      ...(judgement.expected === undefined ? {} : { expected: judgement.expected }),
      ...(judgement.observed === undefined ? {} : { observed: judgement.observed }),
      ...(failed ? { fix: adapterFailure !== undefined ? 'Make the adapter answer every action with exactly one JSON result {"ok":…} (docs/adapter.md); check its stderr.' : (judgement.fix ?? check.fix) } : {}),
      durationMs: Math.round(performance.now() - started),
      evidence: toEvidence(judgement.evidence ?? [], secrets),
      adapter: ctx.exchanges.map((x) => ({
        action: x.action,
        params: x.params,
        ...(x.result === undefined ? {} : { ok: x.result.ok, ...(x.result.error === undefined ? {} : { error: x.result.error }) }),
        ...(x.failure === undefined ? {} : { failure: x.failure }),
        durationMs: x.durationMs,
      })),
    };
  } catch (err) {
    const suite = err instanceof SuiteError;
    return {
      ...base,
      status: 'error',
      message: suite ? err.message : `the suite failed while running this check: ${(err as Error).message}`,
      fix: suite ? 'Fix the suite set-up named in the message (simulator, fixtures, --target) and run again.' : 'This is a fault of the suite, not of the HIS; report it with the run\'s JSON report.',
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await env?.delete();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
