import { beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../core/clock.js';
import { DEFAULT_CONFIG, type SimConfig } from '../core/deps.js';
import type { TestPki } from '../pki/types.js';
import { testPki } from '../../test/helpers/sim.js';
import { signAssertion, type AssertionContent } from '../saml/assertion.js';
import { NS_SOAP12, parseSoapRequest } from '../soap/envelope.js';
import { SAML, SIM } from '../saml/namespaces.js';
import { signerFromPem } from '../saml/xml-signature.js';
import { createMemoryStore } from '../state/store.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { setTokenGeneration } from './environment-binding.js';
import { validateAssertionXml, validateRequestToken, type TokenValidatorDeps } from './validate-token.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const START = '2026-03-02T08:00:00Z';

const content: AssertionContent = {
  id: '_token1',
  issuer: 'urn:eeszt-sim:sts',
  issueInstant: new Date(START),
  notBefore: new Date(START),
  notOnOrAfter: new Date('2026-03-02T15:00:00Z'),
  audience: 'urn:eeszt:services',
  nameId: 'O50123',
  authnContextClassRef: SAML.acPassword,
  authnInstant: new Date(START),
  attributes: [
    { name: SIM.attrUsername, values: ['O50123'] },
    { name: SIM.attrInstitutionId, values: ['E01620K'] },
    { name: SIM.attrUnitCode, values: ['016200101'] },
    { name: SIM.attrUserKind, values: ['doctor'] },
    { name: SIM.attrAuthMethod, values: ['password'] },
    { name: SIM.attrAuthFactors, values: ['password'] },
    { name: SIM.attrRole, values: ['ORVOS'] },
    { name: SIM.attrGeneration, values: ['0123456789abcdef'] },
  ],
};

let pki: TestPki;
let token: string;

function deps(config: Partial<SimConfig> = {}, at = START): TokenValidatorDeps {
  const store = createMemoryStore(loadDefaultFixtures());
  setTokenGeneration(store, '0123456789abcdef');
  return { config: { ...DEFAULT_CONFIG, version: 'test', ...config }, clock: createClock({ start: at, frozen: true }), pki, store };
}

/** A service request carrying `headerTokens` in its Security header and `body` in its Body. */
function request(headerTokens: string, body = '<x:Op xmlns:x="urn:x"/>'): string {
  return `<s:Envelope xmlns:s="${NS_SOAP12}"><s:Header><wsse:Security xmlns:wsse="${WSSE}">${headerTokens}</wsse:Security></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

function refusalOf(xml: string, d = deps()): string {
  try {
    validateRequestToken(d, parseSoapRequest(xml, 'application/soap+xml'));
    return 'accepted';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

beforeAll(async () => {
  pki = await testPki();
  token = signAssertion(content, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
});

describe('validateRequestToken', () => {
  it('yields the principal of a good token from the Security header', () => {
    const p = validateRequestToken(deps(), parseSoapRequest(request(token), 'application/soap+xml'));
    expect(p).toEqual({
      username: 'O50123',
      nameId: 'O50123',
      institutionId: 'E01620K',
      unitCode: '016200101',
      userKind: 'doctor',
      roles: ['ORVOS'],
      authMethod: 'password',
      factors: ['password'],
      tokenId: '_token1',
      issuedAt: new Date(START),
      notBefore: new Date(START),
      expiresAt: new Date('2026-03-02T15:00:00Z'),
    });
  });

  it('refuses a changed attribute value and re-ordered elements', () => {
    expect(refusalOf(request(token.replace('<saml:AttributeValue>ORVOS<', '<saml:AttributeValue>JOGOSULTSAG_ADMIN<')))).toBe('TOKEN_SIGNATURE_INVALID');
    const unit = /<saml:Attribute Name="urn:eeszt-sim:attribute:unit-code"[\s\S]*?<\/saml:Attribute>/.exec(token)?.[0] ?? '';
    const inst = /<saml:Attribute Name="urn:eeszt-sim:attribute:institution-id"[\s\S]*?<\/saml:Attribute>/.exec(token)?.[0] ?? '';
    const reordered = token.replace(inst, '§').replace(unit, inst).replace('§', unit);
    expect(reordered).not.toBe(token);
    expect(refusalOf(request(reordered))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses a second, unsigned assertion before the signed one, in the header or elsewhere', () => {
    const forged = token.replace('_token1', '_forged').replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace('ORVOS', 'JOGOSULTSAG_ADMIN');
    expect(refusalOf(request(forged + token))).toBe('TOKEN_AMBIGUOUS');
    expect(refusalOf(request(token, forged))).toBe('TOKEN_AMBIGUOUS');
  });

  it('refuses the signed element moved into a wrapper with a forged assertion in its place', () => {
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(token)?.[0] ?? '';
    const forged = token.replace('_token1', '_forged').replace(signature, '').replace('ORVOS', 'JOGOSULTSAG_ADMIN');
    // The forged assertion carries the original signature, which references the wrapped original.
    const forgedWithSig = forged.replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    expect(refusalOf(request(`${forgedWithSig}<x:Wrapper xmlns:x="urn:x">${token}</x:Wrapper>`))).toBe('TOKEN_AMBIGUOUS');
    // Same ID as the original: duplicate IDs.
    const sameId = token.replace('ORVOS', 'JOGOSULTSAG_ADMIN');
    expect(refusalOf(request(`${sameId}<x:Wrapper xmlns:x="urn:x">${token}</x:Wrapper>`))).toBe('TOKEN_AMBIGUOUS');
    // Only the wrapped original, no assertion directly in the header.
    expect(refusalOf(request(`<x:Wrapper xmlns:x="urn:x">${token}</x:Wrapper>`))).toBe('TOKEN_MISSING');
    // The forged assertion alone, pointing at an ID carried by another element.
    expect(refusalOf(request(forgedWithSig, '<x:Op xmlns:x="urn:x" ID="_token1"/>'))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses duplicate IDs in the message', () => {
    expect(refusalOf(request(token, '<x:Op xmlns:x="urn:x" ID="_token1"/>'))).toBe('DUPLICATE_ID');
  });

  it('refuses a token without signature and one signed with a different key', () => {
    expect(refusalOf(request(token.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')))).toBe('TOKEN_SIGNATURE_MISSING');
    const other = signAssertion(content, signerFromPem(pki.eidServer.keyPem, pki.eidServer.certPem));
    expect(refusalOf(request(other))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('reads claims from the signed bytes only (a comment cannot truncate the NameID)', () => {
    const injected = token.replace('>O50123</saml:NameID>', '>O50<!---->123</saml:NameID>');
    expect(validateRequestToken(deps(), parseSoapRequest(request(injected), 'application/soap+xml')).nameId).toBe('O50123');
  });

  it('checks the time window at the simulator clock, the audience and the issuer', () => {
    expect(refusalOf(request(token), deps({}, '2026-03-02T14:59:59Z'))).toBe('accepted');
    expect(refusalOf(request(token), deps({}, '2026-03-02T15:00:00Z'))).toBe('TOKEN_EXPIRED');
    expect(refusalOf(request(token), deps({}, '2026-03-02T07:54:00Z'))).toBe('TOKEN_NOT_YET_VALID');
    expect(refusalOf(request(token), deps({ audience: 'urn:other' }))).toBe('TOKEN_AUDIENCE_MISMATCH');
    expect(refusalOf(request(token), deps({ stsIssuer: 'urn:other-sts' }))).toBe('TOKEN_ISSUER_UNKNOWN');
  });

  it('says what is missing when a request carries no token', () => {
    expect(refusalOf(request(''))).toBe('TOKEN_MISSING');
    expect(() => validateAssertionXml(deps(), '<a/>')).toThrow(/the root element is \{\}a, not saml:Assertion/);
  });
});
