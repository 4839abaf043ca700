import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import * as xmlCrypto from 'xml-crypto';
import { signedXmlWithDomLookups } from './signed-xml-lookups.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** A document with an enveloped signature over `#a1` (and `#b1` when asked), signed by xml-crypto itself. */
function signed(xml: string, refs: string[] = ['a1']): string {
  const sx = new SignedXml({ privateKey: keyPem, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#', signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
  for (const id of refs) {
    sx.addReference({
      xpath: `//*[@ID='${id}']`,
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
  }
  sx.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[@ID='a1']", action: 'append' } });
  return sx.getSignedXml();
}

type Outcome = { threw: string } | { valid: boolean; signed: string[]; errors: Array<string | undefined> };

/** Verify as the simulator's callers do (signature element from their own parse, exact text to check). */
function outcome(Class: typeof SignedXml, xml: string): Outcome {
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
  const sig = doc.getElementsByTagNameNS(DS, 'Signature')[0] as Element;
  const sx = new Class({ publicCert: publicPem, getCertFromKeyInfo: () => null });
  try {
    sx.loadSignature(sig);
    const valid = sx.checkSignature(xml);
    return { valid, signed: sx.getSignedReferences(), errors: sx.getReferences().map((r) => r.validationError?.message) };
  } catch (err) {
    return { threw: (err as Error).message };
  }
}

const Fast = signedXmlWithDomLookups(xmlCrypto);
const base = signed('<r:Root xmlns:r="urn:r" xmlns:x="urn:x"><r:A ID="a1" x:k="v"><r:V>1</r:V><!-- c --></r:A><r:B ID="b1">2</r:B></r:Root>', ['a1', 'b1']);

describe('signedXmlWithDomLookups (same verdicts and errors as xml-crypto)', () => {
  const cases: Array<[string, string]> = [
    ['a valid document', base],
    ['a changed signed value', base.replace('<r:V>1</r:V>', '<r:V>2</r:V>')],
    ['a changed SignedInfo', base.replace('#b1', '#zz').replace('ID="b1"', 'ID="zz"')],
    ['a referenced element gone', base.replace('ID="b1"', 'ID="b2"')],
    ['a second element with the same ID', base.replace('</r:Root>', '<r:C ID="b1">2</r:C></r:Root>')],
    ['the same ID in Id and ID of one element', base.replace('ID="b1"', 'ID="b1" Id="b1"')],
    ['an ID in a namespaced attribute and a copy', base.replace('</r:Root>', '<r:C x:ID="b1">2</r:C></r:Root>')],
    ['an ID carried by a namespace declaration', base.replace('</r:Root>', '<r:C xmlns:ID="b1">2</r:C></r:Root>')],
    ['a SignedInfo earlier in the document', base.replace('<r:A ', '<q:SignedInfo xmlns:q="urn:q" xmlns:y="urn:y"/><r:A ')],
    ['a copy of the Signature elsewhere', base.replace('</r:Root>', `<r:Copy>${/<ds:Signature[\s\S]*<\/ds:Signature>/.exec(base)?.[0] ?? ''}</r:Copy></r:Root>`)],
    ['a SignatureValue split by a comment', base.replace(/(<ds:SignatureValue>[A-Za-z0-9+/]{10})/, '$1<!--x-->')],
    ['a SignatureValue in CDATA', base.replace(/<ds:SignatureValue>([^<]*)</, '<ds:SignatureValue><![CDATA[$1]]><')],
    ['no CanonicalizationMethod Algorithm', base.replace(/<ds:CanonicalizationMethod Algorithm="[^"]*"/, '<ds:CanonicalizationMethod')],
    ['a CanonicalizationMethod before the SignedInfo', base.replace('<ds:SignedInfo>', '<ds:Object><x:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/></ds:Object><ds:SignedInfo>')],
    ['a comment added inside a signed element', base.replace('<r:V>1</r:V>', '<r:V><!--n-->1<!--m--></r:V>')],
    ['a comment and text added inside a signed element', base.replace('<r:V>1</r:V>', '<r:V><!--n-->1 </r:V>')],
    ['a Reference without DigestValue', base.replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/, '')],
  ];
  for (const [name, xml] of cases) {
    it(name, () => {
      const expected = outcome(SignedXml, xml);
      expect(outcome(Fast, xml)).toEqual(expected);
    });
  }

  it('tells a valid document from a tampered one (the cases above are not all alike)', () => {
    expect(outcome(Fast, base)).toMatchObject({ valid: true });
    expect(outcome(Fast, cases[1]?.[1] ?? '')).toMatchObject({ valid: false });
    expect(outcome(Fast, cases[4]?.[1] ?? '')).toMatchObject({ threw: expect.stringMatching(/multiple elements with the same value/) });
  });
});
