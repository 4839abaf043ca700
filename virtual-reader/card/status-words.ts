/**
 * ISO/IEC 7816-4 status words (SW1SW2) the virtual eID card answers, with the meaning this
 * simulator gives each one (docs/card-apdus.md, "Status words").
 *
 * @example
 * ```ts
 * import { SW, swHex, triesLeftOf } from './status-words.js';
 * swHex(SW.OK); // '9000'
 * triesLeftOf(0x63c2); // 2
 * ```
 */

/** Every status word the card can answer. */
export const SW = Object.freeze({
  /** Normal processing. */
  OK: 0x9000,
  /** READ BINARY: end of file reached before Ne bytes were read (the data returned is the rest of the file). */
  END_OF_FILE: 0x6282,
  /** SELECT of the eID application on an expired card: selected, but the application is deactivated. */
  SELECTED_FILE_DEACTIVATED: 0x6283,
  /** VERIFY CAN failed (wrong CAN). The CAN has no retry counter; nothing is counted. */
  VERIFICATION_FAILED: 0x6300,
  /** `63Cx`: verification failed or status query, x tries left. Use {@link swTriesLeft}. */
  TRIES_LEFT_BASE: 0x63c0,
  /** Lc / Le / data length not acceptable. */
  WRONG_LENGTH: 0x6700,
  /** The PIN has not been verified in this card session (sign, RI, CHANGE with P1=01). */
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  /** The PIN is blocked (needs the PUK), or the card is dead (PUK exhausted): `6983` for ever. */
  AUTH_METHOD_BLOCKED: 0x6983,
  /** The eID PIN is still the 5-digit activation PIN: sign and RI refuse until it is changed. */
  REFERENCE_DATA_NOT_USABLE: 0x6984,
  /** The PIN is suspended: verify the CAN in this session before the last PIN try. */
  CONDITIONS_NOT_SATISFIED: 0x6985,
  /** READ BINARY without a selected EF. */
  NO_CURRENT_EF: 0x6986,
  /** Data field malformed (new PIN not 6 digits, public key not a P-256 point, bad TLV). */
  WRONG_DATA: 0x6a80,
  /** The card is expired (Europe/Budapest date after the expiry date): sign and RI refuse. */
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  /** SELECT: no such application or file. */
  FILE_NOT_FOUND: 0x6a82,
  /** P1 or P2 not supported by this command. */
  WRONG_P1P2: 0x6a86,
  /** VERIFY / CHANGE / RESET RETRY COUNTER / GET DATA: unknown reference (P2). */
  REFERENCE_NOT_FOUND: 0x6a88,
  /** READ BINARY: offset beyond the end of the EF. */
  WRONG_PARAMETERS: 0x6b00,
  /** Instruction code not supported. */
  INS_NOT_SUPPORTED: 0x6d00,
  /** Class byte not supported (only CLA 00 is). */
  CLA_NOT_SUPPORTED: 0x6e00,
  /** Internal error of the card (a simulator bug). */
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const);

/** The `63Cx` status word: verification failed (or status query), `tries` tries left (0..15). */
export function swTriesLeft(tries: number): number {
  if (!Number.isInteger(tries) || tries < 0 || tries > 15) throw new RangeError(`tries left must be 0..15, got ${tries}`);
  return SW.TRIES_LEFT_BASE | tries;
}

/** The tries left of a `63Cx` status word, or undefined for any other status word. */
export function triesLeftOf(sw: number): number | undefined {
  return (sw & 0xfff0) === SW.TRIES_LEFT_BASE ? sw & 0x0f : undefined;
}

/** A status word as four upper-case hex digits, e.g. `63C2`. */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
