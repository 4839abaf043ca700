/**
 * Encoding of EF.DocumentData (file id 0101): the data printed on the card, as one BER-TLV
 * template `E1` holding UTF-8 strings:
 *
 * | tag | content |
 * |---|---|
 * | `C1` | document id, e.g. `123456AB` |
 * | `C2` | holder name |
 * | `C3` | birth date `YYYY-MM-DD` |
 * | `C4` | expiry (last day of validity) `YYYY-MM-DD` |
 * | `C5` | nationality, e.g. `HUN` |
 * | `C6` | CAN (6 digits, printed on the front) |
 *
 * @example
 * ```ts
 * const bytes = encodeDocumentData(card);
 * decodeDocumentData(bytes).can; // card.can
 * ```
 */
import type { Card } from '../../fixtures/schema.js';
import { decodeTlv, findTlv, tlv, TlvError } from './tlv.js';

/** The fields of EF.DocumentData. */
export interface DocumentData {
  documentId: string;
  holderName: string;
  birthDate: string;
  expiry: string;
  nationality: string;
  can: string;
}

/** Template tag of EF.DocumentData. */
export const DOCUMENT_DATA_TAG = 0xe1;

/** The tag of each field. */
export const DOCUMENT_DATA_FIELD_TAGS: Readonly<Record<keyof DocumentData, number>> = Object.freeze({
  documentId: 0xc1,
  holderName: 0xc2,
  birthDate: 0xc3,
  expiry: 0xc4,
  nationality: 0xc5,
  can: 0xc6,
});

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Encode the card's printed data as the content of EF.DocumentData. */
export function encodeDocumentData(card: Card): Uint8Array {
  const t = DOCUMENT_DATA_FIELD_TAGS;
  return tlv(
    DOCUMENT_DATA_TAG,
    tlv(t.documentId, utf8(card.documentId)),
    tlv(t.holderName, utf8(card.holderName)),
    tlv(t.birthDate, utf8(card.birthDate)),
    tlv(t.expiry, utf8(card.expiry)),
    tlv(t.nationality, utf8(card.nationality)),
    tlv(t.can, utf8(card.can)),
  );
}

/** Decode the content of EF.DocumentData; throws {@link TlvError} when a field is missing. */
export function decodeDocumentData(bytes: Uint8Array): DocumentData {
  const outer = findTlv(decodeTlv(bytes), DOCUMENT_DATA_TAG);
  if (outer === undefined) throw new TlvError('EF.DocumentData lacks its E1 template');
  const inner = decodeTlv(outer.value);
  const text = (key: keyof DocumentData): string => {
    const obj = findTlv(inner, DOCUMENT_DATA_FIELD_TAGS[key]);
    if (obj === undefined) throw new TlvError(`EF.DocumentData lacks ${key}`);
    return new TextDecoder().decode(obj.value);
  };
  return {
    documentId: text('documentId'),
    holderName: text('holderName'),
    birthDate: text('birthDate'),
    expiry: text('expiry'),
    nationality: text('nationality'),
    can: text('can'),
  };
}
