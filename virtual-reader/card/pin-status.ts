/**
 * Host-side decoding of the card's PIN status object (GET DATA `DF20`).
 *
 * @example
 * ```ts
 * const { data } = parseResponseApdu(reader.transmit(getPinStatus()));
 * const status = decodePinStatus(data); // { state: 'suspended', pinTriesLeft: 1, ... }
 * ```
 */
import type { PinState } from '../../fixtures/schema.js';
import { PIN_STATE_CODE, PIN_STATUS_FLAG, PIN_STATUS_TAG } from './eid-application.js';
import { decodeTlv, findTlv, TlvError } from './tlv.js';

/** The decoded PIN status. */
export interface PinStatus {
  state: PinState;
  pinTriesLeft: number;
  pukTriesLeft: number;
  /** The PIN was verified in this card session. */
  pinVerified: boolean;
  /** The CAN was verified in this card session. */
  canVerified: boolean;
  /** The PUK was verified in this card session. */
  pukVerified: boolean;
  /** The eID PIN is not set yet: the 5-digit activation PIN must be changed first. */
  activationPin: boolean;
  /** The card is expired by the simulator clock. */
  expired: boolean;
}

/** Decode `DF20 04 <state> <PIN tries> <PUK tries> <flags>`. */
export function decodePinStatus(bytes: Uint8Array): PinStatus {
  const obj = findTlv(decodeTlv(bytes), PIN_STATUS_TAG);
  if (obj === undefined || obj.value.length !== 4) throw new TlvError('PIN status must be DF20 with 4 bytes');
  const [code, pinTries, pukTries, flags] = [obj.value[0]!, obj.value[1]!, obj.value[2]!, obj.value[3]!];
  const state = (Object.keys(PIN_STATE_CODE) as PinState[]).find((k) => PIN_STATE_CODE[k] === code);
  if (state === undefined) throw new TlvError(`unknown PIN state code ${code}`);
  return {
    state,
    pinTriesLeft: pinTries,
    pukTriesLeft: pukTries,
    pinVerified: (flags & PIN_STATUS_FLAG.PIN_VERIFIED) !== 0,
    canVerified: (flags & PIN_STATUS_FLAG.CAN_VERIFIED) !== 0,
    pukVerified: (flags & PIN_STATUS_FLAG.PUK_VERIFIED) !== 0,
    activationPin: (flags & PIN_STATUS_FLAG.ACTIVATION_PIN) !== 0,
    expired: (flags & PIN_STATUS_FLAG.EXPIRED) !== 0,
  };
}
