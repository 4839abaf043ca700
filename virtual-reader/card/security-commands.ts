/**
 * VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER and GET DATA (PIN status) of the
 * virtual eID card: APDU decoding in front of `pin-policy.ts`. Passwords are ASCII digits
 * without padding. docs/card-apdus.md documents every case.
 */
import type { CommandApdu } from './apdu.js';
import { latin1 } from './bytes.js';
import type { CardContext, CardResponse } from './card-context.js';
import { isCardExpired } from './card-validity.js';
import { MAX_PASSWORD_LENGTH, PASSWORD_REF, PIN_STATE_CODE, PIN_STATUS_FLAG, PIN_STATUS_TAG, PIN_TRIES, PUK_TRIES } from './eid-application.js';
import {
  canStatus,
  changePin,
  hasActivationPin,
  pinRetryStatus,
  pukRetryStatus,
  resetPinWithPuk,
  verifyCan,
  verifyPin,
  verifyPuk,
} from './pin-policy.js';
import { SW } from './status-words.js';
import { tlv } from './tlv.js';

/** VERIFY (INS 20): P1=00, P2 = password reference; empty data asks for the status. */
export function verify(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p1 !== 0x00) return { sw: SW.WRONG_P1P2 };
  if (cmd.data.length > MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
  const { card, security } = ctx;
  const value = cmd.data.length === 0 ? undefined : latin1(cmd.data);
  switch (cmd.p2) {
    case PASSWORD_REF.PIN:
      return { sw: value === undefined ? pinRetryStatus(card, security) : verifyPin(card, security, value) };
    case PASSWORD_REF.CAN:
      return { sw: value === undefined ? canStatus(card, security) : verifyCan(card, security, value) };
    case PASSWORD_REF.PUK:
      return { sw: value === undefined ? pukRetryStatus(card, security) : verifyPuk(card, security, value) };
    default:
      return { sw: SW.REFERENCE_NOT_FOUND };
  }
}

/**
 * CHANGE REFERENCE DATA (INS 24) of the PIN (P2=03). P1=00: data = current PIN (the 5-digit
 * activation PIN on a new card) || new 6-digit PIN; the card splits at the length of its current
 * reference. P1=01: data = new PIN only, PIN verified before in this session.
 */
export function changeReferenceData(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p2 !== PASSWORD_REF.PIN) return { sw: SW.REFERENCE_NOT_FOUND };
  const { card } = ctx;
  if (cmd.p1 === 0x00) {
    const currentLength = hasActivationPin(card) ? card.activationPin.length : (card.pin as string).length;
    const n = cmd.data.length;
    if (n <= currentLength || n > currentLength + MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
    const current = latin1(cmd.data.slice(0, currentLength));
    const next = latin1(cmd.data.slice(currentLength));
    return { sw: changePin(card, ctx.security, current, next) };
  }
  if (cmd.p1 === 0x01) {
    if (cmd.data.length === 0 || cmd.data.length > MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
    return { sw: changePin(card, ctx.security, undefined, latin1(cmd.data)) };
  }
  return { sw: SW.WRONG_P1P2 };
}

/**
 * RESET RETRY COUNTER (INS 2C) of the PIN (P2=03). P1=00: PUK || new PIN (split after the
 * PUK's 8 digits);
 * P1=01: PUK only (PIN kept); P1=02: new PIN only, PUK verified before; P1=03: no data, PUK
 * verified before.
 */
export function resetRetryCounter(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p2 !== PASSWORD_REF.PIN) return { sw: SW.REFERENCE_NOT_FOUND };
  const { card, security } = ctx;
  const data = cmd.data;
  switch (cmd.p1) {
    case 0x00: {
      const pukLength = card.puk.length;
      if (data.length <= pukLength || data.length > pukLength + MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
      return { sw: resetPinWithPuk(card, security, latin1(data.slice(0, pukLength)), latin1(data.slice(pukLength))) };
    }
    case 0x01:
      if (data.length === 0 || data.length > MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
      return { sw: resetPinWithPuk(card, security, latin1(data), undefined) };
    case 0x02:
      if (data.length === 0 || data.length > MAX_PASSWORD_LENGTH) return { sw: SW.WRONG_LENGTH };
      return { sw: resetPinWithPuk(card, security, undefined, latin1(data)) };
    case 0x03:
      if (data.length !== 0) return { sw: SW.WRONG_LENGTH };
      return { sw: resetPinWithPuk(card, security, undefined, undefined) };
    default:
      return { sw: SW.WRONG_P1P2 };
  }
}

/**
 * GET DATA (INS CA) of the proprietary PIN status object, P1P2 = DF20:
 * `DF20 04 <state> <PIN tries left> <PUK tries left> <flags>`.
 */
export function getData(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (((cmd.p1 << 8) | cmd.p2) !== PIN_STATUS_TAG) return { sw: SW.REFERENCE_NOT_FOUND };
  if (cmd.data.length !== 0) return { sw: SW.WRONG_LENGTH };
  const { card, security } = ctx;
  let flags = 0;
  if (security.pinVerified) flags |= PIN_STATUS_FLAG.PIN_VERIFIED;
  if (security.canVerified) flags |= PIN_STATUS_FLAG.CAN_VERIFIED;
  if (hasActivationPin(card)) flags |= PIN_STATUS_FLAG.ACTIVATION_PIN;
  if (isCardExpired(card, ctx.clock)) flags |= PIN_STATUS_FLAG.EXPIRED;
  if (security.pukVerified) flags |= PIN_STATUS_FLAG.PUK_VERIFIED;
  const clamp = (n: number, max: number): number => Math.max(0, Math.min(n, max));
  // A dead card has no PIN tries, whatever an old record says (one rule: pin-counters.ts).
  const pinTries = card.pinState === 'dead' ? 0 : clamp(card.pinTriesLeft, PIN_TRIES);
  const value = Uint8Array.of(PIN_STATE_CODE[card.pinState], pinTries, clamp(card.pukTriesLeft, PUK_TRIES), flags);
  return { sw: SW.OK, data: tlv(PIN_STATUS_TAG, value) };
}
