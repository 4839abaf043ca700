/**
 * The rules a conformant HIS follows, gathered in one place so each can be read next to the
 * requirement it implements. The reference HIS takes its decisions from here; each deliberately
 * broken variant (conformance/mutants/) replaces exactly one of them.
 *
 * @example
 * ```ts
 * const his = createReferenceHis({ policy: { ...REFERENCE_POLICY, stsTimestamp: () => false } });
 * ```
 */
import type { AdapterTiming, LoginMethod } from '../adapter/protocol.js';
import { eesztInstitutionId, eesztUnitCode, eesztUsername } from './identifiers.js';

/** A failed exchange, as the HIS classifies it. */
export interface Failure {
  /** EESZT / card-client code, or TIMEOUT, CONNECTION_FAILED, MALFORMED_REPLY, HTTP_<status>. */
  code: string;
  message: string;
  /** Whether the failure says "try again later" (server-side, or no answer at all). */
  transient: boolean;
}

/** The decisions of a HIS. */
export interface HisPolicy {
  /** The username as sent: exactly as registered, upper-case prefix (seed 001). */
  username(user: string): string;
  /** The EESZT institution id: `E` + OTH/NNK id, `P` + OGYEI id padded to 6 (seed 001). */
  institutionId(registryId: string, type: 'provider' | 'pharmacy'): string;
  /** The 9-digit organisational unit code, as text (leading zeros kept). */
  unitCode(unit: string): string;
  /** Whether the session's token may be used for a call now: during its validity, less a safety margin. */
  reuseToken(token: { notOnOrAfter: string }, now: Date): boolean;
  /** When a service says TOKEN_EXPIRED anyway (clocks differ): log in again and repeat the call once. */
  renewOnTokenExpired: boolean;
  /** Put a wsu:Timestamp into every STS request (WS-Security 1.1 §10). */
  stsTimestamp(method: LoginMethod): boolean;
  /** Send the user's mobilToken code with the password: a two-factor login, needed for patients' data (seed 003). */
  sendMobilTokenCode: boolean;
  /**
   * How an institution logs in when its configuration holds both the institutional certificate and
   * its system user's password: with the certificate (institutional users act only with it, seed 003).
   */
  institutionLogin: 'certificate' | 'password';
  /** Extra SOAP header blocks of a card login's STS request (none: the PIN stays on the workstation). */
  cardStsExtraHeaders(card: { pin?: string }): string[];
  /** The token as placed into service requests: unchanged, signature and all. */
  assertionForCall(assertion: string): string;
  /** Card errors worth another card authentication: none (a blocked PIN, a cancel, a missing activation do not heal by retrying). */
  retryCardError(code: string): boolean;
  /** Most card authentications for one login. */
  maxCardAttempts: number;
  /** Reuse the rID package of an earlier card login instead of authenticating the card again (never: it is single-use). */
  reuseRidPackage: boolean;
  /** Identify the patient by the card readout when the patient's eSzemélyi is in a reader (else the typed TAJ). */
  identifyPatientByCard: boolean;
  /** Present the WAF-SSL client certificate on TLS connections (always). */
  presentClientCertificate: boolean;
  /** Whether a failure is worth another attempt: only transient ones (never a refusal of the request). */
  retryable(failure: Failure): boolean;
  /** How long to wait for one answer: the timeout the suite asks for (`timing.requestTimeoutMs`). */
  requestTimeoutMs(timing: AdapterTiming): number;
  /** Build the request again (new MessageID, Nonce, Created) for each attempt of a retry. */
  freshMessagePerAttempt: boolean;
  /** On logout forget the session (token and login state): the next login goes to the STS again. */
  endSessionOnLogout: boolean;
  /** Verify the server's TLS certificate against the EESZT CA bundle (always). */
  verifyServerCertificate: boolean;
  /** How far the HIS's clock is off the EESZT time (0: it follows NTP, or the suite's time). */
  clockOffsetMs: number;
  /** Most attempts of one exchange that fails transiently. */
  maxAttempts(timing: AdapterTiming): number;
  /** Wait before retry number `retry` (1 for the first retry): exponential back-off. */
  backoffMs(retry: number, timing: AdapterTiming): number;
}

/** Renew a token this long before it expires. */
const TOKEN_SAFETY_MARGIN_MS = 5 * 60_000;

/** The reference HIS's policy: every rule followed. */
export const REFERENCE_POLICY: HisPolicy = Object.freeze({
  username: eesztUsername,
  institutionId: eesztInstitutionId,
  unitCode: eesztUnitCode,
  reuseToken: (token: { notOnOrAfter: string }, now: Date) => Date.parse(token.notOnOrAfter) - TOKEN_SAFETY_MARGIN_MS > now.getTime(),
  renewOnTokenExpired: true,
  stsTimestamp: () => true,
  sendMobilTokenCode: true,
  institutionLogin: 'certificate',
  cardStsExtraHeaders: () => [],
  assertionForCall: (assertion: string) => assertion,
  retryCardError: () => false,
  maxCardAttempts: 1,
  reuseRidPackage: false,
  identifyPatientByCard: true,
  presentClientCertificate: true,
  requestTimeoutMs: (timing: AdapterTiming) => timing.requestTimeoutMs,
  freshMessagePerAttempt: true,
  endSessionOnLogout: true,
  verifyServerCertificate: true,
  clockOffsetMs: 0,
  retryable: (failure: Failure) => failure.transient,
  maxAttempts: (timing: AdapterTiming) => Math.max(1, Math.min(timing.maxAttempts, 5)),
  backoffMs: (retry: number, timing: AdapterTiming) => timing.backoffBaseMs * 2 ** (retry - 1),
});
