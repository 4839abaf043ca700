import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkTimestamp, parseXsDateTime, passwordDigest, readSecurityHeader } from './ws-security.js';
import { buildSecuredEnvelope } from './ws-security-client.js';
import { parseSoapRequest, parseSoapRequestLean } from './envelope.js';
import { el } from '../saml/canonical-xml.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('WS-Security (receiving side)', () => {
  it('computes the UsernameToken PasswordDigest as Base64(SHA-1(nonce + created + password))', () => {
    // Expected value computed independently with Python's hashlib.
    expect(passwordDigest('LKqI6G/AikKCQrN0zqZFlg==', '2026-03-02T08:00:00Z', 'Aktiv-Orvos-1')).toBe('DUy/BQUQYJjPedxF8heDYBo/fXY=');
  });

  it('encodes Created and the password each on its own (a lone surrogate at their seam stays two replacement characters)', () => {
    const nonce = 'LKqI6G/AikKCQrN0zqZFlg==';
    const threeParts = createHash('sha1').update(Buffer.from(nonce, 'base64')).update('2026-03-02T08:00:00Z\ud800', 'utf8').update('\udc00pw', 'utf8').digest('base64');
    const joined = createHash('sha1').update(Buffer.from(nonce, 'base64')).update('2026-03-02T08:00:00Z\ud800\udc00pw', 'utf8').digest('base64');
    expect(threeParts).not.toBe(joined);
    expect(passwordDigest(nonce, '2026-03-02T08:00:00Z\ud800', '\udc00pw')).toBe(threeParts);
  });

  it('reads the Timestamp, UsernameToken and tokens of the Security header', () => {
    const xml = buildSecuredEnvelope({
      version: '1.2',
      body: el('x:Op'),
      namespaces: { x: 'urn:x' },
      security: {
        timestamp: { created: new Date('2026-03-02T08:00:00Z'), expires: new Date('2026-03-02T08:05:00Z') },
        usernameToken: { username: 'O50123', password: 'pw', passwordType: 'digest', nonce: 'LKqI6G/AikKCQrN0zqZFlg==', created: new Date('2026-03-02T08:00:00Z') },
        binaryTokens: [{ id: 'b1', valueType: 'urn:v', value: 'AAAA' }],
      },
    });
    const sec = readSecurityHeader(parseSoapRequest(xml, 'application/soap+xml'), true);
    expect(sec.timestamp?.created.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(sec.usernameToken).toMatchObject({ username: 'O50123', passwordType: 'digest', nonce: 'LKqI6G/AikKCQrN0zqZFlg==', created: '2026-03-02T08:00:00Z' });
    expect(sec.usernameToken?.password).toBe(passwordDigest('LKqI6G/AikKCQrN0zqZFlg==', '2026-03-02T08:00:00Z', 'pw'));
    expect(sec.binaryTokens.map((b) => [b.id, b.valueType, b.value])).toEqual([['b1', 'urn:v', 'AAAA']]);
  });

  it('applies the skew to Created in both directions, and to Expires', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const ts = (created: string, expires?: string): Parameters<typeof checkTimestamp>[0] => ({
      element: null as unknown as Element,
      id: 't',
      created: new Date(created),
      expires: expires === undefined ? undefined : new Date(expires),
    });
    expect(codeOf(() => checkTimestamp(ts('2026-03-02T07:55:00Z'), now, 300))).toBe('ok');
    expect(codeOf(() => checkTimestamp(ts('2026-03-02T07:54:59Z'), now, 300))).toBe('MESSAGE_EXPIRED');
    expect(codeOf(() => checkTimestamp(ts('2026-03-02T08:05:01Z'), now, 300))).toBe('TIMESTAMP_IN_FUTURE');
    expect(codeOf(() => checkTimestamp(ts('2026-03-02T07:59:00Z', '2026-03-02T07:54:00Z'), now, 300))).toBe('MESSAGE_EXPIRED');
    // The clock's epoch milliseconds work as the Date does, with the same messages.
    const messageOf = (at: Date | number, created: string, expires?: string): string => {
      try {
        checkTimestamp(ts(created, expires), at, 300);
        return 'ok';
      } catch (err) {
        return `${(err as { code: string }).code}: ${(err as Error).message}`;
      }
    };
    for (const [created, expires] of [['2026-03-02T07:55:00Z'], ['2026-03-02T07:54:59Z'], ['2026-03-02T08:05:01Z'], ['2026-03-02T07:59:00Z', '2026-03-02T07:54:00Z']] as const) {
      expect(messageOf(now.getTime(), created, expires)).toBe(messageOf(now, created, expires));
    }
    expect(messageOf(now.getTime(), '2026-03-02T08:05:01Z')).toContain('is 301 s ahead of the simulator clock (2026-03-02T08:00:00.000Z)');
  });

  it('accepts only xs:dateTime values with a time zone', () => {
    expect(parseXsDateTime('2026-03-02T08:00:00.123+01:00')?.toISOString()).toBe('2026-03-02T07:00:00.123Z');
    expect(parseXsDateTime('2026-03-02T08:00:00')).toBeUndefined();
    expect(parseXsDateTime('yesterday')).toBeUndefined();
  });

  it('reads a remembered xs:dateTime text the same as the first time, valid or not, each time a new Date', () => {
    // The last two texts are remembered: read each of them three times, interleaved, and a third text in between.
    for (let round = 0; round < 3; round++) {
      const a = parseXsDateTime('2026-03-02T08:00:00Z');
      const b = parseXsDateTime('2026-13-02T08:00:00Z');
      const c = parseXsDateTime('2026-03-02T08:00:00');
      const d = parseXsDateTime('2026-03-02T08:00:01.5-01:00');
      expect(a?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
      expect(b).toBeUndefined();
      expect(c).toBeUndefined();
      expect(d?.toISOString()).toBe('2026-03-02T09:00:01.500Z');
      a?.setTime(0);
      expect(parseXsDateTime('2026-03-02T08:00:00Z')?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    }
    expect(parseXsDateTime('')).toBeUndefined();
  });

  it('reads a UsernameToken alike from a DOM and a lean tree, and refuses doubled elements with the same errors', () => {
    const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
    const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
    const envelope = (ut: string): string =>
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}" xmlns:sim="urn:eeszt-sim:2026"><wsse:UsernameToken>${ut}</wsse:UsernameToken></wsse:Security></s:Header><s:Body><x:Op xmlns:x="urn:x"/></s:Body></s:Envelope>`;
    const read = (ut: string, lean: boolean): unknown => {
      try {
        const req = lean ? parseSoapRequestLean(envelope(ut), 'application/soap+xml') : parseSoapRequest(envelope(ut), 'application/soap+xml');
        const t = readSecurityHeader<Element | ReturnType<typeof parseSoapRequestLean>['body']>(req, true).usernameToken;
        return { ...t, element: undefined };
      } catch (err) {
        return [(err as { code: string }).code, (err as Error).message];
      }
    };
    const cases: Array<[string, unknown]> = [
      [
        '<wsse:Username> O50123 </wsse:Username><x:Other xmlns:x="urn:x"/><wsse:Password>pw</wsse:Password><wsse:Nonce>AAAA</wsse:Nonce><wsse:Nonce>BBBB</wsse:Nonce><wsu:Created>2026-03-02T08:00:00Z</wsu:Created><wsu:Created>x</wsu:Created><sim:MobilTokenCode> 123456 </sim:MobilTokenCode>',
        { element: undefined, username: 'O50123', password: 'pw', passwordType: 'text', nonce: 'AAAA', created: '2026-03-02T08:00:00Z', mobilTokenCode: '123456' },
      ],
      ['<wsse:Password>pw</wsse:Password>', ['USERNAME_TOKEN_MALFORMED', 'the wsse:UsernameToken has 0 wsse:Username elements; send exactly one']],
      ['<wsse:Username>A</wsse:Username><wsse:Username>B</wsse:Username><wsse:Password>pw</wsse:Password><wsse:Password>pw</wsse:Password>', ['USERNAME_TOKEN_MALFORMED', 'the wsse:UsernameToken has 2 wsse:Username elements; send exactly one']],
      ['<wsse:Username>A</wsse:Username><wsse:Password>pw</wsse:Password><wsse:Password>pw</wsse:Password>', ['USERNAME_TOKEN_MALFORMED', 'the wsse:UsernameToken has several wsse:Password elements; send one']],
      [
        '<wsse:Username>A</wsse:Username><sim:MobilTokenCode>1</sim:MobilTokenCode><sim:MobilTokenCode>2</sim:MobilTokenCode><sim:MobilTokenCode>3</sim:MobilTokenCode>',
        ['USERNAME_TOKEN_MALFORMED', 'the wsse:UsernameToken has 3 sim:MobilTokenCode elements; send one (the code the mobilToken app shows now)'],
      ],
      [
        '<wsse:Username>A</wsse:Username><wsse:Password Type="urn:other">pw</wsse:Password><sim:MobilTokenCode>1</sim:MobilTokenCode><sim:MobilTokenCode>2</sim:MobilTokenCode>',
        ['PASSWORD_TYPE_UNSUPPORTED', expect.stringContaining('wsse:Password Type `urn:other` is not supported')],
      ],
      ['<wsse:Username>A</wsse:Username>', { element: undefined, username: 'A', password: undefined, passwordType: undefined, nonce: undefined, created: undefined, mobilTokenCode: undefined }],
    ];
    for (const [ut, expected] of cases) {
      expect(read(ut, false)).toEqual(expected);
      expect(read(ut, true)).toEqual(expected);
    }
  });

  it('refuses a missing or doubled Security header and an unknown password type', () => {
    const env = (header: string): string =>
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>${header}</s:Header><s:Body><x:Op xmlns:x="urn:x"/></s:Body></s:Envelope>`;
    const sec = (inner: string): string => `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${inner}</wsse:Security>`;
    const read = (xml: string): string => codeOf(() => readSecurityHeader(parseSoapRequest(xml, 'application/soap+xml'), true));
    expect(read(env(''))).toBe('SECURITY_HEADER_MISSING');
    expect(read(env(sec('') + sec('')))).toBe('SECURITY_HEADER_DUPLICATE');
    expect(read(env(sec('<wsse:UsernameToken><wsse:Username>O50123</wsse:Username><wsse:Password Type="urn:x">p</wsse:Password></wsse:UsernameToken>')))).toBe('PASSWORD_TYPE_UNSUPPORTED');
  });
});
