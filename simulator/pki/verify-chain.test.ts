import { describe, expect, it } from 'vitest';
import { describeCertificate, verifyChain } from './verify-chain.js';
import { derToPem, pemToDer } from './pem.js';
import { sharedTestPki } from './test-pki.js';
import { deterministicRsaKey } from './deterministic-rsa.js';
import { issueCertificate } from './issue-cert.js';
import { CA_SUBJECTS, wafSubject } from './profiles.js';

const pki = await sharedTestPki();
const trusted = [pki.caBundlePem()];
const at = new Date('2026-03-02T08:00:00Z');

// A foreign PKI with the same CA names but other keys (built directly: cheaper than a whole PKI).
const foreignKey = deterministicRsaKey(6, 'foreign');
const validity = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') };
const foreignRoot = issueCertificate({ profile: 'root-ca', subject: CA_SUBJECTS.root, publicKey: foreignKey, issuer: 'self', serial: Buffer.from([1]), ...validity });
const foreignCa = issueCertificate({ profile: 'issuing-ca', subject: CA_SUBJECTS.waf, publicKey: foreignKey, issuer: { certPem: foreignRoot.certPem, privateKey: foreignKey }, serial: Buffer.from([2]), ...validity });
const foreignWaf = issueCertificate({ profile: 'tls-client', subject: wafSubject('E01620K'), publicKey: foreignKey, issuer: { certPem: foreignCa.certPem, privateKey: foreignKey }, serial: Buffer.from([3]), ...validity });

function tamper(pem: string, find: string, replace: string): string {
  const der = pemToDer(pem);
  const i = der.indexOf(Buffer.from(find));
  expect(i).toBeGreaterThan(0);
  Buffer.from(replace).copy(der, i);
  return derToPem(der, 'CERTIFICATE');
}

describe('verifyChain', () => {
  it('accepts every fixed and lazily made credential and returns the chain leaf to root', () => {
    for (const c of [...pki.fixedCredentials(), pki.waf('E01620K'), pki.card('123456AB')]) {
      const r = verifyChain(c.certPem, trusted, at);
      expect(r.ok, c.label).toBe(true);
    }
    const r = verifyChain(pki.waf('E01620K').certPem, [pki.root.certPem, pki.cas.waf.certPem], at);
    expect(r).toEqual({ ok: true, subject: pki.waf('E01620K').subject, chain: [pki.waf('E01620K').subject, pki.cas.waf.subject, pki.root.subject] });
  });

  it('accepts intermediates sent with the leaf when only the root is trusted', () => {
    const waf = pki.waf('E01620K');
    expect(verifyChain(waf.certPem + waf.chainPem[0], [pki.root.certPem], at).ok).toBe(true);
    expect(verifyChain(waf.certPem, [pki.root.certPem], at)).toMatchObject({ ok: false, reason: 'unknown-issuer', issuer: pki.cas.waf.subject });
  });

  it('says `expired` with the date, and `not-yet-valid`', () => {
    const waf = pki.waf('E01620K');
    const r = verifyChain(waf.certPem, trusted, new Date('2040-01-01T00:00:00Z'));
    expect(r).toMatchObject({ ok: false, reason: 'expired', date: new Date('2036-01-01T00:00:00Z'), subject: waf.subject });
    expect(r.ok ? '' : r.message).toContain('expired at 2036-01-01T00:00:00.000Z');
    expect(verifyChain(waf.certPem, trusted, new Date('2024-12-31T23:59:59Z'))).toMatchObject({ ok: false, reason: 'not-yet-valid', date: new Date('2025-01-01T00:00:00Z') });
    const old = pki.issue({ kind: 'waf', institutionId: 'E01620K', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    expect(verifyChain(old.certPem, trusted, at)).toMatchObject({ ok: false, reason: 'expired', date: new Date('2021-01-01T00:00:00Z') });
    // an expired CA fails the chain even when the leaf is fine
    expect(verifyChain(pki.sts.certPem, trusted, new Date('2046-01-01T00:00:00Z'))).toMatchObject({ reason: 'expired' });
  });

  it('says `unknown-issuer` naming the issuer DN for a foreign PKI', () => {
    const foreign = foreignWaf;
    // same names, different keys
    const f = verifyChain(foreign.certPem, trusted, at);
    expect(f).toMatchObject({ ok: false, reason: 'unknown-issuer', issuer: pki.cas.waf.subject });
    expect(f.ok ? '' : f.message).toContain('different key');
    // the WAF CA not trusted at all
    const r = verifyChain(pki.waf('E01620K').certPem, [pki.root.certPem, pki.cas.tls.certPem], at);
    expect(r).toMatchObject({ ok: false, reason: 'unknown-issuer', issuer: 'CN=EESZT-SIM Test WAF-SSL Client CA,OU=TEST ONLY - not for production use,O=EESZT-SIM Test PKI,C=HU' });
    expect(r.ok ? '' : r.message).toContain('was issued by `CN=EESZT-SIM Test WAF-SSL Client CA');
  });

  it('refuses a chain that ends at an untrusted root sent along with the leaf', () => {
    const r = verifyChain([foreignWaf.certPem, foreignCa.certPem, foreignRoot.certPem].join(''), [pki.cas.tls.certPem], at);
    expect(r).toMatchObject({ ok: false, reason: 'unknown-issuer' });
  });

  it('says `bad-signature` for a tampered certificate', () => {
    const waf = pki.waf('E01620K');
    const altered = tamper(waf.certPem, 'E01620K', 'E01621K');
    expect(verifyChain(altered, trusted, at)).toMatchObject({ ok: false, reason: 'bad-signature', subject: 'CN=E01620K,organizationIdentifier=E01621K,OU=WAF-SSL client,O=EESZT-SIM Test Organisation,C=HU' });
    // a flipped bit in the signature value
    const der = pemToDer(waf.certPem);
    der[der.length - 1] ^= 0x01;
    expect(verifyChain(derToPem(der, 'CERTIFICATE'), trusted, at)).toMatchObject({ ok: false, reason: 'bad-signature', subject: waf.subject });
  });

  it('checks the purpose when asked', () => {
    expect(verifyChain(pki.tlsServer.certPem, trusted, at, { purpose: 'clientAuth' })).toMatchObject({ ok: false, reason: 'wrong-purpose' });
    expect(verifyChain(pki.tlsServer.certPem, trusted, at, { purpose: 'serverAuth' }).ok).toBe(true);
    expect(verifyChain(pki.waf('E01620K').certPem, trusted, at, { purpose: 'clientAuth' }).ok).toBe(true);
  });

  it('says `malformed` for garbage', () => {
    expect(verifyChain('hello', trusted, at)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyChain('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', trusted, at)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('describeCertificate', () => {
  it('gives subject, issuer, serial, validity and the SHA-256 fingerprint', () => {
    const d = describeCertificate(pki.tlsServer.certPem);
    expect(d).toMatchObject({
      subject: 'CN=localhost,O=EESZT-SIM Test Operator,C=HU',
      issuer: pki.cas.tls.subject,
      serialHex: pki.tlsServer.serialHex,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      isCa: false,
      keyType: 'rsa',
    });
    expect(d.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(d.subjectAltName).toContain('DNS:localhost');
  });
});
