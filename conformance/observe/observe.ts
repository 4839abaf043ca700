/**
 * Observe mode: judge traffic the suite did not script — a person clicking through the HIS, or
 * the HIS's own tests — with every check whose judge needs no scenario. Checks that need one are
 * reported as skipped; observable checks that saw nothing to judge too.
 *
 * @example
 * ```ts
 * const entries = await fetchJournal('http://127.0.0.1:8080');
 * const report = judgeObserved(entries, fixtures, { simulatorUrl: 'http://127.0.0.1:8080', embedded: false, tls: false });
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import type { JournalEntry } from '../../simulator/core/journal.js';
import { PACKAGE_VERSION } from '../../simulator/version.js';
import { REPORT_SCHEMA, summarise, type CheckReport, type SuiteReport } from '../../reports/result-model.js';
import { CATALOGUE } from '../catalogue/catalogue.js';
import type { CheckDefinition } from '../catalogue/check.js';
import { toEvidence } from '../runner/evidence.js';
import { baseReport } from '../runner/run-check.js';
import { readWholeJournal, type JournalPageAnswer } from '../scenario/journal-pages.js';

/** Where the observed traffic came from. */
export interface ObservedSource {
  simulatorUrl: string;
  embedded: boolean;
  tls: boolean;
  /** When observing began (default: the first entry's time). */
  startedAt?: Date;
  checks?: readonly CheckDefinition[];
}

/** Card secrets and passwords of a fixture set: sought (PINs) and masked (all) in observe mode. */
export function fixtureSecrets(set: FixtureSet): { cardSecrets: string[]; secrets: string[] } {
  const cardSecrets = set.cards.flatMap((c) => [c.pin, c.can, c.puk, c.activationPin]).filter((v): v is string => typeof v === 'string' && v.length >= 5);
  return { cardSecrets, secrets: [...set.users.map((u) => u.password), ...cardSecrets] };
}

/** Judge observed journal entries. */
export function judgeObserved(entries: readonly JournalEntry[], fixtures: FixtureSet, source: ObservedSource): SuiteReport {
  const started = performance.now();
  const { cardSecrets, secrets } = fixtureSecrets(fixtures);
  const traffic = entries.filter((e) => e.service !== 'control');
  const checks: CheckReport[] = (source.checks ?? CATALOGUE).map((check) => {
    const base = baseReport(check);
    if (!check.observable) return { ...base, status: 'skipped', message: 'not judged in observe mode: it needs a scripted scenario (run the suite with --his-cmd or --his-url)', durationMs: 0 };
    const t0 = performance.now();
    const j = check.judge({ entries: traffic, exchanges: [], facts: { cardSecrets, secrets }, mode: 'observe' });
    const status = j.outcome === 'pass' ? 'pass' : j.outcome === 'fail' ? 'fail' : 'skipped';
    return {
      ...base,
      status,
      message: j.outcome === 'not-observed' ? `not observed: ${j.message}` : j.message,
      ...(j.expected === undefined ? {} : { expected: j.expected }),
      ...(j.observed === undefined ? {} : { observed: j.observed }),
      ...(status === 'fail' ? { fix: check.fix } : {}),
      durationMs: Math.round(performance.now() - t0),
      evidence: toEvidence(j.evidence ?? [], secrets),
    };
  });
  const first = traffic[0]?.time;
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'eeszt-sim', version: PACKAGE_VERSION },
    mode: 'observe',
    startedAt: (source.startedAt ?? (first === undefined ? new Date() : new Date(first))).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    his: { adapter: `observed traffic (${traffic.length} requests)` },
    simulator: { url: source.simulatorUrl, embedded: source.embedded, tls: source.tls },
    summary: summarise(checks),
    checks,
  };
}

/** Read the journal of an environment (its base URL: origin, or origin + `/run/<id>`). */
export async function fetchJournal(base: string, controlToken?: string): Promise<JournalEntry[]> {
  return readWholeJournal(async (query) => {
    const res = await fetch(`${base}/_sim/journal${query}`, { headers: controlToken === undefined ? {} : { authorization: `Bearer ${controlToken}` } });
    if (!res.ok) throw new Error(`cannot read the journal at ${base}/_sim/journal: HTTP ${res.status}`);
    return (await res.json()) as JournalPageAnswer;
  });
}
