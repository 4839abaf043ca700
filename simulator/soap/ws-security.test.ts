import { describe, expect, it } from 'vitest';
import { checkTimestamp, parseXsDateTime, passwordDigest, readSecurityHeader } from './ws-security.js';
import { buildSecuredEnvelope } from './ws-security-client.js';
import { parseSoapRequest } from './envelope.js';
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
  });

  it('accepts only xs:dateTime values with a time zone', () => {
    expect(parseXsDateTime('2026-03-02T08:00:00.123+01:00')?.toISOString()).toBe('2026-03-02T07:00:00.123Z');
    expect(parseXsDateTime('2026-03-02T08:00:00')).toBeUndefined();
    expect(parseXsDateTime('yesterday')).toBeUndefined();
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
