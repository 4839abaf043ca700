/**
 * Reading a WS-Trust 1.3 RequestSecurityToken (RST): the request type (Issue or Validate) and
 * its agreement with the WS-Addressing / SOAP action, token type (SAML 2.0), key type (bearer),
 * AppliesTo, the context claims (`wst:Claims Dialect="urn:eeszt-sim:claims"` holding
 * `sim:InstitutionId` and `sim:UnitCode`), and the Validate target.
 *
 * @example
 * ```ts
 * const rst = readRst(req, deps.config.audience); // { requestType: 'issue', claims: { institutionId: 'E01620K', unitCode: '016200101' }, ... }
 * ```
 */
import { BadRequest, NS_SIM, NS_WST } from '../core/errors.js';
import { checkInstitutionId, checkUnitCode, must } from '../identifiers/identifiers.js';
import { NS, SAML, SIM, WST } from '../saml/namespaces.js';
import type { SoapMessage } from '../soap/envelope.js';
import { childElement, childElements, childElementsNamed, textOf, type LeanElement, type LeanNode } from '../soap/safe-xml.js';

/** An element of a parsed request: DOM, or lean (see `parseSoapRequestLean`). */
type AnyElement = Element | LeanElement;

/** The context a token is asked for. */
export interface ContextClaims {
  institutionId: string;
  unitCode: string;
}

/** A parsed RST. */
export interface RstRequest<E extends AnyElement = Element> {
  requestType: 'issue' | 'validate';
  /** The RST's Context attribute, echoed in the response. */
  context: string | undefined;
  /** Issue: the requested context (validated identifiers). */
  claims: ContextClaims | undefined;
  /** Validate: the element inside `wst:ValidateTarget`, if given. */
  validateTarget: E | undefined;
}

const WSP_15 = 'http://www.w3.org/ns/ws-policy';
const WST_2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust';

const invalid = (message: string, code: string, details?: Record<string, unknown>): BadRequest =>
  new BadRequest(message, details === undefined ? {} : { details }, code);

/** Example of the claims element, for messages and docs. */
export const CLAIMS_EXAMPLE = `<wst:Claims Dialect="${SIM.claimsDialect}"><sim:InstitutionId xmlns:sim="${NS_SIM}">E01620K</sim:InstitutionId><sim:UnitCode xmlns:sim="${NS_SIM}">016200101</sim:UnitCode></wst:Claims>`;

/** The wst children the reader looks at, in one pass over the RST's children: the first of each and how many. */
const WST_CHILDREN = ['RequestType', 'TokenType', 'KeyType', 'Claims', 'ValidateTarget'] as const;
type WstChildName = (typeof WST_CHILDREN)[number];

interface WstChildren {
  first: Array<AnyElement | null>;
  count: number[];
}

function wstChildren(rst: AnyElement): WstChildren {
  const first: Array<AnyElement | null> = [null, null, null, null, null];
  const count = [0, 0, 0, 0, 0];
  for (let c = rst.firstChild as ChildNode | LeanNode | null; c !== null; c = c.nextSibling as ChildNode | LeanNode | null) {
    if (c.nodeType !== 1 || (c as AnyElement).namespaceURI !== NS_WST) continue;
    const k = WST_CHILDREN.indexOf((c as AnyElement).localName as WstChildName);
    if (k === -1) continue;
    if (count[k]++ === 0) first[k] = c as AnyElement;
  }
  return { first, count };
}

function wstChild(children: WstChildren, local: WstChildName): AnyElement | null {
  const k = WST_CHILDREN.indexOf(local);
  const n = children.count[k] as number;
  // rule: STS-RST (docs/rules.md)
  if (n > 1) throw invalid(`the RequestSecurityToken has ${n} wst:${local} elements; send at most one`, 'RST_MALFORMED');
  return children.first[k] ?? null;
}

function readClaims(children: WstChildren): ContextClaims {
  const claims = wstChild(children, 'Claims');
  if (claims === null) {
    throw invalid(
      `the RequestSecurityToken names no context; every token is issued for one institution and organisational unit: add ${CLAIMS_EXAMPLE}`,
      'CONTEXT_MISSING',
    );
  }
  const dialect = claims.getAttribute('Dialect') ?? '';
  if (dialect !== SIM.claimsDialect) {
    throw invalid(`wst:Claims Dialect \`${dialect || '(none)'}\` is not supported; use Dialect="${SIM.claimsDialect}" holding sim:InstitutionId and sim:UnitCode (${NS_SIM})`, 'CLAIMS_DIALECT_UNSUPPORTED');
  }
  const inst = childElementsNamed<AnyElement>(claims, NS_SIM, 'InstitutionId');
  const unit = childElementsNamed<AnyElement>(claims, NS_SIM, 'UnitCode');
  if (inst.length !== 1 || unit.length !== 1) {
    const missing = [inst.length !== 1 ? 'sim:InstitutionId' : '', unit.length !== 1 ? 'sim:UnitCode' : ''].filter((x) => x !== '').join(' and ');
    throw invalid(`wst:Claims must hold exactly one sim:InstitutionId and one sim:UnitCode (namespace ${NS_SIM}); check ${missing}, e.g. ${CLAIMS_EXAMPLE}`, 'CONTEXT_MISSING');
  }
  const institutionId = must(checkInstitutionId(inst[0]?.textContent ?? ''), 'institutionId').institutionId;
  const unitCode = must(checkUnitCode(unit[0]?.textContent ?? ''), 'unitCode');
  return { institutionId, unitCode };
}

function readAppliesTo(rst: AnyElement, audience: string): void {
  const applies = childElement<AnyElement>(rst, NS.wsp, 'AppliesTo') ?? childElement<AnyElement>(rst, WSP_15, 'AppliesTo');
  if (applies === null) return;
  const epr = childElement<AnyElement>(applies, NS.wsa, 'EndpointReference');
  const address = textOf(epr === null ? null : childElement<AnyElement>(epr, NS.wsa, 'Address'));
  if (address !== audience) {
    throw invalid(
      `wsp:AppliesTo names \`${address || '(no wsa:EndpointReference/wsa:Address)'}\`; this STS issues tokens for the EESZT services \`${audience}\`: use that address or leave AppliesTo out`,
      'APPLIES_TO_UNKNOWN',
      { appliesTo: address, expected: audience },
    );
  }
}

/**
 * Read and check the RST in the SOAP Body. Identifier rules are applied to the claims here, so a
 * malformed institution id or unit is reported before any authentication.
 */
export function readRst<E extends AnyElement>(req: SoapMessage<E>, audience: string): RstRequest<E> {
  const rst = req.bodyElement;
  if (rst.localName === 'RequestSecurityToken' && rst.namespaceURI === WST_2005) {
    throw invalid(`the RequestSecurityToken is in the WS-Trust February 2005 namespace; this STS speaks WS-Trust 1.3: use ${NS_WST}`, 'RST_NAMESPACE_UNSUPPORTED');
  }
  if (rst.localName !== 'RequestSecurityToken' || rst.namespaceURI !== NS_WST) {
    throw invalid(`the Body holds {${rst.namespaceURI ?? ''}}${rst.localName}; the STS expects a wst:RequestSecurityToken (${NS_WST}); see GET /sts?wsdl`, 'RST_EXPECTED');
  }
  const children = wstChildren(rst);
  const typeText = textOf(wstChild(children, 'RequestType'));
  if (typeText === '') {
    throw invalid(`the RequestSecurityToken has no wst:RequestType; send ${WST.issue} (or ${WST.validate} to check a token)`, 'REQUEST_TYPE_MISSING');
  }
  if (typeText !== WST.issue && typeText !== WST.validate) {
    throw invalid(`wst:RequestType \`${typeText}\` is not supported; this STS supports ${WST.issue} and ${WST.validate}`, 'REQUEST_TYPE_UNSUPPORTED');
  }
  const requestType = typeText === WST.issue ? 'issue' : 'validate';
  if (req.action !== undefined) {
    const expected = requestType === 'issue' ? WST.actionIssue : WST.actionValidate;
    if (req.action !== expected) {
      throw invalid(`the action \`${req.action}\` does not match wst:RequestType ${typeText}; send the action ${expected} (WS-Addressing wsa:Action, or SOAPAction / the media-type action parameter)`, 'ACTION_MISMATCH', {
        action: req.action,
        expected,
      });
    }
  }
  const context = rst.getAttribute('Context') || undefined;
  if (requestType === 'validate') {
    const target = wstChild(children, 'ValidateTarget');
    const inner = target === null ? [] : (childElements<AnyElement>(target) as E[]);
    if (target !== null && inner.length !== 1) {
      throw invalid(`wst:ValidateTarget holds ${inner.length} elements; put exactly the saml:Assertion to check into it`, 'RST_MALFORMED');
    }
    return { requestType, context, claims: undefined, validateTarget: inner[0] };
  }
  const tokenType = textOf(wstChild(children, 'TokenType'));
  if (tokenType !== '' && tokenType !== SAML.tokenType && tokenType !== SAML.tokenTypeAlt) {
    throw invalid(`wst:TokenType \`${tokenType}\` is not issued here; this STS issues SAML 2.0 assertions: ${SAML.tokenType}`, 'TOKEN_TYPE_UNSUPPORTED');
  }
  const keyType = textOf(wstChild(children, 'KeyType'));
  if (keyType !== '' && keyType !== WST.bearer) {
    throw invalid(`wst:KeyType \`${keyType}\` is not supported; EESZT tokens are bearer tokens: send ${WST.bearer} or leave KeyType out`, 'KEY_TYPE_UNSUPPORTED');
  }
  readAppliesTo(rst, audience);
  return { requestType, context, claims: readClaims(children), validateTarget: undefined };
}
