import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import * as xmlCrypto from 'xml-crypto';
import { signedXmlWithDomLookups } from './signed-xml-lookups.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const DS = 'http://www.w3.org/2000/09/xmldsig#';

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/**
 * A document with an enveloped signature over `#a1` (and `#b1` when asked), signed by xml-crypto
 * itself; `transforms` and `prefixes` (an InclusiveNamespaces PrefixList) of every Reference, and
 * where the Signature goes, may be given.
 */
function signed(xml: string, refs: string[] = ['a1'], opts: { transforms?: string[]; prefixes?: string; location?: string } = {}): string {
  const sx = new SignedXml({ privateKey: keyPem, canonicalizationAlgorithm: EXC, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
  for (const id of refs) {
    sx.addReference({
      xpath: `//*[@ID='${id}']`,
      transforms: opts.transforms ?? [ENVELOPED, EXC],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      ...(opts.prefixes === undefined ? {} : { inclusiveNamespacesPrefixList: opts.prefixes.split(' ') }),
    });
  }
  sx.computeSignature(xml, { prefix: 'ds', location: { reference: opts.location ?? "//*[@ID='a1']", action: 'append' } });
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
const DETACHED = signed('<r:Root xmlns:r="urn:r" xmlns:x="urn:x"><r:A ID="a1" x:k="v"><r:V>1</r:V></r:A><r:B ID="b1">2</r:B></r:Root>', ['a1', 'b1'], { transforms: [EXC], location: '/*' });
const DEEP = signed('<r:Root xmlns:r="urn:r"><r:A ID="a1"><r:V>1</r:V><r:In><r:Deeper/></r:In></r:A></r:Root>', ['a1'], { location: '//*[local-name()="Deeper"]' });
const PREFIXED = signed('<r:Root xmlns:r="urn:r" xmlns:x="urn:x" xmlns:y="urn:y"><r:A ID="a1"><r:V>1</r:V></r:A></r:Root>', ['a1'], { prefixes: 'x y' });
const SELF = signed('<r:Root xmlns:r="urn:r"><r:A ID="a1"><r:V>1</r:V></r:A></r:Root>', ['a1']).replace(/URI="#a1"/, 'URI="#s1"').replace('<ds:Signature ', '<ds:Signature ID="s1" ');
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
    // canonicalised in place (no clone) or not: every kind of Reference the profile may hold
    ['references with exclusive c14n alone (a detached signature)', DETACHED],
    ['a detached signature, a signed value changed', DETACHED.replace('<r:V>1</r:V>', '<r:V>3</r:V>')],
    ['the signature deeper below the referenced element', DEEP],
    ['the signature deeper below, a signed value changed', DEEP.replace('<r:V>1</r:V>', '<r:V>4</r:V>')],
    ['an InclusiveNamespaces PrefixList', PREFIXED],
    ['an InclusiveNamespaces PrefixList, a signed value changed', PREFIXED.replace('<r:V>1</r:V>', '<r:V>5</r:V>')],
    ['a Reference to the Signature itself', SELF],
    ['the signature moved out of the element it envelops', base.replace(/(<ds:Signature[\s\S]*<\/ds:Signature>)(<\/r:A>)(.*)<\/r:Root>/, '$2$3$1</r:Root>')],
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

describe('signedXmlWithDomLookups canonicalises in place', () => {
  /** Every own `cloneNode` up the prototype chain of a node (the xmldom copy it comes from). */
  function cloneNodeOwner(node: object): object {
    for (let p: object | null = node; p !== null; p = Object.getPrototypeOf(p) as object | null) if (Object.hasOwn(p, 'cloneNode')) return p;
    throw new Error('no cloneNode');
  }
  const theirs = (createRequire(createRequire(import.meta.url).resolve('xml-crypto')) as NodeJS.Require)('@xmldom/xmldom') as { DOMParser: new () => DOMParser };

  it('clones nothing for the references and SignedInfo of the profile, with the verdicts of xml-crypto', () => {
    const ours = cloneNodeOwner(new DOMParser().parseFromString('<a/>', 'text/xml').documentElement as object) as { cloneNode(deep?: boolean): Node };
    const copy = cloneNodeOwner(new theirs.DOMParser().parseFromString('<a/>', 'text/xml').documentElement as object) as { cloneNode(deep?: boolean): Node };
    const a = vi.spyOn(ours, 'cloneNode');
    const b = vi.spyOn(copy, 'cloneNode');
    try {
      for (const xml of [DETACHED, DEEP]) expect(outcome(Fast, xml)).toMatchObject({ valid: true });
      expect(a.mock.calls.length + b.mock.calls.length).toBe(0);
      // a prefix list (exclusive c14n adds declarations to the node) or comments to discard: a clone, as xml-crypto
      expect(outcome(Fast, PREFIXED)).toMatchObject({ valid: true });
      expect(a.mock.calls.length + b.mock.calls.length).toBeGreaterThan(0);
      a.mockClear();
      b.mockClear();
      expect(outcome(Fast, base)).toMatchObject({ valid: true });
      expect(a.mock.calls.length + b.mock.calls.length).toBeGreaterThan(0);
    } finally {
      a.mockRestore();
      b.mockRestore();
    }
  });

  it('leaves the document as it was (the enveloped Signature back in its place)', () => {
    for (const xml of [base, DEEP, SELF]) {
      const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
      const sx = new Fast({ publicCert: publicPem, getCertFromKeyInfo: () => null });
      sx.loadSignature(doc.getElementsByTagNameNS(DS, 'Signature')[0] as Element);
      const target = (id: string): Element => Array.from(doc.getElementsByTagName('*')).find((e) => e.getAttribute('ID') === id) as Element;
      const internals = sx as unknown as { canonicalize(t: string[], n: Node, o: object, h: { discardComments: boolean }): string };
      const before = doc.toString();
      const inPlace = internals.canonicalize([ENVELOPED, EXC], target('a1'), {}, { discardComments: true });
      expect(doc.toString()).toBe(before);
      const reference = new SignedXml({ publicCert: publicPem, getCertFromKeyInfo: () => null }) as unknown as typeof internals & { loadSignature(s: Node): void };
      reference.loadSignature(doc.getElementsByTagNameNS(DS, 'Signature')[0] as Element);
      expect(inPlace).toBe(reference.canonicalize([ENVELOPED, EXC], target('a1'), {}, { discardComments: true }));
      expect(inPlace).not.toContain('SignatureValue');
    }
  });
});
