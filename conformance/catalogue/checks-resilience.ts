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
import { byArrival, entriesOf, injected, outcomeText, results, serviceCalls, stsIssues } from '../judge/journal-view.js';
import { loginDoctor } from '../scenario/common.js';
import type { ScenarioContext } from '../scenario/scenario-context.js';
import { fail, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
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

/** The resilience checks. */
export const RESILIENCE_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'RETRY-503',
    title: 'HTTP 503 from a service: retried with back-off, then success',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, the next two eRecept calls are answered 503 Service Unavailable (injected), the third normally.',
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
    fix: 'Set a timeout on every request to EESZT (the suite suggests `timing.requestTimeoutMs`); on a timeout try again after a back-off, a bounded number of times.',
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'delay', delayMs: Math.round(ctx.timing.requestTimeoutMs * 2.5), times: 1 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: true, minAttempts: 1, backoff: false, fault: 'a timeout' }),
  },
  {
    id: 'RETRY-MALFORMED',
    title: 'Malformed reply: retried with back-off, then success',
    area: 'resilience',
    level: 'must',
    requirement: REQ.resilience,
    scenario: 'After login, the next eRecept call is answered 200 with a broken-off SOAP envelope (injected).',
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
    fix: `Cap the attempts of one call (the suite accepts at most ${MAX_ATTEMPTS}) and then report the outage to the user; never retry without limit.`,
    requires: CALLS,
    observable: false,
    run: (ctx) => callWithFaults(ctx, [{ service: 'erecept', fault: 'status', status: 503 }]),
    judge: (ev) => judgeRetry(ev, { action: 'call', success: false, minAttempts: 1, backoff: false, fault: 'an outage' }),
  },
  {
    id: 'RETRY-STS',
    title: 'HTTP 503 from the STS at login: retried with back-off',
    area: 'resilience',
    level: 'should',
    requirement: REQ.resilience,
    scenario: 'The first STS request of a password login is answered 503 (injected).',
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
