import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { testPki } from '../../test/helpers/sim.js';
import { assertionCanonical, assertionElement, samlTime, signAssertion, signAssertionAsync, type AssertionContent } from './assertion.js';
import { canonicalXml, canonicalizeNode } from './canonical-xml.js';
import { NS, SAML, SIM } from './namespaces.js';
import { signEnveloped, signerFromPem, verifySignatureElement } from './xml-signature.js';

const content: AssertionContent = {
  id: '_00112233445566778899aabbccddeeff',
  issuer: 'urn:eeszt-sim:sts',
  issueInstant: new Date('2026-03-02T08:00:00Z'),
  notBefore: new Date('2026-03-02T08:00:00Z'),
  notOnOrAfter: new Date('2026-03-02T15:00:00Z'),
  audience: 'urn:eeszt:services',
  nameId: 'O50123',
  authnContextClassRef: SAML.acPassword,
  authnInstant: new Date('2026-03-02T08:00:00Z'),
  attributes: [
    { name: SIM.attrInstitutionId, values: ['E01620K'] },
    { name: SIM.attrRole, values: ['ORVOS', 'JOGOSULTSAG_ADMIN'] },
    { name: 'urn:x:escaped', values: ['a & b <c>'] },
  ],
};

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;

function xmlsecVerify(xml: string, certPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-xmlsec-'));
  writeFileSync(join(dir, 'assertion.xml'), xml);
  writeFileSync(join(dir, 'sts.pem'), certPem);
  return execFileSync(
    'xmlsec1',
    ['--verify', '--pubkey-cert-pem', join(dir, 'sts.pem'), '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', join(dir, 'assertion.xml')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

describe('signAssertion', () => {
  it('writes the unsigned assertion in exactly the form exclusive c14n gives', () => {
    const c14n = canonicalXml(assertionElement(content), NS);
    expect(canonicalizeNode(parse(c14n).documentElement as Element)).toBe(c14n);
    expect(c14n.startsWith('<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_00112233445566778899aabbccddeeff" IssueInstant="2026-03-02T08:00:00Z" Version="2.0"><saml:Issuer>urn:eeszt-sim:sts</saml:Issuer><saml:Subject>')).toBe(true);
  });

  it('writes from its template exactly what canonicalising the element tree gives (escapes, instants, attribute lists)', async () => {
    const variants: AssertionContent[] = [
      content,
      { ...content, attributes: [] },
      { ...content, attributes: [{ name: 'urn:x:"quoted"&\t', values: [] }, { name: 'urn:x:many', values: ['1', '', '<&>\r'] }] },
      { ...content, notBefore: new Date('2026-03-02T07:59:00Z'), authnInstant: new Date('2026-03-02T07:00:00.999Z'), issuer: 'urn:a&b<c>', nameId: 'O5"0\'1', audience: 'x\r\ny' },
    ];
    const pki = await testPki();
    const signer = signerFromPem(pki.sts.keyPem, pki.sts.certPem);
    for (const a of variants) {
      const c14n = assertionCanonical(a);
      expect(c14n).toBe(canonicalXml(assertionElement(a), NS));
      expect(canonicalizeNode(parse(c14n).documentElement as Element)).toBe(c14n);
      expect(signAssertion(a, signer)).toBe(signEnveloped(assertionElement(a), 'ID', 1, signer, NS));
    }
  });

  it('gives the exact expected digest and signature for the seed-1 STS key (PKCS#1 v1.5 is deterministic)', async () => {
    const pki = await testPki();
    const xml = signAssertion(content, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
    const digest = /<ds:DigestValue>([^<]+)</.exec(xml)?.[1];
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)?.[1];
    expect(digest).toBe(EXPECTED_DIGEST);
    expect(value?.slice(0, 40)).toBe(EXPECTED_SIGNATURE_START);
    expect(xml).toContain('</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod');
  });

  it('verifies with xml-crypto against the STS certificate, and the signed bytes are the unsigned canonical form', async () => {
    const pki = await testPki();
    const xml = signAssertion(content, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
    const doc = parse(xml);
    const sig = doc.getElementsByTagNameNS(NS.ds, 'Signature').item(0) as Element;
    const r = verifySignatureElement(xml, sig, pki.sts.certPem);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.references[0]?.canonical).toBe(canonicalXml(assertionElement(content), NS));
    const other = verifySignatureElement(xml, sig, pki.eidServer.certPem);
    expect(other).toMatchObject({ ok: false, problem: 'signature-mismatch' });
  });

  it('is accepted by xmlsec1 --verify with the STS certificate', async () => {
    const pki = await testPki();
    const xml = signAssertion(content, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
    expect(() => xmlsecVerify(xml, pki.sts.certPem)).not.toThrow();
    const tampered = xml.replace('ORVOS', 'ORVOZ');
    expect(() => xmlsecVerify(tampered, pki.sts.certPem)).toThrow();
  });

  it('signs the same bytes off the event loop (signAssertionAsync, the STS\'s way), which xmlsec1 accepts', async () => {
    const pki = await testPki();
    const signer = signerFromPem(pki.sts.keyPem, pki.sts.certPem);
    const xml = await signAssertionAsync(content, signer);
    expect(xml).toBe(signAssertion(content, signer));
    expect(() => xmlsecVerify(xml, pki.sts.certPem)).not.toThrow();
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => signAssertionAsync({ ...content, id: `_t${i}` }, signer)));
    expect(many).toEqual(Array.from({ length: 8 }, (_, i) => signAssertion({ ...content, id: `_t${i}` }, signer)));
  });
});

const EXPECTED_DIGEST = 'mbOUbEGcIXiXh/HpRuecYn/8KkU6dJuzCZW/Slv6A74=';
const EXPECTED_SIGNATURE_START = 'NZzyogs7ycu6yLC13E9thZY/EXyXJsuz8bJ7SpRT';

describe('samlTime', () => {
  it('writes each instant right while it remembers the last two (issue instant and expiry alternate)', () => {
    const instants = ['2026-03-02T08:00:00Z', '2026-03-02T15:00:00Z', '2026-03-02T08:00:00Z', '2026-03-02T08:00:01Z', '2026-03-02T15:00:00Z', '1999-12-31T23:59:59Z', '2026-03-02T08:00:01Z'];
    for (const text of [...instants, ...instants.reverse()]) expect(samlTime(new Date(text))).toBe(text);
    expect(samlTime(new Date('2026-03-02T08:00:00.999Z'))).toBe('2026-03-02T08:00:00Z');
  });
});
