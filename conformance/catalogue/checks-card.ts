/**
 * eID card login checks: the three legs in order, each rID package and request package used
 * once, the PIN never leaving the workstation, and each card error reported to the user without
 * a retry storm.
 *
 * @example
 * ```ts
 * import { CARD_CHECKS } from './checks-card.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { jsonBody } from '../judge/answers.js';
import { byArrival, describeEntry, entriesOf, injected, outcomeText, results, stsIssues } from '../judge/journal-view.js';
import { loginMethodOf, requestFacts, RID_PACKAGE_VALUE_TYPE } from '../judge/request-facts.js';
import { expectIdentifiers, PERSONA, prepareCard } from '../scenario/common.js';
import { cardLogin, passwordLogin, type Persona } from '../scenario/personas.js';
import { PATIENT_CARD } from '../../fixtures/generate.js';
import type { ScenarioContext } from '../scenario/scenario-context.js';
import { fail, notEnoughEvidence, notObserved, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
import { CALLS, CARD_LOGIN, LOGIN_BASICS } from './requires.js';
import { REQ } from './requirements.js';

/** Card authentications the card client ran (leg 2). */
const authentications = (entries: readonly JournalEntry[]): JournalEntry[] =>
  byArrival(entries.filter((e) => e.service === 'card-client' && e.request.method === 'POST' && e.request.path.endsWith('/authenticate')));
/** Request packages the eID request service issued (leg 1). */
const requestPackages = (entries: readonly JournalEntry[]): JournalEntry[] =>
  byArrival(entries.filter((e) => e.service === 'eid' && e.request.method === 'POST' && e.request.path.endsWith('/request-package')));
/** STS card logins (leg 3) that the STS processed (not cut short by an injected fault). */
const cardLogins = (entries: readonly JournalEntry[]): JournalEntry[] => stsIssues(entries).filter((e) => loginMethodOf(requestFacts(e)) === 'card' && !injected(e));
const ridOf = (e: JournalEntry): string | undefined => requestFacts(e).binaryTokens.find((b) => b.valueType === RID_PACKAGE_VALUE_TYPE)?.value;
const field = (text: string, name: string): string | undefined => {
  const v = jsonBody(text)?.[name];
  return typeof v === 'string' ? v.replace(/\s+/g, '') : undefined;
};

/** Authentic readouts the card client ran (a patient's eSzemélyi). */
const readouts = (entries: readonly JournalEntry[]): JournalEntry[] =>
  byArrival(entries.filter((e) => e.service === 'card-client' && e.request.method === 'POST' && e.request.path.endsWith('/readout')));
/** The `Taj` a SOAP service call carried. */
const tajOf = (e: JournalEntry): string | undefined => /<(?:[\w.-]+:)?Taj>([^<]*)<\//.exec(e.request.body)?.[1];
/** A registered patient of the default fixtures other than the card's (Kis Erzsébet): what the desk typed. */
const TYPED_TAJ = '037182540';

/** Set up the card client and log the persona in by card. */
async function cardScenario(ctx: ScenarioContext, name: string, steps: (p: Persona) => Record<string, unknown>[], pinToHis = false): Promise<Persona> {
  const p = ctx.personas.get(name);
  expectIdentifiers(ctx, p);
  await ctx.setup();
  await prepareCard(ctx, p, steps(p));
  if (pinToHis && p.card?.pin !== undefined) ctx.facts.pin = p.card.pin;
  await ctx.login(cardLogin(p, pinToHis ? p.card?.pin : undefined));
  return p;
}

/** Judge a card error: reported with its code, at most two attempts, no STS storm. */
function judgeCardError(ev: Evidence, code: string, advice: string): Judgement {
  const inLogin = entriesOf(ev.entries, ev.exchanges, 'login');
  const auths = authentications(inLogin);
  const packages = requestPackages(inLogin);
  const sts = stsIssues(inLogin).filter((e) => loginMethodOf(requestFacts(e)) === 'card'); // the configured sector user's password login is no retry
  const result = results(ev.exchanges, 'login')[0];
  const most = Math.max(auths.length, packages.length, sts.length);
  if (auths.length === 0) return fail('the HIS never asked the card client to authenticate', `one card authentication answered ${code}`, `no POST /card-client/authenticate (adapter: ${outcomeText(result)})`, packages.slice(0, 1));
  if (most > 2) {
    const what = sts.length > 2 ? `${sts.length} STS logins` : `${auths.length} card authentications and ${packages.length} request packages`;
    return fail(`retry storm: the HIS repeated the failing card login (${what}) instead of telling the user`, `at most 2 attempts, then the error to the user (${advice})`, what, [...auths, ...sts].slice(0, 3));
  }
  if (result?.ok !== false || result.error?.code !== code) return fail(`the HIS did not report ${code} to its user`, `{"ok":false,"error":{"code":"${code}","message":"${advice}"}}`, outcomeText(result), [...auths, ...sts].slice(-1));
  return pass(`the HIS reported ${code} after ${auths.length} card authentication(s) and ${sts.length} STS login(s)`, [...auths, ...sts].slice(-2));
}

/** Values that must never reach an EESZT endpoint. */
function pinValues(ev: Evidence): string[] {
  return [...new Set([...(typeof ev.facts.pin === 'string' ? [ev.facts.pin] : []), ...((ev.facts.cardSecrets as string[] | undefined) ?? [])])];
}

const REDACTED_SECRET_FIELD = /"(?:pin|newPin|can|puk|activationPin)"\s*:\s*"\*\*\*"|<(?:[\w.-]+:)?(?:Pin|PIN|Can|CAN|Puk|PUK|NewPin|ActivationPin)(?:\s[^>]*)?>\*\*\*</;

/** Where a PIN (or a PIN field) appears in a request, if anywhere. */
function pinLeak(e: JournalEntry, values: readonly string[]): string | undefined {
  const texts: Array<[string, string]> = [['body', e.request.body], ['query', e.request.query], ['headers', Object.values(e.request.headers).join('\n')]];
  for (const [where, text] of texts) {
    if (REDACTED_SECRET_FIELD.test(text)) return `a PIN/CAN/PUK field in the ${where}`;
    for (const v of values) if (new RegExp(`(?<![0-9A-Za-z+/=])${v}(?![0-9A-Za-z+/=])`).test(text)) return `the PIN digits in the ${where}`;
  }
  return undefined;
}

/** The card checks. */
export const CARD_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'CARD-FLOW',
    title: 'Card login in order: request package → card client → STS with that rID package',
    area: 'card',
    level: 'must',
    requirement: REQ.cardFlow,
    scenario: 'Card login of the doctor: the suite traces the request package from the eID request service to the card client, and the rID package from the card client to the STS.',
    minimumEvidence: 'one request package, one card authentication and one card STS Issue request',
    fix: 'Run the three legs in order for every card login: POST the eID request service for a package, give exactly that package to the card client\'s /authenticate, send exactly the rID package it returns to the STS.',
    requires: CARD_LOGIN,
    needs: { method: 'card' },
    observable: true,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.doctor, (p) => [{ pin: p.card?.pin ?? '' }]);
    },
    judge: (ev) => {
      const logins = cardLogins(ev.entries);
      if (logins.length === 0) return ev.mode === 'observe' ? notObserved('no card login was seen') : fail('no card login reached the STS', 'leg 3 at the STS', `none (adapter: ${outcomeText(results(ev.exchanges, 'login')[0])})`, []);
      const auths = authentications(ev.entries);
      const packages = requestPackages(ev.entries);
      for (const sts of logins) {
        const rid = ridOf(sts);
        const auth = auths.find((a) => a.response.status === 200 && field(a.response.body, 'ridPackage') === rid);
        if (auth === undefined) return fail('the STS received an rID package the card client did not return (leg 2 skipped or the package altered)', 'the rID package exactly as the card client answered it', `unknown rID package in ${describeEntry(sts)}`, [sts]);
        const pkg = field(auth.request.body, 'requestPackage');
        const issued = packages.find((p) => p.response.status === 201 && field(p.response.body, 'requestPackage') === pkg);
        if (issued === undefined) return fail('the card client was given a request package the eID request service did not issue (leg 1 skipped or the package altered)', 'the package exactly as POST /eid/request-package answered it', `unknown package in ${describeEntry(auth)}`, [auth]);
        const t = (e: JournalEntry): number => Date.parse(e.time);
        if (!(t(issued) <= t(auth) && t(auth) <= t(sts))) return fail('the legs ran out of order', 'request package, then card client, then STS', `${describeEntry(issued)}, ${describeEntry(auth)}, ${describeEntry(sts)}`, [issued, auth, sts]);
      }
      return pass(`${logins.length} card login(s), each through the three legs in order`, [...requestPackages(ev.entries).slice(0, 1), ...auths.slice(0, 1), ...logins.slice(0, 1)]);
    },
  },
  {
    id: 'CARD-RID-SINGLE-USE',
    title: 'Each rID package is used for one STS login only',
    area: 'card',
    level: 'must',
    requirement: REQ.ridSingleUse,
    scenario: 'Two card logins of the doctor in a row (login, logout, login; the cardholder types the PIN twice).',
    minimumEvidence: 'two card STS Issue requests (login, logout, login)',
    fix: 'Never keep an rID package: every login runs a new card authentication (request package → card client) and sends the fresh rID package once.',
    requires: [...CARD_LOGIN, 'LOGOUT-ENDS-SESSION'],
    needs: { method: 'card' },
    observable: true,
    run: async (ctx) => {
      const p = await cardScenario(ctx, PERSONA.doctor, (x) => [{ pin: x.card?.pin ?? '' }, { pin: x.card?.pin ?? '' }]);
      await ctx.logout();
      await ctx.login(cardLogin(p));
    },
    judge: (ev) => {
      const logins = cardLogins(ev.entries);
      if (logins.length === 0) return notEnoughEvidence(ev, 'two card STS Issue requests', '0');
      const seen = new Map<string, JournalEntry>();
      for (const e of logins) {
        const rid = ridOf(e) ?? '';
        const earlier = seen.get(rid);
        if (earlier !== undefined) return fail('an rID package was sent to the STS a second time', 'a new rID package (new card authentication) for each login', `the same rID package in ${describeEntry(earlier)} and ${describeEntry(e)}`, [earlier, e]);
        seen.set(rid, e);
      }
      const replayed = logins.find((e) => e.errorCode === 'REPLAYED');
      if (replayed !== undefined) return fail('the STS refused an rID package as already used', 'each rID package once', describeEntry(replayed), [replayed]);
      if (logins.length < 2) {
        const second = results(ev.exchanges, 'login')[1];
        const kept = second?.ok === true;
        const judged = notEnoughEvidence(ev, 'two card STS Issue requests, each with its own rID package', `${logins.length}`, logins, kept ? 'the second login answered ok without reaching the STS: the HIS kept its session after logout' : `the second login did not reach the STS (adapter: ${outcomeText(second)})`);
        return kept ? { ...judged, fix: 'End the session on logout: forget the token, so that the next login runs a new card authentication and STS request (LOGOUT-ENDS-SESSION).' } : judged;
      }
      return pass(`${logins.length} card login(s), each with its own rID package`, logins.slice(0, 2));
    },
  },
  {
    id: 'CARD-PACKAGE-FRESH',
    title: 'Each eID request package is given to the card client once',
    area: 'card',
    level: 'should',
    requirement: REQ.cardFlow,
    scenario: 'Two card logins of the doctor in a row.',
    minimumEvidence: 'two request packages and two card authentications (login, logout, login)',
    fix: 'Ask the eID request service for a new package for every card authentication; a package is valid for 5 minutes and one use.',
    requires: [...CARD_LOGIN, 'LOGOUT-ENDS-SESSION', 'CARD-RID-SINGLE-USE'],
    needs: { method: 'card' },
    observable: true,
    run: async (ctx) => {
      const p = await cardScenario(ctx, PERSONA.doctor, (x) => [{ pin: x.card?.pin ?? '' }, { pin: x.card?.pin ?? '' }]);
      await ctx.logout();
      await ctx.login(cardLogin(p));
    },
    judge: (ev) => {
      const auths = authentications(ev.entries);
      if (auths.length < 2) return notEnoughEvidence(ev, 'two card authentications (login, logout, login)', `${auths.length}`, auths, auths.length === 1 ? 'the second login did not authenticate the card' : undefined);
      const seen = new Map<string, JournalEntry>();
      for (const a of auths) {
        const pkg = field(a.request.body, 'requestPackage') ?? '';
        const earlier = seen.get(pkg);
        if (earlier !== undefined) return fail('the same request package was given to the card client twice', 'a new request package per authentication', `${describeEntry(earlier)} and ${describeEntry(a)}`, [earlier, a]);
        seen.set(pkg, a);
      }
      return pass(`${auths.length} card authentication(s), each with its own request package`, auths.slice(0, 2));
    },
  },
  {
    id: 'CARD-PIN-NOT-SENT',
    title: 'The PIN never reaches an EESZT endpoint',
    area: 'card',
    level: 'must',
    requirement: REQ.pinLocal,
    scenario: 'Card login of the doctor with a reader without PIN pad, where the HIS\'s own dialog collected the PIN (given to the HIS in `card.pin`); the suite searches every request to EESZT (STS, eID request service, services) for it.',
    minimumEvidence: 'one card login reaching the STS (every request to EESZT is searched)',
    fix: 'Give the PIN only to the card client on the workstation (as the cardholder\'s answer); never put it into a SOAP header, a request body, a URL or a log that goes to EESZT.',
    requires: CARD_LOGIN,
    needs: { method: 'card' },
    observable: true,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.doctor, (p) => [{ pin: p.card?.pin ?? '' }], true);
    },
    judge: (ev) => {
      const values = pinValues(ev);
      const eeszt = ev.entries.filter((e) => !['card-client', 'control', 'control-cards'].includes(e.service));
      for (const e of eeszt) {
        const leak = pinLeak(e, values);
        if (leak !== undefined) return fail(`the HIS sent ${leak} to ${e.service} (${e.request.method} ${e.request.path})`, 'no PIN in any request to EESZT', `${leak} in ${describeEntry(e)}`, [e]);
      }
      if (ev.mode === 'scripted' && authentications(ev.entries).length === 0) return fail('the card login did not reach the card client, so the PIN handling could not be observed', 'a card authentication', `none (adapter: ${outcomeText(results(ev.exchanges, 'login')[0])})`, []);
      if (ev.mode === 'observe' && !ev.entries.some((e) => e.service === 'card-client')) return notObserved('no card login was seen');
      return pass(`no PIN in any of ${eeszt.length} request(s) to EESZT endpoints`);
    },
  },
  {
    id: 'CARD-ERR-PIN-BLOCKED',
    title: 'Blocked PIN: reported (unblock with the PUK), no retry storm',
    area: 'card',
    level: 'must',
    requirement: REQ.cardErrors,
    scenario: 'Card login of the doctor whose card\'s PIN is blocked (persona doctor-pin-blocked).',
    minimumEvidence: 'one card authentication answered PIN_BLOCKED and the adapter answer to the login',
    fix: 'On PIN_BLOCKED stop and tell the user to unblock the PIN with the PUK (card client → Unblock); do not start the card authentication again.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.pinBlocked, (p) => [{ pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }]);
    },
    judge: (ev) => judgeCardError(ev, 'PIN_BLOCKED', 'unblock the PIN with the PUK'),
  },
  {
    id: 'CARD-ERR-CAN-REQUIRED',
    title: 'CAN required (PIN suspended): reported, no retry storm',
    area: 'card',
    level: 'must',
    requirement: REQ.cardErrors,
    scenario: 'Card login of the doctor whose card\'s PIN is suspended after wrong PINs; the cardholder has no CAN ready.',
    minimumEvidence: 'one card authentication answered CAN_REQUIRED and the adapter answer to the login',
    fix: 'On CAN_REQUIRED tell the user to enter the CAN (6 digits on the card\'s front) at the reader, then log in again; do not loop.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.doctor);
      if (p.card !== undefined) await ctx.env.setPinState(p.card.documentId, { pinState: 'suspended', pinTriesLeft: 1, pukTriesLeft: 10 });
      await cardScenario(ctx, PERSONA.doctor, () => []);
    },
    judge: (ev) => judgeCardError(ev, 'CAN_REQUIRED', 'enter the CAN at the reader'),
  },
  {
    id: 'CARD-ERR-CANCELLED',
    title: 'PIN entry cancelled by the user: reported, not retried',
    area: 'card',
    level: 'must',
    requirement: REQ.cardErrors,
    scenario: 'Card login of the doctor; the cardholder presses Cancel at the PIN prompt.',
    minimumEvidence: 'one card authentication answered PIN_CANCELLED and the adapter answer to the login',
    fix: 'On PIN_CANCELLED end the login quietly and let the user start it again; never re-open the PIN prompt by yourself.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.doctor, () => [{ cancel: true }, { cancel: true }, { cancel: true }]);
    },
    judge: (ev) => judgeCardError(ev, 'PIN_CANCELLED', 'the login was cancelled'),
  },
  {
    id: 'CARD-ERR-NOT-ACTIVATED',
    title: 'Card not activated for EESZT: reported (activate at the Ágazati portál), no retry storm',
    area: 'card',
    level: 'must',
    requirement: REQ.activation,
    scenario: 'Card login of a doctor whose card was never activated at the Ágazati portál (persona doctor-not-activated): the STS refuses CARD_NOT_ACTIVATED.',
    minimumEvidence: 'one card authentication and the STS refusal CARD_NOT_ACTIVATED, and the adapter answer to the login',
    fix: 'On CARD_NOT_ACTIVATED tell the user to activate the card once at the Ágazati portál (Bejelentkezés → Aktiválás) and stop; another card authentication cannot succeed.',
    requires: CARD_LOGIN,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.notActivated, (p) => [{ pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }]);
    },
    judge: (ev) => judgeCardError(ev, 'CARD_NOT_ACTIVATED', 'activate the card at the Ágazati portál'),
  },
  {
    id: 'CARD-ERR-ACTIVATION-PIN',
    title: 'New card still on its activation PIN: reported (change the PIN first)',
    area: 'card',
    level: 'should',
    requirement: REQ.cardErrors,
    scenario: 'Card login of a doctor whose new card still has its 5-digit activation PIN (persona doctor-activation-pin).',
    minimumEvidence: 'one card authentication answered ACTIVATION_PIN_NOT_CHANGED and the adapter answer to the login',
    fix: 'On ACTIVATION_PIN_NOT_CHANGED tell the user to change the activation PIN to a 6-digit eID PIN in the card client first.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.activationPin, (p) => [{ activationPin: p.card?.activationPin ?? '' }, { activationPin: p.card?.activationPin ?? '' }]);
    },
    judge: (ev) => judgeCardError(ev, 'ACTIVATION_PIN_NOT_CHANGED', 'change the activation PIN first'),
  },
  {
    id: 'CARD-ERR-EXPIRED',
    title: 'Expired card: reported, no retry storm',
    area: 'card',
    level: 'should',
    requirement: REQ.cardErrors,
    scenario: 'Card login of a doctor whose card expired (persona doctor-expired-card).',
    minimumEvidence: 'one card authentication answered CARD_EXPIRED and the adapter answer to the login',
    fix: 'On CARD_EXPIRED tell the user the card has expired and stop.',
    requires: LOGIN_BASICS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      await cardScenario(ctx, PERSONA.expiredCard, (p) => [{ pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }, { pin: p.card?.pin ?? '' }]);
    },
    judge: (ev) => judgeCardError(ev, 'CARD_EXPIRED', 'the card has expired'),
  },
  {
    id: 'PATIENT-CARD-READOUT',
    title: 'The patient identified by their eSzemélyi: the TAJ from the authentic readout, not typed',
    area: 'card',
    level: 'must',
    requirement: REQ.patientCard,
    scenario:
      "The doctor logs in (password and mobilToken code); the patient's eSzemélyi (246802NF) is in reader 0 and the patient types the PIN; the desk typed another registered patient's TAJ. The doctor writes an eRecept prescription for the patient at the desk (call with `patientCard`).",
    minimumEvidence: 'one readout request package, one card client readout answered with the certified TAJ, and one service call after it',
    fix: "When the patient's eSzemélyi is in the reader, ask the eID request service for a `readout` package (as the configured sector user), run it with the card client's /readout (the patient types the PIN: their consent) and send the TAJ the readout certifies, never a typed one.",
    requires: CALLS,
    needs: { method: 'card' },
    observable: false,
    run: async (ctx) => {
      const doctor = ctx.personas.get(PERSONA.doctor);
      expectIdentifiers(ctx, doctor);
      await ctx.setup();
      await ctx.login(passwordLogin(doctor));
      await ctx.env.insertCard(PATIENT_CARD.documentId);
      await ctx.env.scriptCardholder([{ pin: PATIENT_CARD.pin }]);
      ctx.facts.cardSecrets = [PATIENT_CARD.pin];
      const call = ctx.standardCall();
      await ctx.call({ ...call, params: { ...call.params, Taj: TYPED_TAJ }, patientCard: { reader: 0 } });
    },
    judge: (ev) => {
      const calls = byArrival(ev.entries.filter((e) => tajOf(e) !== undefined));
      const read = readouts(ev.entries).find((e) => e.response.status === 200);
      if (read === undefined) {
        const sent = calls[0] === undefined ? '(no service call)' : `Taj ${tajOf(calls[0]) ?? ''} in ${describeEntry(calls[0])}`;
        return fail("the HIS did not read the patient's eSzemélyi: no authentic readout through the card client", 'a readout package run by the card client (/readout) and the TAJ it certifies in the service call', `no card client readout answered; ${sent}`, calls.slice(0, 1));
      }
      const cardTaj = field(read.response.body, 'taj');
      const pkg = field(read.request.body, 'requestPackage');
      const issued = requestPackages(ev.entries).find((p) => p.response.status === 201 && field(p.response.body, 'requestPackage') === pkg);
      if (issued === undefined) return fail('the card client was given a readout package the eID request service did not issue', 'the package exactly as POST /eid/request-package (purpose readout) answered it', `unknown package in ${describeEntry(read)}`, [read]);
      const after = calls.filter((c) => c.seq > read.seq);
      if (after.length === 0) return notEnoughEvidence(ev, 'a service call after the readout', 'none', [read]);
      const wrong = after.find((c) => tajOf(c) !== cardTaj);
      if (wrong !== undefined) return fail(`the service call carried the TAJ \`${tajOf(wrong) ?? ''}\`, not the one the card readout certified (\`${cardTaj ?? ''}\`)`, `Taj ${cardTaj ?? ''} (from the readout)`, `Taj ${tajOf(wrong) ?? ''} in ${describeEntry(wrong)}`, [read, wrong]);
      return pass(`the TAJ ${cardTaj ?? ''} came from the card readout (patient's PIN) and was used in ${after.length} service call(s)`, [issued, read, after[0] as JournalEntry]);
    },
  },
];
