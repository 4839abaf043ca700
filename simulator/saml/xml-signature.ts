/**
 * XML-DSig signing and verification, one layer above {@link canonicalXml}:
 * - signing takes references whose canonical form is already known (built with
 *   `canonical-xml.ts`), digests them (SHA-256), writes the SignedInfo in canonical form and signs
 *   it with RSA-SHA256; nothing is parsed or re-canonicalised;
 * - verification uses xml-crypto with a caller-supplied trusted certificate (never a key from the
 *   message's KeyInfo), refuses algorithms outside the simulator profile, and returns the
 *   canonical bytes xml-crypto reports as signed, so callers read only what was signed.
 *
 * @example
 * ```ts
 * const canonical = canonicalXml(assertion, NS);
 * const signature = signatureXml([{ id: 'a1', canonical, enveloped: true }], signer);
 * ```
 */
import { createPrivateKey, createPublicKey, hash, X509Certificate, type KeyObject } from 'node:crypto';
import { lazyRequire } from '../core/lazy-require.js';
import { signedXmlWithDomLookups } from './signed-xml-lookups.js';
import { rsaSha256Now, signRsaSha256 } from './rsa-signer.js';

/** xml-crypto, loaded when the first signature is checked (not at start-up). */
const xmlCrypto = lazyRequire<typeof import('xml-crypto')>('xml-crypto');
import { c14nAttr, c14nText, canonicalXml, el, raw, type NamespaceMap, type XmlElement } from './canonical-xml.js';
import { ALG, NS } from './namespaces.js';
import { childElements } from '../soap/safe-xml.js';

/** A key that signs, with the certificate to put into KeyInfo (if any). */
export interface XmlSigner {
  key: KeyObject;
  /** Base64 DER of the signing certificate, for `ds:KeyInfo/ds:X509Data`. */
  certBase64?: string;
  /** A KeyInfo content element instead of X509Data (e.g. a WS-Security SecurityTokenReference). */
  keyInfo?: XmlElement;
}

/** One reference to sign: the element's ID and its exclusive canonical form. */
export interface SignedReference {
  /** Value of the element's ID attribute (without `#`). */
  id: string;
  /** Exclusive canonical form of the referenced element (for enveloped signatures: without the Signature). */
  canonical: string;
  /** Adds the enveloped-signature transform before exclusive c14n. */
  enveloped?: boolean;
}

const signerCache = new Map<string, Map<string, XmlSigner>>();

/**
 * A signer from PEMs (cached by the PEM strings, so repeated calls cost a lookup).
 *
 * @example
 * ```ts
 * const signer = signerFromPem(pki.sts.keyPem, pki.sts.certPem);
 * ```
 */
export function signerFromPem(keyPem: string, certPem?: string): XmlSigner {
  let byCert = signerCache.get(keyPem);
  if (byCert === undefined) {
    byCert = new Map();
    signerCache.set(keyPem, byCert);
  }
  let s = byCert.get(certPem ?? '');
  if (s === undefined) {
    s = { key: createPrivateKey(keyPem) };
    if (certPem !== undefined) s.certBase64 = certBase64Of(certPem);
    byCert.set(certPem ?? '', s);
  }
  return s;
}

/** Base64 DER of the first certificate in a PEM (what `ds:X509Certificate` and a BinarySecurityToken hold). */
export function certBase64Of(certPem: string): string {
  return new X509Certificate(certPem).raw.toString('base64');
}

/** PEM of a base64 DER certificate. */
export function pemOfCertBase64(b64: string): string {
  const clean = b64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${clean.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** SHA-256 digest, base64 (one-shot `crypto.hash`: no Hash object per digest, measured 12.8 -> 7.7 µs for 3 KB). */
export function digestBase64(canonical: string): string {
  return hash('sha256', canonical, 'base64');
}

/** A reference as written: its URI, digest and whether the enveloped-signature transform comes first. */
interface WrittenReference {
  uri: string;
  digest: string;
  enveloped: boolean;
}

function referenceElement(ref: WrittenReference): XmlElement {
  const transforms = ref.enveloped ? [ALG.envelopedSignature, ALG.excC14n] : [ALG.excC14n];
  return el(
    'ds:Reference',
    { URI: ref.uri },
    el('ds:Transforms', {}, ...transforms.map((t) => el('ds:Transform', { Algorithm: t }))),
    el('ds:DigestMethod', { Algorithm: ALG.sha256 }),
    el('ds:DigestValue', {}, ref.digest),
  );
}

function signedInfoOf(refs: readonly WrittenReference[]): XmlElement {
  return el(
    'ds:SignedInfo',
    {},
    el('ds:CanonicalizationMethod', { Algorithm: ALG.excC14n }),
    el('ds:SignatureMethod', { Algorithm: ALG.rsaSha256 }),
    ...refs.map(referenceElement),
  );
}

/**
 * The SignedInfo element (exclusive c14n, RSA-SHA256, one SHA-256 reference per entry).
 *
 * @example
 * ```ts
 * canonicalXml(signedInfoElement([{ id: 'x', canonical: '<a></a>' }]), NS);
 * ```
 */
export function signedInfoElement(refs: readonly SignedReference[]): XmlElement {
  return signedInfoOf(refs.map((r) => ({ uri: `#${r.id}`, digest: digestBase64(r.canonical), enveloped: r.enveloped === true })));
}

/** A signature to be: the canonical SignedInfo to sign, and how to write the Signature around its value. */
interface PendingSignature {
  /** The canonical SignedInfo (the bytes the RSA signature covers). */
  signedInfoC14n: string;
  /** The complete `ds:Signature` for the base64 SignatureValue. */
  assemble(valueBase64: string): string;
}

/**
 * The canonical SignedInfo and Signature of one signer and one list of references, written once
 * as text around slots: a reference's URI and digest, the signature value. Filling the slots
 * gives the same bytes as writing the elements with {@link canonicalXml} each time, for a
 * fraction of the work (the STS signs every token this way).
 */
interface SignatureTemplate {
  /** The SignedInfo's text around slots 2k (reference k's `#id`, attribute-escaped) and 2k+1 (its digest). */
  signedInfo: readonly string[];
  /**
   * The SignedInfo's text before its first slot as written inside the Signature, where `ds` is
   * declared already: `signedInfo[0]` without its `xmlns:ds`.
   */
  embeddedHead: string;
  /** The Signature's text before and after its SignedInfo (without `xmlns:ds`), and around the value. */
  beforeSignedInfo: string;
  /** Text between the SignedInfo and the value. */
  beforeValue: string;
  afterValue: string;
}

/** A marker no canonical text can contain (U+0000 is not allowed in XML), numbered. */
const slot = (n: number): string => `\u0000${n}\u0000`;
const SLOT = /\u0000\d+\u0000/;

const templates = new WeakMap<XmlSigner, Map<string, SignatureTemplate>>();

/** The template of `signer` for references of this shape (enveloped or not, in order), made on first use. */
function signatureTemplate(refs: readonly SignedReference[], signer: XmlSigner): SignatureTemplate {
  const shape = refs.map((r) => (r.enveloped === true ? 'e' : 'd')).join('');
  let bySigner = templates.get(signer);
  if (bySigner === undefined) {
    bySigner = new Map();
    templates.set(signer, bySigner);
  }
  let t = bySigner.get(shape);
  if (t === undefined) {
    const slotted = refs.map((r, k) => ({ uri: slot(2 * k), digest: slot(2 * k + 1), enveloped: r.enveloped === true }));
    const signedInfoC14n = canonicalXml(signedInfoOf(slotted), NS);
    const keyInfoContent =
      signer.keyInfo ?? (signer.certBase64 === undefined ? undefined : el('ds:X509Data', {}, el('ds:X509Certificate', {}, signer.certBase64)));
    const signature = canonicalXml(
      el(
        'ds:Signature',
        {},
        raw(SIGNED_INFO_SLOT),
        el('ds:SignatureValue', {}, VALUE_SLOT),
        ...(keyInfoContent === undefined ? [] : [el('ds:KeyInfo', {}, keyInfoContent)]),
      ),
      NS,
    );
    const [beforeSignedInfo = '', rest = ''] = signature.split(SIGNED_INFO_SLOT);
    const [beforeValue = '', afterValue = ''] = rest.split(VALUE_SLOT);
    const signedInfo = signedInfoC14n.split(SLOT);
    const head = signedInfo[0] ?? '';
    const dsDeclaration = ` xmlns:ds="${NS.ds}"`;
    // Its only namespace declaration is on the SignedInfo start tag, before the first slot.
    if (!head.includes(dsDeclaration) || signedInfoC14n.split(dsDeclaration).length !== 2) throw new Error('signatureTemplate: the SignedInfo does not declare ds once on its start tag');
    t = { signedInfo, embeddedHead: head.replace(dsDeclaration, ''), beforeSignedInfo, beforeValue, afterValue };
    bySigner.set(shape, t);
  }
  return t;
}

const SIGNED_INFO_SLOT = '\u0000signed-info\u0000';
const VALUE_SLOT = '\u0000value\u0000';

function pendingSignature(refs: readonly SignedReference[], signer: XmlSigner): PendingSignature {
  const t = signatureTemplate(refs, signer);
  const parts = t.signedInfo;
  // The SignedInfo after its head: the same text signed (standalone) and embedded (in the Signature).
  let rest = '';
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k] as SignedReference;
    rest += c14nAttr(`#${ref.id}`) + (parts[2 * k + 1] ?? '') + digestBase64(ref.canonical) + (parts[2 * k + 2] ?? '');
  }
  return {
    signedInfoC14n: (parts[0] ?? '') + rest,
    assemble: (value) => t.beforeSignedInfo + t.embeddedHead + rest + t.beforeValue + c14nText(value) + t.afterValue,
  };
}

/** The strategy settings, for bench output (see `rsa-signer.ts`). */
export { SIGN_CONCURRENCY, SIGNER, signerDescription } from './rsa-signer.js';

/**
 * A complete `ds:Signature` (as canonical XML, with its own `xmlns:ds`) over the references.
 * Its SignedInfo is signed in exactly the form a verifier's exclusive c14n produces.
 *
 * @example
 * ```ts
 * const sig = signatureXml([{ id: 'body', canonical: bodyC14n }], signerFromPem(keyPem));
 * ```
 */
export function signatureXml(refs: readonly SignedReference[], signer: XmlSigner): string {
  const pending = pendingSignature(refs, signer);
  return pending.assemble(rsaSha256Now(Buffer.from(pending.signedInfoC14n, 'utf8'), signer.key).toString('base64'));
}

/**
 * {@link signatureXml} with the RSA operation made by the process's signing strategy (off the
 * event loop unless `EESZT_SIM_SIGNER=sync`; see `rsa-signer.ts`); the same bytes.
 *
 * @example
 * ```ts
 * const sig = await signatureXmlAsync([{ id: 'body', canonical: bodyC14n }], signerFromPem(keyPem));
 * ```
 */
export async function signatureXmlAsync(refs: readonly SignedReference[], signer: XmlSigner): Promise<string> {
  const pending = pendingSignature(refs, signer);
  return pending.assemble(await signRsaSha256(pending.signedInfoC14n, signer.key));
}

/** An element rendered for an enveloped signature: the reference to sign, and the element with a given Signature in place. */
function envelopedParts(element: XmlElement, idAttr: string, position: number, namespaces: NamespaceMap): { ref: SignedReference; insert(signature: string): string } {
  const id = element.attrs[idAttr];
  if (id === undefined) throw new Error(`signEnveloped: the element has no ${idAttr} attribute`);
  // Render once, with an empty marker where the Signature goes: without the marker the text is
  // exactly the canonical form of the unsigned element (what the enveloped transform leaves).
  const children = [...element.children];
  children.splice(position, 0, raw(SIGNATURE_SLOT));
  const withSlot = canonicalXml({ ...element, children }, namespaces);
  const at = withSlot.indexOf(SIGNATURE_SLOT);
  const before = withSlot.slice(0, at);
  const after = withSlot.slice(at + SIGNATURE_SLOT.length);
  return { ref: { id, canonical: before + after, enveloped: true }, insert: (signature) => before + signature + after };
}

/**
 * Sign an element enveloped: the Signature is inserted as child number `position` (SAML: 1,
 * right after the Issuer). Returns the signed element's XML (canonical apart from the
 * Signature, which a verifier removes before digesting).
 *
 * @example
 * ```ts
 * const xml = signEnveloped(assertion, 'ID', 1, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
 * ```
 */
export function signEnveloped(element: XmlElement, idAttr: string, position: number, signer: XmlSigner, namespaces = NS): string {
  const parts = envelopedParts(element, idAttr, position, namespaces);
  return parts.insert(signatureXml([parts.ref], signer));
}

/**
 * {@link signEnveloped} with the RSA operation off the event loop; the same bytes.
 *
 * @example
 * ```ts
 * const xml = await signEnvelopedAsync(assertion, 'ID', 1, signerFromPem(pki.sts.keyPem, pki.sts.certPem));
 * ```
 */
export async function signEnvelopedAsync(element: XmlElement, idAttr: string, position: number, signer: XmlSigner, namespaces = NS): Promise<string> {
  const parts = envelopedParts(element, idAttr, position, namespaces);
  return parts.insert(await signatureXmlAsync([parts.ref], signer));
}

/** A marker no canonical text can contain (U+0000 is not allowed in XML). */
const SIGNATURE_SLOT = '\u0000signature\u0000';

/** Why a verification failed. */
export type XmlSignatureProblem =
  | 'structure'
  | 'algorithm'
  | 'reference-missing'
  | 'digest-mismatch'
  | 'signature-mismatch';

/** Result of {@link verifySignatureElement}. */
export type XmlSignatureResult =
  | { ok: true; references: Array<{ id: string; canonical: string; transforms: string[] }> }
  | { ok: false; problem: XmlSignatureProblem; message: string };

const SIGNATURE_METHODS = new Set<string>([ALG.rsaSha256, ALG.rsaSha512]);
const DIGEST_METHODS = new Set<string>([ALG.sha256, ALG.sha512]);
const TRANSFORMS = new Set<string>([ALG.envelopedSignature, ALG.excC14n]);

function dsChildren(node: Element, local: string): Element[] {
  return childElements(node).filter((e) => e.namespaceURI === NS.ds && e.localName === local);
}

/** The algorithm profile check of a Signature element (before any crypto). */
function checkProfile(signature: Element): { ok: true; refs: Array<{ id: string; transforms: string[] }> } | { ok: false; problem: XmlSignatureProblem; message: string } {
  const signedInfos = dsChildren(signature, 'SignedInfo');
  if (signedInfos.length !== 1) return { ok: false, problem: 'structure', message: `the Signature has ${signedInfos.length} SignedInfo elements; it must have exactly one` };
  const si = signedInfos[0] as Element;
  const c14n = dsChildren(si, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (c14n !== ALG.excC14n) {
    return { ok: false, problem: 'algorithm', message: `the SignedInfo is canonicalised with \`${c14n || '(none)'}\`; the simulator profile requires exclusive c14n (${ALG.excC14n})` };
  }
  const method = dsChildren(si, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!SIGNATURE_METHODS.has(method)) {
    return { ok: false, problem: 'algorithm', message: `the signature algorithm \`${method || '(none)'}\` is not accepted; sign with RSA-SHA256 (${ALG.rsaSha256})` };
  }
  const refs: Array<{ id: string; transforms: string[] }> = [];
  for (const ref of dsChildren(si, 'Reference')) {
    const uri = ref.getAttribute('URI') ?? '';
    if (!/^#[A-Za-z_][\w.-]*$/.test(uri)) {
      return { ok: false, problem: 'structure', message: `a Reference has URI \`${uri}\`; only same-document references by ID (\`#id\`) are accepted` };
    }
    const digest = dsChildren(ref, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
    if (!DIGEST_METHODS.has(digest)) {
      return { ok: false, problem: 'algorithm', message: `the digest algorithm \`${digest || '(none)'}\` of Reference ${uri} is not accepted; use SHA-256 (${ALG.sha256})` };
    }
    const transformsEl = dsChildren(ref, 'Transforms')[0];
    const transforms = transformsEl === undefined ? [] : dsChildren(transformsEl, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
    const bad = transforms.find((t) => !TRANSFORMS.has(t));
    if (bad !== undefined) {
      return { ok: false, problem: 'algorithm', message: `the transform \`${bad}\` of Reference ${uri} is not accepted; use exclusive c14n (${ALG.excC14n}) (after the enveloped-signature transform for enveloped signatures)` };
    }
    if (transforms[transforms.length - 1] !== ALG.excC14n) {
      return { ok: false, problem: 'algorithm', message: `Reference ${uri} does not end with the exclusive c14n transform (${ALG.excC14n}); add it` };
    }
    refs.push({ id: uri.slice(1), transforms });
  }
  if (refs.length === 0) return { ok: false, problem: 'structure', message: 'the SignedInfo has no Reference; sign the elements by ID' };
  return { ok: true, refs };
}

/** Public keys of trusted certificates, by the exact PEM text (a changed byte is another entry). */
const trustedKeys = new Map<string, KeyObject | string>();
const TRUSTED_KEYS_MAX = 64;

/**
 * The public key of a trusted certificate PEM, parsed once per exact text: the verifier would
 * otherwise parse the certificate for every signature. A PEM Node cannot read is passed on as
 * text, so xml-crypto fails on it as before.
 */
function trustedKeyOf(certPem: string): KeyObject | string {
  const known = trustedKeys.get(certPem);
  if (known !== undefined) return known;
  let key: KeyObject | string;
  try {
    key = createPublicKey(certPem);
  } catch {
    key = certPem;
  }
  if (trustedKeys.size >= TRUSTED_KEYS_MAX) trustedKeys.clear();
  trustedKeys.set(certPem, key);
  return key;
}

/**
 * Verify one `ds:Signature` element of the document `xml` (the exact text the element was
 * parsed from) against a trusted certificate. KeyInfo in the message is ignored for key
 * selection. On success returns each reference's ID and the canonical XML that was digested:
 * read data only from those strings (or from the elements they were computed from, which the
 * caller must have checked are unique by ID).
 *
 * @example
 * ```ts
 * const r = verifySignatureElement(text, signatureEl, pki.sts.certPem);
 * if (r.ok) parse(r.references[0].canonical);
 * ```
 */
export function verifySignatureElement(xml: string, signature: Element, trustedCertPem: string): XmlSignatureResult {
  const profile = checkProfile(signature);
  if (!profile.ok) return profile;
  const sx = new (signedXmlWithDomLookups(xmlCrypto()))({ publicCert: trustedKeyOf(trustedCertPem), getCertFromKeyInfo: () => null });
  let valid: boolean;
  try {
    sx.loadSignature(signature);
    valid = sx.checkSignature(xml);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/signature value .* is incorrect/.test(message)) {
      return { ok: false, problem: 'signature-mismatch', message: 'the SignatureValue does not verify with the expected key: the SignedInfo was changed or signed with a different key' };
    }
    if (/multiple elements with the same value/.test(message)) {
      return { ok: false, problem: 'structure', message: 'several elements carry the same ID; every ID in a message must be unique' };
    }
    return { ok: false, problem: 'structure', message: `the signature could not be processed: ${message.split('\n')[0]}` };
  }
  if (!valid) {
    const refs = sx.getReferences();
    const failed = refs.find((r) => r.validationError !== undefined);
    const why = failed?.validationError?.message ?? '';
    if (/could not find such element/.test(why)) {
      return { ok: false, problem: 'reference-missing', message: `the signature references \`${failed?.uri ?? ''}\`, but no element carries that ID` };
    }
    return {
      ok: false,
      problem: 'digest-mismatch',
      message: `the digest of the element referenced as \`${failed?.uri ?? '?'}\` does not match: the signed content was changed after signing`,
    };
  }
  const signed = sx.getReferences();
  const references = profile.refs.map((r, i) => ({ id: r.id, transforms: r.transforms, canonical: signed[i]?.signedReference ?? '' }));
  if (references.some((r) => r.canonical === '')) return { ok: false, problem: 'structure', message: 'the signature verified, but its references could not be read back' };
  return { ok: true, references };
}

/** Attributes treated as element IDs (any namespace): `ID`, `Id`, `id` (SAML, XML-DSig, wsu). */
const ID_NAMES = new Set(['ID', 'Id', 'id']);

/** The element after `e` in document order (pre-order), or null. */
function nextElement(e: Element): Element | null {
  const first = firstElementChildOf(e);
  if (first !== null) return first;
  for (let n: Node | null = e; n !== null && n.nodeType === 1; n = n.parentNode) {
    for (let s = n.nextSibling; s !== null; s = s.nextSibling) if (s.nodeType === 1) return s as Element;
  }
  return null;
}

/** The first element child of `e` (xmldom has no `firstElementChild`), or null. */
function firstElementChildOf(e: Element): Element | null {
  for (let c = e.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 1) return c as Element;
  return null;
}

/**
 * Every element carrying an ID attribute, by ID; throws a descriptive Error string when one
 * value is carried twice (callers turn it into their fault).
 *
 * @example
 * ```ts
 * const ids = indexIds(doc); // Map { 'body' => <s:Body>, ... }
 * ```
 */
export function indexIds(doc: Document): { ids: Map<string, Element>; duplicate?: string } {
  const ids = new Map<string, Element>();
  // Every element in document order (a pre-order walk: xmldom's getElementsByTagName('*') builds a live list, several times slower).
  for (let e = doc.documentElement as Element | null; e !== null; e = nextElement(e)) {
    const attrs = e.attributes;
    for (let j = 0; j < attrs.length; j++) {
      const a = attrs.item(j) as Attr;
      if (!ID_NAMES.has(a.localName ?? a.name)) continue;
      if (a.prefix === 'xmlns' || a.name.startsWith('xmlns')) continue;
      if (ids.has(a.value) && ids.get(a.value) !== e) return { ids, duplicate: a.value };
      ids.set(a.value, e);
    }
  }
  return { ids };
}
