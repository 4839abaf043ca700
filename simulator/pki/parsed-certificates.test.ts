import { describe, expect, it } from 'vitest';
import { parsedCertificates } from './parsed-certificates.js';
import { pemToDer } from './pem.js';
import { sharedTestPki } from './test-pki.js';

const pki = await sharedTestPki();
const rootPem = pki.root.certPem;
const caPem = pki.cas.institution.certPem;

describe('parsedCertificates', () => {
  it('parses a text once and gives the same object for the same text again', () => {
    const parse = parsedCertificates(4);
    const first = parse(rootPem, rootPem);
    expect(parse(rootPem, rootPem)).toBe(first);
    expect(first.subject).toContain('CN=');
  });

  it('parses another text anew (a changed byte is another key), also from DER', () => {
    const parse = parsedCertificates(4);
    const root = parse(rootPem, rootPem);
    const ca = parse(caPem, caPem);
    expect(ca).not.toBe(root);
    expect(ca.serialNumber).not.toBe(root.serialNumber);
    const der = pemToDer(caPem);
    const fromDer = parse(der.toString('base64'), der);
    expect(fromDer).not.toBe(ca);
    expect(fromDer.fingerprint256).toBe(ca.fingerprint256);
  });

  it('throws for input that is no certificate, and keeps nothing for it', () => {
    const parse = parsedCertificates(4);
    expect(() => parse('not a certificate', 'not a certificate')).toThrow();
    expect(() => parse('not a certificate', 'not a certificate')).toThrow();
  });

  it('keeps at most `max`: when full it starts over, so a kept object is parsed again', () => {
    const parse = parsedCertificates(1);
    const root = parse(rootPem, rootPem);
    parse(caPem, caPem);
    const again = parse(rootPem, rootPem);
    expect(again).not.toBe(root);
    expect(again.fingerprint256).toBe(root.fingerprint256);
  });
});
