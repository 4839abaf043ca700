import { describe, expect, it } from 'vitest';
import { redactText, redactJson, redactHeaders } from './redact.js';

describe('redaction', () => {
  it('masks WS-Security passwords with any prefix and attributes', () => {
    const xml = '<wsse:UsernameToken><wsse:Username>O50123</wsse:Username><wsse:Password Type="...#PasswordText">Titok123!</wsse:Password></wsse:UsernameToken>';
    const out = redactText(xml, 'application/soap+xml');
    expect(out).toContain('<wsse:Password Type="...#PasswordText">***</wsse:Password>');
    expect(out).toContain('O50123');
    expect(out).not.toContain('Titok123!');
  });

  it('masks PIN, PUK, CAN, passwords and OTP secrets in JSON at any depth', () => {
    const out = redactText(JSON.stringify({ user: 'O50123', password: 'x1', card: { pin: '123456', puk: '12345678', can: '654321' }, list: [{ newPin: '111111' }], mobilTokenSecret: 'JBSW' }), 'application/json');
    expect(JSON.parse(out)).toEqual({ user: 'O50123', password: '***', card: { pin: '***', puk: '***', can: '***' }, list: [{ newPin: '***' }], mobilTokenSecret: '***' });
  });

  it('masks session and access tokens handed out by JSON APIs', () => {
    expect(redactJson({ sessionToken: 'abc', accessToken: 'def', sessionId: 's-1' })).toEqual({ sessionToken: '***', accessToken: '***', sessionId: 's-1' });
  });

  it('keeps error codes and masks private keys inside any string', () => {
    expect(redactJson({ code: 'TOKEN_EXPIRED', note: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' })).toEqual({
      code: 'TOKEN_EXPIRED',
      note: '-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----',
    });
  });

  it('masks form fields and authorization headers', () => {
    expect(redactText('username=O1&password=abc&pin=1', 'application/x-www-form-urlencoded')).toBe('username=O1&password=***&pin=***');
    expect(redactHeaders({ authorization: 'Bearer t', 'content-type': 'x' })).toEqual({ authorization: '***', 'content-type': 'x' });
  });
});
