/**
 * The numbers of the virtual eID card's one application: AID, file ids, short file ids,
 * password references, instruction bytes, the PIN status data object. docs/card-apdus.md
 * documents each one.
 *
 * @example
 * ```ts
 * import { EID_AID, EF, PASSWORD_REF } from './eid-application.js';
 * // SELECT the application, then the certificate EF, then VERIFY the PIN (ASCII digits):
 * // 00 A4 04 0C 09 <EID_AID>   00 A4 02 0C 02 01 02   00 20 00 03 06 31 32 33 34 35 36
 * ```
 */

/**
 * AID of the eID application: `F0` (ISO/IEC 7816-5 category F: proprietary, not registered)
 * followed by ASCII `EESZTSIM`.
 */
export const EID_AID: Uint8Array = Uint8Array.from([0xf0, 0x45, 0x45, 0x53, 0x5a, 0x54, 0x53, 0x49, 0x4d]);

/** File id of the master file; SELECT of it is accepted (the eID application is the card's only DF). */
export const MF_FID = 0x3f00;

/** The elementary files of the eID application. */
export const EF = Object.freeze({
  /** Document data (TLV, see `document-data.ts`); free to read: everything in it is printed on the card. */
  DOCUMENT_DATA: { fid: 0x0101, sfi: 0x01, name: 'EF.DocumentData' },
  /** The authentication certificate (X.509 DER); free to read. */
  AUTH_CERTIFICATE: { fid: 0x0102, sfi: 0x02, name: 'EF.AuthCertificate' },
  /** TAJ, tax id and the electronic unique id (TLV, see `personal-data.ts`); read after the PIN only. */
  PERSONAL_DATA: { fid: 0x0103, sfi: 0x03, name: 'EF.PersonalData' },
} as const);

/** A file id known to the card. */
export type EfKey = keyof typeof EF;

/** Password references (VERIFY / CHANGE REFERENCE DATA / RESET RETRY COUNTER P2), as in BSI TR-03110 PACE. */
export const PASSWORD_REF = Object.freeze({
  /** Card Access Number: 6 digits printed on the front. */
  CAN: 0x02,
  /** eID PIN (6 digits); while the card is new, the 5-digit activation PIN. */
  PIN: 0x03,
  /** PUK: 8 digits on the green code card. */
  PUK: 0x04,
} as const);

/** Instruction bytes the card understands (all with CLA 00). */
export const INS = Object.freeze({
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
  INTERNAL_AUTHENTICATE: 0x88,
  GENERAL_AUTHENTICATE: 0x86,
  GET_DATA: 0xca,
} as const);

/** GET DATA P1P2 of the proprietary PIN status object (tag `DF20`). */
export const PIN_STATUS_TAG = 0xdf20;

/** Byte 0 of the PIN status object. */
export const PIN_STATE_CODE = Object.freeze({ activation: 0x01, active: 0x02, suspended: 0x03, blocked: 0x04, dead: 0x05 } as const);

/** Bits of byte 3 of the PIN status object. */
export const PIN_STATUS_FLAG = Object.freeze({
  /** The PIN was verified in this card session. */
  PIN_VERIFIED: 0x01,
  /** The CAN was verified in this card session. */
  CAN_VERIFIED: 0x02,
  /** The eID PIN has never been set: the PIN reference still holds the 5-digit activation PIN. */
  ACTIVATION_PIN: 0x04,
  /** The card is expired by the simulator clock. */
  EXPIRED: 0x08,
  /** The PUK was verified in this card session. */
  PUK_VERIFIED: 0x10,
} as const);

/** Tries a fresh PIN has. After the 2nd failure (1 left) the PIN is suspended until the CAN is verified. */
export const PIN_TRIES = 3;
/** Tries the PUK has; when the last one fails the card is dead. */
export const PUK_TRIES = 10;
/** Longest password the card compares (longer VERIFY data answers `6700`). */
export const MAX_PASSWORD_LENGTH = 16;

/** Tags of the GENERAL AUTHENTICATE (restricted identification) templates, as in BSI TR-03110. */
export const RI_TAG = Object.freeze({
  /** Dynamic authentication data. */
  DYNAMIC_AUTH_DATA: 0x7c,
  /** First (sector) public key. */
  SECTOR_PUBLIC_KEY: 0xa0,
  /** Uncompressed EC point inside the public key. */
  EC_POINT: 0x86,
  /** The restricted identifier in the response. */
  RID: 0x81,
} as const);
