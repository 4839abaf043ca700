/**
 * SAML token checks: the token goes unchanged into every service call, one token serves every
 * call of its validity (not one per call), and a new one is obtained after it expires (the suite
 * moves the simulator clock).
 *
 * @example
 * ```ts
 * import { TOKEN_CHECKS } from './checks-token.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { byArrival, describeEntry, entriesOf, injected, issuedToken, issuedTokens, outcomeText, results, serviceCalls, stsIssues } from '../judge/journal-view.js';
import { requestFacts } from '../judge/request-facts.js';
import { loginDoctor, PERSONA } from '../scenario/common.js';
import { certificateLogin } from '../scenario/personas.js';
import { compareTokens } from '../judge/token-integrity.js';
import { fail, notEnoughEvidence, notObserved, pass, type CheckDefinition } from './check.js';
import { PASSWORD_LOGIN, CALLS } from './requires.js';
import { REQ } from './requirements.js';

const tokenIdOf = (e: JournalEntry): string | undefined => requestFacts(e).assertion?.id;

/** The clock moves of a scenario, from the journal (`POST /_sim/clock`). */
function clockMoves(entries: readonly JournalEntry[]): JournalEntry[] {
  return entries.filter((e) => e.service === 'control' && e.request.method === 'POST' && e.request.path.endsWith('/_sim/clock'));
}

/** The lifetime of the first token the STS issued in this environment (default 420 minutes). */
async function tokenLifetimeMinutes(journal: () => Promise<JournalEntry[]>): Promise<number> {
  const token = [...issuedTokens(await journal()).values()][0];
  const from = token === undefined ? undefined : /NotBefore="([^"]+)"/.exec(token.text)?.[1];
  const to = token === undefined ? undefined : /NotOnOrAfter="([^"]+)"/.exec(token.text)?.[1];
  if (from === undefined || to === undefined) return 420;
  return Math.ceil((Date.parse(to) - Date.parse(from)) / 60_000);
}

/** The token checks. */
export const TOKEN_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'TOKEN-UNCHANGED',
    title: 'The SAML token is sent unchanged (signature intact) in wsse:Security',
    area: 'token',
    level: 'must',
    requirement: REQ.tokenUnchanged,
    scenario: 'Password login of the doctor, then one eRecept call; the suite checks that the assertion in the call is the one the STS issued, as EESZT does: same ID and issuer, signature still valid against the STS certificate, signed content unchanged.',
    minimumEvidence: 'one STS answer that issued a token and one service call carrying that token',
    fix: 'Put the saml:Assertion from the STS answer into the wsse:Security header of each call without changing its content: keep its ds:Signature and every element, attribute and text node inside it. Inserting it through a parsed DOM is fine (exclusive c14n ignores quote style, empty-element form and unused namespace declarations); editing, adding or removing anything inside it, or re-indenting it (whitespace inside is signed), breaks the signature.',
    requires: PASSWORD_LOGIN,
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
      await ctx.call(ctx.standardCall());
    },
    judge: (ev) => {
      const issued = issuedTokens(ev.entries);
      const calls = serviceCalls(ev.entries).filter((e) => e.state !== 'in-progress');
      if (calls.length === 0) return notEnoughEvidence(ev, 'one service call carrying the issued token', `none (adapter call: ${outcomeText(results(ev.exchanges, 'call')[0])})`);
      if (issued.size === 0 && ev.mode === 'scripted') return notEnoughEvidence(ev, 'one STS answer that issued a token', 'none');
      let judged = 0;
      for (const e of calls) {
        const a = requestFacts(e).assertion;
        if (a === undefined) return fail('a service call carries no saml:Assertion', 'the STS token in wsse:Security', `no assertion in ${describeEntry(e)}`, [e]);
        const original = a.id === undefined ? undefined : issued.get(a.id);
        if (original === undefined) {
          if (ev.mode === 'observe') continue;
          return fail(`a service call carries a token the STS did not issue in this session (${a.id ?? 'no ID'})`, 'a token issued by the STS', a.id ?? 'no ID', [e]);
        }
        judged++;
        const verdict = compareTokens(original.entry.response.body, e.request.body);
        if (!verdict.ok) {
          const fix = verdict.problem === 'signature-removed' ? 'Keep the ds:Signature inside the saml:Assertion: EESZT accepts only tokens whose signature verifies against the STS certificate.' : undefined;
          return { ...fail(`the token in ${describeEntry(e)} is not the one the STS issued: ${verdict.message}`, 'the issued assertion: same ID and issuer, signature valid against the STS certificate, signed content unchanged', verdict.message, [original.entry, e]), ...(fix === undefined ? {} : { fix }) };
        }
      }
      if (judged === 0) return notObserved('no call used a token whose issue was seen');
      return pass(`${judged} call(s), each with the issued token (same ID and issuer, signature valid against the STS certificate, signed content unchanged)`, calls.slice(0, 1));
    },
  },
  {
    id: 'TOKEN-REUSE',
    title: 'One token serves every call of its validity (not one token per call)',
    area: 'token',
    level: 'must',
    requirement: REQ.tokenReuse,
    scenario: 'Password login, three eRecept calls, the EESZT clock moved 6 hours ahead, a fourth call: all four must use the one token.',
    minimumEvidence: 'four successful service calls (three, then one after the clock moved 6 hours) and their tokens',
    fix: 'Keep the token with its NotOnOrAfter after login and use it for every call until shortly before it expires (7 hours); do not log in again per call or per screen.',
    requires: CALLS,
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
      for (let i = 0; i < 3; i++) await ctx.call(ctx.standardCall());
      await ctx.env.advanceClock('6h');
      await ctx.call(ctx.standardCall());
    },
    judge: (ev) => {
      const calls = serviceCalls(ev.entries).filter((e) => !injected(e));
      if (ev.mode === 'observe') {
        const used = new Map<string, number>();
        for (const e of calls) {
          const id = tokenIdOf(e);
          if (id !== undefined) used.set(id, (used.get(id) ?? 0) + 1);
        }
        if (calls.length < 3) return notObserved('fewer than three service calls were seen');
        if ([...used.values()].every((n) => n === 1)) return fail(`${calls.length} calls used ${used.size} different tokens: a new token per call`, 'one token for many calls', `${used.size} tokens for ${calls.length} calls`, calls.slice(0, 3));
        return pass(`${calls.length} calls used ${used.size} token(s)`, calls.slice(0, 2));
      }
      const callResults = results(ev.exchanges, 'call');
      const failedCall = callResults.findIndex((r) => r?.ok !== true);
      if (failedCall >= 0) return fail(`call ${failedCall + 1} of 4 failed: ${outcomeText(callResults[failedCall])}`, 'four successful calls', outcomeText(callResults[failedCall]), []);
      const renewals = stsIssues(entriesOf(ev.entries, ev.exchanges, 'call'));
      const ids = [...new Set(calls.map(tokenIdOf))];
      if (renewals.length > 0 || ids.length > 1) {
        const afterMove = clockMoves(ev.entries)[0];
        const lateOnly = afterMove !== undefined && renewals.every((e) => e.seq > afterMove.seq);
        const what = lateOnly ? 'the HIS got a new token after 6 hours, although the token is valid for 7' : `the HIS logged in ${renewals.length} more time(s) for ${calls.length} calls`;
        return fail(what, '1 login, 4 calls with its token', `${renewals.length + 1} logins, ${ids.length} different tokens`, renewals.slice(0, 3));
      }
      return pass(`4 calls (3 at once, 1 after 6 hours) used the one token ${ids[0] ?? ''}`, calls.slice(0, 1));
    },
  },
  {
    id: 'TOKEN-RENEW',
    title: 'A new token after the old one expired (7 hours)',
    area: 'token',
    level: 'must',
    requirement: REQ.tokenExpiry,
    scenario:
      'Institutional certificate login of E30217B, one care event registered, the EESZT clock moved past the token lifetime (7 h 1 min), another care event: the HIS must get a new token (proactively, or after one TOKEN_EXPIRED answer). The institution renews on its own; a sector user\'s two-factor login cannot be renewed without the user typing a new mobilToken code (seed 003), so it is not used here.',
    minimumEvidence: 'the clock move past the token lifetime, then an STS request and the call after it',
    fix: 'Before a call, compare the token\'s NotOnOrAfter with the clock and log in again when it has (nearly) passed; if a service still answers TOKEN_EXPIRED (wst:ExpiredData), log in again once and repeat the call — never keep sending the expired token.',
    requires: ['TOKEN-UNCHANGED', 'AUTH-INSTITUTION-CERTIFICATE'],
    needs: { method: 'certificate' },
    observable: false,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.institution);
      await ctx.setup();
      await ctx.login(certificateLogin(p, ctx.institutionCertificate(p.institutionId)));
      const careEvent = (): Parameters<typeof ctx.call>[0] => ({
        service: 'esemenykatalogus',
        operation: 'RegisterCareEvent',
        params: { Taj: ctx.personas.patientTaj(), EventType: 'outpatient', Start: ctx.env.simulatorTime().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      });
      await ctx.call(careEvent());
      await ctx.env.advanceClock(`${(await tokenLifetimeMinutes(ctx.env.journal)) + 1}m`);
      await ctx.call(careEvent());
    },
    judge: (ev) => {
      const move = clockMoves(ev.entries)[0];
      if (move === undefined) return fail('the scenario did not move the clock', 'a clock move', 'none', []);
      const after = byArrival(ev.entries.filter((e) => e.seq > move.seq));
      const expiredRefusals = serviceCalls(after).filter((e) => e.errorCode === 'TOKEN_EXPIRED');
      const newLogins = stsIssues(after);
      const newToken = newLogins.map(issuedToken).find((t) => t !== undefined);
      const last = results(ev.exchanges, 'call').at(-1);
      if (newLogins.length === 0) {
        return fail(`after the token expired the HIS did not log in again (${expiredRefusals.length} call(s) refused with TOKEN_EXPIRED)`, 'a new STS login after expiry', `no STS request; last call: ${outcomeText(last)}`, expiredRefusals.slice(0, 2));
      }
      if (expiredRefusals.length > 1) return fail(`the expired token was sent ${expiredRefusals.length} times`, 'at most one TOKEN_EXPIRED, then a new token', `${expiredRefusals.length} TOKEN_EXPIRED answers`, expiredRefusals.slice(0, 3));
      if (newToken === undefined) {
        const refused = newLogins[0] as JournalEntry;
        const clockIssue = ['MESSAGE_EXPIRED', 'TIMESTAMP_IN_FUTURE'].includes(refused.errorCode ?? '');
        if (clockIssue) return pass(`the HIS logged in again after expiry; the STS refused the new login as stale (${refused.errorCode}) because the HIS's clock does not follow the simulator's (allowed here; see docs/adapter.md, "Time")`, [refused]);
        return fail(`the new login after expiry was refused: ${refused.errorCode ?? refused.response.status}`, 'a token issued after expiry', describeEntry(refused), [refused]);
      }
      const usedNew = serviceCalls(after).some((e) => tokenIdOf(e) === newToken.id && e.response.status === 200);
      if (!usedNew || last?.ok !== true) return fail('the HIS got a new token but the call after expiry did not succeed with it', 'the call repeated with the new token', outcomeText(last), newLogins.slice(0, 1));
      return pass(`after expiry the HIS got a new token (${newToken.id ?? ''}) and the call succeeded with it${expiredRefusals.length === 1 ? ' (after one TOKEN_EXPIRED)' : ''}`, newLogins.slice(0, 1));
    },
  },
];
