/**
 * The STS's SAML 2.0 assertion: written in exclusive canonical form from a template compiled
 * once from its element tree ({@link canonicalTemplate}) and signed enveloped: exclusive c14n,
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
import { attrSlot, canonicalTemplate, el, rawSlot, textSlot, type CanonicalTemplate, type XmlChild, type XmlElement } from './canonical-xml.js';
import { NS, SAML } from './namespaces.js';
import { signatureXml, signatureXmlAsync, type SignedReference, type XmlSigner } from './xml-signature.js';

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

/**
 * The last two instants {@link samlTime} wrote and their text: the STS writes the same second many
 * times, alternating between a token's issue instant and its expiry (one entry would miss every time).
 */
const timeMs = [Number.NaN, Number.NaN];
const timeText = ['', ''];
let oldestTime = 0;

/** xs:dateTime in UTC with second precision (`2026-03-02T08:00:00Z`). */
export function samlTime(d: Date): string {
  const ms = d.getTime();
  if (ms === timeMs[0]) return timeText[0] as string;
  if (ms === timeMs[1]) return timeText[1] as string;
  // toISOString always ends in `.sssZ`.
  const text = `${d.toISOString().slice(0, -5)}Z`;
  timeMs[oldestTime] = ms;
  timeText[oldestTime] = text;
  oldestTime = 1 - oldestTime;
  return text;
}

/** The values of an assertion's fixed part, as written (or as template slots). */
interface AssertionFields {
  id: string;
  issueInstant: string;
  issuer: string;
  nameId: string;
  expiry: string;
  notBefore: string;
  audience: string;
  authnInstant: string;
  classRef: string;
}

/**
 * The one definition of the assertion's shape: with real values it is the element that gets
 * canonicalised, with slots the template the STS fills (so both are the same XML by construction).
 * `signature` is inserted right after the Issuer, as the SAML schema requires.
 */
function assertionTree(f: AssertionFields, attributes: readonly XmlChild[], signature?: XmlChild): XmlElement {
  return el(
    'saml:Assertion',
    { ID: f.id, IssueInstant: f.issueInstant, Version: '2.0' },
    el('saml:Issuer', {}, f.issuer),
    ...(signature === undefined ? [] : [signature]),
    el(
      'saml:Subject',
      {},
      el('saml:NameID', { Format: SAML.nameIdUnspecified }, f.nameId),
      el('saml:SubjectConfirmation', { Method: SAML.bearer }, el('saml:SubjectConfirmationData', { NotOnOrAfter: f.expiry })),
    ),
    el(
      'saml:Conditions',
      { NotBefore: f.notBefore, NotOnOrAfter: f.expiry },
      el('saml:AudienceRestriction', {}, el('saml:Audience', {}, f.audience)),
    ),
    el(
      'saml:AuthnStatement',
      { AuthnInstant: f.authnInstant, SessionNotOnOrAfter: f.expiry },
      el('saml:AuthnContext', {}, el('saml:AuthnContextClassRef', {}, f.classRef)),
    ),
    el('saml:AttributeStatement', {}, ...attributes),
  );
}

/** One SAML attribute's shape (`values`: its AttributeValue elements, or a slot). */
function attributeTree(name: string, values: readonly XmlChild[]): XmlElement {
  return el('saml:Attribute', { Name: name, NameFormat: SAML.attrNameFormatUri }, ...values);
}

/** One AttributeValue's shape. */
function attributeValueTree(value: string): XmlElement {
  return el('saml:AttributeValue', {}, value);
}

/** The instants of an assertion, written once (the STS states one instant for all three). */
function assertionFields(a: AssertionContent): AssertionFields {
  const issued = samlTime(a.issueInstant);
  const expiry = samlTime(a.notOnOrAfter);
  const same = (d: Date): string => (d.getTime() === a.issueInstant.getTime() ? issued : samlTime(d));
  return {
    id: a.id,
    issueInstant: issued,
    issuer: a.issuer,
    nameId: a.nameId,
    expiry,
    notBefore: same(a.notBefore),
    audience: a.audience,
    authnInstant: same(a.authnInstant),
    classRef: a.authnContextClassRef,
  };
}

/**
 * The unsigned assertion as an element tree (its canonical form is what gets digested). The
 * STS writes the same XML from {@link assertionCanonical}'s template; this is the reference.
 *
 * @example
 * ```ts
 * canonicalXml(assertionElement(content), NS);
 * ```
 */
export function assertionElement(a: AssertionContent): XmlElement {
  return assertionTree(
    assertionFields(a),
    a.attributes.map((attr) => attributeTree(attr.name, attr.values.map(attributeValueTree))),
  );
}

const FIELD_ORDER = ['id', 'issueInstant', 'issuer', 'nameId', 'expiry', 'notBefore', 'audience', 'authnInstant', 'classRef'] as const;
/** Slot numbers of the attribute statement's content and of the Signature, after the fields. */
const ATTRIBUTES_SLOT = FIELD_ORDER.length;
const SIGNATURE_SLOT = ATTRIBUTES_SLOT + 1;

interface AssertionTemplates {
  assertion: CanonicalTemplate;
  attribute: CanonicalTemplate;
  value: CanonicalTemplate;
}

let templates: AssertionTemplates | undefined;

/** The assertion's templates, compiled on first use from the same trees as {@link assertionElement}. */
function assertionTemplates(): AssertionTemplates {
  if (templates === undefined) {
    const slots = Object.fromEntries(FIELD_ORDER.map((k, n) => [k, k === 'id' || k === 'issueInstant' || k === 'expiry' || k === 'notBefore' || k === 'authnInstant' ? attrSlot(n) : textSlot(n)])) as unknown as AssertionFields;
    const inAssertion = { saml: NS.saml };
    templates = {
      assertion: canonicalTemplate(assertionTree(slots, [rawSlot(ATTRIBUTES_SLOT)], rawSlot(SIGNATURE_SLOT)), NS),
      attribute: canonicalTemplate(attributeTree(attrSlot(0), [rawSlot(1)]), NS, inAssertion),
      value: canonicalTemplate(attributeValueTree(textSlot(0)), NS, inAssertion),
    };
  }
  return templates;
}

/**
 * The written attribute statements of frozen attribute lists (the STS hands out the same frozen
 * list for the same user and context: `tokenAttributesOnce` in sts/issue.ts), so a list seen before
 * is not written again. Only frozen lists are kept (one that can change is written every time); an
 * entry goes with its list.
 */
const writtenAttributes = new WeakMap<readonly SamlAttribute[], string>();

/** The content of the AttributeStatement: the attributes written from their templates. */
function attributeStatementContent(attributes: readonly SamlAttribute[]): string {
  const kept = writtenAttributes.get(attributes);
  if (kept !== undefined) return kept;
  const t = assertionTemplates();
  let written = '';
  for (const attr of attributes) {
    let inner = '';
    for (const v of attr.values) inner += t.value.fill([v]);
    written += t.attribute.fill([attr.name, inner]);
  }
  if (Object.isFrozen(attributes) && attributes.every((a) => Object.isFrozen(a) && Object.isFrozen(a.values))) writtenAttributes.set(attributes, written);
  return written;
}

/**
 * The slot values of an assertion (the Signature slot empty), ready for the template.
 */
function assertionValues(a: AssertionContent): string[] {
  const f = assertionFields(a);
  // In FIELD_ORDER (the slot numbers).
  const values: string[] = [f.id, f.issueInstant, f.issuer, f.nameId, f.expiry, f.notBefore, f.audience, f.authnInstant, f.classRef];
  values.push(attributeStatementContent(a.attributes), '');
  return values;
}

/**
 * The unsigned assertion's exclusive canonical form, written from a template compiled once from
 * {@link assertionElement}'s tree: the same bytes as `canonicalXml(assertionElement(a), NS)`.
 *
 * @example
 * ```ts
 * digestBase64(assertionCanonical(content));
 * ```
 */
export function assertionCanonical(a: AssertionContent): string {
  return assertionTemplates().assertion.fill(assertionValues(a));
}

/** The assertion's reference (its canonical form) and a writer putting a Signature in place. */
function assertionParts(a: AssertionContent): { ref: SignedReference; insert(signature: string): string } {
  // Filled once, cut where the Signature goes: the canonical form (what is digested) is the two
  // halves, the signed assertion the two halves around the Signature.
  const [before, after] = assertionTemplates().assertion.fillAround(assertionValues(a), SIGNATURE_SLOT);
  return {
    ref: { id: a.id, canonical: before + after, enveloped: true },
    insert: (signature) => before + signature + after,
  };
}

/**
 * The signed assertion XML (self-contained: it declares its own namespaces, so it can be
 * embedded anywhere and verified as extracted). The same bytes as
 * `signEnveloped(assertionElement(a), 'ID', 1, signer, NS)`, without building the tree.
 */
export function signAssertion(a: AssertionContent, signer: XmlSigner): string {
  const parts = assertionParts(a);
  return parts.insert(signatureXml([parts.ref], signer));
}

/** {@link signAssertion} with the RSA signature made off the event loop (the STS's way); the same bytes. */
export async function signAssertionAsync(a: AssertionContent, signer: XmlSigner): Promise<string> {
  const parts = assertionParts(a);
  return parts.insert(await signatureXmlAsync([parts.ref], signer));
}
