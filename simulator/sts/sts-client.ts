/**
 * Building STS requests the way a HIS would, for the simulator's own clients: tests, the
 * documentation examples (docs/protocol.md), the benchmark and the conformance reference HIS.
 * One function per authentication method plus Validate, and {@link extractAssertion} to take
 * the token out of an Issue response.
 *
 * @example
 * ```ts
 * const xml = passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1',
 *   institutionId: 'E01620K', unitCode: '016200101', now: clock.now() });
 * const res = await app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12 }, body: xml });
 * const token = extractAssertion(await res.text());
 * ```
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { NS_SIM } from '../core/errors.js';
import { el, raw, type XmlElement } from '../saml/canonical-xml.js';
import { SAML, SIM, WSS, WST } from '../saml/namespaces.js';
import { certBase64Of, signerFromPem } from '../saml/xml-signature.js';
import type { SoapVersion } from '../soap/envelope.js';
import { buildSecuredEnvelope, type SecuritySpec } from '../soap/ws-security-client.js';

/** Media type of SOAP 1.2 requests to the STS, with the Issue action. */
export const SOAP12_ISSUE = `application/soap+xml; charset=utf-8; action="${WST.actionIssue}"`;

/** What every request shares. */
export interface RequestBase {
  /** Default 1.2. */
  version?: SoapVersion;
  /** Default a random `urn:uuid:`. */
  messageId?: string;
  /** The client's idea of now (Timestamp Created; default: not needed for password requests without a timestamp). */
  now: Date;
  /** Add a wsu:Timestamp (default true; the X.509 method always has one). */
  timestamp?: boolean;
  /** Timestamp lifetime in seconds (default 300). */
  timestampSeconds?: number;
  /** WS-Addressing Action (default the Issue / Validate action; `null` leaves it out). */
  action?: string | null;
  /** WS-Addressing To. */
  to?: string;
}

/** The context claims. */
export interface ClaimsInput {
  institutionId: string;
  unitCode: string;
}

/** The RequestSecurityToken element of an Issue request. */
export function issueRst(claims: ClaimsInput): XmlElement {
  return el(
    'wst:RequestSecurityToken',
    {},
    el('wst:TokenType', {}, SAML.tokenType),
    el('wst:RequestType', {}, WST.issue),
    el('wst:KeyType', {}, WST.bearer),
    el(
      'wst:Claims',
      { Dialect: SIM.claimsDialect },
      el('sim:InstitutionId', {}, claims.institutionId),
      el('sim:UnitCode', {}, claims.unitCode),
    ),
  );
}

function envelope(base: RequestBase, body: XmlElement, security: SecuritySpec, defaultAction: string): string {
  const timestamp = base.timestamp ?? true;
  const spec = {
    version: base.version ?? '1.2',
    messageId: base.messageId ?? `urn:uuid:${randomUUID()}`,
    body,
    namespaces: { sim: NS_SIM },
    security: {
      ...(timestamp ? { timestamp: { created: base.now, expires: new Date(base.now.getTime() + (base.timestampSeconds ?? 300) * 1000) } } : {}),
      ...security,
    },
    ...(base.action === null ? {} : { action: base.action ?? defaultAction }),
    ...(base.to === undefined ? {} : { to: base.to }),
  } as const;
  return `<?xml version="1.0" encoding="UTF-8"?>${buildSecuredEnvelope(spec)}`;
}

/** A password login. */
export interface PasswordRequestInput extends RequestBase, ClaimsInput {
  username: string;
  password: string;
  /** Default `text`. */
  passwordType?: 'text' | 'digest';
  /** Base64 nonce; default random 16 bytes (for digest, or when `withNonce`). */
  nonce?: string;
  /** Send Nonce and Created with PasswordText too (default: only with digest). */
  withNonce?: boolean;
  /** The mobilToken code for a two-factor login („kétfaktoros azonosítással”), sent as `sim:MobilTokenCode`. */
  mobilTokenCode?: string;
}

/**
 * An Issue request with a UsernameToken (PasswordText or PasswordDigest).
 *
 * @example
 * ```ts
 * passwordIssueRequest({ username: 'O50123', password: 'pw', passwordType: 'digest', institutionId: 'E01620K', unitCode: '016200101', now });
 * ```
 */
export function passwordIssueRequest(input: PasswordRequestInput): string {
  const digest = input.passwordType === 'digest';
  const withNonce = digest || input.withNonce === true || input.nonce !== undefined;
  return envelope(
    input,
    issueRst(input),
    {
      usernameToken: {
        username: input.username,
        password: input.password,
        passwordType: digest ? 'digest' : 'text',
        ...(withNonce ? { nonce: input.nonce ?? randomBytes(16).toString('base64'), created: input.now } : {}),
        ...(input.mobilTokenCode === undefined ? {} : { mobilTokenCode: input.mobilTokenCode }),
      },
    },
    WST.actionIssue,
  );
}

/** An institutional (X.509) login. */
export interface CertificateRequestInput extends RequestBase, ClaimsInput {
  /** The institution's credential (e.g. `pki.institution('E30217B')`). */
  credential: { keyPem: string; certPem: string };
  /** Parts the signature covers (default both). */
  cover?: ReadonlyArray<'body' | 'timestamp'>;
  /** Certificate to put into the BinarySecurityToken instead of the credential's (tests). */
  presentedCertPem?: string;
}

/**
 * An Issue request signed with an institutional certificate (X.509 token profile: BinarySecurityToken
 * plus a signature over Body and Timestamp).
 */
export function certificateIssueRequest(input: CertificateRequestInput): string {
  return envelope(
    input,
    issueRst(input),
    {
      binaryTokens: [{ id: 'X509Token', valueType: WSS.x509v3, value: certBase64Of(input.presentedCertPem ?? input.credential.certPem) }],
      sign: { signer: signerFromPem(input.credential.keyPem), tokenId: 'X509Token', cover: input.cover ?? ['body', 'timestamp'] },
    },
    WST.actionIssue,
  );
}

/** A card login. */
export interface CardRequestInput extends RequestBase, ClaimsInput {
  username: string;
  /** The rID package XML as the eID server returned it. */
  ridPackageXml: string;
}

/** An Issue request with the rID package (BinarySecurityToken) and the username (UsernameToken without password). */
export function cardIssueRequest(input: CardRequestInput): string {
  return envelope(
    input,
    issueRst(input),
    {
      binaryTokens: [{ id: 'RidPackage', valueType: SIM.ridPackageValueType, value: Buffer.from(input.ridPackageXml, 'utf8').toString('base64') }],
      usernameToken: { username: input.username },
    },
    WST.actionIssue,
  );
}

/** A Validate request for a token. */
export interface ValidateRequestInput extends RequestBase {
  assertionXml: string;
}

/** A Validate request with the token in wst:ValidateTarget. */
export function validateRequest(input: ValidateRequestInput): string {
  const body = el(
    'wst:RequestSecurityToken',
    {},
    el('wst:TokenType', {}, WST.statusTokenType),
    el('wst:RequestType', {}, WST.validate),
    el('wst:ValidateTarget', {}, raw(input.assertionXml)),
  );
  return envelope({ timestamp: false, ...input }, body, {}, WST.actionValidate);
}

/**
 * The signed saml:Assertion of an Issue response, as the exact substring of the response (so it
 * verifies on its own, e.g. with `xmlsec1 --verify`). Throws when there is none.
 */
export function extractAssertion(responseXml: string): string {
  const start = responseXml.search(/<saml:Assertion[\s>]/);
  const endTag = '</saml:Assertion>';
  const end = responseXml.indexOf(endTag, start);
  if (start === -1 || end === -1) throw new Error('the response holds no saml:Assertion');
  return responseXml.slice(start, end + endTag.length);
}
