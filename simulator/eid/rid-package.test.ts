import { beforeAll, describe, expect, it } from 'vitest';
import { createECDH, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPki } from '../../test/helpers/sim.js';
import type { TestPki } from '../pki/types.js';
import { createRidPackage, verifyRidPackage } from './rid-package.js';
import { EESZT_SECTOR, eesztSectorKey, ridOfCard } from './sector-key.js';
import { ridPublicPoint } from '../../virtual-reader/card/card-crypto.js';

const AT = new Date('2026-03-02T08:00:00Z');
const RID = Buffer.alloc(32, 7);
let pki: TestPki;

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

beforeAll(async () => {
  pki = await testPki();
});

describe('rID package', () => {
  it('is written exactly as specified, signed by the eID server key (deterministic for a fixed key and time)', () => {
    const xml = createRidPackage({ id: '_rid1', rid: RID, requestNonce: 'nonce-1', issueInstant: AT }, pki.eidServer);
    expect(xml.startsWith('<eid:RidPackage xmlns:eid="urn:eeszt-sim:eid:2026" ID="_rid1" Version="1"><eid:Issuer>urn:eeszt-sim:eid-server</eid:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">')).toBe(true);
    expect(xml).toContain(
      `</ds:Signature><eid:RID>${RID.toString('base64')}</eid:RID><eid:RequestNonce>nonce-1</eid:RequestNonce><eid:Audience>${EESZT_SECTOR}</eid:Audience><eid:IssueInstant>2026-03-02T08:00:00Z</eid:IssueInstant><eid:NotOnOrAfter>2026-03-02T08:05:00Z</eid:NotOnOrAfter></eid:RidPackage>`,
    );
    expect(xml).not.toMatch(/DocumentId|documentId/);
    expect(createRidPackage({ id: '_rid1', rid: RID, requestNonce: 'nonce-1', issueInstant: AT }, pki.eidServer)).toBe(xml);
    expect(/<ds:DigestValue>([^<]+)</.exec(xml)?.[1]).toBe(EXPECTED_DIGEST);
  });

  it('verifies, reading everything from the signed bytes', () => {
    const xml = createRidPackage({ id: '_rid1', rid: RID, requestNonce: 'nonce-1', issueInstant: AT }, pki.eidServer);
    expect(verifyRidPackage(xml, { eidServerCertPem: pki.eidServer.certPem, now: new Date('2026-03-02T08:04:59Z') })).toEqual({
      id: '_rid1',
      issuer: 'urn:eeszt-sim:eid-server',
      rid: RID.toString('base64'),
      requestNonce: 'nonce-1',
      audience: EESZT_SECTOR,
      issueInstant: AT,
      notOnOrAfter: new Date('2026-03-02T08:05:00Z'),
    });
  });

  it('is accepted by xmlsec1 with the eID server certificate', () => {
    const xml = createRidPackage({ id: '_rid1', rid: RID, requestNonce: 'nonce-1', issueInstant: AT }, pki.eidServer);
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-rid-'));
    writeFileSync(join(dir, 'rid.xml'), xml);
    writeFileSync(join(dir, 'eid.pem'), pki.eidServer.certPem);
    expect(() =>
      execFileSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'eid.pem'), '--id-attr:ID', 'urn:eeszt-sim:eid:2026:RidPackage', join(dir, 'rid.xml')], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('refuses tampering, another key, expiry, a future issue time and another audience', () => {
    const opts = { eidServerCertPem: pki.eidServer.certPem, now: AT };
    const xml = createRidPackage({ id: '_rid1', rid: RID, requestNonce: 'nonce-1', issueInstant: AT }, pki.eidServer);
    expect(codeOf(() => verifyRidPackage(xml.replace('nonce-1', 'nonce-2'), opts))).toBe('RID_PACKAGE_SIGNATURE_INVALID');
    expect(codeOf(() => verifyRidPackage(createRidPackage({ rid: RID, requestNonce: 'n', issueInstant: AT }, pki.sts), opts))).toBe('RID_PACKAGE_SIGNATURE_INVALID');
    expect(codeOf(() => verifyRidPackage(xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''), opts))).toBe('RID_PACKAGE_SIGNATURE_INVALID');
    expect(codeOf(() => verifyRidPackage(xml, { ...opts, now: new Date('2026-03-02T08:05:00Z') }))).toBe('RID_PACKAGE_EXPIRED');
    expect(codeOf(() => verifyRidPackage(xml, { ...opts, now: new Date('2026-03-02T07:54:00Z') }))).toBe('RID_PACKAGE_NOT_YET_VALID');
    expect(codeOf(() => verifyRidPackage(xml, { ...opts, audience: 'urn:other' }))).toBe('RID_PACKAGE_AUDIENCE_MISMATCH');
    expect(codeOf(() => verifyRidPackage('<x/>', opts))).toBe('RID_PACKAGE_MALFORMED');
    expect(codeOf(() => verifyRidPackage('<!DOCTYPE x [<!ENTITY a "b">]><x/>', opts))).toBe('XML_FORBIDDEN_CONSTRUCT');
  });
});

describe('EESZT sector key', () => {
  it('is deterministic per seed, and the card-side RID equals the server-side ECDH', () => {
    expect(eesztSectorKey(1).publicPoint).toEqual(eesztSectorKey(1).publicPoint);
    const secret = '792568ed1976a514e86c91050f049a0a2de74d6fe74306201aae6afcf7b5e7ae';
    const ecdh = createECDH('prime256v1');
    const d = Buffer.from(eesztSectorKey(1).privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    ecdh.setPrivateKey(d);
    const serverSide = createHash('sha256').update(ecdh.computeSecret(Buffer.from(ridPublicPoint(secret)))).digest('base64');
    expect(ridOfCard(secret, 1)).toBe(serverSide);
    expect(ridOfCard(secret, 2)).not.toBe(serverSide);
  });
});

// SHA-256 of the package's canonical form, computed independently (Python hashlib over the hand-written canonical text).
const EXPECTED_DIGEST = '6drKPF3zG7d/pky9u8sMQz40f2lw5SJt9C1x8L7DGSg=';
