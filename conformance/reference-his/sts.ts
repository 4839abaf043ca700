/**
 * The STS requests of the reference HIS (WS-Trust 1.3 Issue, docs/protocol.md) for the three
 * login methods, and reading the SAML token out of the answer without changing a byte of it.
 *
 * @example
 * ```ts
 * const xml = passwordLoginRequest({ username: 'O50123', password: 'pw', institutionId: 'E01620K', unitCode: '016200101', now, timestamp: true });
 * const token = readIssuedToken(answerXml); // { assertion, tokenId, notOnOrAfter }
 * ```
 */
import { NS, soapRequest, xmlText } from './soap.js';
import { binarySecurityToken, securityHeader, timestamp, usernameToken, X509V3 } from './ws-security.js';

/** WS-Trust 1.3 Issue action. */
export const ISSUE_ACTION = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';
const RID_PACKAGE = 'urn:eeszt-sim:eid:2026#RidPackage';
/** Lifetime of the request's own timestamp. */
const TIMESTAMP_TTL_SECONDS = 300;

/** The context every login asks a token for. */
export interface LoginContext {
  institutionId: string;
  unitCode: string;
  now: Date;
  /** Whether to put a wsu:Timestamp into the Security header (always for certificates). */
  timestamp: boolean;
  /** Further SOAP header blocks. */
  extraHeaders?: readonly string[];
}

function rst(ctx: LoginContext): string {
  return (
    `<wst:RequestSecurityToken xmlns:wst="${NS.wst}">` +
    '<wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0</wst:TokenType>' +
    '<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>' +
    '<wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</wst:KeyType>' +
    `<wst:Claims Dialect="urn:eeszt-sim:claims"><sim:InstitutionId xmlns:sim="${NS.sim}">${xmlText(ctx.institutionId)}</sim:InstitutionId>` +
    `<sim:UnitCode xmlns:sim="${NS.sim}">${xmlText(ctx.unitCode)}</sim:UnitCode></wst:Claims>` +
    '</wst:RequestSecurityToken>'
  );
}

function stamp(ctx: LoginContext): string[] {
  return ctx.timestamp ? [timestamp(ctx.now, TIMESTAMP_TTL_SECONDS)] : [];
}

/** Username + password. */
export function passwordLoginRequest(ctx: LoginContext & { username: string; password: string; mobilTokenCode?: string }): string {
  const security = securityHeader([
    ...stamp(ctx),
    usernameToken({ username: ctx.username, password: ctx.password, now: ctx.now, ...(ctx.mobilTokenCode === undefined ? {} : { mobilTokenCode: ctx.mobilTokenCode }) }),
  ]);
  return soapRequest({ action: ISSUE_ACTION, security, body: rst(ctx), ...(ctx.extraHeaders === undefined ? {} : { extraHeaders: ctx.extraHeaders }) });
}

/** eID card, leg 3: the rID package from the card client plus the username (no password). */
export function cardLoginRequest(ctx: LoginContext & { username: string; ridPackageBase64: string }): string {
  const security = securityHeader([...stamp(ctx), binarySecurityToken('RID-1', RID_PACKAGE, ctx.ridPackageBase64), usernameToken({ username: ctx.username, now: ctx.now })]);
  return soapRequest({ action: ISSUE_ACTION, security, body: rst(ctx), ...(ctx.extraHeaders === undefined ? {} : { extraHeaders: ctx.extraHeaders }) });
}

/**
 * Institutional certificate: the certificate as a BinarySecurityToken, Timestamp and Body signed
 * with its key by `sign` (x509-signature.ts).
 */
export function certificateLoginRequest(ctx: LoginContext & { certificateBase64: string; sign: (envelope: string, tokenId: string) => string }): string {
  const security = securityHeader([timestamp(ctx.now, TIMESTAMP_TTL_SECONDS), binarySecurityToken('X509-1', X509V3, ctx.certificateBase64)]);
  const unsigned = soapRequest({ action: ISSUE_ACTION, security, body: rst(ctx), bodyAttributes: 'wsu:Id="Body-1"', ...(ctx.extraHeaders === undefined ? {} : { extraHeaders: ctx.extraHeaders }) });
  return ctx.sign(unsigned, 'X509-1');
}

/** An issued token. */
export interface IssuedToken {
  /** The `saml:Assertion` exactly as issued (its signature covers these bytes). */
  assertion: string;
  tokenId: string;
  /** End of validity (ISO 8601). */
  notOnOrAfter: string;
}

/**
 * Cut the assertion out of the STS answer as a substring (it declares its own namespaces, so it
 * stands alone) and read its id and end of validity.
 */
export function readIssuedToken(answerXml: string): IssuedToken {
  const start = answerXml.indexOf('<saml:Assertion');
  const endTag = '</saml:Assertion>';
  const end = answerXml.indexOf(endTag, start);
  if (start < 0 || end < 0) throw new Error('the STS answer holds no saml:Assertion');
  const assertion = answerXml.slice(start, end + endTag.length);
  const tokenId = /^<saml:Assertion[^>]*\sID="([^"]+)"/.exec(assertion)?.[1];
  const notOnOrAfter = /<saml:Conditions[^>]*\sNotOnOrAfter="([^"]+)"/.exec(assertion)?.[1];
  if (tokenId === undefined || notOnOrAfter === undefined) throw new Error('the token has no ID or no Conditions/@NotOnOrAfter');
  return { assertion, tokenId, notOnOrAfter };
}
