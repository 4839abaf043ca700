import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadRequest } from '../core/errors.js';
import { toPkcs12 } from './pkcs12.js';
import { sharedTestPki } from './test-pki.js';

const pki = await sharedTestPki();
const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-p12-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('toPkcs12', () => {
  const waf = pki.waf('E01620K');
  const file = join(dir, 'waf.p12');
  writeFileSync(file, toPkcs12(waf, 'jelszo123'));

  it('opens with `openssl pkcs12` (default provider) and the right password, with the whole chain', () => {
    const out = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:jelszo123', '-nokeys'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(out).toContain('subject=C = HU, O = EESZT-SIM Test Organisation, OU = WAF-SSL client, organizationIdentifier = E01620K, CN = E01620K');
    expect(out).toContain('friendlyName: waf/E01620K');
  });

  it('holds the credential\'s private key', () => {
    const keyPem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:jelszo123', '-nocerts', '-nodes'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const jwk = (k: string): unknown => createPublicKey(createPrivateKey(k)).export({ format: 'jwk' });
    expect(jwk(keyPem.slice(keyPem.indexOf('-----BEGIN')))).toEqual(jwk(waf.keyPem));
  });

  it('fails with a wrong password', () => {
    const r = spawnSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:wrong', '-nokeys'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/mac verify failure|invalid password/i);
  });

  it('refuses EC card keys and empty passwords with BadRequest', () => {
    expect(() => toPkcs12(pki.card('123456AB'), 'pw')).toThrow(BadRequest);
    expect(() => toPkcs12(waf, '')).toThrow(BadRequest);
  });
});
