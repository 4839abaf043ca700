/**
 * The WS-Trust Issue binding: authenticate (password, X.509 certificate or eID card), resolve
 * the context, build and sign the SAML 2.0 assertion, and answer a
 * `wst:RequestSecurityTokenResponseCollection` (WS-Trust 1.3 final Issue response).
 *
 * @example
 * ```ts
 * const bodyXml = await issueToken(deps, req, rst, summary, ids);
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication, InvalidSecurity } from '../core/errors.js';
import { userKindOf } from '../identifiers/identifiers.js';
import { signAssertionAsync, samlTime, type SamlAttribute } from '../saml/assertion.js';
import { attrSlot, canonicalTemplate, el, raw, rawSlot, textSlot, type CanonicalTemplate, type XmlChild, type XmlElement } from '../saml/canonical-xml.js';
import { NS, SAML, SIM, WSS, WST } from '../saml/namespaces.js';
import { signerFromPem } from '../saml/xml-signature.js';
import { domSoapRequest, type LeanSoapRequest, type SoapRequest } from '../soap/envelope.js';
import type { LeanElement } from '../soap/safe-xml.js';
import { checkTimestamp, readSecurityHeader, type BinaryTokenData } from '../soap/ws-security.js';
import type { Authenticated, AuthMethod, StsSummary } from './authenticated.js';
import { authenticateCard } from './authenticate-card.js';
import { authenticateCertificate, x509TokenOf } from './authenticate-certificate.js';
import { authenticatePassword } from './authenticate-password.js';
import type { ContextClaims, RstRequest } from './rst.js';
import { tokenGeneration } from '../token/environment-binding.js';
import { AUTH_FACTORS } from '../token/auth-factors.js';

/** AuthnContextClassRef of each method. */
export const AUTHN_CONTEXT: Readonly<Record<AuthMethod, string>> = Object.freeze({
  password: SAML.acPassword,
  'password-mobiltoken': SAML.acTimeSyncToken,
  certificate: SAML.acX509,
  card: SAML.acSmartcardPki,
});

/** Source of fresh identifiers (assertion IDs, message ids); injectable for reproducible examples. */
export interface IdSource {
  /** A fresh NCName ID such as `_` + 32 hex digits. */
  tokenId(): string;
  /** A fresh `urn:uuid:` message id. */
  messageId(): string;
}

const isX509 = (valueType: string): boolean => valueType === WSS.x509v3;

/**
 * Pick the authentication method from the Security header and run it. A lean request (see
 * `parseSoapRequestLean`) is read as it is; for a certificate login, whose message signature
 * xml-crypto verifies, it is parsed again as a DOM.
 */
export function authenticate(deps: SimDeps, req: SoapRequest | LeanSoapRequest, claims: ContextClaims, summary: StsSummary): Authenticated {
  const sec = readSecurityHeader<Element | LeanElement>(req, true);
  if (sec.timestamp !== undefined) checkTimestamp(sec.timestamp, deps.clock.nowMs(), deps.config.clockSkewSeconds);
  // A password login has no BinarySecurityToken: no arrays are made for it.
  const x509: Array<BinaryTokenData<Element | LeanElement>> = [];
  const rid: Array<BinaryTokenData<Element | LeanElement>> = [];
  for (const t of sec.binaryTokens) {
    if (isX509(t.valueType)) x509.push(t);
    else if (t.valueType === SIM.ridPackageValueType) rid.push(t);
    else {
      throw new InvalidSecurity(
        `BinarySecurityToken ValueType \`${t.valueType}\` is not known; use ${WSS.x509v3} (institutional certificate) or ${SIM.ridPackageValueType} (rID package)`,
        {},
        'TOKEN_VALUE_TYPE_UNSUPPORTED',
      );
    }
  }
  if (x509.length > 0 && (rid.length > 0 || sec.usernameToken !== undefined)) {
    // rule: STS-LOGIN-METHODS (docs/rules.md)
    throw new InvalidSecurity('the request mixes an X.509 certificate with a UsernameToken or an rID package; send exactly one kind of credential', {}, 'AUTHENTICATION_AMBIGUOUS');
  }
  if (x509.length > 0) {
    summary.method = 'certificate';
    const dom = domSoapRequest(req);
    const domSec = readSecurityHeader(dom, true);
    return authenticateCertificate(deps, dom, domSec, x509TokenOf(domSec, (t) => isX509(t.valueType)), claims, summary);
  }
  if (rid.length > 1) throw new InvalidSecurity(`the request carries ${rid.length} rID packages; send one`, {}, 'AUTHENTICATION_AMBIGUOUS');
  const ridToken = rid[0];
  if (ridToken !== undefined) {
    summary.method = 'card';
    return authenticateCard(deps, sec, ridToken, claims, summary);
  }
  if (sec.usernameToken !== undefined) {
    summary.method = 'password';
    return authenticatePassword(deps, sec.usernameToken, claims, summary);
  }
  throw new FailedAuthentication(
    'the wsse:Security header carries no credentials; send a UsernameToken with the password, the rID package (BinarySecurityToken) with the username, or the institutional certificate with a signature',
    {},
    'AUTHENTICATION_MISSING',
  );
}

/** The SAML attributes of a token (`generation`: the issuing environment's, see token/environment-binding.ts). */
export function tokenAttributes(auth: Authenticated, generation: string): SamlAttribute[] {
  const kind = auth.method === 'certificate' ? 'institution' : userKindOf(auth.nameId);
  const attrs: SamlAttribute[] = [
    { name: SIM.attrUsername, values: auth.username === undefined ? [] : [auth.username] },
    { name: SIM.attrInstitutionId, values: [auth.context.institutionId] },
    { name: SIM.attrUnitCode, values: [auth.context.unitCode] },
    { name: SIM.attrUserKind, values: [kind] },
    { name: SIM.attrAuthMethod, values: [auth.method] },
    { name: SIM.attrAuthFactors, values: [...AUTH_FACTORS[auth.method]] },
    { name: SIM.attrRole, values: auth.context.roles },
    { name: SIM.attrGeneration, values: [generation] },
  ];
  return attrs.filter((a) => a.values.length > 0);
}

/** Most attribute lists {@link tokenAttributesOnce} keeps (then it starts afresh). */
const ATTRIBUTE_LISTS_KEPT = 1024;
/** Attribute lists by what they are made of (see {@link tokenAttributesOnce}). */
const attributeLists = new Map<string, readonly SamlAttribute[]>();

/** A field of a cache key, length-prefixed so that no two field lists give the same key. */
const keyField = (s: string): string => `${s.length}:${s}`;

/**
 * {@link tokenAttributes}, made once for each distinct list and then handed out again, frozen: a
 * HIS asks for many tokens for the same user and context, and the assertion writer keeps the
 * written attribute statement of a list it saw before (`assertion.ts`), so a repeated list is
 * neither built nor written again. The list depends only on the fields in the key (the method,
 * the NameID, the username, the context with its roles, the generation).
 */
export function tokenAttributesOnce(auth: Authenticated, generation: string): readonly SamlAttribute[] {
  let key = keyField(auth.method) + keyField(auth.nameId) + (auth.username === undefined ? '-' : keyField(auth.username)) + keyField(auth.context.institutionId) + keyField(auth.context.unitCode) + keyField(generation);
  for (const role of auth.context.roles) key += keyField(role);
  let list = attributeLists.get(key);
  if (list === undefined) {
    list = Object.freeze(tokenAttributes(auth, generation).map((a) => Object.freeze({ name: a.name, values: Object.freeze([...a.values]) })));
    if (attributeLists.size >= ATTRIBUTE_LISTS_KEPT) attributeLists.clear();
    attributeLists.set(key, list);
  }
  return list;
}

/** The values of an RSTRC, as written (or as template slots). */
interface RstrcFields {
  /** The RST's Context attribute, or undefined (then no Context attribute). */
  context: string | undefined;
  assertion: XmlChild;
  tokenId: string;
  audience: string;
  created: string;
  expires: string;
}

/** The one definition of the RSTRC's shape: the reference element, and the template the STS fills. */
function rstrcTree(f: RstrcFields): XmlElement {
  const reference = (): XmlElement =>
    el(
      'wsse:SecurityTokenReference',
      { 'wsse11:TokenType': SAML.tokenType },
      el('wsse:KeyIdentifier', { ValueType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID' }, f.tokenId),
    );
  const rstr = el(
    'wst:RequestSecurityTokenResponse',
    { Context: f.context },
    el('wst:TokenType', {}, SAML.tokenType),
    el('wst:RequestedSecurityToken', {}, f.assertion),
    el('wst:RequestedAttachedReference', {}, reference()),
    el('wst:RequestedUnattachedReference', {}, reference()),
    el('wsp:AppliesTo', {}, el('wsa:EndpointReference', {}, el('wsa:Address', {}, f.audience))),
    el('wst:Lifetime', {}, el('wsu:Created', {}, f.created), el('wsu:Expires', {}, f.expires)),
    el('wst:KeyType', {}, WST.bearer),
  );
  return el('wst:RequestSecurityTokenResponseCollection', {}, rstr);
}

/** The RSTRC templates, without and with a Context attribute (compiled on first use). */
const rstrcTemplates: Array<CanonicalTemplate | undefined> = [undefined, undefined];

/**
 * The RSTRC body element (serialised, canonical) for an issued assertion: the same bytes as
 * `canonicalXml(rstrcTree(...), NS)`, filled into a template compiled once.
 */
export function rstrc(assertionXml: string, tokenId: string, created: Date, expires: Date, audience: string, context: string | undefined): string {
  const withContext = context === undefined ? 0 : 1;
  let t = rstrcTemplates[withContext];
  if (t === undefined) {
    t = canonicalTemplate(
      rstrcTree({ context: withContext === 1 ? attrSlot(0) : undefined, assertion: rawSlot(1), tokenId: textSlot(2), audience: textSlot(3), created: textSlot(4), expires: textSlot(5) }),
      NS,
    );
    rstrcTemplates[withContext] = t;
  }
  return t.fill([context ?? '', assertionXml, tokenId, audience, samlTime(created), samlTime(expires)]);
}

/** The RSTRC as an element tree (the reference {@link rstrc} is checked against). */
export function rstrcElement(assertionXml: string, tokenId: string, created: Date, expires: Date, audience: string, context: string | undefined): XmlElement {
  return rstrcTree({ context, assertion: raw(assertionXml), tokenId, audience, created: samlTime(created), expires: samlTime(expires) });
}

/**
 * Run the Issue binding and return the response Body content (RSTRC XML). The assertion is
 * signed off the event loop.
 */
export async function issueToken(deps: SimDeps, req: SoapRequest | LeanSoapRequest, rst: RstRequest<Element | LeanElement>, summary: StsSummary, ids: IdSource): Promise<string> {
  const claims = rst.claims as ContextClaims;
  summary.institutionId = claims.institutionId;
  summary.unitCode = claims.unitCode;
  const auth = authenticate(deps, req, claims, summary);
  const now = new Date(Math.floor(deps.clock.nowMs() / 1000) * 1000);
  const expires = new Date(now.getTime() + deps.config.tokenLifetimeMinutes * 60_000);
  const tokenId = ids.tokenId();
  // Signed on libuv's thread pool: the event loop serves other requests meanwhile (issue 16).
  const assertion = await signAssertionAsync(
    {
      id: tokenId,
      issuer: deps.config.stsIssuer,
      issueInstant: now,
      notBefore: now,
      notOnOrAfter: expires,
      audience: deps.config.audience,
      nameId: auth.nameId,
      authnContextClassRef: AUTHN_CONTEXT[auth.method],
      authnInstant: now,
      attributes: tokenAttributesOnce(auth, tokenGeneration(deps.store)),
    },
    signerFromPem(deps.pki.sts.keyPem, deps.pki.sts.certPem),
  );
  summary.tokenId = tokenId;
  summary.outcome = 'issued';
  return rstrc(assertion, tokenId, now, expires, deps.config.audience, rst.context);
}
