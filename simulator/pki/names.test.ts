import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCredential } from './credential.js';
import { deterministicRsaKey } from './deterministic-rsa.js';
import { issueCertificate } from './issue-cert.js';
import { dnToString, type Dn } from './names.js';

describe('dnToString', () => {
  it('prints what Node and `openssl -nameopt RFC2253,-esc_msb` print, special characters included', () => {
    const dn: Dn = [
      ['C', 'HU'],
      ['O', 'x, "y"+z; <a>\\b'],
      ['OU', '#lead and trail '],
      ['CN', 'Kovács Éva'],
    ];
    expect(dnToString(dn)).toBe('CN=Kovács Éva,OU=\\#lead and trail\\ ,O=x\\, \\"y\\"\\+z\\; \\<a\\>\\\\b,C=HU');
    const key = deterministicRsaKey(1, 'names-test');
    const { certPem } = issueCertificate({
      profile: 'root-ca',
      subject: dn,
      publicKey: key,
      issuer: 'self',
      serial: Buffer.from([1]),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2026-01-01T00:00:00Z'),
    });
    expect(makeCredential('t', 'ca', certPem, '', []).subject).toBe(dnToString(dn));
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-names-'));
    try {
      writeFileSync(join(dir, 'c.pem'), certPem);
      const out = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], { encoding: 'utf8' });
      expect(out.trim()).toBe(`subject=${dnToString(dn)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
