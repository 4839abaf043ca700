import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createClock, type Clock } from '../core/clock.js';
import { DEFAULT_CONFIG, type SimConfig } from '../core/deps.js';
import type { TestPki } from '../pki/types.js';
import { testPki } from '../../test/helpers/sim.js';
import { signAssertion, type AssertionContent } from '../saml/assertion.js';
import { NS_SOAP12, parseSoapRequest, parseSoapRequestKnown, type KnownSoapRequest, type SoapRequest } from '../soap/envelope.js';
import { NS, SAML, SIM } from '../saml/namespaces.js';
import { signerFromPem } from '../saml/xml-signature.js';
import { createMemoryStore, type Store } from '../state/store.js';
import { rememberedTokenLookup, validateRequestToken, type TokenValidatorDeps } from './validate-token.js';
import { tokenBytesKey, VerdictCache, verdictCache } from './verdict-cache.js';
import { setTokenGeneration } from './environment-binding.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const START = '2026-03-02T08:00:00Z';
/** The environments' token generation the test token names (see environment-binding.ts). */
const GENERATION = '0123456789abcdef';

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
    { name: SIM.attrGeneration, values: [GENERATION] },
  ],
};

let pki: TestPki;
let token: string;

interface Env {
  deps: TokenValidatorDeps;
  store: Store;
  clock: Clock;
}

function env(config: Partial<SimConfig> = {}): Env {
  const store = createMemoryStore(loadDefaultFixtures());
  setTokenGeneration(store, GENERATION);
  const clock = createClock({ start: START, frozen: true });
  return { store, clock, deps: { config: { ...DEFAULT_CONFIG, version: 'test', ...config }, clock, pki, store } };
}

function request(headerTokens: string, body = '<x:Op xmlns:x="urn:x"/>', envelopeAttrs = ''): string {
  return `<s:Envelope xmlns:s="${NS_SOAP12}"${envelopeAttrs}><s:Header><wsse:Security xmlns:wsse="${WSSE}">${headerTokens}</wsse:Security></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

type Mode = (xml: string, e: Env) => SoapRequest | KnownSoapRequest;
const HOLLOW = { ns: NS.saml, local: 'Assertion' };

/**
 * How the request is parsed: in full; or as the business services read it, without reading the
 * token's content when its bytes are remembered (a lean tree then, else in full).
 */
const readKnown: Mode = (xml, e) => parseSoapRequestKnown(xml, 'application/soap+xml', undefined, HOLLOW, rememberedTokenLookup(e.deps));
const MODES = [
  ['parsed in full', (xml: string) => parseSoapRequest(xml, 'application/soap+xml'), 1],
  ['read as the services read it (a lean tree when the token is remembered)', readKnown, 1],
  // The second read of a remembered token counts its shape; from the third on its content is not read at all.
  ['read as the services read it, the token read around (its shape counted)', readKnown, 2],
] as const satisfies ReadonlyArray<readonly [string, Mode, number]>;
let mode: Mode = MODES[0][1];
/** How many accepted calls make an environment warm (see {@link warm}). */
let warmCalls = 1;

function parse(xml: string, e: Env): SoapRequest | KnownSoapRequest {
  return mode(xml, e);
}

function refusalOf(xml: string, e: Env): string {
  try {
    validateRequestToken(e.deps, parse(xml, e));
    return 'accepted';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

/** An environment whose cache already holds the good token. */
function warm(config: Partial<SimConfig> = {}): Env {
  const e = env(config);
  for (let i = 0; i < warmCalls; i++) expect(refusalOf(request(token), e)).toBe('accepted');
  expect(verdictCache(e.deps)?.size).toBe(1);
  return e;
}

beforeAll(async () => {
  pki = await testPki();
  token = signAssertion(content, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
});

describe.each(MODES)('the token verdict cache, the request %s', (_, options, calls) => {
  beforeAll(() => {
    mode = options;
    warmCalls = calls;
  });

  it('remembers a verified token once and answers the same principal for its reuse', () => {
    const e = warm();
    const first = validateRequestToken(e.deps, parse(request(token), e));
    const again = validateRequestToken(e.deps, parse(request(token, '<x:Other xmlns:x="urn:x"/>'), e));
    expect(again).toEqual(first);
    expect(again.nameId).toBe('O50123');
    expect(verdictCache(e.deps)?.size).toBe(1);
    // the principal handed out is a copy: changing it does not change the remembered verdict
    again.roles.push('JOGOSULTSAG_ADMIN');
    expect(validateRequestToken(e.deps, parse(request(token), e)).roles).toEqual(['ORVOS']);
  });

  it('never lets a changed byte reach a remembered verdict', () => {
    const e = warm();
    expect(refusalOf(request(token.replace('>O50123</saml:NameID>', '>O50124</saml:NameID>')), e)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(refusalOf(request(token.replace('<saml:AttributeValue>ORVOS<', '<saml:AttributeValue>JOGOSULTSAG_ADMIN<')), e)).toBe('TOKEN_SIGNATURE_INVALID');
    const value = /<ds:SignatureValue>([^<]+)</.exec(token)?.[1] ?? '';
    const flipped = `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`;
    expect(refusalOf(request(token.replace(value, flipped)), e)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(refusalOf(request(token.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')), e)).toBe('TOKEN_SIGNATURE_MISSING');
    expect(verdictCache(e.deps)?.size).toBe(1);
  });

  it('still refuses wrapping around a remembered token: a second assertion, duplicate IDs, a wrapped original', () => {
    const e = warm();
    const forged = token.replace('_token1', '_forged').replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace('ORVOS', 'JOGOSULTSAG_ADMIN');
    expect(refusalOf(request(forged + token), e)).toBe('TOKEN_AMBIGUOUS');
    expect(refusalOf(request(token, forged), e)).toBe('TOKEN_AMBIGUOUS');
    expect(refusalOf(request(token, '<x:Op xmlns:x="urn:x" ID="_token1"/>'), e)).toBe('DUPLICATE_ID');
    expect(refusalOf(request(`<x:Wrapper xmlns:x="urn:x">${token}</x:Wrapper>`), e)).toBe('TOKEN_MISSING');
    expect(refusalOf(request(`<x:Wrapper xmlns:x="urn:x">${token}</x:Wrapper>`, `<x:Op xmlns:x="urn:x">${token}</x:Op>`), e)).toBe('TOKEN_MISSING');
    expect(refusalOf(request(token, `<x:Op xmlns:x="urn:x" Id="_token1"/>`), e)).toBe('DUPLICATE_ID');
    expect(refusalOf(request(token).replace('<s:Body>', '<s:Body wsu:Id="_token1" xmlns:wsu="urn:wsu">'), e)).toBe('DUPLICATE_ID');
    expect(refusalOf(request(token).replace('</s:Header>', `<wsse:Security xmlns:wsse="${WSSE}"/></s:Header>`), e)).toBe('SECURITY_HEADER_DUPLICATE');
    expect(refusalOf(request(token).replace('</wsse:Security>', '<wsu:Timestamp xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"/></wsse:Security>'), e)).toBe('TIMESTAMP_MALFORMED');
    expect(verdictCache(e.deps)?.size).toBe(1);
  });

  it('checks the time window, the audience and the issuer on every reuse', () => {
    const e = warm();
    e.clock.set('2026-03-02T15:00:00Z');
    expect(refusalOf(request(token), e)).toBe('TOKEN_EXPIRED');
    expect(verdictCache(e.deps)?.size).toBe(0);
    e.clock.set('2026-03-02T07:54:00Z');
    expect(refusalOf(request(token), e)).toBe('TOKEN_NOT_YET_VALID');
    const a = warm();
    expect(refusalOf(request(token), { ...a, deps: { ...a.deps, config: { ...a.deps.config, audience: 'urn:other' } } })).toBe('TOKEN_AUDIENCE_MISMATCH');
    expect(refusalOf(request(token), { ...a, deps: { ...a.deps, config: { ...a.deps.config, stsIssuer: 'urn:other-sts' } } })).toBe('TOKEN_ISSUER_UNKNOWN');
  });

  it('is per environment and forgets everything when its environment resets', () => {
    const a = warm();
    const b = env();
    expect(verdictCache(b.deps)?.size).toBe(0);
    expect(verdictCache(a.deps)).not.toBe(verdictCache(b.deps));
    a.store.reset();
    // a reset also drops the tokens issued before it; as if this one had been issued after it:
    expect(refusalOf(request(token), a)).toBe('TOKEN_ISSUED_BEFORE_RESET');
    setTokenGeneration(a.store, GENERATION);
    expect(refusalOf(request(token), a)).toBe('accepted');
    expect(verdictCache(a.deps)?.size).toBe(1);
    const cache = verdictCache(a.deps);
    a.store.reset();
    expect(cache?.get('anything', a.deps, a.clock.nowMs())).toBeUndefined();
    expect(cache?.size).toBe(0);
  });

  it('forgets everything when the STS certificate changes', () => {
    const a = warm();
    const other = { ...a.deps, pki: { ...pki, sts: pki.eidServer } };
    expect(refusalOf(request(token), { ...a, deps: other })).toBe('TOKEN_SIGNATURE_INVALID');
    expect(verdictCache(a.deps)?.size).toBe(0);
  });

  it('is bounded: the oldest verdict goes first', () => {
    const e = env();
    const cache = new VerdictCache<number>(e.store, 3);
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i, Number.MAX_SAFE_INTEGER, e.deps);
    expect(cache.size).toBe(3);
    expect(cache.get('k0', e.deps, 0)).toBeUndefined();
    expect(cache.get('k4', e.deps, 0)).toBe(4);
  });
});

describe('a request whose token is remembered, read as the services read it', () => {
  beforeAll(() => {
    mode = readKnown;
    warmCalls = 1;
  });
  const knownOf = (req: SoapRequest | KnownSoapRequest): KnownSoapRequest['known'] | undefined => ('known' in req ? req.known : undefined);

  it('reads a call with a remembered token into a lean tree and answers the remembered verdict', () => {
    const e = warm();
    const full = parseSoapRequest(request(token), 'application/soap+xml');
    const fullToken = full.document.getElementsByTagNameNS(NS.saml, 'Assertion').item(0) as Element;
    const req = parse(request(token), e);
    const known = knownOf(req);
    expect(known?.key).toBe(tokenBytesKey(request(token), fullToken)?.key);
    expect(known?.element.getAttribute('ID')).toBe('_token1');
    expect(known?.sameName).toBe(1);
    expect(validateRequestToken(e.deps, req).nameId).toBe('O50123');
    // a token not remembered (another environment) is parsed in full and verified from scratch
    const fresh = env();
    const first = parse(request(token), fresh);
    expect(knownOf(first)).toBeUndefined();
    expect(validateRequestToken(fresh.deps, first).roles).toEqual(['ORVOS']);
    expect(verdictCache(fresh.deps)?.size).toBe(1);
    expect(knownOf(parse(request(token), fresh))).toBeDefined();
  });

  it('reads a token in full whose bytes or namespace context differ from the remembered one, or that is not found unambiguously', () => {
    const e = warm();
    const knownKeyOf = (xml: string): string | undefined => knownOf(parse(xml, e))?.key;
    expect(knownKeyOf(request(token, '<x:Other xmlns:x="urn:x"/>'))).toBeDefined();
    expect(knownKeyOf(request(token.replace('>O50123</saml:NameID>', '>O50124</saml:NameID>')))).toBeUndefined();
    expect(knownKeyOf(request(token, undefined, ' xmlns:x="urn:y"'))).toBeUndefined();
    expect(knownKeyOf(request(token, '<x:Op xmlns:x="urn:x"><!-- <saml:Assertion> --></x:Op>'))).toBeUndefined();
    expect(knownKeyOf(request(token, '<x:Op xmlns:x="urn:x"><!-- </saml:Assertion> --></x:Op>'))).toBeUndefined();
    expect(knownKeyOf(request(`<!-- ${token} -->`))).toBeUndefined();
    // another prefix bound to the SAML namespace is another token text
    const other = token.replaceAll('saml:', 'sa:').replace('xmlns:saml=', 'xmlns:sa=');
    expect(knownKeyOf(request(other))).toBeUndefined();
    expect(refusalOf(request(other), e)).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses a message that is not well-formed after a remembered token exactly as a parse in full', () => {
    const e = warm();
    for (const bad of [request(token, '<x:Op xmlns:x="urn:x"></x:Opp>'), request(token).replace('</s:Envelope>', ''), request(token, '<x:Op xmlns:x="urn:x">&nope;</x:Op>'), request(token, '<y:Op/>')]) {
      const plain = (() => {
        try {
          parseSoapRequest(bad, 'application/soap+xml');
          return 'parsed';
        } catch (err) {
          return (err as Error).message;
        }
      })();
      expect(plain).not.toBe('parsed');
      expect(() => parse(bad, e)).toThrow(plain);
    }
  });

  it('does not read the content of a token whose shape it counted on an earlier call, and answers the same', () => {
    const e = warm();
    const second = knownOf(parse(request(token), e));
    expect(second?.element.firstChild).not.toBeNull();
    const third = parse(request(token, '<x:Other xmlns:x="urn:x" ID="_b"/>'), e);
    const known = knownOf(third);
    expect(known?.element.firstChild).toBeNull();
    expect(known?.element.getAttribute('ID')).toBe('_token1');
    expect(known?.sameName).toBe(1);
    expect(known?.ids.flat()).toContain('_b');
    expect(known?.ids.flat()).toContain('_token1');
    expect(validateRequestToken(e.deps, third)).toEqual(validateRequestToken(e.deps, parse(request(token), env())));
  });

  it('refuses a message over a limit only with the unread token counted exactly as a parse in full', () => {
    const e = warm();
    validateRequestToken(e.deps, parse(request(token), e)); // counts the token's shape
    const xml = request(token, '<x:Op xmlns:x="urn:x"><x:a><x:b/></x:a></x:Op>');
    const full = parseSoapRequest(xml, 'application/soap+xml').document;
    const elements = full.getElementsByTagNameNS('*', '*').length;
    let attributes = 0;
    for (let i = 0; i < elements; i++) attributes += (full.getElementsByTagNameNS('*', '*').item(i) as Element).attributes.length;
    const limitsOf = { maxDepth: 64, maxAttributes: 64, maxElements: 5_000, maxTotalAttributes: 10_000 };
    const parses = (limits: typeof limitsOf): boolean => {
      try {
        parseSoapRequest(xml, 'application/soap+xml', undefined, limits);
        return true;
      } catch {
        return false;
      }
    };
    // The depth a parse in full needs: the token's deepest elements are deeper than anything around it.
    let depth = 1;
    while (!parses({ ...limitsOf, maxDepth: depth })) depth++;
    expect(depth).toBeGreaterThan(5);
    for (const limits of [
      { ...limitsOf, maxElements: elements - 1 },
      { ...limitsOf, maxTotalAttributes: attributes - 1 },
      { ...limitsOf, maxDepth: depth - 1 },
    ]) {
      const refusal = (() => {
        try {
          parseSoapRequest(xml, 'application/soap+xml', undefined, limits);
          return 'parsed';
        } catch (err) {
          return (err as Error).message;
        }
      })();
      expect(refusal).not.toBe('parsed');
      expect(() => parseSoapRequestKnown(xml, 'application/soap+xml', undefined, HOLLOW, rememberedTokenLookup(e.deps), limits)).toThrow(refusal);
    }
    // Within every limit with the token counted: read around it.
    const fits = { ...limitsOf, maxElements: elements, maxTotalAttributes: attributes, maxDepth: depth };
    const read = parseSoapRequestKnown(xml, 'application/soap+xml', undefined, HOLLOW, rememberedTokenLookup(e.deps), fits);
    expect(knownOf(read)?.element.firstChild).toBeNull();
  });

  it('always reads a remembered token with a comment inside in full (the limits count comments, a lean tree does not show them)', () => {
    const commented = token.replace('<saml:Issuer>', '<!-- a note --><saml:Issuer>');
    const e = env();
    for (let i = 0; i < 3; i++) expect(refusalOf(request(commented), e)).toBe('accepted');
    const known = knownOf(parse(request(commented), e));
    expect(known).toBeDefined();
    expect(known?.element.firstChild).not.toBeNull();
    expect(() => parseSoapRequestKnown(request(commented), 'application/soap+xml', undefined, HOLLOW, rememberedTokenLookup(e.deps), { maxDepth: 64, maxAttributes: 64, maxElements: 5_000, maxCommentsAndCdata: 0 })).toThrow(
      /comments and CDATA/,
    );
  });
});

describe('tokenBytesKey', () => {
  /** The key and the exact bytes, as one text. */
  const keyOf = (xml: string): string | undefined => {
    const req = parseSoapRequest(xml, 'application/soap+xml');
    const assertion = req.document.getElementsByTagNameNS(NS.saml, 'Assertion').item(0) as Element;
    const t = tokenBytesKey(req.text, assertion);
    return t === undefined ? undefined : `${t.key}\u0004${t.bytes}`;
  };

  it('is the same for the same token in different messages, and differs for any changed byte', () => {
    const k = keyOf(request(token));
    expect(k?.split('\u0004')[1]).toBe(token);
    expect(keyOf(request(token, '<x:Other xmlns:x="urn:x"/>'))).toBe(k);
    expect(keyOf(request(token.replace('<saml:Issuer>', '<saml:Issuer >')))).not.toBe(k);
    expect(keyOf(request(token.replace('O50123', 'O50124')))).not.toBe(k);
  });

  it('finds a token by its start tag and compares the rest: bytes that differ after the key get no verdict', () => {
    const e = warm();
    const cache = verdictCache<unknown>(e.deps);
    const req = parseSoapRequest(request(token), 'application/soap+xml');
    const assertion = req.document.getElementsByTagNameNS(NS.saml, 'Assertion').item(0) as Element;
    const t = tokenBytesKey(req.text, assertion);
    if (t === undefined) throw new Error('no key');
    expect(t.key.length).toBeLessThan(t.bytes.length);
    expect(cache?.get(t.key, e.deps, e.clock.nowMs(), t.bytes)).toBeDefined();
    const changed = `${t.bytes.slice(0, -30)}${t.bytes.slice(-30).replace('</', '</ ')}`;
    expect(cache?.get(t.key, e.deps, e.clock.nowMs(), changed)).toBeUndefined();
    expect(cache?.get(t.key, e.deps, e.clock.nowMs())).toBeUndefined();
  });

  it('includes the namespace declarations the token inherits', () => {
    const k = keyOf(request(token));
    expect(keyOf(request(token, undefined, ' xmlns:x="urn:y"'))).not.toBe(k);
  });

  it('is undefined when the token bytes are not unambiguous (then the token is verified from scratch)', () => {
    expect(keyOf(request(`${token}<!-- <saml:Assertion> -->`))).toBeUndefined();
    expect(keyOf(request(token, '<x:Op xmlns:x="urn:x"><!-- </saml:Assertion> --></x:Op>'))).toBeUndefined();
    const e = warm();
    expect(refusalOf(request(token, '<x:Op xmlns:x="urn:x"><!-- </saml:Assertion> --></x:Op>'), e)).toBe('accepted');
  });
});
