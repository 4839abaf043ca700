/**
 * What a conformance check is: a stable id, a title, the requirement it comes from, a level,
 * a scripted scenario that drives the HIS through the adapter, and a judge that decides from the
 * simulator's journal (and the adapter's answers) whether the HIS did it right.
 *
 * Judges are pure functions of the {@link Evidence}, so the same judge serves the scripted suite
 * and observe mode (where a person or the HIS's own tests drive it).
 *
 * @example
 * ```ts
 * const check: CheckDefinition = {
 *   id: 'ID-UNIT', title: 'Organisational unit sent as its 9-digit code', area: 'identifiers', level: 'must',
 *   requirement: REQ.unit, scenario: 'Password login …', fix: 'Send the unit as 9 digits …', observable: true,
 *   run: async (ctx) => { await ctx.setup(); await ctx.login(ctx.personas.doctor.password()); },
 *   judge: (ev) => ({ outcome: 'pass', message: 'every unit code had 9 digits' }),
 * };
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import type { AdapterAction, AdapterResult } from '../adapter/protocol.js';
import type { ScenarioContext } from '../scenario/scenario-context.js';
import type { FixtureSet } from '../../fixtures/schema.js';
import type { LoginMethod } from '../adapter/protocol.js';

/** Areas, in report order, with their titles. */
export const AREAS = {
  identifiers: 'Identifiers the HIS sends',
  sts: 'STS requests (each login method)',
  'ws-security': 'WS-Security timestamps',
  token: 'SAML token handling',
  card: 'eID card login',
  roles: 'Roles and permissions',
  resilience: 'Faults, retries and back-off',
  tls: 'Channel protection (WAF-SSL)',
} as const;
/** One area. */
export type CheckArea = keyof typeof AREAS;

/** `must`: conformance requires it (the suite's exit code); `should`: recommended. */
export type CheckLevel = 'must' | 'should';

/** Where a requirement comes from. */
export interface Requirement {
  /** `domain`: the project's EESZT domain facts; `seed`: an operator document; `standard`: an OASIS/W3C/IETF text; `profile`: the simulator's documented profile. */
  source: 'domain' | 'seed' | 'standard' | 'profile';
  /** The section, e.g. `seed 001 § Intézményazonosítók képzése`. */
  ref: string;
  /** The rule, quoted or summarised. */
  text: string;
}

/** One adapter action of a scenario, with its answer. */
export interface AdapterExchange {
  action: AdapterAction;
  /** The parameters sent (secrets masked). */
  params: Record<string, unknown>;
  /** The HIS's answer, when it gave one. */
  result?: AdapterResult;
  /** Why there was no answer (the adapter failed). */
  failure?: string;
  /** Journal sequence numbers before and after the action: the entries it caused are in between. */
  seqBefore: number;
  seqAfter: number;
  durationMs: number;
}

/** What the scenario set up, for the judge. */
export interface ScenarioFacts {
  /** The EESZT forms of the identifiers the HIS was given. */
  expected?: { username?: string; institutionId?: string; unitCode?: string };
  /** Secret values (PINs, passwords) the HIS knows; masked in reports, and sought where they must not appear. */
  secrets?: string[];
  /** The card's PIN when the scenario gave it to the HIS. */
  pin?: string;
  /** The timing the suite asked for. */
  timing?: { requestTimeoutMs: number; backoffBaseMs: number; maxAttempts: number };
  /** Anything else a scenario records for its judge. */
  [key: string]: unknown;
}

/** Everything a judge may look at. */
export interface Evidence {
  /** The environment's journal (scripted: this check's isolated run), in sequence order. */
  entries: readonly JournalEntry[];
  /** The adapter's actions and answers (empty in observe mode). */
  exchanges: readonly AdapterExchange[];
  facts: ScenarioFacts;
  mode: 'scripted' | 'observe';
}

/** A judge's verdict. */
export interface Judgement {
  /** `not-observed`: observe mode saw nothing this check could judge. */
  outcome: 'pass' | 'fail' | 'not-observed';
  /** One line: what was found. */
  message: string;
  expected?: string;
  observed?: string;
  /** The journal entries that decided it (a few). */
  evidence?: readonly JournalEntry[];
  /** A fix for this very case, when it differs from the check's general fix text. */
  fix?: string;
}

/** One check of the catalogue. */
export interface CheckDefinition {
  /** Stable id, e.g. `TOKEN-REUSE`: never reused for another rule. */
  id: string;
  title: string;
  area: CheckArea;
  level: CheckLevel;
  requirement: Requirement;
  /** The scripted scenario in one or two sentences. */
  scenario: string;
  /**
   * The least the judge must see to give a verdict, e.g. "two STS Issue requests". With less, a
   * scripted run fails with "not enough evidence: expected …, saw …" (never a pass); observe
   * mode says not observed. Listed in docs/adapter.md ("What each check needs to see").
   */
  minimumEvidence: string;
  /** What to change in the HIS when the check fails. */
  fix: string;
  /**
   * Judged again after the whole run over every STS request the run saw (all checks' isolated
   * runs together): freshness rules (Nonce, Created, MessageID) hold across scenarios too.
   */
  judgeAcrossRun?: boolean;
  /** Checks whose failure makes this one meaningless (it is then reported as blocked, not run). */
  requires?: readonly string[];
  /** What the HIS must support for the check to apply. */
  needs?: { method?: LoginMethod; tls?: boolean };
  /** Whether the judge also works on traffic the suite did not script (observe mode). */
  observable: boolean;
  /** Fixture changes for this check's isolated run (e.g. a locked account). */
  prepareFixtures?(set: FixtureSet, now: Date): FixtureSet;
  /** Drive the HIS through the scenario. */
  run(ctx: ScenarioContext): Promise<void>;
  judge(evidence: Evidence): Judgement;
}

/** Helpers for judges: a pass. */
export function pass(message: string, evidence?: readonly JournalEntry[]): Judgement {
  return { outcome: 'pass', message, ...(evidence === undefined ? {} : { evidence }) };
}

/** Helpers for judges: a failure with what was expected and what was seen. */
export function fail(message: string, expected: string, observed: string, evidence?: readonly JournalEntry[]): Judgement {
  return { outcome: 'fail', message, expected, observed, ...(evidence === undefined ? {} : { evidence }) };
}

/**
 * Helpers for judges: the scenario produced less than the check needs. In observe mode that is
 * "not observed"; in a scripted run it is a failure, never a pass.
 */
export function notEnoughEvidence(ev: Pick<Evidence, 'mode'>, expected: string, saw: string, evidence: readonly JournalEntry[] = [], why?: string): Judgement {
  if (ev.mode === 'observe') return notObserved(`not enough evidence: expected ${expected}, saw ${saw}`);
  return fail(`not enough evidence: expected ${expected}, saw ${saw}${why === undefined ? '' : ` (${why})`}`, expected, saw, evidence);
}

/** Helpers for judges: nothing to judge (observe mode). */
export function notObserved(message: string): Judgement {
  return { outcome: 'not-observed', message };
}
