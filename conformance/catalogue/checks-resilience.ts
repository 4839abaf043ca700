/**
 * Resilience checks: with faults injected into the simulator (`/_sim/faults`), transient
 * failures are retried a bounded number of times with back-off, refusals are not retried, and an
 * outage ends in a reported failure instead of endless retries.
 *
 * @example
 * ```ts
 * import { RESILIENCE_CHECKS } from './checks-resilience.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { byArrival, describeEntry, entriesOf, injected, outcomeText, results, serviceCalls, stsIssues } from '../judge/journal-view.js';
import { loginDoctor } from '../scenario/common.js';
import type { ScenarioContext } from '../scenario/scenario-context.js';
import { fail, notEnoughEvidence, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
import { CALLS, PASSWORD_LOGIN } from './requires.js';
import { REQ } from './requirements.js';

/** Most attempts of one call the suite accepts. */
export const MAX_ATTEMPTS = 5;
/** Shortest wait before a retry the suite counts as back-off: half the back-off it asked for, at least this. */
export const MIN_BACKOFF_MS = 20;

/** The back-off threshold of a scenario. */
function minBackoffMs(ev: Evidence): number {
  return Math.max(MIN_BACKOFF_MS, Math.floor((ev.facts.timing?.backoffBaseMs ?? 50) / 2));
}

/** What a retry scenario expects. */
interface RetryExpectation {
  action: 'call' | 'login';
  /** The call must succeed in the end (else: fail and be reported). */
  success: boolean;
  /** Fewest attempts (e.g. 3 when two faults come first). */
  minAttempts: number;
  /** Whether waits between attempts are judged. */
  backoff: boolean;
  fault: string;
}

/** Log the doctor in, inject the faults, make one call. */
async function callWithFaults(ctx: ScenarioContext, rules: Record<string, unknown>[]): Promise<void> {
  await loginDoctor(ctx);
  await ctx.env.addFaults(rules);
  await ctx.call(ctx.standardCall());
}

function judgeRetry(ev: Evidence, x: RetryExpectation): Judgement {
  const window = entriesOf(ev.entries, ev.exchanges, x.action);
  const attempts: JournalEntry[] = byArrival(x.action === 'call' ? serviceCalls(window) : stsIssues(window));
  const result = results(ev.exchanges, x.action).at(-1);
  const n = attempts.length;
  if (n === 0) return fail(`the ${x.action} never reached EESZT`, `the ${x.action} tried again after ${x.fault}`, `no request (adapter: ${outcomeText(result)})`, []);
  if (n > MAX_ATTEMPTS) return fail(`the HIS tried ${n} times: retries must be bounded`, `at most ${MAX_ATTEMPTS} attempts, then the failure to the user`, `${n} attempts`, attempts.slice(0, 3));
  if (x.success && result?.ok !== true) {
    const why = n < x.minAttempts ? `it gave up after ${n} attempt(s) on ${x.fault}, a transient failure` : 'it failed';
    return fail(`the ${x.action} did not succeed: ${why}`, `retry after ${x.fault} until it succeeds (≤ ${MAX_ATTEMPTS} attempts)`, `${n} attempt(s); adapter: ${outcomeText(result)}`, attempts.slice(0, 3));
  }
  if (!x.success && result?.ok !== false) return fail('the HIS did not report the failure of the service', '{"ok":false,…} after a bounded number of attempts', outcomeText(result), attempts.slice(-1));
  if (n < x.minAttempts) return fail(`only ${n} attempt(s)`, `at least ${x.minAttempts}`, String(n), attempts);
  if (x.backoff) {
    const least = minBackoffMs(ev);
    const sorted = attempts;
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1] as JournalEntry;
      if (!injected(prev)) continue;
      const gap = Date.parse((sorted[i] as JournalEntry).time) - Date.parse(prev.time);
      if (gap < least) return fail(`retry ${i} followed the failure after ${gap} ms: no back-off`, `a wait of at least ${least} ms (half the back-off the suite asked for; growing with each retry) before retrying`, `${gap} ms`, [prev, sorted[i] as JournalEntry]);
    }
  }
  return pass(`${n} attempt(s) with back-off, then ${x.success ? 'success' : 'the failure reported'} (${outcomeText(result)})`, attempts.slice(0, 3));
}

/** When an entry's request was done with at the simulator (arrival plus handling time), in ms. */
const finishedAt = (e: JournalEntry): number => Date.parse(e.time) + e.durationMs;

/** Attempts whose work the simulator did (a write applied), whether or not the HIS got the answer. */
const applied = (attempts: readonly JournalEntry[]): JournalEntry[] => attempts.filter((e) => (e.state === 'aborted' ? e.summary.applied === true : e.response.status === 200 && !injected(e)));

/**
 * RETRY-TIMEOUT: the first attempt is held (injected delay); the HIS must give up waiting (the
 * simulator journals the abandoned attempt `CLIENT_ABORTED`) and retry before the delayed answer
 * would have come. Judged from arrival times. A write applied twice (the abandoned attempt was
 * still processed, as a server does) is said in the verdict.
 */
function judgeTimeout(ev: Evidence): Judgement {
  const attempts = byArrival(serviceCalls(entriesOf(ev.entries, ev.exchanges, 'call')));
  const result = results(ev.exchanges, 'call').at(-1);
  const asked = ev.facts.timing?.requestTimeoutMs ?? 1000;
  const first = attempts[0];
  if (first === undefined) return notEnoughEvidence(ev, 'two attempts of the call, the first one held by an injected delay', `no call (adapter: ${outcomeText(result)})`);
  const delayMs = Number((first.summary.fault as { delayMs?: number } | undefined)?.delayMs ?? 0);
  if (first.state !== 'aborted') {
    const waited = first.state === 'in-progress' ? `more than ${delayMs} ms` : `${Math.round(first.durationMs)} ms`;
    return fail(`the HIS never timed out: it waited ${waited} for the delayed answer of its first attempt instead of giving up after its request timeout`, `give up after about ${asked} ms (timing.requestTimeoutMs) and try again`, `1st attempt ${describeEntry(first)} answered after ${waited}; ${attempts.length} attempt(s) in all`, attempts.slice(0, 2));
  }
  const retry = attempts[1];
  if (retry === undefined) return fail(`the HIS timed out but did not try again (adapter: ${outcomeText(result)})`, 'a retry after the timeout', `1 attempt (abandoned: ${describeEntry(first)})`, [first]);
  const retryAfterMs = Date.parse(retry.time) - Date.parse(first.time);
  if (delayMs > 0 && retryAfterMs >= delayMs) return fail(`the retry came ${retryAfterMs} ms after the first attempt, not before the delayed answer (${delayMs} ms): the HIS waits too long`, `a timeout near ${asked} ms, then a retry`, `retry after ${retryAfterMs} ms`, [first, retry]);
  if (attempts.length > MAX_ATTEMPTS) return fail(`the HIS tried ${attempts.length} times: retries must be bounded`, `at most ${MAX_ATTEMPTS} attempts`, `${attempts.length} attempts`, attempts.slice(0, 3));
  if (result?.ok !== true) return fail(`the call did not succeed after the timeout: ${outcomeText(result)}`, 'success on the retry', outcomeText(result), attempts.slice(0, 2));
  const writes = applied(attempts);
  const twice = writes.length > 1 ? `; note: the write was applied ${writes.length} times (the abandoned attempt ${describeEntry(first)} was still processed by the server, as EESZT would, and the retry created another document): check for the first before repeating a write` : '';
  return pass(`the HIS abandoned its first attempt (CLIENT_ABORTED) and retried ${retryAfterMs} ms after it, before the delayed answer (${delayMs} ms); then success${twice}`, attempts.slice(0, 2));
}

/**
 * RETRY-BACKOFF-GROWS: the waits between the failures and the next attempts (from when the
 * simulator finished answering to the next arrival) must grow: the last at least twice the first.
 */
function judgeGrowingBackoff(ev: Evidence): Judgement {
  const attempts = byArrival(serviceCalls(entriesOf(ev.entries, ev.exchanges, 'call')));
  if (attempts.length < 4) return notEnoughEvidence(ev, 'four attempts of the call (three answered 503)', `${attempts.length}`, attempts);
  const waits = attempts.slice(1, 4).map((e, i) => Math.max(0, Math.round(Date.parse(e.time) - finishedAt(attempts[i] as JournalEntry))));
  const [w1, , w3] = waits as [number, number, number];
  if (w3 < 2 * w1) return fail(`the back-off does not grow: waits of ${waits.join(', ')} ms between the attempts`, 'each wait longer than the one before (e.g. doubling: 0.5 s, 1 s, 2 s); the third at least twice the first', `${waits.join(' ms, ')} ms`, attempts.slice(0, 4));
  return pass(`the waits grew: ${waits.join(', ')} ms`, attempts.slice(0, 4));
}

/** The resilience checks. */
export const RESILIENCE_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'RETRY-503',
    title: 'HTTP 503 from a service: retried with back-off, then success',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, the next two eRecept calls are answered 503 Service Unavailable (injected), the third normally.',
    minimumEvidence: 'three attempts of the call (two answered 503, arrival times) and the adapter answer',
    fix: 'Treat 502/503/504 as transient: wait (e.g. 0.5 s, doubling) and try again, at most a few times (≤ 5 attempts in all).',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'status', status: 503, times: 2 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: true, minAttempts: 3, backoff: true, fault: 'HTTP 503' }),
  },
  {
    id: 'RETRY-TIMEOUT',
    title: 'No answer in time: the call times out and is retried',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, the next eRecept call is held for 2.5 times the suggested request timeout (injected delay); the HIS should give up waiting and try again.',
    minimumEvidence: 'two attempts of the call: the delayed first one abandoned by the HIS (journaled CLIENT_ABORTED) and a retry that arrived before the delay ended',
    fix: 'Set a timeout on every request to EESZT (the suite suggests `timing.requestTimeoutMs`); on a timeout try again after a back-off, a bounded number of times. A write whose answer was lost may have been applied: look it up before repeating it where the service allows.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'delay', delayMs: Math.round(ctx.timing.requestTimeoutMs * 2.5), times: 1 }]),
    judge: judgeTimeout,
  },
  {
    id: 'RETRY-MALFORMED',
    title: 'Malformed reply: retried with back-off, then success',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, the next eRecept call is answered 200 with a broken-off SOAP envelope (injected).',
    minimumEvidence: 'two attempts of the call (the first answered with a broken envelope) and the adapter answer',
    fix: 'Parse every answer; an answer that is not well-formed XML is a transient failure: retry it after a back-off, a bounded number of times.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'malformed', times: 1 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: true, minAttempts: 2, backoff: true, fault: 'a malformed reply' }),
  },
  {
    id: 'RETRY-DROPPED',
    title: 'Dropped connection: retried with back-off, then success',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'After login, the connection of the next eRecept call is dropped without an answer (injected).',
    minimumEvidence: 'two attempts of the call (the first dropped) and the adapter answer',
    fix: 'Treat a connection closed without an answer as transient: retry after a back-off, a bounded number of times.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'drop', times: 1 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: true, minAttempts: 2, backoff: true, fault: 'a dropped connection' }),
  },
  {
    id: 'RETRY-SOAP-RECEIVER',
    title: 'SOAP Receiver fault (server side): retried with back-off',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'After login, the next eRecept call is answered with a SOAP 1.2 Receiver fault SERVICE_UNAVAILABLE (injected).',
    minimumEvidence: 'two attempts of the call (the first answered with a Receiver fault) and the adapter answer',
    fix: 'A fault whose Code is env:Receiver (SOAP 1.1: Server) blames the server: retry after a back-off, a bounded number of times.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'soap-fault', side: 'Receiver', code: 'SERVICE_UNAVAILABLE', times: 1 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: true, minAttempts: 2, backoff: true, fault: 'a Receiver fault' }),
  },
  {
    id: 'NO-RETRY-SENDER-FAULT',
    title: 'SOAP Sender fault (the request is refused): reported, not retried',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'After login, the next eRecept call is refused with a SOAP 1.2 Sender fault REQUEST_REFUSED (injected).',
    minimumEvidence: 'one service call answered with the Sender fault and the adapter answer',
    fix: 'A fault whose Code is env:Sender (SOAP 1.1: Client, or a wsse:/wst: subcode) blames the request: sending it again gives the same answer; report it.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'soap-fault', side: 'Sender', code: 'REQUEST_REFUSED', times: 1 }]),
    judge: (ev) => {
      const calls = serviceCalls(entriesOf(ev.entries, ev.exchanges, 'call'));
      const result = results(ev.exchanges, 'call').at(-1);
      if (calls.length === 0) return fail('the call never reached EESZT', 'one call, refused', 'none', []);
      if (calls.length > 1) return fail(`the HIS sent the refused call ${calls.length} times`, 'one attempt, then the refusal to the user', `${calls.length} attempts`, calls.slice(0, 3));
      if (result?.ok !== false || result.error?.code !== 'REQUEST_REFUSED') return fail('the HIS did not report the refusal with its code', '{"ok":false,"error":{"code":"REQUEST_REFUSED",…}}', outcomeText(result), calls);
      return pass('the refused call was sent once and reported with its code', calls);
    },
  },
  {
    id: 'RETRY-BOUNDED',
    title: 'Service down: a bounded number of attempts, then the failure is reported',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, every eRecept call is answered 503 (injected, no end): the HIS must give up and report.',
    minimumEvidence: 'one attempt of the call and the adapter answer (every attempt is counted)',
    fix: `Cap the attempts of one call (the suite accepts at most ${MAX_ATTEMPTS}) and then report the outage to the user; never retry without limit.`,
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'status', status: 503 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: false, minAttempts: 1, backoff: false, fault: 'an outage' }),
  },
  {
    id: 'RETRY-BACKOFF-GROWS',
    title: 'The back-off grows with each retry',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'After login, the next three eRecept calls are answered 503 (injected), the fourth normally; the suite compares the waits before the retries.',
    minimumEvidence: 'four attempts of the call (three answered 503), so that three waits can be compared',
    fix: 'Grow the wait with each retry (exponential back-off, e.g. base × 2^(n−1), with jitter): a constant wait keeps hammering a service that is struggling.',
    requires: [...CALLS, 'RETRY-503'],
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'status', status: 503, times: 3 }]),
    judge: judgeGrowingBackoff,
  },
  {
    id: 'RETRY-STS',
    title: 'HTTP 503 from the STS at login: retried with back-off',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'The first STS request of a password login is answered 503 (injected).',
    minimumEvidence: 'two STS Issue requests (the first answered 503) and the adapter answer',
    fix: 'Apply the same bounded retry with back-off to the STS as to the services.',
    requires: PASSWORD_LOGIN,
    observable: false,
    run: async (ctx) => {
      await ctx.env.addFaults([{ service: 'sts', fault: 'status', status: 503, times: 1 }]);
      await loginDoctor(ctx);
    },
    judge: (ev) => judgeRetry(ev, { action: 'login', success: true, minAttempts: 2, backoff: true, fault: 'HTTP 503' }),
  },
];
