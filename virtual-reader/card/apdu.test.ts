import { describe, expect, it } from 'vitest';
import { ApduFormatError, encodeCommandApdu, encodeResponseApdu, fromHex, parseCommandApdu, parseResponseApdu, toHex } from './apdu.js';
import { CARD_ATR } from './atr.js';
import { SW, swHex, swTriesLeft, triesLeftOf } from './status-words.js';
import { decodeTlv, findTlv, tlv, TlvError } from './tlv.js';

describe('command APDUs', () => {
  it('parses the four ISO 7816-3 cases, short and extended', () => {
    expect(parseCommandApdu(fromHex('00 20 00 03'))).toMatchObject({ ins: 0x20, p2: 0x03, ne: undefined, extended: false, data: new Uint8Array(0) });
    expect(parseCommandApdu(fromHex('00 B0 00 00 00'))).toMatchObject({ ne: 256, extended: false });
    expect(parseCommandApdu(fromHex('00 B0 00 00 10'))).toMatchObject({ ne: 16 });
    expect(parseCommandApdu(fromHex('00 20 00 03 02 31 32'))).toMatchObject({ data: fromHex('3132'), ne: undefined });
    expect(parseCommandApdu(fromHex('00 88 00 00 01 AA 00'))).toMatchObject({ data: fromHex('AA'), ne: 256 });
    expect(parseCommandApdu(fromHex('00 B0 00 00 00 00 00'))).toMatchObject({ ne: 65536, extended: true });
    expect(parseCommandApdu(fromHex('00 88 00 00 00 00 01 AA'))).toMatchObject({ data: fromHex('AA'), ne: undefined, extended: true });
    expect(parseCommandApdu(fromHex('00 88 00 00 00 00 01 AA 01 00'))).toMatchObject({ data: fromHex('AA'), ne: 256, extended: true });
  });

  it('refuses malformed length fields', () => {
    for (const bad of ['00 20 00', '00 20 00 03 05 31', '00 20 00 03 00 00', '00 20 00 03 00 00 00 31', '00 20 00 03 02 31 32 00 00']) {
      expect(() => parseCommandApdu(fromHex(bad)), bad).toThrow(ApduFormatError);
    }
  });

  it('encodes short and extended APDUs that parse back', () => {
    expect(toHex(encodeCommandApdu({ ins: 0xb0, p1: 1, p2: 0, ne: 256 }))).toBe('00 B0 01 00 00');
    expect(toHex(encodeCommandApdu({ ins: 0x20, p1: 0, p2: 3 }))).toBe('00 20 00 03');
    const long = new Uint8Array(300).fill(7);
    const ext = encodeCommandApdu({ ins: 0x88, p1: 0, p2: 0, data: long, ne: 256 });
    expect(toHex(ext.slice(0, 7))).toBe('00 88 00 00 00 01 2C');
    expect(parseCommandApdu(ext)).toMatchObject({ data: long, ne: 256, extended: true });
    expect(parseCommandApdu(encodeCommandApdu({ ins: 0xb0, p1: 0, p2: 0, ne: 65536 }))).toMatchObject({ ne: 65536 });
    expect(() => encodeCommandApdu({ ins: 0xb0, p1: 0, p2: 0, ne: 0 })).toThrow(RangeError);
  });

  it('builds and splits response APDUs', () => {
    expect(toHex(encodeResponseApdu(0x9000, fromHex('0102')))).toBe('01 02 90 00');
    expect(parseResponseApdu(fromHex('63 C2'))).toEqual({ data: new Uint8Array(0), sw: 0x63c2 });
    expect(() => parseResponseApdu(fromHex('90'))).toThrow(ApduFormatError);
    expect(() => fromHex('ABC')).toThrow(RangeError);
  });
});

describe('status words', () => {
  it('encodes and decodes tries left', () => {
    expect(swTriesLeft(2)).toBe(0x63c2);
    expect(triesLeftOf(0x63ca)).toBe(10);
    expect(triesLeftOf(0x9000)).toBeUndefined();
    expect(swHex(SW.OK)).toBe('9000');
    expect(() => swTriesLeft(16)).toThrow(RangeError);
  });
});

describe('TLV', () => {
  it('round-trips one-, two-byte tags and long lengths', () => {
    const big = new Uint8Array(300).fill(1);
    const bytes = tlv(0x7c, tlv(0x81, fromHex('0102')), tlv(0xdf20, big));
    const [outer] = decodeTlv(bytes);
    expect(outer?.tag).toBe(0x7c);
    const inner = decodeTlv(outer!.value);
    expect(findTlv(inner, 0x81)?.value).toEqual(fromHex('0102'));
    expect(findTlv(inner, 0xdf20)?.value).toEqual(big);
    expect(toHex(tlv(0x30, new Uint8Array(200)).slice(0, 3))).toBe('30 81 C8');
  });

  it('refuses truncated data', () => {
    expect(() => decodeTlv(fromHex('81 05 01'))).toThrow(TlvError);
    expect(() => decodeTlv(fromHex('DF'))).toThrow(TlvError);
    expect(() => decodeTlv(fromHex('81 83 00 00 00'))).toThrow(TlvError);
  });
});

describe('ATR', () => {
  it('is the documented T=1 ATR with a correct TCK', () => {
    expect(toHex(CARD_ATR)).toBe('3B 8B 80 01 80 59 45 45 53 5A 54 2D 53 49 4D F4');
    expect(CARD_ATR.slice(1).reduce((x, b) => x ^ b, 0)).toBe(0);
  });
});
