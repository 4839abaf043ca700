/**
 * Host-side builders of the command APDUs the virtual eID card understands
 * (docs/card-apdus.md). The card client, the PIN-pad reader and tests use them.
 *
 * @example
 * ```ts
 * reader.transmit(cmd.selectEid());
 * reader.transmit(cmd.verify('pin', '123456'));
 * reader.transmit(cmd.internalAuthenticate(challenge));
 * ```
 */
import { asciiBytes, encodeCommandApdu } from './apdu.js';
import { EID_AID, INS, PASSWORD_REF, PIN_STATUS_TAG, RI_TAG } from './eid-application.js';
import { tlv } from './tlv.js';

/** A password the card checks. */
export type PasswordKind = 'pin' | 'can' | 'puk';

const REF: Readonly<Record<PasswordKind, number>> = { pin: PASSWORD_REF.PIN, can: PASSWORD_REF.CAN, puk: PASSWORD_REF.PUK };

/** SELECT the eID application by AID, no response data (`00 A4 04 0C 09 F0…4D`). */
export function selectEid(withFci = false): Uint8Array {
  return encodeCommandApdu({ ins: INS.SELECT, p1: 0x04, p2: withFci ? 0x00 : 0x0c, data: EID_AID, ...(withFci ? { ne: 256 } : {}) });
}

/** SELECT an EF by file id (P1=02); with `fcp` the card answers the FCP template. */
export function selectEf(fid: number, fcp = false): Uint8Array {
  return encodeCommandApdu({ ins: INS.SELECT, p1: 0x02, p2: fcp ? 0x04 : 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff), ...(fcp ? { ne: 256 } : {}) });
}

/** READ BINARY of the current EF at `offset` (0..32767), up to `ne` bytes (default 256, Le 00). */
export function readBinary(offset: number, ne = 256): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) throw new RangeError(`offset must be 0..32767, got ${offset}`);
  return encodeCommandApdu({ ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, ne });
}

/** READ BINARY by short file id (which becomes the current EF) at `offset` (0..255). */
export function readBinarySfi(sfi: number, offset = 0, ne = 256): Uint8Array {
  return encodeCommandApdu({ ins: INS.READ_BINARY, p1: 0x80 | (sfi & 0x1f), p2: offset & 0xff, ne });
}

/** VERIFY a password (ASCII digits); without `value`, the status query. */
export function verify(kind: PasswordKind, value?: string): Uint8Array {
  return encodeCommandApdu({ ins: INS.VERIFY, p1: 0x00, p2: REF[kind], ...(value === undefined ? {} : { data: asciiBytes(value) }) });
}

/** CHANGE REFERENCE DATA of the PIN: P1=00 with the current (or activation) PIN, P1=01 without. */
export function changePin(newPin: string, currentPin?: string): Uint8Array {
  const data = asciiBytes(currentPin === undefined ? newPin : currentPin + newPin);
  return encodeCommandApdu({ ins: INS.CHANGE_REFERENCE_DATA, p1: currentPin === undefined ? 0x01 : 0x00, p2: PASSWORD_REF.PIN, data });
}

/** RESET RETRY COUNTER of the PIN with the PUK: P1=00 with a new PIN, P1=01 keeping the PIN. */
export function resetRetryCounter(puk: string, newPin?: string): Uint8Array {
  const data = asciiBytes(newPin === undefined ? puk : puk + newPin);
  return encodeCommandApdu({ ins: INS.RESET_RETRY_COUNTER, p1: newPin === undefined ? 0x01 : 0x00, p2: PASSWORD_REF.PIN, data });
}

/** GET DATA of the PIN status object `DF20`. */
export function getPinStatus(): Uint8Array {
  return encodeCommandApdu({ ins: INS.GET_DATA, p1: PIN_STATUS_TAG >> 8, p2: PIN_STATUS_TAG & 0xff, ne: 256 });
}

/** INTERNAL AUTHENTICATE: sign `challenge` (ECDSA P-256 SHA-256, answer `r || s`). */
export function internalAuthenticate(challenge: Uint8Array): Uint8Array {
  return encodeCommandApdu({ ins: INS.INTERNAL_AUTHENTICATE, p1: 0x00, p2: 0x00, data: challenge, ne: 256 });
}

/** INTERNAL AUTHENTICATE over an EF (authentic readout): the card signs `challenge` ‖ the EF's content. */
export function internalAuthenticateOver(challenge: Uint8Array, sfi: number): Uint8Array {
  return encodeCommandApdu({ ins: INS.INTERNAL_AUTHENTICATE, p1: 0x00, p2: 0x80 | (sfi & 0x1f), data: challenge, ne: 256 });
}

/** GENERAL AUTHENTICATE for restricted identification with the service's P-256 point `04||X||Y`. */
export function restrictedIdentification(servicePublicPoint: Uint8Array): Uint8Array {
  const data = tlv(RI_TAG.DYNAMIC_AUTH_DATA, tlv(RI_TAG.SECTOR_PUBLIC_KEY, tlv(RI_TAG.EC_POINT, servicePublicPoint)));
  return encodeCommandApdu({ ins: INS.GENERAL_AUTHENTICATE, p1: 0x00, p2: 0x00, data, ne: 256 });
}
