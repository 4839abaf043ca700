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
    id: 'token-per-call',
    mistake: 'Logs in again before every service call instead of reusing the token.',
    expectedFailures: ['TOKEN-REUSE'],
    policy: broken({ reuseToken: () => false }),
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
    mistake: 'Retries a failing call twelve times (in production: until it works), with a constant back-off.',
    expectedFailures: ['RETRY-BOUNDED'],
    policy: broken({ maxAttempts: () => 12, backoffMs: (_retry, timing) => timing.backoffBaseMs }),
  },
  {
    id: 'retries-refusals',
    mistake: 'Retries every failure, refusals (wrong password, missing role, SOAP Sender faults) included.',
    expectedFailures: ['STS-WRONG-PASSWORD', 'STS-ACCOUNT-LOCKED', 'CARD-ERR-NOT-ACTIVATED', 'ROLE-MISSING', 'NO-RETRY-SENDER-FAULT'],
    policy: broken({ retryable: () => true }),
  },
];

/** A variant by id. */
export function mutantById(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
