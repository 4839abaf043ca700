/**
 * STS checks: the request form of each login method (the STS must issue a token for a correct
 * request), WS-Addressing, UsernameToken nonces, and what a HIS does with a wrong password or a
 * locked account (no automatic repetition: every wrong password counts towards the lockout).
 *
 * @example
 * ```ts
 * import { STS_CHECKS } from './checks-sts.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { refusalText } from '../judge/answers.js';
import { describeEntry, entriesOf, issuedToken, outcomeText, results, stsIssues, stsRequests } from '../judge/journal-view.js';
import { loginMethodOf, requestFacts, RID_PACKAGE_VALUE_TYPE } from '../judge/request-facts.js';
import { expectIdentifiers, loginDoctor, PERSONA, prepareCard } from '../scenario/common.js';
import { cardLogin, certificateLogin, passwordLogin } from '../scenario/personas.js';
import { fail, notEnoughEvidence, notObserved, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
import { CLOCK, LOGIN_BASICS, PASSWORD_LOGIN } from './requires.js';
import { REQ } from './requirements.js';

const ISSUE_ACTION = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';

/** Refusals that say the request itself is wrong (as opposed to wrong credentials or state). */
const FORM_ERRORS = new Set([
  'IDENTIFIER_INVALID', 'CONTEXT_MISSING', 'CLAIMS_DIALECT_UNSUPPORTED', 'AUTHENTICATION_MISSING', 'AUTHENTICATION_AMBIGUOUS', 'SECURITY_HEADER_MISSING',
  'SECURITY_HEADER_DUPLICATE', 'USERNAME_TOKEN_MALFORMED', 'PASSWORD_TYPE_UNSUPPORTED', 'USERNAME_MISSING', 'PASSWORD_MISSING', 'TIMESTAMP_MALFORMED', 'TIMESTAMP_MISSING',
  'TIMESTAMP_IN_FUTURE', 'MESSAGE_EXPIRED', 'SIGNATURE_MISSING', 'SIGNATURE_KEY_REFERENCE_INVALID', 'SIGNATURE_PROFILE_INVALID', 'SIGNATURE_DOES_NOT_COVER_BODY',
  'SIGNATURE_DOES_NOT_COVER_TIMESTAMP', 'SIGNATURE_INVALID', 'DUPLICATE_ID', 'TOKEN_VALUE_TYPE_UNSUPPORTED', 'RID_PACKAGE_MALFORMED', 'RST_EXPECTED',
  'RST_NAMESPACE_UNSUPPORTED', 'RST_MALFORMED', 'REQUEST_TYPE_MISSING', 'REQUEST_TYPE_UNSUPPORTED', 'ACTION_MISMATCH', 'TOKEN_TYPE_UNSUPPORTED', 'KEY_TYPE_UNSUPPORTED',
  'APPLIES_TO_UNKNOWN', 'SOAP_MALFORMED', 'XML_MALFORMED', 'XML_FORBIDDEN_CONSTRUCT', 'UNSUPPORTED_MEDIA_TYPE', 'SOAP_VERSION_MISMATCH', 'REPLAYED',
]);

/** Refusals whose root cause is the HIS's clock. */
const CLOCK_ERRORS = new Set(['TIMESTAMP_IN_FUTURE', 'MESSAGE_EXPIRED']);

/** A failure caused by a refusal: when the refusal blames the clock, the fix says so (the root cause). */
function withClockFix(judgement: Judgement, refused: JournalEntry): Judgement {
  if (!CLOCK_ERRORS.has(refused.errorCode ?? '')) return judgement;
  return { ...judgement, fix: `Root cause: the HIS's clock is off the EESZT time (${refused.errorCode}), so the STS refuses its timestamps; this is not a fault of the request form. Synchronise the clock (NTP, UTC) — under the suite follow \`context.simulatorTime\` (docs/adapter.md, "Time") — and see WSS-TIMESTAMP-FRESH.` };
}

/** Judge the STS logins of one method: the first must get a token (scripted); none may be refused for its form (observe). */
function judgeLogin(ev: Evidence, method: 'password' | 'certificate' | 'card', shape: (e: JournalEntry) => string | undefined): Judgement {
  const logins = stsIssues(ev.entries).filter((e) => loginMethodOf(requestFacts(e)) === method);
  if (logins.length === 0) {
    return ev.mode === 'observe' ? notObserved(`no ${method} login was seen`) : notEnoughEvidence(ev, `a WS-Trust Issue request with ${method} credentials`, `no such request (adapter login: ${outcomeText(results(ev.exchanges, 'login')[0])})`);
  }
  for (const e of logins) {
    const problem = shape(e);
    if (problem !== undefined) return fail(`the ${method} login request is not formed as docs/protocol.md describes: ${problem}`, 'the request form of docs/protocol.md', `${problem} in ${describeEntry(e)}`, [e]);
  }
  const judged = ev.mode === 'observe' ? logins.filter((e) => e.errorCode !== undefined && FORM_ERRORS.has(e.errorCode)) : logins.slice(0, 1).filter((e) => issuedToken(e) === undefined);
  const bad = judged[0];
  if (bad !== undefined) return withClockFix(fail(`the STS refused the ${method} login: ${refusalText(bad)}`, 'a token issued for the first correct login', `${describeEntry(bad)}`, [bad]), bad);
  return pass(`the ${method} login request is well formed and the STS issued a token`, logins.slice(0, 1));
}

function passwordShape(e: JournalEntry): string | undefined {
  const f = requestFacts(e);
  if (!f.soap) return 'the body is not a SOAP envelope';
  if (!f.hasPassword) return 'the UsernameToken has no wsse:Password';
  if (f.institutionId === undefined || f.unitCode === undefined) return 'wst:Claims lack sim:InstitutionId or sim:UnitCode';
  return undefined;
}

function certificateShape(e: JournalEntry): string | undefined {
  const f = requestFacts(e);
  if (!f.soap) return 'the body is not a SOAP envelope';
  if (f.timestamp === undefined) return 'no wsu:Timestamp (required and signed for the certificate method)';
  if (!/<(?:[\w.-]+:)?Signature[\s>]/.test(e.request.body)) return 'no ds:Signature';
  if (f.username !== undefined) return 'a UsernameToken as well as the certificate';
  return undefined;
}

function cardShape(e: JournalEntry): string | undefined {
  const f = requestFacts(e);
  if (!f.soap) return 'the body is not a SOAP envelope';
  if (f.username === undefined) return 'no wsse:UsernameToken with the username';
  if (f.hasPassword) return 'a wsse:Password in the card login (the rID package is the second factor)';
  if (f.binaryTokens.filter((b) => b.valueType === RID_PACKAGE_VALUE_TYPE).length !== 1) return 'not exactly one rID package BinarySecurityToken';
  return undefined;
}

/** The adapter's login answer must be this refusal, sent once. */
function judgeNoRepeat(ev: Evidence, code: string, why: string): Judgement {
  const sent = entriesOf(ev.entries, ev.exchanges, 'login').filter((e) => e.service === 'sts' && e.request.method === 'POST');
  const result = results(ev.exchanges, 'login')[0];
  if (sent.length === 0) return fail('the login did not reach the STS', `one STS request answered ${code}`, 'no STS request', []);
  if (sent.length > 1) return fail(`the HIS sent the refused login ${sent.length} times; ${why}`, `one STS request answered ${code}, then stop and tell the user`, `${sent.length} STS requests: ${sent.map((e) => e.errorCode ?? e.response.status).join(', ')}`, sent.slice(0, 3));
  const first = sent[0] as JournalEntry;
  if (first.errorCode !== code) return withClockFix(fail(`the STS answered ${refusalText(first)} instead of ${code}; the scenario could not be played`, code, refusalText(first), [first]), first);
  if (result?.ok !== false || result.error?.code !== code) return fail(`the HIS did not report ${code} to its user`, `{"ok":false,"error":{"code":"${code}",…}}`, outcomeText(result), [first]);
  return pass(`the HIS sent the login once, got ${code}, and reported it`, [first]);
}

/** Two password logins (login, logout, login): for per-request rules. */
async function twoLogins(ctx: Parameters<CheckDefinition['run']>[0]): Promise<void> {
  const { persona } = await loginDoctor(ctx);
  await ctx.logout();
  await ctx.login(passwordLogin(persona));
}

/** The STS checks. */
export const STS_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'STS-PASSWORD-LOGIN',
    title: 'Password login: a well-formed WS-Trust Issue request',
    area: 'sts',
    level: 'must',
    requirement: REQ.stsProfile,
    scenario: 'Password login of the doctor; the STS must issue a token for the first request.',
    minimumEvidence: 'one password STS Issue request (scripted: the first one must get a token)',
    fix: 'Send a SOAP 1.2 WS-Trust 1.3 RequestSecurityToken (Issue) with wsse:UsernameToken (Username, Password) and wst:Claims (Dialect urn:eeszt-sim:claims) naming sim:InstitutionId and sim:UnitCode; docs/protocol.md has the exact message.',
    requires: LOGIN_BASICS,
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => judgeLogin(ev, 'password', passwordShape),
  },
  {
    id: 'LOGOUT-ENDS-SESSION',
    title: 'Logout ends the session: the next login is a new one',
    area: 'sts',
    level: 'must',
    requirement: REQ.tokenReuse,
    scenario: 'Password login of the doctor, logout, password login again: the second login must reach the STS and get a new token.',
    minimumEvidence: 'two password STS Issue requests that issued tokens, the second after the logout, and the adapter answers of login, logout, login',
    fix: 'On logout forget the session: drop the SAML token (and any cached rID package or login state), so that the next login authenticates again at the STS and gets a new token.',
    requires: PASSWORD_LOGIN,
    observable: false,
    run: twoLogins,
    judge: (ev) => {
      const logins = results(ev.exchanges, 'login');
      const second = logins[1];
      const afterLogout = ev.exchanges.find((x) => x.action === 'logout');
      const issued = stsIssues(ev.entries).filter((e) => issuedToken(e) !== undefined);
      const late = afterLogout === undefined ? [] : issued.filter((e) => e.seq > afterLogout.seqAfter);
      if (logins[0]?.ok !== true) return notEnoughEvidence(ev, 'a first login that succeeded', outcomeText(logins[0]));
      if (late.length === 0) {
        if (second?.ok === true) return fail('the login after logout did not reach the STS: the HIS kept its session (and token) after logout', 'a new STS Issue request and a new token after logout', `${issued.length} token(s) issued; the second login answered ok without an STS request`, issued.slice(0, 1));
        return notEnoughEvidence(ev, 'a second login (after logout) that reached the STS', `none (adapter: ${outcomeText(second)})`, issued.slice(0, 1));
      }
      const [before] = issued;
      const again = late[0] as JournalEntry;
      if (before !== undefined && issuedToken(before)?.id === issuedToken(again)?.id) return fail('the login after logout got the same token', 'a new token', describeEntry(again), [before, again]);
      if (second?.ok !== true) return fail(`the login after logout failed: ${outcomeText(second)}`, 'a successful second login', outcomeText(second), [again]);
      return pass('the login after logout reached the STS and got a new token', [...issued.slice(0, 1), again]);
    },
  },
  {
    id: 'STS-CERTIFICATE-LOGIN',
    title: 'Institutional certificate login: signed Timestamp and Body, X.509 token',
    area: 'sts',
    level: 'must',
    requirement: REQ.stsMethods,
    scenario: 'Certificate login of the outpatient clinic E30217B (OTH id `30217B`) with its institutional certificate (PKCS#12 given to the HIS).',
    minimumEvidence: 'one certificate STS Issue request (scripted: the first one must get a token)',
    fix: 'Put the certificate in a wsse:BinarySecurityToken (X509v3, with wsu:Id), add a wsu:Timestamp, and sign Timestamp and Body (exclusive c14n, RSA-SHA256, SHA-256) with a KeyInfo SecurityTokenReference to the token; no UsernameToken.',
    requires: ['ID-INSTITUTION-PROVIDER', 'ID-UNIT', ...CLOCK],
    needs: { method: 'certificate' },
    observable: true,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.institution);
      expectIdentifiers(ctx, p, false);
      await ctx.setup();
      await ctx.login(certificateLogin(p, ctx.institutionCertificate(p.institutionId)));
    },
    judge: (ev) => judgeLogin(ev, 'certificate', certificateShape),
  },
  {
    id: 'STS-CARD-LOGIN',
    title: 'Card login, leg 3: the rID package and the username, no password',
    area: 'sts',
    level: 'must',
    requirement: REQ.cardFlow,
    scenario: 'Card login of the doctor (card 123456AB in reader 0; the cardholder types the PIN at the card client); the STS must issue a token.',
    minimumEvidence: 'one card STS Issue request (scripted: the first one must get a token)',
    fix: 'Send the rID package exactly as the card client returned it (base64) in a wsse:BinarySecurityToken of ValueType urn:eeszt-sim:eid:2026#RidPackage, with a wsse:UsernameToken holding only the username.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: true,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.doctor);
      expectIdentifiers(ctx, p);
      await ctx.setup();
      await prepareCard(ctx, p, [{ pin: p.card?.pin ?? '' }]);
      await ctx.login(cardLogin(p));
    },
    judge: (ev) => judgeLogin(ev, 'card', cardShape),
  },
  {
    id: 'STS-ADDRESSING',
    title: 'WS-Addressing Action and a fresh MessageID on every STS request',
    area: 'sts',
    level: 'should',
    requirement: REQ.addressing,
    scenario: 'Two password logins of the doctor (login, logout, login).',
    minimumEvidence: 'two STS requests with a SOAP envelope (judged again over every STS request of the run)',
    fix: 'Add wsa:Action (http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue) and a new wsa:MessageID (urn:uuid:…) to every request, a retry included (build the message again for each attempt); never reuse a MessageID.',
    requires: [...PASSWORD_LOGIN, 'LOGOUT-ENDS-SESSION'],
    judgeAcrossRun: true,
    observable: true,
    run: twoLogins,
    judge: (ev) => {
      const sent = stsRequests(ev.entries).filter((e) => requestFacts(e).soap);
      if (sent.length < 2) return notEnoughEvidence(ev, 'two STS requests (login, logout, login)', `${sent.length}`, sent, sent.length === 1 ? 'the second login did not reach the STS' : undefined);
      const seen = new Map<string, JournalEntry>();
      for (const e of sent) {
        const f = requestFacts(e);
        if (f.requestType === 'Issue' && f.action !== ISSUE_ACTION) return fail(`an Issue request has ${f.action === undefined ? 'no wsa:Action' : `wsa:Action \`${f.action}\``}`, `wsa:Action ${ISSUE_ACTION}`, f.action ?? 'none', [e]);
        if (f.messageId === undefined) return fail('an STS request has no wsa:MessageID', 'a wsa:MessageID on every request', `none in ${describeEntry(e)}`, [e]);
        const earlier = seen.get(f.messageId);
        if (earlier !== undefined) return fail(`the wsa:MessageID \`${f.messageId}\` was sent twice`, 'a new MessageID per request', `${describeEntry(earlier)} and ${describeEntry(e)}`, [earlier, e]);
        seen.set(f.messageId, e);
      }
      return pass(`${sent.length} STS request(s), each with wsa:Action and its own wsa:MessageID`, sent.slice(0, 2));
    },
  },
  {
    id: 'STS-NONCE',
    title: 'Password UsernameTokens carry a fresh Nonce and Created',
    area: 'sts',
    level: 'should',
    requirement: REQ.nonce,
    scenario: 'Two password logins of the doctor (login, logout, login).',
    minimumEvidence: 'two password STS Issue requests (judged again over every password STS request of the run)',
    fix: 'Put a random wsse:Nonce (16 bytes, base64) and wsu:Created (now, UTC) into every UsernameToken that carries a password, a retry included (build the message again for each attempt); never repeat a nonce.',
    requires: [...PASSWORD_LOGIN, 'LOGOUT-ENDS-SESSION'],
    judgeAcrossRun: true,
    observable: true,
    run: twoLogins,
    judge: (ev) => {
      const sent = stsIssues(ev.entries).filter((e) => requestFacts(e).hasPassword);
      if (sent.length < 2) return notEnoughEvidence(ev, 'two password STS Issue requests (login, logout, login)', `${sent.length}`, sent, sent.length === 1 ? 'the second login did not reach the STS' : undefined);
      const nonces = new Map<string, JournalEntry>();
      for (const e of sent) {
        const f = requestFacts(e);
        if (f.nonce === undefined || f.usernameCreated === undefined) return fail('a UsernameToken with a password lacks wsse:Nonce or wsu:Created', 'Nonce and Created in every UsernameToken', `${f.nonce === undefined ? 'no Nonce' : 'no Created'} in ${describeEntry(e)}`, [e]);
        const earlier = nonces.get(f.nonce);
        if (earlier !== undefined) return fail('the same wsse:Nonce was sent twice', 'a new nonce per request', `${describeEntry(earlier)} and ${describeEntry(e)}`, [earlier, e]);
        nonces.set(f.nonce, e);
      }
      return pass(`${sent.length} UsernameToken(s), each with its own Nonce and a Created time`, sent.slice(0, 2));
    },
  },
  {
    id: 'STS-WRONG-PASSWORD',
    title: 'A wrong password is reported, never sent again automatically',
    area: 'sts',
    level: 'must',
    requirement: REQ.lockout,
    scenario: 'Password login of the doctor with a wrong password.',
    minimumEvidence: 'one STS request answered PASSWORD_WRONG and the adapter answer to the login',
    fix: 'On PASSWORD_WRONG (wsse:FailedAuthentication) stop, tell the user and let them type the password again; automatic repetition locks the account after 5 tries.',
    requires: LOGIN_BASICS,
    observable: false,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.doctor);
      expectIdentifiers(ctx, p);
      await ctx.setup();
      await ctx.login(passwordLogin(p, `${p.password}-wrong`));
    },
    judge: (ev) => judgeNoRepeat(ev, 'PASSWORD_WRONG', 'every wrong password counts towards the lockout (5 in a row lock the account for 30 minutes)'),
  },
  {
    id: 'STS-ACCOUNT-LOCKED',
    title: 'A locked account is reported with its cause, not retried',
    area: 'sts',
    level: 'should',
    requirement: REQ.lockout,
    scenario: 'Password login of the doctor whose account is locked (fixture `lockedUntil` 30 minutes ahead).',
    minimumEvidence: 'one STS request answered ACCOUNT_LOCKED and the adapter answer to the login',
    fix: 'On ACCOUNT_LOCKED show the message (it says until when) and do not send the login again.',
    requires: LOGIN_BASICS,
    observable: false,
    prepareFixtures: (set, now) => {
      const user = set.users.find((u) => set.personas.some((p) => p.name === PERSONA.doctor && p.username === u.username));
      if (user !== undefined) user.lockedUntil = new Date(now.getTime() + 30 * 60_000).toISOString();
      return set;
    },
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.doctor);
      expectIdentifiers(ctx, p);
      await ctx.setup();
      await ctx.login(passwordLogin(p));
    },
    judge: (ev) => judgeNoRepeat(ev, 'ACCOUNT_LOCKED', 'a locked account stays locked until its time; repeating only adds load'),
  },
];
