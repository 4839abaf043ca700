/**
 * WS-Security on the sending side, for the simulator's own clients (tests, the documentation
 * examples, the conformance reference HIS): building a SOAP envelope with WS-Addressing headers
 * and a `wsse:Security` header holding a Timestamp, a UsernameToken, BinarySecurityTokens, a
 * SAML assertion, and optionally an X.509 signature over chosen parts. The envelope is written
 * in canonical form, so the signed parts need no re-canonicalisation.
 *
 * @example
 * ```ts
 * const xml = buildSecuredEnvelope({
 *   version: '1.2', action: WST.actionIssue, messageId: 'urn:uuid:1', body: rst,
 *   security: { timestamp: { created, expires }, usernameToken: { username: 'O50123', password: 'pw' } },
 * });
 * ```
 */
import { canonicalXml, el, raw, type NamespaceMap, type XmlChild, type XmlElement } from '../saml/canonical-xml.js';
import { samlTime } from '../saml/assertion.js';
import { NS, WSS } from '../saml/namespaces.js';
import { signatureXml, type SignedReference, type XmlSigner } from '../saml/xml-signature.js';
import { NS_SOAP11, NS_SOAP12, type SoapVersion } from './envelope.js';
import { passwordDigest } from './ws-security.js';

/** A UsernameToken to send. */
export interface UsernameTokenSpec {
  username: string;
  /** Omit for the card method (username only). */
  password?: string;
  /** Default `text`. */
  passwordType?: 'text' | 'digest';
  /** Base64 nonce (required for digest). */
  nonce?: string;
  /** Created time (required for digest). */
  created?: Date;
  /** The mobilToken code (second factor), sent as `sim:MobilTokenCode`. */
  mobilTokenCode?: string;
  id?: string;
}

/** A BinarySecurityToken to send. */
export interface BinaryTokenSpec {
  id: string;
  valueType: string;
  /** Base64 content. */
  value: string;
}

/** What to sign with an X.509 key (X.509 token profile, direct reference to a BinarySecurityToken). */
export interface SignSpec {
  signer: XmlSigner;
  /** wsu:Id of the BinarySecurityToken carrying the signer's certificate. */
  tokenId: string;
  /** Which parts the signature covers (default both). */
  cover?: ReadonlyArray<'body' | 'timestamp'>;
}

/** The Security header content. */
export interface SecuritySpec {
  timestamp?: { created: Date; expires?: Date; id?: string };
  usernameToken?: UsernameTokenSpec;
  binaryTokens?: readonly BinaryTokenSpec[];
  /** Verbatim XML (e.g. a SAML assertion) placed in the header. */
  rawTokens?: readonly string[];
  sign?: SignSpec;
}

/** A whole request envelope. */
export interface SecuredEnvelopeSpec {
  version: SoapVersion;
  action?: string;
  messageId?: string;
  to?: string;
  /** The Body's child element (its prefixes must be in `namespaces`). */
  body: XmlElement;
  security?: SecuritySpec;
  /** Extra prefixes used by the body (merged over {@link NS} and `s`). */
  namespaces?: NamespaceMap;
  /** wsu:Id of the Body (default `Body`; only written when the Body is signed). */
  bodyId?: string;
}

/** The UsernameToken element (PasswordText, or PasswordDigest computed from nonce and created). */
export function usernameTokenElement(ut: UsernameTokenSpec): XmlElement {
  const children: XmlChild[] = [el('wsse:Username', {}, ut.username)];
  const created = ut.created === undefined ? undefined : samlTime(ut.created);
  if (ut.password !== undefined) {
    if (ut.passwordType === 'digest') {
      if (ut.nonce === undefined || created === undefined) throw new Error('a PasswordDigest needs a nonce and a created time');
      children.push(el('wsse:Password', { Type: WSS.passwordDigest }, passwordDigest(ut.nonce, created, ut.password)));
    } else {
      children.push(el('wsse:Password', { Type: WSS.passwordText }, ut.password));
    }
  }
  if (ut.nonce !== undefined) children.push(el('wsse:Nonce', { EncodingType: WSS.base64Binary }, ut.nonce));
  if (created !== undefined) children.push(el('wsu:Created', {}, created));
  if (ut.mobilTokenCode !== undefined) children.push(el('sim:MobilTokenCode', {}, ut.mobilTokenCode));
  return el('wsse:UsernameToken', { 'wsu:Id': ut.id }, ...children);
}

/**
 * Build a request envelope (canonical XML, no XML declaration needed by receivers).
 *
 * @example
 * ```ts
 * buildSecuredEnvelope({ version: '1.1', body: el('wst:RequestSecurityToken'), namespaces: {} });
 * ```
 */
export function buildSecuredEnvelope(spec: SecuredEnvelopeSpec): string {
  const soapNs = spec.version === '1.2' ? NS_SOAP12 : NS_SOAP11;
  const ns: NamespaceMap = { ...NS, ...spec.namespaces, s: soapNs };
  const sec = spec.security;
  const cover = sec?.sign?.cover ?? ['body', 'timestamp'];
  const signBody = sec?.sign !== undefined && cover.includes('body');
  const bodyId = spec.bodyId ?? 'Body';
  const body = el('s:Body', signBody ? { 'wsu:Id': bodyId } : {}, spec.body);
  const headerChildren: XmlChild[] = [];
  if (spec.action !== undefined) headerChildren.push(el('wsa:Action', {}, spec.action));
  if (spec.messageId !== undefined) headerChildren.push(el('wsa:MessageID', {}, spec.messageId));
  if (spec.to !== undefined) headerChildren.push(el('wsa:To', {}, spec.to));
  if (sec !== undefined) {
    const secChildren: XmlChild[] = [];
    let timestamp: XmlElement | undefined;
    const tsId = sec.timestamp?.id ?? 'TS';
    if (sec.timestamp !== undefined) {
      const t = sec.timestamp;
      timestamp = el(
        'wsu:Timestamp',
        { 'wsu:Id': tsId },
        el('wsu:Created', {}, samlTime(t.created)),
        ...(t.expires === undefined ? [] : [el('wsu:Expires', {}, samlTime(t.expires))]),
      );
      secChildren.push(timestamp);
    }
    for (const b of sec.binaryTokens ?? []) {
      secChildren.push(el('wsse:BinarySecurityToken', { EncodingType: WSS.base64Binary, ValueType: b.valueType, 'wsu:Id': b.id }, b.value));
    }
    if (sec.usernameToken !== undefined) secChildren.push(usernameTokenElement(sec.usernameToken));
    for (const r of sec.rawTokens ?? []) secChildren.push(raw(r));
    if (sec.sign !== undefined) {
      const refs: SignedReference[] = [];
      if (timestamp !== undefined && cover.includes('timestamp')) refs.push({ id: tsId, canonical: canonicalXml(timestamp, ns) });
      if (signBody) refs.push({ id: bodyId, canonical: canonicalXml(body, ns) });
      const keyInfo = el(
        'wsse:SecurityTokenReference',
        {},
        el('wsse:Reference', { URI: `#${sec.sign.tokenId}`, ValueType: WSS.x509v3 }),
      );
      secChildren.push(raw(signatureXml(refs, { ...sec.sign.signer, keyInfo })));
    }
    headerChildren.push(el('wsse:Security', { 's:mustUnderstand': spec.version === '1.2' ? 'true' : '1' }, ...secChildren));
  }
  const envelope = el('s:Envelope', {}, ...(headerChildren.length > 0 ? [el('s:Header', {}, ...headerChildren)] : []), body);
  return canonicalXml(envelope, ns);
}
