/**
 * Authentication-strength checks (seed 003): a sector user reaches patients' data only after a
 * two-factor login, and an institution does institution work only with a token of its
 * institutional certificate. The suite runs under the strict policy, where the services refuse
 * anything less (`MULTI_FACTOR_REQUIRED`, `INSTITUTION_CERTIFICATE_REQUIRED`).
 *
 * @example
 * ```ts
 * import { AUTH_CHECKS } from './checks-auth.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { describeEntry, entriesOf, outcomeText, results, serviceCalls, stsIssues } from '../judge/journal-view.js';
import { loginDoctor, expectIdentifiers, PERSONA } from '../scenario/common.js';
import { certificateLogin } from '../scenario/personas.js';
import { fail, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
import { PASSWORD_LOGIN } from './requires.js';
import { REQ } from './requirements.js';

/** Whether an STS request carried the mobilToken code (the journal masks its value, not the element). */
const carriesMobilTokenCode = (e: JournalEntry): boolean => /<(?:[\w.-]+:)?MobilTokenCode[\s>]/.test(e.request.body);
const carriesCertificate = (e: JournalEntry): boolean => /X509v3/.test(e.request.body) && /BinarySecurityToken/.test(e.request.body);

/** The login sent, then one call that must be admitted (not refused `refusal`). */
function judgeAdmittedCall(ev: Evidence, refusal: string, loginOk: (e: JournalEntry) => string | undefined, what: string): Judgement {
  const logins = stsIssues(entriesOf(ev.entries, ev.exchanges, 'login'));
  const login = logins[0];
  if (login === undefined) return fail('the HIS sent no STS request for the login', `one STS Issue request (${what})`, outcomeText(results(ev.exchanges, 'login')[0]), []);
  const shape = loginOk(login);
  if (shape !== undefined) return fail(`the login was not ${what}: ${shape}`, what, describeEntry(login), [login]);
  const calls = serviceCalls(entriesOf(ev.entries, ev.exchanges, 'call'));
  const call = calls[0];
  if (call === undefined) return fail('the HIS made no service call after the login', 'one service call, admitted', outcomeText(results(ev.exchanges, 'call')[0]), [login]);
  if (call.errorCode === refusal) return fail(`the service refused the call with ${refusal}: the token was not obtained as the rule needs`, `the call admitted (no ${refusal})`, describeEntry(call), [login, call]);
  // A token the HIS changed after the STS issued it is refused before its factors are looked at: that is
  // TOKEN-UNCHANGED's finding (one root cause, one failure); the login this check judges was as the rule needs.
  if (call.errorCode?.startsWith('TOKEN_SIGNATURE_') === true) return pass(`the login was ${what} (the call was refused ${call.errorCode}: see TOKEN-UNCHANGED)`, [login, call]);
  const result = results(ev.exchanges, 'call')[0];
  if (call.errorCode !== undefined || result?.ok !== true) return fail(`the call was answered ${call.errorCode ?? call.response.status}; the scenario could not be played`, 'a successful call', describeEntry(call), [login, call]);
  return pass(`the login was ${what}, and the call was admitted`, [login, call]);
}

/** The authentication-strength checks. */
export const AUTH_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'AUTH-TWO-FACTOR',
    title: "Patients' data after a two-factor login: password plus the mobilToken code",
    area: 'sts',
    level: 'must',
    requirement: REQ.twoFactor,
    scenario: 'The doctor logs in with the password and types the code the mobilToken app shows (login parameter `mobilTokenCode`); then an eRecept prescription is written. Under the strict policy a password-only token is refused with MULTI_FACTOR_REQUIRED.',
    fix: 'Send the mobilToken code the user typed with the password, as sim:MobilTokenCode (namespace urn:eeszt-sim:2026) inside the wsse:UsernameToken (docs/protocol.md, "Two factors"), or log the user in with the eSzemélyi card; never call patient services with a password-only token.',
    minimumEvidence: 'the STS request of the login, then the service call after it',
    requires: PASSWORD_LOGIN,
    observable: false, // judged on its own scripted login and call (the exchanges), which observe mode does not have
    run: async (ctx) => {
      await loginDoctor(ctx);
      await ctx.call(ctx.standardCall());
    },
    judge: (ev) => judgeAdmittedCall(ev, 'MULTI_FACTOR_REQUIRED', (e) => (carriesMobilTokenCode(e) ? undefined : 'the UsernameToken carries no sim:MobilTokenCode'), 'two-factor (password and mobilToken code)'),
  },
  {
    id: 'AUTH-INSTITUTION-CERTIFICATE',
    title: 'Institution work with the institutional certificate, not the system user’s password',
    area: 'sts',
    level: 'must',
    requirement: REQ.institutionCertificate,
    scenario: 'The outpatient clinic E30217B logs in for institution work; its HIS configuration holds the institutional certificate and also its system user X90001 with a password. Then a care event is registered (Eseménykatalógus, written by the institution). Under the strict policy a password token of the institutional user is refused with INSTITUTION_CERTIFICATE_REQUIRED.',
    fix: 'Log the institutional user in only with the institutional certificate (X.509: BinarySecurityToken + signature over Timestamp and Body); never with the system user’s username and password.',
    minimumEvidence: 'the STS request of the institution login, then the Eseménykatalógus call after it',
    requires: ['ID-INSTITUTION-PROVIDER', 'ID-UNIT', 'STS-CERTIFICATE-LOGIN'],
    needs: { method: 'certificate' },
    observable: false, // judged on its own scripted login and call (the exchanges), which observe mode does not have
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.institution);
      expectIdentifiers(ctx, p, false);
      await ctx.setup();
      await ctx.login({ ...certificateLogin(p, ctx.institutionCertificate(p.institutionId)), user: p.username, password: p.password, mobilTokenCode: '' });
      await ctx.call({
        service: 'esemenykatalogus',
        operation: 'RegisterCareEvent',
        params: { Taj: ctx.personas.patientTaj(), EventType: 'outpatient', Start: ctx.env.simulatorTime().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      });
    },
    judge: (ev) => judgeAdmittedCall(ev, 'INSTITUTION_CERTIFICATE_REQUIRED', (e) => (carriesCertificate(e) ? undefined : 'no X.509 certificate token (BinarySecurityToken X509v3)'), 'made with the institutional certificate'),
  },
];
