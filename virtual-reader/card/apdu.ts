/**
 * Command and response APDUs (ISO/IEC 7816-3 cases 1-4, short and extended length) and hex
 * helpers. Used by the card (parsing) and by hosts (encoding).
 *
 * @example
 * ```ts
 * const bytes = encodeCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, ne: 256 }); // 00 B0 00 00 00
 * const cmd = parseCommandApdu(bytes); // { ins: 0xb0, ne: 256, data: <empty>, ... }
 * const { data, sw } = parseResponseApdu(fromHex('01029000')); // sw === 0x9000
 * ```
 */

/** A parsed command APDU. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** The command data field (empty when Lc is absent). */
  data: Uint8Array;
  /** Ne: the maximum number of response bytes expected, or undefined when Le is absent. Le `00` means 256 (short) or 65536 (extended). */
  ne: number | undefined;
  /** True when the APDU used extended length fields. */
  extended: boolean;
}

/** What {@link encodeCommandApdu} takes. */
export interface CommandApduInput {
  cla?: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; omit for no Le field. 256 encodes as short `00`, 65536 as extended `0000`. */
  ne?: number;
}

/** A parsed response APDU. */
export interface ResponseApdu {
  data: Uint8Array;
  /** SW1SW2 as one number, e.g. 0x9000. */
  sw: number;
}

/** The bytes do not form a command APDU of any ISO 7816-3 case. */
export class ApduFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApduFormatError';
  }
}

/** Parse a command APDU; throws {@link ApduFormatError} when the length fields do not add up. */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError(`a command APDU has at least 4 bytes, got ${bytes.length}`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const base = { cla, ins, p1, p2 };
  const empty = new Uint8Array(0);
  const n = bytes.length;
  if (n === 4) return { ...base, data: empty, ne: undefined, extended: false };
  const b4 = bytes[4]!;
  if (n === 5) return { ...base, data: empty, ne: b4 === 0 ? 256 : b4, extended: false };
  if (b4 !== 0) {
    if (n === 5 + b4) return { ...base, data: bytes.slice(5, 5 + b4), ne: undefined, extended: false };
    if (n === 6 + b4) {
      const le = bytes[n - 1]!;
      return { ...base, data: bytes.slice(5, 5 + b4), ne: le === 0 ? 256 : le, extended: false };
    }
    throw new ApduFormatError(`short Lc ${b4} does not match the APDU length ${n}`);
  }
  // Extended length: b4 === 0.
  if (n === 7) {
    const le = (bytes[5]! << 8) | bytes[6]!;
    return { ...base, data: empty, ne: le === 0 ? 65536 : le, extended: true };
  }
  if (n < 7) throw new ApduFormatError(`extended APDU of ${n} bytes is truncated`);
  const lc = (bytes[5]! << 8) | bytes[6]!;
  if (lc === 0) throw new ApduFormatError('extended Lc must not be 0');
  if (n === 7 + lc) return { ...base, data: bytes.slice(7, 7 + lc), ne: undefined, extended: true };
  if (n === 9 + lc) {
    const le = (bytes[n - 2]! << 8) | bytes[n - 1]!;
    return { ...base, data: bytes.slice(7, 7 + lc), ne: le === 0 ? 65536 : le, extended: true };
  }
  throw new ApduFormatError(`extended Lc ${lc} does not match the APDU length ${n}`);
}

/** Encode a command APDU, short when data ≤ 255 bytes and Ne ≤ 256, else extended. */
export function encodeCommandApdu(input: CommandApduInput): Uint8Array {
  const data = input.data ?? new Uint8Array(0);
  const ne = input.ne;
  if (data.length > 65535) throw new RangeError('command data longer than 65535 bytes');
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > 65536)) throw new RangeError(`Ne must be 1..65536, got ${ne}`);
  const header = [input.cla ?? 0x00, input.ins, input.p1, input.p2];
  const extended = data.length > 255 || (ne !== undefined && ne > 256);
  const out: number[] = [...header];
  if (!extended) {
    if (data.length > 0) out.push(data.length, ...data);
    if (ne !== undefined) out.push(ne === 256 ? 0 : ne);
    return Uint8Array.from(out);
  }
  out.push(0x00);
  if (data.length > 0) out.push(data.length >> 8, data.length & 0xff, ...data);
  if (ne !== undefined) out.push((ne === 65536 ? 0 : ne) >> 8, (ne === 65536 ? 0 : ne) & 0xff);
  return Uint8Array.from(out);
}

/** Build a response APDU: data followed by SW1 SW2. */
export function encodeResponseApdu(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

/** Split a response APDU into data and SW1SW2. */
export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduFormatError(`a response APDU has at least 2 bytes (SW1 SW2), got ${bytes.length}`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

/** Bytes as upper-case hex with a space between bytes, e.g. `00 A4 04 0C`. */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}

/** Parse hex (spaces, colons and case ignored) into bytes. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not an even-length hex string: ${hex}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** ASCII bytes of a string of digits (PIN, CAN, PUK encoding on this card). */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
