/**
 * The one token validator every service that takes a SAML token uses (and the STS's WS-Trust
 * Validate binding). It is immune to XML signature wrapping by construction:
 * - the message must hold exactly one `saml:Assertion` (anywhere), and every ID in it is unique;
 * - the assertion must carry exactly one `ds:Signature`, as its direct child, with exactly one
 *   Reference, to the assertion's own ID, with the enveloped + exclusive c14n transforms;
 * - the signature is checked with xml-crypto against the STS certificate from the PKI (never a
 *   key from the message), over the assertion serialised on its own;
 * - every claim is then read from the canonical bytes xml-crypto reports as signed, never from
 *   the message's DOM.
 * Then the issuer, the time window at the simulator clock, and the audience are checked.
 *
 * @example
 * ```ts
 * const principal = validateRequestToken(deps, req);
 * principal.username;  // 'O50123'
 * principal.roles;     // ['ORVOS']
 * ```
 */
import type { XMLSerializer, Node as XmldomNode } from '@xmldom/xmldom';
import { lazyRequire } from '../core/lazy-require.js';
import type { SimDeps } from '../core/deps.js';
import { InvalidSecurity, InvalidSecurityToken, NS_WSSE, TokenExpired, type FaultSubcode } from '../core/errors.js';
import { ALG, NS, SAML, SIM } from '../saml/namespaces.js';
import { indexIds, verifySignatureElement } from '../saml/xml-signature.js';
import { domSoapRequest, type KnownSoapRequest, type SoapRequest } from '../soap/envelope.js';
import type { KnownContent, ScopedContentLookup } from '../soap/known-content.js';
import { childElement, childElements, childElementsNamed, parseUntrustedXml, textOf } from '../soap/safe-xml.js';
import { parseXsDateTime, readSecurityHeader } from '../soap/ws-security.js';
import { documentBytesKey, scopedBytesKey, tokenBytesKey, verdictCache } from './verdict-cache.js';
import { describeEnvironment, environmentOfIssuer, tokenGeneration } from './environment-binding.js';
import { AUTH_FACTORS, type AuthMethod } from './auth-factors.js';

/** xmldom loads with the first token checked, not at start-up (issue 16 goal 4). */
const xmldom = lazyRequire<{ XMLSerializer: typeof XMLSerializer }>('@xmldom/xmldom');

/** How the token's holder authenticated at the STS. */
export type TokenAuthMethod = AuthMethod;

/** Who a valid token speaks for. */
export interface Principal {
  /** The acting EESZT username (for institutional tokens: the institution's system user; '' if it has none). */
  username: string;
  /** The token's Subject NameID: the username, or the institution id for institutional tokens. */
  nameId: string;
  institutionId: string;
  unitCode: string;
  /** `doctor`, `nurse`, `pharmacist`, `psychologist`, `staff`, or `institution` for institutional tokens. */
  userKind: string;
  /** V-MÁTRIX roles in that unit (may be empty: then every operation is refused). */
  roles: string[];
  authMethod: TokenAuthMethod;
  /** The authentication factors the token states (attribute `auth-factors`; they must agree with the AuthnContextClassRef). */
  factors: string[];
  /** The assertion ID. */
  tokenId: string;
  issuedAt: Date;
  notBefore: Date;
  expiresAt: Date;
}

/**
 * What the validator needs. The environment's `store` holds its token generation (a reset drops
 * every token issued before it) and the verified tokens remembered by their exact bytes (see
 * `verdict-cache.ts`).
 */
export type TokenValidatorDeps = Pick<SimDeps, 'config' | 'clock' | 'pki' | 'store'>;

const failedCheck: FaultSubcode = { prefix: 'wsse', ns: NS_WSSE, local: 'FailedCheck' };

const CLASS_TO_METHOD: Record<string, TokenAuthMethod> = {
  [SAML.acPassword]: 'password',
  [SAML.acTimeSyncToken]: 'password-mobiltoken',
  [SAML.acX509]: 'certificate',
  [SAML.acSmartcardPki]: 'card',
};

function malformed(message: string): InvalidSecurityToken {
  // rule: TOKEN-PRESENT (docs/rules.md)
  return new InvalidSecurityToken(`the SAML token is malformed: ${message}; send the assertion exactly as the STS issued it`, {}, 'TOKEN_MALFORMED');
}

function tampered(message: string, problem: string): InvalidSecurityToken {
  // rule: TOKEN-SIGNATURE (docs/rules.md)
  return new InvalidSecurityToken(`the SAML token's signature is not valid: ${message}; the token was changed after issue or was not issued by this STS: get a new one from /sts`, {
    subcode: failedCheck,
    details: { problem },
  }, 'TOKEN_SIGNATURE_INVALID');
}

function samlChild(parent: Element, local: string): Element {
  const found = childElementsNamed(parent, NS.saml, local);
  if (found.length !== 1) throw malformed(`expected one saml:${local} in saml:${parent.localName}, found ${found.length}`);
  return found[0] as Element;
}

function time(el: Element, attr: string): Date {
  const v = el.getAttribute(attr) ?? '';
  const d = parseXsDateTime(v);
  if (d === undefined) throw malformed(`saml:${el.localName}/@${attr} \`${v}\` is not an xs:dateTime`);
  return d;
}

/** What a verified token's signed bytes state, before the checks that depend on the moment and the environment. */
interface SignedClaims {
  issuer: string;
  /** The issuing environment's generation (see environment-binding.ts); undefined when the token names none. */
  generation: string | undefined;
  audiences: string[];
  principal: Principal;
}

/**
 * What the verdict cache remembers of a verified token: its signed claims, and what the lean
 * reader knows of its bytes (see `KnownContent` in soap/known-content.ts).
 */
interface RememberedToken {
  claims: SignedClaims;
  content: KnownContent;
}

/** Read the claims from the signed canonical assertion (never from the message DOM). */
function readSigned(a: Element): SignedClaims {
  const issuer = textOf(samlChild(a, 'Issuer'));
  const subject = samlChild(a, 'Subject');
  const nameId = textOf(samlChild(subject, 'NameID'));
  const conf = samlChild(subject, 'SubjectConfirmation');
  if (conf.getAttribute('Method') !== SAML.bearer) throw malformed('the SubjectConfirmation method is not bearer');
  const conditions = samlChild(a, 'Conditions');
  const notBefore = time(conditions, 'NotBefore');
  const expiresAt = time(conditions, 'NotOnOrAfter');
  const audiences = childElementsNamed(conditions, NS.saml, 'AudienceRestriction').flatMap((r) => childElementsNamed(r, NS.saml, 'Audience').map((x) => textOf(x)));
  const authn = samlChild(a, 'AuthnStatement');
  const classRef = textOf(samlChild(samlChild(authn, 'AuthnContext'), 'AuthnContextClassRef'));
  const authMethod = CLASS_TO_METHOD[classRef];
  if (authMethod === undefined) throw malformed(`unknown AuthnContextClassRef \`${classRef}\``);
  const attrs = new Map<string, string[]>();
  for (const st of childElementsNamed(a, NS.saml, 'AttributeStatement')) {
    for (const attr of childElementsNamed(st, NS.saml, 'Attribute')) {
      attrs.set(attr.getAttribute('Name') ?? '', childElementsNamed(attr, NS.saml, 'AttributeValue').map((v) => v.textContent ?? ''));
    }
  }
  const single = (name: string): string => {
    const v = attrs.get(name);
    if (v === undefined || v.length !== 1) throw malformed(`attribute ${name} must have exactly one value`);
    return v[0] as string;
  };
  const factors = attrs.get(SIM.attrAuthFactors) ?? [];
  const expected = AUTH_FACTORS[authMethod];
  if (factors.length !== expected.length || expected.some((f) => !factors.includes(f))) {
    throw malformed(`the auth-factors attribute (${factors.join(', ') || 'none'}) does not match the AuthnContextClassRef \`${classRef}\` (${expected.join(', ')})`);
  }
  const principal: Principal = {
    username: attrs.get(SIM.attrUsername)?.[0] ?? '',
    nameId,
    institutionId: single(SIM.attrInstitutionId),
    unitCode: single(SIM.attrUnitCode),
    userKind: single(SIM.attrUserKind),
    roles: attrs.get(SIM.attrRole) ?? [],
    authMethod,
    factors,
    tokenId: a.getAttribute('ID') ?? '',
    issuedAt: time(a, 'IssueInstant'),
    notBefore,
    expiresAt,
  };
  return { issuer, generation: attrs.get(SIM.attrGeneration)?.[0], audiences, principal };
}

/**
 * The checks of a token's claims that depend on the environment and the moment (issuer: this
 * environment's own; generation: none from before the last reset; time window at the simulator
 * clock; audience): run on every call, also for a remembered verdict.
 * Returns a copy of the principal (callers may keep or change it).
 */
function checkClaims(deps: TokenValidatorDeps, claims: SignedClaims): Principal {
  const { issuer, audiences, principal: p } = claims;
  if (issuer !== deps.config.stsIssuer) {
    if (environmentOfIssuer(issuer).root === environmentOfIssuer(deps.config.stsIssuer).root) {
      // Simulator assumption (isolated runs are the simulator's own): a token acts only in the environment that issued it.
      // rule: TOKEN-ENVIRONMENT (docs/rules.md)
      throw new InvalidSecurityToken(
        `the SAML token was issued by ${describeEnvironment(issuer)} (issuer \`${issuer}\`), but this is ${describeEnvironment(deps.config.stsIssuer)} (issuer \`${deps.config.stsIssuer}\`); a token acts only in the environment that issued it: get one from this environment's /sts (its discovery document names the issuer)`,
        { details: { issuer, expected: deps.config.stsIssuer } },
        'TOKEN_FOREIGN_ENVIRONMENT',
      );
    }
    throw new InvalidSecurityToken(`the SAML token was issued by \`${issuer}\`, not by this STS (\`${deps.config.stsIssuer}\`); get a token from /sts`, { details: { issuer } }, 'TOKEN_ISSUER_UNKNOWN');
  }
  if (claims.generation !== tokenGeneration(deps.store)) {
    throw new InvalidSecurityToken(
      `the SAML token ${p.tokenId} was issued before this environment was last reset (POST /_sim/reset or a fixture load), which drops every issued token; get a new one from /sts`,
      { details: { tokenId: p.tokenId } },
      'TOKEN_ISSUED_BEFORE_RESET',
    );
  }
  const now = deps.clock.now();
  if (now.getTime() >= p.expiresAt.getTime()) {
    throw new TokenExpired(
      `the SAML token ${p.tokenId} of \`${p.nameId}\` expired at ${p.expiresAt.toISOString()} (simulator clock ${now.toISOString()}); tokens are valid for ${deps.config.tokenLifetimeMinutes} minutes: get a new one from /sts`,
      { details: { tokenId: p.tokenId, expiresAt: p.expiresAt.toISOString(), now: now.toISOString() } },
    );
  }
  if (now.getTime() < p.notBefore.getTime() - deps.config.clockSkewSeconds * 1000) {
    // rule: TOKEN-VALIDITY (docs/rules.md)
    throw new InvalidSecurityToken(
      `the SAML token ${p.tokenId} is not valid before ${p.notBefore.toISOString()} (simulator clock ${now.toISOString()}); was the simulator clock moved back? Get a new token`,
      { details: { tokenId: p.tokenId, notBefore: p.notBefore.toISOString(), now: now.toISOString() } },
      'TOKEN_NOT_YET_VALID',
    );
  }
  if (!audiences.includes(deps.config.audience)) {
    // rule: TOKEN-AUDIENCE (docs/rules.md)
    throw new InvalidSecurityToken(
      `the SAML token is for ${audiences.map((x) => `\`${x}\``).join(', ') || 'no audience'}, not for the EESZT services \`${deps.config.audience}\`; get a token from this simulator's /sts`,
      { details: { audiences: audiences.join(' '), expected: deps.config.audience } },
      'TOKEN_AUDIENCE_MISMATCH',
    );
  }
  return { ...p, roles: [...p.roles] };
}

/**
 * Verify an assertion element of a parsed message `document` and return its principal.
 * Throws {@link InvalidSecurityToken} (`TOKEN_AMBIGUOUS`, `DUPLICATE_ID`, `TOKEN_SIGNATURE_MISSING`,
 * `TOKEN_SIGNATURE_INVALID`, `TOKEN_MALFORMED`, `TOKEN_ISSUER_UNKNOWN`, `TOKEN_FOREIGN_ENVIRONMENT`,
 * `TOKEN_ISSUED_BEFORE_RESET`, `TOKEN_NOT_YET_VALID`,
 * `TOKEN_AUDIENCE_MISMATCH`) or {@link TokenExpired} (`TOKEN_EXPIRED`).
 *
 * @example
 * ```ts
 * const principal = verifyAssertion(deps, assertionEl, req.document);
 * ```
 */
export function verifyAssertion(deps: TokenValidatorDeps, assertion: Element, document: Document): Principal {
  checkMessage(document);
  return checkClaims(deps, verifySigned(deps, assertion));
}

/** The checks of the whole message around a token: one assertion, unique IDs (against signature wrapping). */
function checkMessage(document: Document): void {
  const all = document.getElementsByTagNameNS(NS.saml, 'Assertion');
  if (all.length !== 1) {
    throw new InvalidSecurityToken(`the message holds ${all.length} saml:Assertion elements; send exactly one token (an extra assertion anywhere in the message is refused to prevent signature wrapping)`, {
      details: { assertions: all.length },
    }, 'TOKEN_AMBIGUOUS');
  }
  const { duplicate } = indexIds(document);
  if (duplicate !== undefined) {
    throw new InvalidSecurityToken(`the ID \`${duplicate}\` is carried by more than one element; every ID in a message must be unique`, { details: { id: duplicate } }, 'DUPLICATE_ID');
  }
}

/** Verify the assertion's own signature (what its bytes alone decide) and read the claims it signs. */
function verifySigned(deps: TokenValidatorDeps, assertion: Element): SignedClaims {
  const id = assertion.getAttribute('ID') ?? '';
  if (id === '') throw malformed('the saml:Assertion has no ID');
  const sigs = childElements(assertion).filter((e) => e.namespaceURI === NS.ds && e.localName === 'Signature');
  if (sigs.length === 0) {
    throw new InvalidSecurityToken('the SAML token carries no ds:Signature; only tokens signed by this STS are accepted: get one from /sts', {}, 'TOKEN_SIGNATURE_MISSING');
  }
  if (sigs.length > 1 || assertion.getElementsByTagNameNS(NS.ds, 'Signature').length !== 1) throw malformed('the assertion must carry exactly one ds:Signature, as its direct child');
  const xml = new (xmldom().XMLSerializer)().serializeToString(assertion as unknown as XmldomNode);
  const standalone = parseUntrustedXml(xml).documentElement as Element;
  const sig = childElement(standalone, NS.ds, 'Signature');
  if (sig === null) throw malformed('the ds:Signature was lost when the assertion was read');
  const result = verifySignatureElement(xml, sig, deps.pki.sts.certPem);
  if (!result.ok) throw tampered(result.message, result.problem);
  const ref = result.references[0];
  if (result.references.length !== 1 || ref === undefined || ref.id !== id || ref.transforms.length !== 2 || ref.transforms[0] !== ALG.envelopedSignature) {
    throw tampered('the signature must have exactly one Reference, to the assertion itself, with the enveloped-signature and exclusive c14n transforms', 'reference');
  }
  const signed = parseUntrustedXml(ref.canonical).documentElement as Element;
  if (signed.namespaceURI !== NS.saml || signed.localName !== 'Assertion' || signed.getAttribute('ID') !== id) {
    throw tampered('the signed element is not the assertion', 'reference');
  }
  return readSigned(signed);
}

/**
 * Validate the token of a service request: the single saml:Assertion in the wsse:Security
 * header. Throws `TOKEN_MISSING` when there is none. A request read around its token
 * (`parseSoapRequestKnown`, as the business services read it) is answered from the remembered
 * verdict when every check of the message allows it, else parsed again in full and validated so.
 *
 * @example
 * ```ts
 * const principal = validateRequestToken(deps, parseSoapRequest(body, contentType));
 * ```
 */
export function validateRequestToken(deps: TokenValidatorDeps, req: SoapRequest | KnownSoapRequest): Principal {
  if ('known' in req) return rememberedPrincipal(deps, req) ?? validateRequestToken(deps, domSoapRequest(req));
  const sec = readSecurityHeader(req, false);
  const assertions = sec?.assertions ?? [];
  if (assertions.length === 0) {
    throw new InvalidSecurity(
      'the request carries no SAML token: put the saml:Assertion issued by /sts into the wsse:Security header (as a direct child) of every service request',
      {},
      'TOKEN_MISSING',
    );
  }
  if (assertions.length > 1) {
    throw new InvalidSecurityToken(`the wsse:Security header holds ${assertions.length} saml:Assertion elements; send exactly one token`, {}, 'TOKEN_AMBIGUOUS');
  }
  const assertion = assertions[0] as Element;
  checkMessage(req.document);
  const cache = verdictCache<RememberedToken>(deps);
  const known = cache === undefined ? undefined : tokenBytesKey(req.text, assertion);
  if (cache === undefined || known === undefined) return checkClaims(deps, verifySigned(deps, assertion));
  const remembered = cache.get(known.key, deps, deps.clock.nowMs(), known.bytes);
  if (remembered !== undefined) return checkClaims(deps, remembered.claims);
  const claims = verifySigned(deps, assertion);
  const principal = checkClaims(deps, claims);
  cache.set(known.key, { claims, content: { key: known.key } }, claims.principal.expiresAt.getTime(), deps, known.bytes);
  return principal;
}

/**
 * The principal of a request read into a lean tree whose token's exact bytes were recognised (see
 * `parseSoapRequestKnown`), when its verdict is remembered; undefined when the request must be
 * parsed in full and validated from scratch. Answered only when the message passes the same
 * checks as in full: exactly one saml:Assertion in the whole message, a direct child of the one
 * wsse:Security header, and every ID unique. The header checks throw what they would throw on the
 * full document (the lean tree holds the same elements), and the token's key (its exact bytes and
 * inherited namespace declarations) is the one the full path computes.
 */
function rememberedPrincipal(deps: TokenValidatorDeps, req: KnownSoapRequest): Principal | undefined {
  const { element: assertion, key, start, end, sameName, ids } = req.known;
  if (sameName !== 1 || assertion.namespaceURI !== NS.saml || assertion.localName !== 'Assertion') return undefined;
  const security = assertion.parentNode;
  if (security === null || security.parentNode !== req.header || security.namespaceURI !== NS.wsse || security.localName !== 'Security') return undefined;
  const cache = verdictCache<RememberedToken>(deps);
  if (cache === undefined) return undefined;
  const sec = readSecurityHeader(req, false);
  if (sec?.element !== security || sec.assertions.length !== 1) return undefined;
  if (!idsUnique(ids)) return undefined;
  const remembered = cache.get(key, deps, deps.clock.nowMs(), req.text.slice(start, end));
  return remembered === undefined ? undefined : checkClaims(deps, remembered.claims);
}

/**
 * The lookup that recognises a token this environment verified (see `parseSoapRequestKnown`):
 * exactly its bytes under the same namespace declarations, from a message parsed in full, while
 * its verdict is remembered; it answers the verdict cache's key. The verdict itself is looked up
 * again, and every check of the message and of the claims is made, by
 * {@link validateRequestToken}. Undefined without a verdict cache (no store).
 *
 * @example
 * ```ts
 * parseSoapRequestKnown(bytes, contentType, undefined, { ns: NS.saml, local: 'Assertion' }, rememberedTokenLookup(deps));
 * ```
 */
export function rememberedTokenLookup(deps: TokenValidatorDeps): ScopedContentLookup | undefined {
  const cache = verdictCache<RememberedToken>(deps);
  if (cache === undefined) return undefined;
  return (scope, text, start, end) => {
    const { key, bytes } = scopedBytesKey(scope, text, start, end);
    return cache.get(key, deps, deps.clock.nowMs(), bytes)?.content;
  };
}

/** No ID carried by two elements (`ids`: one list per element), as `indexIds` counts them (an element may carry one value in several ID attributes). */
function idsUnique(ids: readonly string[][]): boolean {
  const seen = new Set<string>();
  for (const list of ids) {
    for (const id of list.length === 1 ? list : new Set(list)) {
      if (seen.has(id)) return false;
      seen.add(id);
    }
  }
  return true;
}

/**
 * Validate a token given as XML on its own (e.g. the `Authorization: SAML` header of the eID
 * request service or of the IAM admin API, or a file). A token verified here is remembered in the
 * verdict cache by a digest of the exact text (see `documentBytesKey`), so a client that sends one
 * token many times (the HIS's sector user asking for request packages) pays for the signature
 * check once; as for service calls, a changed byte is verified from scratch, and the issuer, the
 * environment's generation, the time window and the audience are checked on every call.
 *
 * @example
 * ```ts
 * validateAssertionXml(deps, assertionXml).expiresAt;
 * ```
 */
export function validateAssertionXml(deps: TokenValidatorDeps, xml: string): Principal {
  const cache = verdictCache<RememberedToken>(deps);
  // The same text is the same document: parsed and checked as a whole message (one assertion, unique IDs) before it was remembered.
  const key = cache === undefined ? undefined : documentBytesKey(xml);
  const remembered = key === undefined ? undefined : cache?.get(key, deps, deps.clock.nowMs());
  if (remembered !== undefined) return checkClaims(deps, remembered.claims);
  const doc = parseUntrustedXml(xml);
  const root = doc.documentElement as Element;
  if (root.namespaceURI !== NS.saml || root.localName !== 'Assertion') throw malformed(`the root element is {${root.namespaceURI ?? ''}}${root.localName}, not saml:Assertion`);
  checkMessage(doc);
  const claims = verifySigned(deps, root);
  const principal = checkClaims(deps, claims);
  if (key !== undefined) cache?.set(key, { claims, content: { key } }, claims.principal.expiresAt.getTime(), deps);
  return principal;
}
