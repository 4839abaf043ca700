import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentifierInvalid, BadRequest } from '../core/errors.js';
import { createPkiInMemory, type LoadedPki } from './create-pki.js';
import type { Credential } from './types.js';

const pki7 = createPkiInMemory(7);
const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-pki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function allPems(p: LoadedPki): string[] {
  const lazy = [p.waf('E01620K'), p.institution('P012345'), p.card('123456AB', 'Kovacs Eva')];
  return [...p.fixedCredentials(), ...lazy].flatMap((c) => [c.label, c.certPem, c.keyPem]);
}

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function rfc2253Subject(c: Credential): string {
  return openssl(['x509', '-in', write(`${c.label.replace(/\W/g, '_')}.pem`, c.certPem), '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb']).trim();
}

describe('determinism', () => {
  it('gives identical keys and certificates for the same seed and different ones for another seed', () => {
    const again = createPkiInMemory(7);
    expect(allPems(again)).toEqual(allPems(pki7));
    const other = createPkiInMemory(8);
    const a = allPems(pki7);
    const b = allPems(other);
    for (let i = 1; i < a.length; i += 3) expect(b[i]).not.toBe(a[i]);
  });

  it('memoises lazily made credentials', () => {
    expect(pki7.waf('E01620K')).toBe(pki7.waf('E01620K'));
    expect(pki7.card('123456AB', 'Kovacs Eva')).toBe(pki7.card('123456AB', 'Kovacs Eva'));
  });

  it('keeps the card key when only the holder name differs', () => {
    const a = pki7.card('654321CD', 'Kiss Anna');
    const b = pki7.card('654321CD', 'Nagy Anna');
    expect(b.keyPem).toBe(a.keyPem);
    expect(b.serialHex).not.toBe(a.serialHex);
  });
});

describe('certificates', () => {
  const bundle = write('bundle.pem', pki7.caBundlePem());
  const rootOnly = write('root.pem', pki7.root.certPem);

  it('uses fixed validity: CAs 2025-01-01 .. 2045-01-01, end entities .. 2036-01-01', () => {
    for (const c of pki7.fixedCredentials()) {
      expect(c.notBefore.toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect(c.notAfter.toISOString()).toBe(c.kind === 'ca' ? '2045-01-01T00:00:00.000Z' : '2036-01-01T00:00:00.000Z');
      expect(c.serialHex).toMatch(/^[1-9a-f][0-9a-f]{25,31}$/);
    }
    expect(pki7.root.chainPem).toEqual([]);
    expect(pki7.sts.chainPem).toEqual([pki7.cas.institution.certPem, pki7.root.certPem]);
  });

  it('makes the STS key RSA-2048 and every certificate sha256WithRSAEncryption', () => {
    const text = openssl(['x509', '-in', write('sts.pem', pki7.sts.certPem), '-noout', '-text']);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
  });

  it('passes `openssl verify` for every fixed, lazy and issued chain, with the right purpose', () => {
    const creds: Array<[Credential, string | undefined]> = [
      ...pki7.fixedCredentials().map((c): [Credential, string | undefined] => [c, c.kind === 'tls-server' ? 'sslserver' : undefined]),
      [pki7.waf('E01620K'), 'sslclient'],
      [pki7.institution('P012345'), 'sslclient'],
      [pki7.card('123456AB', 'Kovacs Eva'), 'sslclient'],
      [pki7.issue({ kind: 'user', subjectId: 'O50123' }), 'sslclient'],
      [pki7.issue({ kind: 'tls-server', hosts: ['sim.example', '10.0.0.5'] }), 'sslserver'],
      [pki7.issue({ kind: 'card', subjectId: '111111AA', commonName: 'Teszt Elek' }), 'sslclient'],
    ];
    for (const [c, purpose] of creds) {
      const leaf = write('leaf.pem', c.certPem);
      const args = ['verify', ...(purpose ? ['-purpose', purpose] : []), '-CAfile', bundle, leaf];
      expect(openssl(args).trim(), c.label).toBe(`${leaf}: OK`);
    }
    // the intermediate as -untrusted, only the root trusted
    const waf = pki7.waf('E01620K');
    const untrusted = write('inter.pem', waf.chainPem[0]!);
    expect(openssl(['verify', '-CAfile', rootOnly, '-untrusted', untrusted, write('waf.pem', waf.certPem)])).toContain(': OK');
  });

  it('puts the documented fields into the subjects', () => {
    expect(rfc2253Subject(pki7.root)).toBe('subject=CN=EESZT-SIM Test Root CA,OU=TEST ONLY - not for production use,O=EESZT-SIM Test PKI,C=HU');
    expect(rfc2253Subject(pki7.waf('E01620K'))).toBe('subject=CN=E01620K,organizationIdentifier=E01620K,OU=WAF-SSL client,O=EESZT-SIM Test Organisation,C=HU');
    expect(rfc2253Subject(pki7.institution('P012345'))).toBe(
      'subject=CN=P012345,organizationIdentifier=P012345,OU=Institutional authentication,O=EESZT-SIM Test Organisation,C=HU',
    );
    expect(rfc2253Subject(pki7.card('123456AB', 'Kovács Éva'))).toBe('subject=CN=Kovács Éva,serialNumber=123456AB,C=HU');
    expect(rfc2253Subject(pki7.issue({ kind: 'user', subjectId: 'O50123' }))).toBe('subject=CN=O50123,O=EESZT-SIM Test Organisation,C=HU');
    for (const c of [pki7.root, pki7.tlsServer, pki7.waf('E01620K')]) expect(rfc2253Subject(c)).toBe(`subject=${c.subject}`);
    const san = openssl(['x509', '-in', write('tls.pem', pki7.tlsServer.certPem), '-noout', '-ext', 'subjectAltName']);
    expect(san).toContain('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  it('makes card keys EC P-256 and the rest RSA', () => {
    const card = pki7.card('123456AB', 'Kovacs Eva');
    expect(openssl(['x509', '-in', write('card.pem', card.certPem), '-noout', '-text'])).toContain('NIST CURVE: P-256');
  });
});

describe('issue', () => {
  it('honours notBefore / notAfter and defaults to 11 years from notBefore', () => {
    const c = pki7.issue({ kind: 'waf', institutionId: 'E01620K', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    expect([c.notBefore.toISOString(), c.notAfter.toISOString()]).toEqual(['2020-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z']);
    const d = pki7.issue({ kind: 'user', subjectId: 'S12345', notBefore: new Date('2030-06-01T00:00:00Z') });
    expect(d.notAfter.toISOString()).toBe('2041-06-01T00:00:00.000Z');
    const far = pki7.issue({ kind: 'user', subjectId: 'S12345', notAfter: new Date('2060-01-01T00:00:00Z') });
    expect(far.notAfter.toISOString()).toBe('2060-01-01T00:00:00.000Z');
  });

  it('gives random serials unless a label is given', () => {
    const a = pki7.issue({ kind: 'user', subjectId: 'O50123' });
    const b = pki7.issue({ kind: 'user', subjectId: 'O50123' });
    expect(a.serialHex).not.toBe(b.serialHex);
    const c = pki7.issue({ kind: 'user', subjectId: 'O50123', label: 'x' });
    const d = pki7.issue({ kind: 'user', subjectId: 'O50123', label: 'x' });
    expect(d.certPem).toBe(c.certPem);
  });

  it('refuses bad identifiers and bad validity with the simulator error classes', () => {
    expect(() => pki7.waf('01620K')).toThrow(IdentifierInvalid);
    expect(() => pki7.waf('01620K')).toThrow(/lacks the `E` prefix/);
    expect(() => pki7.issue({ kind: 'user', subjectId: 'o50123' })).toThrow(IdentifierInvalid);
    expect(() => pki7.card('12 34')).toThrow(IdentifierInvalid);
    expect(() => pki7.issue({ kind: 'waf' })).toThrow(BadRequest);
    expect(() => pki7.issue({ kind: 'user', subjectId: 'O50123', notBefore: new Date('2030-01-01'), notAfter: new Date('2029-01-01') })).toThrow(BadRequest);
  });
});
