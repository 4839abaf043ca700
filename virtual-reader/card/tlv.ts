/**
 * Minimal BER-TLV (ISO/IEC 7816-4 §5.2 / ISO 8825-1) encoding and decoding: tags of one to
 * three bytes, definite lengths up to 65535. Enough for the card's FCP, document data,
 * GET DATA and GENERAL AUTHENTICATE templates.
 *
 * @example
 * ```ts
 * const bytes = tlv(0x7c, tlv(0x81, new Uint8Array([1, 2]))); // 7C 04 81 02 01 02
 * const [outer] = decodeTlv(bytes);
 * findTlv(decodeTlv(outer!.value), 0x81)?.value; // 01 02
 * ```
 */
import { concatBytes } from './apdu.js';

/** One decoded data object. `tag` is the tag bytes as one number (e.g. 0x5f20, 0x7c). */
export interface TlvObject {
  tag: number;
  value: Uint8Array;
}

/** The data is not well-formed BER-TLV. */
export class TlvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlvError';
  }
}

function tagBytes(tag: number): number[] {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) throw new RangeError(`bad TLV tag ${tag}`);
  if (tag <= 0xff) return [tag];
  if (tag <= 0xffff) return [tag >> 8, tag & 0xff];
  return [tag >> 16, (tag >> 8) & 0xff, tag & 0xff];
}

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  if (length <= 0xff) return [0x81, length];
  if (length <= 0xffff) return [0x82, length >> 8, length & 0xff];
  throw new RangeError(`TLV value too long: ${length} bytes`);
}

/** Encode one data object; several values are concatenated (for constructed objects). */
export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concatBytes(...values);
  return concatBytes(Uint8Array.from([...tagBytes(tag), ...lengthBytes(value.length)]), value);
}

/** Decode a sequence of data objects (one level; decode `value` again for constructed ones). */
export function decodeTlv(bytes: Uint8Array): TlvObject[] {
  const out: TlvObject[] = [];
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      let more = true;
      let n = 0;
      while (more) {
        if (i >= bytes.length) throw new TlvError('truncated tag');
        const b = bytes[i++]!;
        tag = (tag << 8) | b;
        more = (b & 0x80) !== 0;
        if (++n > 2) throw new TlvError('tag longer than 3 bytes');
      }
    }
    if (i >= bytes.length) throw new TlvError(`truncated length of tag ${tag.toString(16)}`);
    let length = bytes[i++]!;
    if (length === 0x81) {
      if (i + 1 > bytes.length) throw new TlvError('truncated length');
      length = bytes[i++]!;
    } else if (length === 0x82) {
      if (i + 2 > bytes.length) throw new TlvError('truncated length');
      length = (bytes[i]! << 8) | bytes[i + 1]!;
      i += 2;
    } else if (length > 0x7f) {
      throw new TlvError(`unsupported length byte ${length.toString(16)}`);
    }
    if (i + length > bytes.length) throw new TlvError(`value of tag ${tag.toString(16)} runs past the end`);
    out.push({ tag, value: bytes.slice(i, i + length) });
    i += length;
  }
  return out;
}

/** The first object with `tag`, if any. */
export function findTlv(objects: readonly TlvObject[], tag: number): TlvObject | undefined {
  return objects.find((o) => o.tag === tag);
}
