/**
 * Deliberately broken variants of the reference HIS. Each replaces exactly one decision of the
 * reference policy (conformance/reference-his/policy.ts) with a mistake real HIS
 * implementations make, and names the checks that must catch it: the suite passes the reference
 * and fails each variant on exactly these checks (test/conformance/mutants*.test.ts), which
 * proves that every one of them can fail.
 *
 * @example
 * ```ts
 * const mutant = mutantById('token-per-call')!;
 * const report = await runSuite({ adapter: referenceHisAdapter(mutant.policy, mutant.id), target });
 * ```
 */
import { REFERENCE_POLICY, type HisPolicy } from '../reference-his/policy.js';
import { reserialise } from './reserialise.js';

/** A broken variant. */
export interface Mutant {
  /** Stable id, also `--mutant <id>` of the reference HIS command. */
  id: string;
  /** The mistake, in one sentence. */
  mistake: string;
  /** The checks that must fail (and no other; their dependents are blocked). */
  expectedFailures: readonly string[];
  policy: HisPolicy;
}

const broken = (change: Partial<HisPolicy>): HisPolicy => ({ ...REFERENCE_POLICY, ...change });

/** A token policy that uses each token for one service call only, then logs in again. */
function usedOnce(): HisPolicy['reuseToken'] {
  const used = new WeakSet<object>();
  return (token) => {
    if (used.has(token)) return false;
    used.add(token);
    return true;
  };
}

/** Every variant. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: 'lower-case-prefix',
    mistake: 'Lower-cases the username prefix (o50123), as if usernames were case-insensitive.',
    expectedFailures: ['ID-USERNAME'],
    policy: broken({ username: (u) => `${u.slice(0, 1).toLowerCase()}${u.slice(1)}` }),
  },
  {
    id: 'missing-institution-prefix',
    mistake: 'Sends the bare registry id (01620K, 12345) without the E / P prefix and padding.',
    expectedFailures: ['ID-INSTITUTION-PROVIDER', 'ID-INSTITUTION-PHARMACY'],
    policy: broken({ institutionId: (registryId) => registryId }),
  },
  {
    id: 'unit-as-number',
    mistake: 'Stores the unit code as a number and so drops its leading zero (16200101).',
    expectedFailures: ['ID-UNIT'],
    policy: broken({ unitCode: (unit) => String(Number(unit)) }),
  },
  {
    id: 'password-only',
    mistake: 'Logs sector users in with username and password only, dropping the mobilToken code the user typed (one factor).',
    expectedFailures: ['AUTH-TWO-FACTOR'],
    policy: broken({ sendMobilTokenCode: false }),
  },
  {
    id: 'typed-taj',
    mistake: 'Ignores the patient\'s eSzemélyi in the reader and sends the TAJ typed at the desk.',
    expectedFailures: ['PATIENT-CARD-READOUT'],
    policy: broken({ identifyPatientByCard: false }),
  },
  {
    id: 'institution-by-password',
    mistake: 'Logs the institution in with its system user’s username and password instead of the institutional certificate.',
    expectedFailures: ['AUTH-INSTITUTION-CERTIFICATE'],
    policy: broken({ institutionLogin: 'password' }),
  },
  {
    id: 'token-per-call',
    mistake: 'Logs in again before every service call after the first instead of reusing the token (under the strict policy it cannot: the mobilToken code it keeps works once).',
    expectedFailures: ['TOKEN-REUSE'],
    policy: broken({ reuseToken: usedOnce() }),
  },
  {
    id: 'ignores-expiry',
    mistake: 'Keeps using the token after it expired and does not log in again on TOKEN_EXPIRED.',
    expectedFailures: ['TOKEN-RENEW'],
    policy: broken({ reuseToken: () => true, renewOnTokenExpired: false }),
  },
  {
    id: 'strips-token-signature',
    mistake: 'Removes the ds:Signature from the SAML token before putting it into calls.',
    expectedFailures: ['TOKEN-UNCHANGED'],
    policy: broken({ assertionForCall: (a) => a.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '') }),
  },
  {
    id: 'no-timestamp',
    mistake: 'Leaves the wsu:Timestamp out of password and card logins (keeps it only where the certificate signature needs it).',
    expectedFailures: ['WSS-TIMESTAMP'],
    policy: broken({ stsTimestamp: (method) => method === 'certificate' }),
  },
  {
    id: 'sends-pin',
    mistake: 'Puts the PIN its own dialog collected into a SOAP header of the STS request.',
    expectedFailures: ['CARD-PIN-NOT-SENT'],
    policy: broken({ cardStsExtraHeaders: (card) => (card.pin === undefined ? [] : [`<his:CardholderPin xmlns:his="urn:example:his">${card.pin}</his:CardholderPin>`]) }),
  },
  {
    id: 'retries-blocked-card',
    mistake: 'Treats a blocked PIN as transient and starts the card authentication again and again.',
    expectedFailures: ['CARD-ERR-PIN-BLOCKED'],
    policy: broken({ retryCardError: (code) => code === 'PIN_BLOCKED', maxCardAttempts: 25 }),
  },
  {
    id: 'reuses-rid',
    mistake: 'Keeps the rID package of the last card login and sends it again for the next login.',
    expectedFailures: ['CARD-RID-SINGLE-USE'],
    policy: broken({ reuseRidPackage: true }),
  },
  {
    id: 'no-client-certificate',
    mistake: 'Connects to the TLS endpoints without presenting the WAF-SSL client certificate.',
    expectedFailures: ['TLS-CLIENT-CERT'],
    policy: broken({ presentClientCertificate: false }),
  },
  {
    id: 'no-backoff',
    mistake: 'Retries transient failures immediately, without waiting.',
    expectedFailures: ['RETRY-503', 'RETRY-MALFORMED', 'RETRY-DROPPED', 'RETRY-SOAP-RECEIVER', 'RETRY-STS'],
    policy: broken({ backoffMs: () => 0 }),
  },
  {
    id: 'retries-without-limit',
    mistake: 'Retries a failing call twelve times (in production: until it works), its back-off growing only up to four times the base.',
    expectedFailures: ['RETRY-BOUNDED'],
    policy: broken({ maxAttempts: () => 12, backoffMs: (retry, timing) => timing.backoffBaseMs * Math.min(4, 2 ** (retry - 1)) }),
  },
  {
    id: 'constant-backoff',
    mistake: 'Waits the same time before every retry: the back-off never grows.',
    expectedFailures: ['RETRY-BACKOFF-GROWS'],
    policy: broken({ backoffMs: (_retry, timing) => timing.backoffBaseMs * 2 }),
  },
  {
    id: 'never-times-out',
    mistake: 'Sets no request timeout (waits a minute): a slow answer is simply waited for, never abandoned and retried.',
    expectedFailures: ['RETRY-TIMEOUT'],
    policy: broken({ requestTimeoutMs: () => 60_000 }),
  },
  {
    id: 'resends-same-message',
    mistake: 'Builds a request once and sends the very same bytes again on a retry (same wsa:MessageID, wsse:Nonce and Created).',
    expectedFailures: ['STS-ADDRESSING', 'STS-NONCE'],
    policy: broken({ freshMessagePerAttempt: false }),
  },
  {
    id: 'keeps-session-after-logout',
    mistake: 'Logout only clears the screen: the session and its token stay, and the next login answers from them without the STS.',
    expectedFailures: ['LOGOUT-ENDS-SESSION'],
    policy: broken({ endSessionOnLogout: false }),
  },
  {
    id: 'trusts-any-server-cert',
    mistake: 'Turns TLS server certificate verification off (rejectUnauthorized: false), so an impostor gets its logins.',
    expectedFailures: ['TLS-SERVER-CERT'],
    policy: broken({ verifyServerCertificate: false }),
  },
  {
    id: 'edits-token',
    mistake: 'Rewrites the token\'s NotOnOrAfter (to stretch its lifetime) before putting it into calls: the signed content changed.',
    expectedFailures: ['TOKEN-UNCHANGED'],
    policy: broken({ assertionForCall: (a) => a.replace(/(<(?:[\w.-]+:)?Conditions[^>]*NotOnOrAfter=")(\d{4})/, (_m, head: string, year: string) => `${head}${Number(year) + 1}`) }),
  },
  {
    id: 'clock-hour-ahead',
    mistake: 'Runs its clock an hour ahead of EESZT time (no NTP): every wsu:Timestamp and UsernameToken Created lies in the future.',
    expectedFailures: ['WSS-TIMESTAMP-FRESH'],
    policy: broken({ clockOffsetMs: 60 * 60_000 }),
  },
  {
    id: 'retries-refusals',
    mistake: 'Retries every failure, refusals (wrong password, missing role, SOAP Sender faults) included.',
    expectedFailures: ['STS-WRONG-PASSWORD', 'STS-ACCOUNT-LOCKED', 'CARD-ERR-NOT-ACTIVATED', 'ROLE-MISSING', 'NO-RETRY-SENDER-FAULT'],
    policy: broken({ retryable: () => true }),
  },
];

/** A correct variant: it must pass every check, as the reference does. */
export interface CorrectVariant {
  id: string;
  /** What it does differently, and why that is still right. */
  difference: string;
  policy: HisPolicy;
}

/** Variants that differ from the reference in ways EESZT accepts (no false failure allowed). */
export const CORRECT_VARIANTS: readonly CorrectVariant[] = [
  {
    id: 'reserialises-token',
    difference: 'Inserts the token through a parsed DOM, as WSS4J, WCF and zeep do: `<x></x>` becomes `<x/>`, attributes get single quotes. The exclusive-c14n signature stays valid, so EESZT accepts it.',
    policy: { ...REFERENCE_POLICY, assertionForCall: reserialise },
  },
];

/** A variant by id. */
export function mutantById(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
