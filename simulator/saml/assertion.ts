/**
 * The STS's SAML 2.0 assertion: built as an element tree in exclusive canonical form
 * ({@link canonicalXml}) and signed enveloped ({@link signEnveloped}): exclusive c14n,
 * RSA-SHA256, SHA-256 digest, KeyInfo with the STS certificate. The Signature follows the
 * Issuer, as the SAML schema requires. See docs/protocol.md, "The token".
 *
 * @example
 * ```ts
 * const xml = signAssertion(
 *   { id: '_a1', issuer: 'urn:eeszt-sim:sts', issueInstant: now, notBefore: now, notOnOrAfter: later,
 *     audience: 'urn:eeszt:services', nameId: 'O50123', authnContextClassRef: SAML.acPassword,
 *     authnInstant: now, attributes: [{ name: SIM.attrRole, values: ['ORVOS'] }] },
 *   signerFromPem(pki.sts.keyPem, pki.sts.certPem),
 * );
 * ```
 */
import { el, type XmlElement } from './canonical-xml.js';
import { NS, SAML } from './namespaces.js';
import { signEnveloped, signEnvelopedAsync, type XmlSigner } from './xml-signature.js';

/** One SAML attribute (NameFormat uri) with its values. */
export interface SamlAttribute {
  name: string;
  values: readonly string[];
}

/** Everything an assertion states. */
export interface AssertionContent {
  /** The assertion ID (an NCName, e.g. `_` + 32 hex digits). */
  id: string;
  issuer: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  audience: string;
  /** Subject NameID: the EESZT username, or the institution id for institutional users. */
  nameId: string;
  authnContextClassRef: string;
  authnInstant: Date;
  attributes: readonly SamlAttribute[];
}

/** xs:dateTime in UTC with second precision (`2026-03-02T08:00:00Z`). */
export function samlTime(d: Date): string {
  const iso = d.toISOString();
  // toISOString always ends in `.sssZ`.
  return `${iso.slice(0, -5)}Z`;
}

/**
 * The unsigned assertion as an element tree (its canonical form is what gets digested).
 *
 * @example
 * ```ts
 * canonicalXml(assertionElement(content), NS);
 * ```
 */
export function assertionElement(a: AssertionContent): XmlElement {
  const expiry = samlTime(a.notOnOrAfter);
  const issued = samlTime(a.issueInstant);
  // The STS states one instant for all three: written once.
  const same = (d: Date): string => (d.getTime() === a.issueInstant.getTime() ? issued : samlTime(d));
  return el(
    'saml:Assertion',
    { ID: a.id, IssueInstant: issued, Version: '2.0' },
    el('saml:Issuer', {}, a.issuer),
    el(
      'saml:Subject',
      {},
      el('saml:NameID', { Format: SAML.nameIdUnspecified }, a.nameId),
      el('saml:SubjectConfirmation', { Method: SAML.bearer }, el('saml:SubjectConfirmationData', { NotOnOrAfter: expiry })),
    ),
    el(
      'saml:Conditions',
      { NotBefore: same(a.notBefore), NotOnOrAfter: expiry },
      el('saml:AudienceRestriction', {}, el('saml:Audience', {}, a.audience)),
    ),
    el(
      'saml:AuthnStatement',
      { AuthnInstant: same(a.authnInstant), SessionNotOnOrAfter: expiry },
      el('saml:AuthnContext', {}, el('saml:AuthnContextClassRef', {}, a.authnContextClassRef)),
    ),
    el(
      'saml:AttributeStatement',
      {},
      ...a.attributes.map((attr) =>
        el('saml:Attribute', { Name: attr.name, NameFormat: SAML.attrNameFormatUri }, ...attr.values.map((v) => el('saml:AttributeValue', {}, v))),
      ),
    ),
  );
}

/**
 * The signed assertion XML (self-contained: it declares its own namespaces, so it can be
 * embedded anywhere and verified as extracted).
 */
export function signAssertion(a: AssertionContent, signer: XmlSigner): string {
  return signEnveloped(assertionElement(a), 'ID', 1, signer, NS);
}

/** {@link signAssertion} with the RSA signature made off the event loop (the STS's way); the same bytes. */
export function signAssertionAsync(a: AssertionContent, signer: XmlSigner): Promise<string> {
  return signEnvelopedAsync(assertionElement(a), 'ID', 1, signer, NS);
}
