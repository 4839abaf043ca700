/**
 * XML signature wrapping (XSW) and its relatives, against both signatures the simulator checks:
 *
 * 1. the X.509 request signature of the STS certificate login (WS-Security X.509 token profile:
 *    one ds:Signature over the soap:Body and the wsu:Timestamp);
 * 2. the STS's SAML assertion signature, at every place a token is accepted: a business service
 *    (SOAP), the IAM admin API (`Authorization: SAML <base64>`), and the STS Validate binding.
 *
 * Each variant is either refused with a precise code and message, or (for changes that
 * canonicalisation removes, such as a comment or an unused namespace declaration) accepted with
 * exactly the signed meaning. After each one a valid request still succeeds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import { certificateIssueRequest, extractAssertion, validateRequest } from '../../simulator/sts/sts-client.js';
import { ERECEPT_SPEC } from '../../simulator/services/index.js';
import {
  DOCTOR,
  expectNoLeak,
  expectRefusal,
  INSTITUTION,
  issueToken,
  readAnswer,
  send,
  serviceEnvelope,
  soapType,
  type Answer,
  type Expected,
} from './support.js';

const sim = await testSimulator();
afterAll(() => sim.close());

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' } as const;
const doctorToken = await issueToken(sim, DOCTOR);
const adminToken = await issueToken(sim, ADMIN);

/** Take the first match of a pattern, or fail loudly (a changed message format must not silently weaken a test). */
function part(text: string, re: RegExp): string {
  const m = re.exec(text)?.[0];
  if (m === undefined) throw new Error(`no ${re} in the request`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// 1. The X.509 request signature (STS, certificate login)
// ---------------------------------------------------------------------------------------------

const signedRequest = (): string => certificateIssueRequest({ ...INSTITUTION, credential: sim.deps.pki.institution(INSTITUTION.institutionId), now: sim.deps.clock.now() });
const BODY = /<s:Body\b[\s\S]*<\/s:Body>/;
const TIMESTAMP = /<wsu:Timestamp\b[\s\S]*?<\/wsu:Timestamp>/;
const SIGNATURE = /<ds:Signature\b[\s\S]*<\/ds:Signature>/;
const X509_TOKEN = /<wsse:BinarySecurityToken\b[\s\S]*?<\/wsse:BinarySecurityToken>/;
/** The Body with another unit: what a wrapping attacker wants the STS to act on. */
const forgeBody = (body: string): string => body.replace('>302170101</sim:UnitCode>', '>999999999</sim:UnitCode>');

interface RequestVariant {
  id: string;
  build(signed: string): string;
  /** The refusal, or `accepted` with the institution the token must be for. */
  expected: Expected | { accepted: string };
}

const x509Variants: RequestVariant[] = [
  {
    id: 'Body content changed after signing',
    build: (s) => s.replace(part(s, BODY), forgeBody(part(s, BODY))),
    expected: { code: 'SIGNATURE_INVALID', message: /^the message signature does not verify with the certificate of the BinarySecurityToken: the digest of the element referenced as `#Body` does not match/ },
  },
  {
    id: 'signed Body moved into a header, forged Body with the same wsu:Id',
    build: (s) => s.replace(part(s, BODY), forgeBody(part(s, BODY))).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${part(s, BODY)}</x:Wrapper>`),
    expected: { code: 'DUPLICATE_ID', message: /^the ID `Body` is carried by more than one element; every wsu:Id \/ ID in a message must be unique$/ },
  },
  {
    id: 'signed Body moved into a header, forged Body without an Id',
    build: (s) => s.replace(part(s, BODY), forgeBody(part(s, BODY)).replace(/ wsu:Id="Body"/, '')).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${part(s, BODY)}</x:Wrapper>`),
    expected: { code: 'SIGNATURE_DOES_NOT_COVER_BODY', message: /^the signature does not cover the soap:Body \(it covers #TS, #Body\)/ },
  },
  {
    id: 'signed Body moved into the wsse:Security header, forged Body without an Id',
    build: (s) => s.replace(part(s, BODY), forgeBody(part(s, BODY)).replace(/ wsu:Id="Body"/, '')).replace('</wsse:Security>', `<x:Wrapper xmlns:x="urn:x">${part(s, BODY)}</x:Wrapper></wsse:Security>`),
    expected: { code: 'SIGNATURE_DOES_NOT_COVER_BODY', message: /^the signature does not cover the soap:Body/ },
  },
  {
    id: 'signed Body nested inside the forged request element',
    build: (s) => {
      const body = part(s, BODY);
      const forged = forgeBody(body).replace(/ wsu:Id="Body"/, '').replace('</wst:RequestSecurityToken>', `<x:Extension xmlns:x="urn:x">${body}</x:Extension></wst:RequestSecurityToken>`);
      return s.replace(body, forged);
    },
    expected: { code: 'SIGNATURE_DOES_NOT_COVER_BODY', message: /^the signature does not cover the soap:Body/ },
  },
  ...(
    [
      ['Id (no namespace)', 'Id'],
      ['ID', 'ID'],
      ['xml:id', 'xml:id'],
      ['a foreign-namespace Id', 'f:Id'],
    ] as const
  ).map(
    ([what, attr]): RequestVariant => ({
      id: `forged Body carrying ${what}="Body" next to the wrapped signed Body`,
      build: (s) => {
        const body = part(s, BODY);
        const ns = attr === 'f:Id' ? ' xmlns:f="urn:f"' : '';
        const forged = forgeBody(body).replace(/ wsu:Id="Body"/, `${ns} ${attr}="Body"`);
        return s.replace(body, forged).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${body}</x:Wrapper>`);
      },
      expected: { code: 'DUPLICATE_ID', message: /^the ID `Body` is carried by more than one element/ },
    }),
  ),
  {
    id: 'signed Timestamp moved into a wrapper, a new unsigned Timestamp in its place',
    build: (s) => {
      const ts = part(s, TIMESTAMP);
      return s.replace(ts, ts.replace(/ wsu:Id="TS"/, '')).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${ts}</x:Wrapper>`);
    },
    expected: { code: 'SIGNATURE_DOES_NOT_COVER_TIMESTAMP', message: /^the signature does not cover the wsu:Timestamp \(it covers #TS, #Body\)/ },
  },
  {
    id: 'Timestamp extended after signing (a replayed request made fresh)',
    build: (s) => s.replace(/(<wsu:Expires>)[^<]*/, '$12026-03-02T09:00:00Z'),
    expected: { code: 'SIGNATURE_INVALID', message: /the digest of the element referenced as `#TS` does not match/ },
  },
  {
    id: 'a second ds:Signature in the Security header',
    build: (s) => s.replace(part(s, SIGNATURE), part(s, SIGNATURE) + part(s, SIGNATURE)),
    expected: { code: 'SIGNATURE_MISSING', message: /^the wsse:Security header holds 2 ds:Signature elements; send exactly one/ },
  },
  {
    id: 'the ds:Signature moved out of the Security header',
    build: (s) => s.replace(part(s, SIGNATURE), '').replace('<s:Header>', `<s:Header><x:Sig xmlns:x="urn:x">${part(s, SIGNATURE)}</x:Sig>`),
    expected: { code: 'SIGNATURE_MISSING', message: /^the X\.509 BinarySecurityToken is not used by any ds:Signature/ },
  },
  {
    id: 'a Reference URI pointed at another element (SignedInfo changed)',
    build: (s) => s.replace('<ds:Reference URI="#Body">', '<ds:Reference URI="#X509Token">'),
    expected: { code: 'SIGNATURE_INVALID', message: /the digest of the element referenced as `#X509Token` does not match/ },
  },
  {
    id: 'an empty Reference URI (the whole document)',
    build: (s) => s.replace('<ds:Reference URI="#Body">', '<ds:Reference URI="">'),
    expected: { code: 'SIGNATURE_PROFILE_INVALID', message: /^the message signature is not acceptable: a Reference has URI ``; only same-document references by ID \(`#id`\) are accepted$/ },
  },
  {
    id: 'an XPointer Reference',
    build: (s) => s.replace('<ds:Reference URI="#Body">', `<ds:Reference URI="#xpointer(/)">`),
    expected: { code: 'SIGNATURE_PROFILE_INVALID', message: /a Reference has URI `#xpointer\(\/\)`; only same-document references by ID/ },
  },
  {
    id: 'an XSLT transform',
    build: (s) => s.replace('<ds:Transforms>', '<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"></ds:Transform>'),
    expected: { code: 'SIGNATURE_PROFILE_INVALID', message: /the transform `http:\/\/www\.w3\.org\/TR\/1999\/REC-xslt-19991116` of Reference #TS is not accepted/ },
  },
  {
    id: 'an HMAC signature method',
    build: (s) => s.replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'),
    expected: { code: 'SIGNATURE_PROFILE_INVALID', message: /the signature algorithm `http:\/\/www\.w3\.org\/2000\/09\/xmldsig#hmac-sha1` is not accepted; sign with RSA-SHA256/ },
  },
  {
    id: 'KeyInfo pointed at a second BinarySecurityToken with a foreign certificate',
    build: (s) => {
      const bst = part(s, X509_TOKEN);
      const foreign = bst.replace('wsu:Id="X509Token"', 'wsu:Id="Evil"').replace(/>[^<]*<\/wsse:BinarySecurityToken>/, `>${sim.deps.pki.sts.certPem.replace(/-----[^-]+-----|\s/g, '')}</wsse:BinarySecurityToken>`);
      return s.replace(bst, bst + foreign).replace('URI="#X509Token"', 'URI="#Evil"');
    },
    expected: { code: 'AUTHENTICATION_AMBIGUOUS', message: /^the wsse:Security header holds 2 X\.509 BinarySecurityTokens; send exactly one/ },
  },
  {
    id: 'KeyInfo pointed at the Timestamp instead of the certificate',
    build: (s) => s.replace('URI="#X509Token"', 'URI="#TS"'),
    expected: { code: 'SIGNATURE_KEY_REFERENCE_INVALID', message: /the signature's key reference `#TS` names no wsse:BinarySecurityToken/ },
  },
  {
    id: 'white space added inside the signed Body',
    build: (s) => s.replace('<wst:RequestType>', ' <wst:RequestType>'),
    expected: { code: 'SIGNATURE_INVALID', message: /the digest of the element referenced as `#Body` does not match/ },
  },
  {
    id: 'a comment inside a signed value (removed by canonicalisation: same meaning)',
    build: (s) => s.replace('>E30217B</sim:InstitutionId>', '>E30<!---->217B</sim:InstitutionId>'),
    expected: { accepted: 'E30217B' },
  },
  {
    id: 'an unused namespace declaration on the Body (removed by exclusive canonicalisation: same meaning)',
    build: (s) => s.replace('<s:Body ', '<s:Body xmlns:unused="urn:unused" '),
    expected: { accepted: 'E30217B' },
  },
];

/** The institution the issued token is for (its NameID), read from the STS answer. */
function nameIdOf(answer: Answer): string | undefined {
  if (!answer.text.includes('<saml:Assertion')) return undefined;
  return /<saml:NameID[^>]*>([^<]*)<\/saml:NameID>/.exec(extractAssertion(answer.text))?.[1];
}

describe('the X.509 request signature (STS certificate login)', () => {
  it.each(x509Variants.map((v) => [v.id, v] as const))('%s', async (_id, variant) => {
    const answer = await send(sim, '/sts', { body: variant.build(signedRequest()), contentType: soapType('1.2') });
    if ('accepted' in variant.expected) {
      expect(nameIdOf(answer), `${answer.code} ${answer.message}`).toBe(variant.expected.accepted);
      expectNoLeak(answer);
    } else {
      expectRefusal(answer, variant.expected, '1.2');
    }
    // still serving: the unmodified signed request gets a token
    expect(nameIdOf(await send(sim, '/sts', { body: signedRequest(), contentType: soapType('1.2') }))).toBe(INSTITUTION.institutionId);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The SAML assertion signature (services, IAM admin API, STS Validate)
// ---------------------------------------------------------------------------------------------

const ASSERTION_SIGNATURE = /<ds:Signature\b[\s\S]*<\/ds:Signature>/;
const idOf = (token: string): string => /<saml:Assertion\b[^>]*\bID="([^"]+)"/.exec(token)?.[1] ?? '';
/** The token made to say something else: an admin role and another user. */
const escalate = (token: string): string => token.replace(/(<saml:Attribute Name="urn:eeszt-sim:attribute:role"[^>]*>)/, '$1<saml:AttributeValue>JOGOSULTSAG_ADMIN</saml:AttributeValue>');

/** What goes into the wsse:Security header (and elsewhere) for one variant. */
interface TokenPlacement {
  /** Content of wsse:Security. */
  security: string;
  /** Extra header blocks (outside wsse:Security). */
  headers?: string;
  /** True when `security` is one assertion element: also testable where a token travels alone (IAM, Validate). */
  single: boolean;
}

interface TokenVariant {
  id: string;
  build(token: string): TokenPlacement;
  /** The refusal, or `accepted` (the token is used with exactly its signed meaning). */
  expected: Expected | 'accepted';
}

const signatureInvalid = (what: RegExp): Expected => ({ code: 'TOKEN_SIGNATURE_INVALID', message: what });
const tokenVariants: TokenVariant[] = [
  {
    id: 'NameID changed to another user',
    build: (t) => ({ security: t.replace(/(<saml:NameID\b[^>]*>)[^<]*/, '$1O94567'), single: true }),
    expected: signatureInvalid(/^the SAML token's signature is not valid: the digest of the element referenced as `#_[0-9a-f]+` does not match/),
  },
  {
    id: 'an admin role added (privilege escalation)',
    build: (t) => ({ security: escalate(t), single: true }),
    expected: signatureInvalid(/does not match: the signed content was changed after signing/),
  },
  {
    id: 'the signature removed',
    build: (t) => ({ security: t.replace(part(t, ASSERTION_SIGNATURE), ''), single: true }),
    expected: { code: 'TOKEN_SIGNATURE_MISSING', message: /^the SAML token carries no ds:Signature; only tokens signed by this STS are accepted/ },
  },
  {
    id: 'a forged unsigned assertion before the signed one',
    build: (t) => ({ security: escalate(t.replace(part(t, ASSERTION_SIGNATURE), '')).replace(idOf(t), '_forged') + t, single: false }),
    expected: { code: 'TOKEN_AMBIGUOUS', message: /^the wsse:Security header holds 2 saml:Assertion elements; send exactly one token$/ },
  },
  {
    id: 'signed assertion wrapped in another header, forged assertion carrying its signature in wsse:Security',
    build: (t) => {
      const sig = part(t, ASSERTION_SIGNATURE);
      const forged = escalate(t.replace(sig, '')).replace(idOf(t), '_forged').replace('</saml:Issuer>', `</saml:Issuer>${sig}`);
      return { security: forged, headers: `<x:Wrapper xmlns:x="urn:x">${t}</x:Wrapper>`, single: false };
    },
    expected: { code: 'TOKEN_AMBIGUOUS', message: /^the message holds 2 saml:Assertion elements; send exactly one token \(an extra assertion anywhere in the message is refused to prevent signature wrapping\)$/ },
  },
  {
    id: 'signed assertion wrapped inside the forged one (in saml:Advice)',
    build: (t) => {
      const sig = part(t, ASSERTION_SIGNATURE);
      const forged = escalate(t.replace(sig, '')).replace(idOf(t), '_forged').replace('</saml:Issuer>', `</saml:Issuer>${sig}<saml:Advice>${t}</saml:Advice>`);
      return { security: forged, single: true };
    },
    expected: { code: 'TOKEN_AMBIGUOUS', message: /holds 2 saml:Assertion elements/ },
  },
  {
    id: 'a forged assertion with the same ID as the signed one (wrapped)',
    build: (t) => ({ security: escalate(t), headers: `<x:Wrapper xmlns:x="urn:x">${t}</x:Wrapper>`, single: false }),
    expected: { code: 'TOKEN_AMBIGUOUS', message: /holds 2 saml:Assertion elements/ },
  },
  {
    id: 'signed assertion wrapped in a look-alike element of another namespace',
    build: (t) => {
      const sig = part(t, ASSERTION_SIGNATURE);
      const forged = escalate(t.replace(sig, '')).replace(idOf(t), '_forged').replace('</saml:Issuer>', `</saml:Issuer>${sig}`);
      return { security: forged, headers: `<saml1:Assertion xmlns:saml1="urn:oasis:names:tc:SAML:1.0:assertion">${t}</saml1:Assertion>`, single: false };
    },
    expected: { code: 'TOKEN_AMBIGUOUS', message: /holds 2 saml:Assertion elements/ },
  },
  {
    id: 'the signature moved below the Subject',
    build: (t) => {
      const sig = part(t, ASSERTION_SIGNATURE);
      return { security: t.replace(sig, '').replace('</saml:Subject>', `${sig}</saml:Subject>`), single: true };
    },
    expected: { code: 'TOKEN_SIGNATURE_MISSING', message: /carries no ds:Signature/ },
  },
  {
    id: 'two signatures in the assertion',
    build: (t) => ({ security: t.replace(part(t, ASSERTION_SIGNATURE), part(t, ASSERTION_SIGNATURE) + part(t, ASSERTION_SIGNATURE)), single: true }),
    expected: { code: 'TOKEN_MALFORMED', message: /^the SAML token is malformed: the assertion must carry exactly one ds:Signature, as its direct child/ },
  },
  {
    id: 'a Reference URI changed (SignedInfo altered)',
    build: (t) => ({ security: t.replace(`URI="#${idOf(t)}"`, 'URI="#other"'), single: true }),
    expected: signatureInvalid(/the SignatureValue does not verify with the expected key|references `#other`/),
  },
  {
    id: "another element carrying the assertion's ID",
    build: (t) => ({ security: t, headers: `<x:Decoy xmlns:x="urn:x" ID="${idOf(t)}"/>`, single: false }),
    expected: { code: 'DUPLICATE_ID', message: /^the ID `_[0-9a-f]+` is carried by more than one element; every ID in a message must be unique$/ },
  },
  {
    id: 'an HMAC signature method',
    build: (t) => ({ security: t.replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'), single: true }),
    expected: signatureInvalid(/the signature algorithm `http:\/\/www\.w3\.org\/2000\/09\/xmldsig#hmac-sha1` is not accepted/),
  },
  {
    id: 'pretty-printed (white space added between signed elements)',
    build: (t) => ({ security: t.replace('<saml:Subject>', '\n  <saml:Subject>'), single: true }),
    expected: signatureInvalid(/does not match/),
  },
  {
    id: 'a comment splitting the NameID (removed by canonicalisation: same meaning)',
    build: (t) => ({ security: t.replace(`>${DOCTOR.username}</saml:NameID>`, `>${DOCTOR.username.slice(0, 3)}<!---->${DOCTOR.username.slice(3)}</saml:NameID>`).replace(`>${ADMIN.username}</saml:NameID>`, `>${ADMIN.username.slice(0, 3)}<!---->${ADMIN.username.slice(3)}</saml:NameID>`), single: true }),
    expected: 'accepted',
  },
  {
    id: 'an unused namespace declaration on the assertion (same meaning)',
    build: (t) => ({ security: t.replace('<saml:Assertion ', '<saml:Assertion xmlns:unused="urn:unused" '), single: true }),
    expected: 'accepted',
  },
];

/** A service call (eRecept write) with the Security header content and extra headers of a variant. */
function serviceRequest(p: TokenPlacement): string {
  const xml = serviceEnvelope(ERECEPT_SPEC, '\u0001TOKEN\u0001', '1.2');
  return xml.replace('\u0001TOKEN\u0001', p.security).replace('<s:Header>', `<s:Header>${p.headers ?? ''}`);
}

describe('the SAML assertion signature at a business service', () => {
  it.each(tokenVariants.map((v) => [v.id, v] as const))('%s', async (_id, variant) => {
    const answer = await send(sim, '/services/erecept', { body: serviceRequest(variant.build(doctorToken)), contentType: soapType('1.2') });
    if (variant.expected === 'accepted') {
      expect(answer.text, `${answer.code} ${answer.message}`).toContain(`<AuthorUsername>${DOCTOR.username}</AuthorUsername>`);
      expectNoLeak(answer);
    } else {
      expectRefusal(answer, variant.expected, '1.2');
    }
    const ok = await send(sim, '/services/erecept', { body: serviceRequest({ security: doctorToken, single: true }), contentType: soapType('1.2') });
    expect(ok.text).toContain('<PrescriptionSummary>');
  });
});

/** IAM answers token refusals as problem JSON (401 for token problems). */
describe('the SAML assertion signature at the IAM admin API (Authorization: SAML)', () => {
  const single = tokenVariants.filter((v) => v.build(adminToken).single && v.build(adminToken).headers === undefined);
  it.each(single.map((v) => [v.id, v] as const))('%s', async (_id, variant) => {
    const p = variant.build(adminToken);
    const started = performance.now();
    const res = await sim.app.request('/iam/api/records', { headers: { authorization: `SAML ${Buffer.from(p.security, 'utf8').toString('base64')}` } });
    const answer = await readAnswer(res, started);
    if (variant.expected === 'accepted') {
      expect(answer.status, `${answer.code} ${answer.message}`).toBe(200);
    } else {
      expectRefusal(answer, { ...variant.expected, message: /./ });
      expect(answer.code).toBe(variant.expected.code);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const ok = await sim.app.request('/iam/api/records', { headers: { authorization: `SAML ${Buffer.from(adminToken, 'utf8').toString('base64')}` } });
    expect(ok.status).toBe(200);
  });
});

/** Validate answers an invalid token with wst:Status invalid and `[CODE] message` as the reason. */
describe('the SAML assertion signature at the STS Validate binding', () => {
  it.each(tokenVariants.map((v) => [v.id, v] as const))('%s', async (_id, variant) => {
    const p = variant.build(doctorToken);
    let xml = validateRequest({ assertionXml: p.security, now: sim.deps.clock.now() });
    if (p.headers !== undefined) xml = xml.replace('<s:Header>', `<s:Header>${p.headers}`);
    const answer = await send(sim, '/sts', { body: xml, contentType: soapType('1.2') });
    expectNoLeak(answer);
    if (!p.single && answer.code !== '') {
      // several assertions in ValidateTarget: the RST itself is refused as a fault
      expect(answer.code).toMatch(/^(TOKEN_AMBIGUOUS|VALIDATE_TARGET_UNSUPPORTED|RST_MALFORMED|DUPLICATE_ID)$/);
      return;
    }
    const reason = /<wst:Reason>([\s\S]*?)<\/wst:Reason>/.exec(answer.text)?.[1] ?? '';
    if (variant.expected === 'accepted') {
      expect(answer.text, reason).toContain('/status/valid<');
    } else {
      expect(answer.text, reason).toContain('/status/invalid<');
      expect(reason).toMatch(new RegExp(`^\\[${variant.expected.code}\\] `));
    }
  });
});
