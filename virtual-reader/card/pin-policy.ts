/**
 * The card's PIN / CAN / PUK state machine (docs/card-apdus.md, "PIN state machine"). It
 * mutates the `Card` record in place (`pinState`, `pinTriesLeft`, `pukTriesLeft`, `pin`) so
 * the simulator store sees the state, and the per-session {@link SecurityState} (cleared by a
 * reset or removal). Every function answers the ISO 7816-4 status word of the outcome.
 *
 * Rules: the PIN reference holds the 5-digit activation PIN until the 6-digit eID PIN is set;
 * 3 tries; after the 2nd failure the PIN is suspended (the CAN must be verified in the session
 * before the 3rd try); after the 3rd failure it is blocked until RESET RETRY COUNTER with the
 * PUK; 10 PUK tries (a correct PUK restores 10); when the last fails the card is dead.
 *
 * @example
 * ```ts
 * const sec = newSecurityState();
 * verifyPin(card, sec, '000000'); // 0x63C2
 * verifyPin(card, sec, '000001'); // 0x63C1 (now suspended)
 * verifyPin(card, sec, '123456'); // 0x6985 (CAN first)
 * verifyCan(card, sec, card.can); // 0x9000
 * verifyPin(card, sec, '123456'); // 0x9000
 * ```
 */
import { timingSafeEqual } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import { checkDigitCode } from '../../simulator/identifiers/identifiers.js';
import { PIN_TRIES, PUK_TRIES } from './eid-application.js';
import { SW, swTriesLeft } from './status-words.js';

/** What the card remembers for the current session (power-up to power-down / reset). */
export interface SecurityState {
  pinVerified: boolean;
  canVerified: boolean;
  pukVerified: boolean;
}

/** A fresh session: nothing verified. */
export function newSecurityState(): SecurityState {
  return { pinVerified: false, canVerified: false, pukVerified: false };
}

/** True while the PIN reference still holds the activation PIN (no eID PIN set yet). */
export function hasActivationPin(card: Card): boolean {
  return card.pin === undefined || card.pin === '';
}

function equalSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The state the PIN returns to when it is usable and not suspended. */
function restedState(card: Card): 'active' | 'activation' {
  return hasActivationPin(card) ? 'activation' : 'active';
}

/** Whether `value` is acceptable as a new eID PIN (6 digits). */
export function isValidNewPin(value: string): boolean {
  // rule: ID-DIGIT-CODES (docs/rules.md)
  return checkDigitCode('pin', value).ok;
}

/** Compare against the current PIN reference and apply the retry counter; the shared core of VERIFY and CHANGE. */
function checkCurrentPin(card: Card, sec: SecurityState, value: string): number {
  if (card.pinState === 'dead' || card.pinState === 'blocked') return SW.AUTH_METHOD_BLOCKED;
  if (card.pinState === 'suspended' && !sec.canVerified) return SW.CONDITIONS_NOT_SATISFIED;
  const expected = hasActivationPin(card) ? card.activationPin : (card.pin as string);
  if (equalSecret(value, expected)) {
    card.pinTriesLeft = PIN_TRIES;
    card.pinState = restedState(card);
    sec.pinVerified = true;
    return SW.OK;
  }
  sec.pinVerified = false;
  const left = Math.max(0, Math.min(card.pinTriesLeft, PIN_TRIES) - 1);
  card.pinTriesLeft = left;
  if (left === 0) card.pinState = 'blocked';
  else if (left === 1) card.pinState = 'suspended';
  return swTriesLeft(left);
}

/** VERIFY PIN with data. */
export function verifyPin(card: Card, sec: SecurityState, value: string): number {
  // rule: CARD-PIN-TRIES (docs/rules.md)
  return checkCurrentPin(card, sec, value);
}

/** VERIFY PIN without data: `9000` verified in this session, `63Cx` tries left, `6983` blocked / dead. */
export function pinRetryStatus(card: Card, sec: SecurityState): number {
  if (card.pinState === 'dead' || card.pinState === 'blocked') return SW.AUTH_METHOD_BLOCKED;
  if (sec.pinVerified) return SW.OK;
  return swTriesLeft(Math.max(0, Math.min(card.pinTriesLeft, PIN_TRIES)));
}

/** VERIFY CAN with data: `9000` right, `6300` wrong (no counter), `6983` on a dead card. */
export function verifyCan(card: Card, sec: SecurityState, value: string): number {
  if (card.pinState === 'dead') return SW.AUTH_METHOD_BLOCKED;
  if (equalSecret(value, card.can)) {
    sec.canVerified = true;
    return SW.OK;
  }
  sec.canVerified = false;
  return SW.VERIFICATION_FAILED;
}

/** VERIFY CAN without data: `9000` if verified in this session, else `6300`. */
export function canStatus(card: Card, sec: SecurityState): number {
  if (card.pinState === 'dead') return SW.AUTH_METHOD_BLOCKED;
  return sec.canVerified ? SW.OK : SW.VERIFICATION_FAILED;
}

/** The card dies: the PUK is used up, so the PIN can never be used again (`pin-counters.ts`). */
function die(card: Card, sec: SecurityState): void {
  card.pinState = 'dead';
  card.pinTriesLeft = 0;
  card.pukTriesLeft = 0;
  sec.pinVerified = false;
}

/** VERIFY PUK with data (also the PUK check of RESET RETRY COUNTER). */
export function verifyPuk(card: Card, sec: SecurityState, value: string): number {
  if (card.pinState === 'dead' || card.pukTriesLeft <= 0) {
    die(card, sec);
    return SW.AUTH_METHOD_BLOCKED;
  }
  if (equalSecret(value, card.puk)) {
    card.pukTriesLeft = PUK_TRIES;
    sec.pukVerified = true;
    return SW.OK;
  }
  sec.pukVerified = false;
  const left = Math.max(0, Math.min(card.pukTriesLeft, PUK_TRIES) - 1);
  card.pukTriesLeft = left;
  if (left === 0) die(card, sec);
  return swTriesLeft(left);
}

/** VERIFY PUK without data: `9000` verified in this session, `63Cx` tries left, `6983` dead. */
export function pukRetryStatus(card: Card, sec: SecurityState): number {
  if (card.pinState === 'dead' || card.pukTriesLeft <= 0) return SW.AUTH_METHOD_BLOCKED;
  if (sec.pukVerified) return SW.OK;
  return swTriesLeft(Math.min(card.pukTriesLeft, PUK_TRIES));
}

/**
 * CHANGE REFERENCE DATA of the PIN. `current` undefined means P1=01 (the PIN was verified
 * earlier in this session). The new PIN must be 6 digits (`6A80` otherwise, nothing counted).
 */
export function changePin(card: Card, sec: SecurityState, current: string | undefined, newPin: string): number {
  // rule: CARD-ACTIVATION-PIN (docs/rules.md)
  if (!isValidNewPin(newPin)) return SW.WRONG_DATA;
  if (card.pinState === 'dead' || card.pinState === 'blocked') return SW.AUTH_METHOD_BLOCKED;
  if (current === undefined) {
    if (!sec.pinVerified) return SW.SECURITY_STATUS_NOT_SATISFIED;
  } else {
    const sw = checkCurrentPin(card, sec, current);
    if (sw !== SW.OK) return sw;
  }
  card.pin = newPin;
  card.pinState = 'active';
  card.pinTriesLeft = PIN_TRIES;
  sec.pinVerified = true;
  return SW.OK;
}

/**
 * RESET RETRY COUNTER of the PIN with the PUK. `puk` undefined means the PUK was verified
 * earlier in this session (P1=02/03); `newPin` undefined keeps the old PIN (P1=01/03).
 */
export function resetPinWithPuk(card: Card, sec: SecurityState, puk: string | undefined, newPin: string | undefined): number {
  if (card.pinState === 'dead' || card.pukTriesLeft <= 0) return SW.AUTH_METHOD_BLOCKED;
  if (newPin !== undefined && !isValidNewPin(newPin)) return SW.WRONG_DATA;
  if (puk === undefined) {
    if (!sec.pukVerified) return SW.SECURITY_STATUS_NOT_SATISFIED;
  } else {
    const sw = verifyPuk(card, sec, puk);
    if (sw !== SW.OK) return sw;
  }
  if (newPin !== undefined) card.pin = newPin;
  card.pinTriesLeft = PIN_TRIES;
  card.pinState = restedState(card);
  return SW.OK;
}
