/**
 * EF.PersonalData (file id 0103, SFI 03): the chip data that is not printed on the card. Seed 003
 * („A chip adattartalma”) lists, besides the printed data: „a polgár társadalombiztosítási
 * azonosító jelét, a polgár adóazonosító jelét, a személyazonosító igazolvány elektronikus egyedi
 * azonosítóját”. One BER-TLV template `E2` of UTF-8 strings:
 *
 * | tag | content |
 * |---|---|
 * | `C7` | TAJ (9 digits), when the card record has one |
 * | `C8` | adóazonosító jel, the tax id (10 digits), when the card record has one |
 * | `C9` | the card's electronic unique id (32 hex digits) |
 *
 * Reading it needs the holder's PIN in the card session (the holder consents to the readout);
 * the authentic readout („hiteles adatkiolvasás”) signs it with the card key
 * (INTERNAL AUTHENTICATE over the file, docs/card-apdus.md).
 *
 * @example
 * ```ts
 * decodePersonalData(encodePersonalData(card)).taj; // card.taj
 * ```
 */
import { createHash } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import { decodeTlv, findTlv, tlv, TlvError } from './tlv.js';

/** The fields of EF.PersonalData. */
export interface PersonalData {
  taj?: string;
  taxId?: string;
  electronicId: string;
}

/** Template tag of EF.PersonalData. */
export const PERSONAL_DATA_TAG = 0xe2;

/** The tag of each field. */
export const PERSONAL_DATA_FIELD_TAGS: Readonly<Record<keyof PersonalData, number>> = Object.freeze({
  taj: 0xc7,
  taxId: 0xc8,
  electronicId: 0xc9,
});

/**
 * The card's electronic unique id. Its real format is not public (simulator assumption): 32
 * upper-case hex digits, derived from the card's private restricted-identification secret, so it
 * is stable per card and different for every card.
 */
export function electronicIdOf(card: Pick<Card, 'ridSecret'>): string {
  return createHash('sha256').update('eeszt-sim:electronic-unique-id:').update(card.ridSecret).digest('hex').slice(0, 32).toUpperCase();
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Encode the content of EF.PersonalData. */
export function encodePersonalData(card: Pick<Card, 'ridSecret' | 'taj' | 'taxId'>): Uint8Array {
  const t = PERSONAL_DATA_FIELD_TAGS;
  return tlv(
    PERSONAL_DATA_TAG,
    ...(card.taj === undefined ? [] : [tlv(t.taj, utf8(card.taj))]),
    ...(card.taxId === undefined ? [] : [tlv(t.taxId, utf8(card.taxId))]),
    tlv(t.electronicId, utf8(electronicIdOf(card))),
  );
}

/** Decode the content of EF.PersonalData; throws {@link TlvError} when it is malformed. */
export function decodePersonalData(bytes: Uint8Array): PersonalData {
  const outer = findTlv(decodeTlv(bytes), PERSONAL_DATA_TAG);
  if (outer === undefined) throw new TlvError('EF.PersonalData lacks its E2 template');
  const inner = decodeTlv(outer.value);
  const text = (key: keyof PersonalData): string | undefined => {
    const obj = findTlv(inner, PERSONAL_DATA_FIELD_TAGS[key]);
    return obj === undefined ? undefined : new TextDecoder().decode(obj.value);
  };
  const electronicId = text('electronicId');
  if (electronicId === undefined) throw new TlvError('EF.PersonalData lacks the electronic unique id (C9)');
  const taj = text('taj');
  const taxId = text('taxId');
  return { ...(taj === undefined ? {} : { taj }), ...(taxId === undefined ? {} : { taxId }), electronicId };
}
