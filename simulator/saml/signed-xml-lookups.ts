/**
 * xml-crypto's `SignedXml` with its whole-document XPath look-ups replaced by DOM walks that select
 * the same nodes (verification only). `checkSignature` is unchanged: it still parses its own copy
 * of the exact text, re-reads the References from the canonical SignedInfo, digests each referenced
 * element and verifies the SignatureValue. What changes is how it finds things in that copy:
 * - a Reference's element: xml-crypto evaluates `//*[@*[local-name(.)='Id']='x']` (and `ID`, `id`)
 *   over the whole document for every Reference and again for its ancestor namespaces; here one
 *   walk counts the same elements (any attribute, namespace declarations included, whose local
 *   name is the ID name and whose value is the URI's ID), refuses more than one with xml-crypto's
 *   own error, and takes the ancestor namespaces of the element found;
 * - the first `SignedInfo` of the document (whose ancestors give the SignedInfo's namespaces):
 *   found by a walk that stops at it instead of an XPath over every element;
 * - the loaded Signature inside xml-crypto's copy (for the enveloped transform): every `ds:Signature`
 *   element of the copy by a walk, matched by SignatureValue as xml-crypto does (more than one match
 *   is refused with its error).
 * - loading the Signature: its CanonicalizationMethod and SignatureMethod `@Algorithm`, the first text
 *   of SignatureValue and KeyInfo found by walks of the Signature element instead of four XPaths;
 *   the SignedInfo is canonicalised, re-parsed (with xml-crypto's own xmldom) and its References
 *   loaded exactly as xml-crypto does.
 * - canonicalising a reference: the comments of the copy removed by a walk instead of `.//comment()`;
 *   ancestor namespaces taken from xml-crypto's own `findAncestorNsForElement` for the element the
 *   XPath would have selected (an XPath, even `.`, builds a new parser each time).
 * The selections are the XPath results in document order, so every verdict and error is xml-crypto's.
 *
 * @example
 * ```ts
 * const sx = new (signedXmlWithDomLookups(xmlCrypto()))({ publicCert, getCertFromKeyInfo: () => null });
 * sx.loadSignature(signatureEl);
 * sx.checkSignature(xml);
 * ```
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as XmlCrypto from 'xml-crypto';

const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** The next node after `n` in document order (pre-order) within `root`'s subtree, or null. */
function nextInTree(n: Node, root: Node): Node | null {
  if (n.firstChild !== null) return n.firstChild;
  for (let c: Node | null = n; c !== null && c !== root; c = c.parentNode) {
    if (c.nextSibling !== null) return c.nextSibling;
  }
  return null;
}

/** Every element strictly below `root` (what `.//*` selects from `root`), in document order. */
function* descendantElements(root: Node): Generator<Element> {
  for (let n = nextInTree(root, root); n !== null; n = nextInTree(n, root)) if (n.nodeType === 1) yield n as Element;
}

/** What XPath's `local-name()` gives for a node. */
function localNameOf(a: Node): string {
  return (a as Attr).localName || a.nodeName || '';
}

/** XPath `.//*[local-name(.)='<element>']/@<attribute>` from `root`, first in document order (a no-namespace attribute). */
function firstAttrBelow(root: Node, element: string, attribute: string): Attr | undefined {
  for (const e of descendantElements(root)) {
    if (localNameOf(e) !== element) continue;
    const attrs = e.attributes;
    for (let j = 0; j < attrs.length; j++) {
      const a = attrs.item(j) as Attr;
      if (!a.namespaceURI && localNameOf(a) === attribute) return a;
    }
  }
  return undefined;
}

/** XPath `.//*[local-name(.)='<element>']/text()` from `root`: the first text or CDATA node (document order) whose parent is such an element below `root`. */
function firstTextBelow(root: Node, element: string): Node | undefined {
  for (let n = nextInTree(root, root); n !== null; n = nextInTree(n, root)) {
    if ((n.nodeType === 3 || n.nodeType === 4) && n.parentNode !== null && n.parentNode !== root && n.parentNode.nodeType === 1 && localNameOf(n.parentNode) === element) return n;
  }
  return undefined;
}

/** XPath `.//*[local-name(.)='<element>']` from `root`, the first. */
function firstElementBelow(root: Node, element: string): Element | undefined {
  for (const e of descendantElements(root)) if (localNameOf(e) === element) return e;
  return undefined;
}

/** True when `e` has an attribute (any, as XPath's `@*` on xmldom) with local name `name` and value `value`. */
function hasIdAttr(e: Element, name: string, value: string): boolean {
  const attrs = e.attributes;
  for (let j = 0; j < attrs.length; j++) {
    const a = attrs.item(j) as Attr;
    if (a.value === value && localNameOf(a) === name) return true;
  }
  return false;
}

/** Element children of `node` (of a document: of its root) with local name `localName`, any namespace, as xml-crypto's `findChildren`. */
function childrenNamed(node: Node, localName: string): Element[] {
  const parent = (node as Document).documentElement ?? node;
  const out: Element[] = [];
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).localName === localName) out.push(c as Element);
  return out;
}

/** Two base64 digests decode to the same bytes (xml-crypto's comparison, in constant time). */
function sameDigest(digest: string, expected: string): boolean {
  const a = Buffer.from(digest, 'base64');
  const b = Buffer.from(expected, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The fields and methods of xml-crypto's SignedXml these overrides use (private in its typings). */
interface SignedXmlInternals {
  idAttributes: string[];
  signatureNode: Node | null;
  signatureXml: string;
  signatureAlgorithm?: string;
  signatureValue?: string;
  keyInfo?: Node | null;
  references: unknown[];
  loadReference(ref: Node): void;
  canonicalizationAlgorithm?: string;
  getCanonXml(transforms: string[], node: Node, options: Record<string, unknown>): string;
  canonicalize(transforms: string[], node: Node, options: Record<string, unknown>, how: { discardComments: boolean }): string;
  findHashAlgorithm(name: string): { getHash(xml: string): string };
  findLoadedSignature(node: Node): Node | null;
  parseTransformInput(octets: string, transform: string): Node;
  findCanonicalizationAlgorithm(name: string): { process(node: Node, options: Record<string, unknown>): Node | string };
}

interface ReferenceInternals {
  uri?: string;
  xpath?: string;
  transforms: string[];
  digestAlgorithm: string;
  digestValue: string;
  inclusiveNamespacesPrefixList: string[];
  ancestorNamespaces?: unknown[];
  validationError?: Error;
}

type SignedXmlClass = typeof XmlCrypto.SignedXml;

/** The parts of the xml-crypto module used here. */
interface XmlCryptoLib {
  SignedXml: SignedXmlClass;
}

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** @xmldom/is-dom-node's isNodeLike, which xml-crypto's canonicalize uses. */
function isNodeLike(value: unknown): value is Node {
  const n = value as Node | null | undefined;
  return !!n && typeof n.nodeType === 'number' && Number.isInteger(n.nodeType) && n.nodeType >= 1 && n.nodeType <= 11 && typeof n.nodeName === 'string';
}
/** True when `node` is strictly below `ancestor` (xml-crypto's isDescendantOf). */
function isBelow(node: Node, ancestor: Node): boolean {
  for (let n = node.parentNode; n !== null; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

/**
 * True when canonicalising `node` with `transforms` cannot change it, so no clone is needed: the
 * transforms are exclusive c14n without comments, alone or after the enveloped-signature
 * transform (undone afterwards), so the result is text made from the node itself; no
 * InclusiveNamespaces prefix list (exclusive c14n then adds namespace declarations to the node),
 * neither in `options` nor in a CanonicalizationMethod child it would look in; and, when comments
 * are to be discarded, no comment below the node.
 */
function canonicalizesInPlace(transforms: readonly string[], node: Node, options: Record<string, unknown>, discardComments: boolean): boolean {
  const [first, second] = transforms;
  if (!(transforms.length === 1 ? first === EXC_C14N : transforms.length === 2 && first === ENVELOPED && second === EXC_C14N)) return false;
  if (node.nodeType !== 1) return false;
  const prefixes = options['inclusiveNamespacesPrefixList'];
  if (Array.isArray(prefixes) && prefixes.length > 0) return false;
  for (const method of childrenNamed(node, 'CanonicalizationMethod')) if (childrenNamed(method, 'InclusiveNamespaces').length > 0) return false;
  if (discardComments) for (let n = nextInTree(node, node); n !== null; n = nextInTree(n, node)) if (n.nodeType === 8) return false;
  return true;
}

const classes = new WeakMap<object, SignedXmlClass>();

/** A subclass of xml-crypto's SignedXml (the module given) with the DOM-walk look-ups; built once per module. */
export function signedXmlWithDomLookups(lib: XmlCryptoLib): SignedXmlClass {
  const known = classes.get(lib);
  if (known !== undefined) return known;
  class WithDomLookups extends lib.SignedXml {}
  const baseLoadSignature = lib.SignedXml.prototype.loadSignature;
  // xml-crypto's own xmldom (it may be another copy than the simulator's), for the SignedInfo it re-parses.
  const xmlCryptoRequire = createRequire(createRequire(import.meta.url).resolve('xml-crypto'));
  // The function xml-crypto's findAncestorNs applies to the element its XPath selects (lib/utils.js, not re-exported).
  const { findAncestorNsForElement } = xmlCryptoRequire('./utils') as { findAncestorNsForElement(node: Node): unknown[] };
  let xmldom: { DOMParser: new () => { parseFromString(xml: string, type: string): Document } } | undefined;
  const parseAsXmlCrypto = (xml: string): Document => {
    xmldom ??= xmlCryptoRequire('@xmldom/xmldom') as NonNullable<typeof xmldom>;
    return new xmldom.DOMParser().parseFromString(xml, 'text/xml');
  };
  const overrides = {
    /** xml-crypto's loadSignature with walks of the Signature element for its four XPaths. */
    loadSignature(this: SignedXmlInternals, signatureNode: Node | string): void {
      if (typeof signatureNode === 'string') {
        baseLoadSignature.call(this as unknown as InstanceType<SignedXmlClass>, signatureNode);
        return;
      }
      this.signatureNode = signatureNode;
      this.signatureXml = signatureNode.toString();
      const c14n = firstAttrBelow(signatureNode, 'CanonicalizationMethod', 'Algorithm');
      if (c14n === undefined) throw new Error('could not find CanonicalizationMethod/@Algorithm element');
      this.canonicalizationAlgorithm = c14n.value;
      const method = firstAttrBelow(signatureNode, 'SignatureMethod', 'Algorithm');
      if (method !== undefined) this.signatureAlgorithm = method.value;
      const signedInfoNodes = childrenNamed(signatureNode, 'SignedInfo');
      if (signedInfoNodes.length === 0) throw new Error('no signed info node found');
      if (signedInfoNodes.length > 1) throw new Error('could not load signature that contains multiple SignedInfo nodes');
      let forSignedInfo = this.canonicalizationAlgorithm;
      if (!forSignedInfo || forSignedInfo === 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' || forSignedInfo === 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments') {
        forSignedInfo = 'http://www.w3.org/2001/10/xml-exc-c14n#';
      }
      const canonSignedInfo = this.getCanonXml([forSignedInfo], signedInfoNodes[0] as Node, {});
      const signedInfoDoc = parseAsXmlCrypto(canonSignedInfo).documentElement as Element;
      this.references = [];
      const references = childrenNamed(signedInfoDoc, 'Reference');
      if (references.length === 0) throw new Error('could not find any Reference elements');
      for (const reference of references) this.loadReference(reference);
      const value = firstTextBelow(signatureNode, 'SignatureValue');
      if (value !== undefined && value.nodeType === 3) this.signatureValue = (value as Text).data.replace(/\r?\n/g, '');
      const keyInfo = firstElementBelow(signatureNode, 'KeyInfo');
      if (keyInfo !== undefined) this.keyInfo = keyInfo;
    },
    /** xml-crypto's validateReference, the ID look-up by a walk (same selection, same errors). */
    validateReference(this: SignedXmlInternals, ref: ReferenceInternals, doc: Document): string | undefined {
      const uri = ref.uri?.[0] === '#' ? ref.uri.substring(1) : ref.uri;
      let elem: Element | null = null;
      if (uri === '') {
        elem = doc.documentElement;
      } else if (uri?.indexOf("'") !== -1) {
        throw new Error('Cannot validate a uri with quotes inside it');
      } else {
        let count = 0;
        for (const attr of this.idAttributes) {
          let first: Element | null = null;
          let found = 0;
          for (const e of descendantElements(doc)) {
            if (!hasIdAttr(e, attr, uri)) continue;
            found++;
            first ??= e;
          }
          if (found > 0) {
            count += found;
            if (count > 1) {
              throw new Error('Cannot validate a document which contains multiple elements with the same value for the ID / Id / Id attributes, in order to prevent signature wrapping attack.');
            }
            elem = first;
            ref.xpath = `//*[@*[local-name(.)='${attr}']='${uri}']`;
          }
        }
      }
      if (elem === null) {
        ref.validationError = new Error(`invalid signature: the signature references an element with uri ${ref.uri} but could not find such element in the xml`);
        return undefined;
      }
      const canonXml = (this as unknown as { getCanonReferenceXml(d: Document, r: ReferenceInternals, n: Node): string }).getCanonReferenceXml(doc, ref, elem);
      const digest = this.findHashAlgorithm(ref.digestAlgorithm).getHash(canonXml);
      if (!sameDigest(digest, ref.digestValue)) {
        ref.validationError = new Error(`invalid signature: for uri ${ref.uri} calculated digest is ${digest} but the xml to validate supplies digest ${ref.digestValue}`);
        return undefined;
      }
      return canonXml;
    },
    /** xml-crypto's getCanonReferenceXml with the ancestor namespaces of the element found (its XPath selected that element). */
    getCanonReferenceXml(this: SignedXmlInternals, _doc: Document, ref: ReferenceInternals, node: Node): string {
      if (Array.isArray(ref.transforms)) ref.ancestorNamespaces = findAncestorNsForElement(node);
      const options = { inclusiveNamespacesPrefixList: ref.inclusiveNamespacesPrefixList, ancestorNamespaces: ref.ancestorNamespaces };
      const discardComments = ref.uri === '' || (ref.uri ?? '').startsWith('#');
      return this.canonicalize(ref.transforms, node, options, { discardComments });
    },
    /** xml-crypto's getCanonSignedInfoXml; the first SignedInfo of the document found by a walk. */
    getCanonSignedInfoXml(this: SignedXmlInternals, doc: Document): string {
      if (this.signatureNode == null) throw new Error('No signature found.');
      if (typeof this.canonicalizationAlgorithm !== 'string') throw new Error('Missing canonicalizationAlgorithm when trying to get signed info for XML');
      const signedInfo = childrenNamed(this.signatureNode, 'SignedInfo');
      if (signedInfo.length === 0) throw new Error('could not find SignedInfo element in the message');
      if (signedInfo.length > 1) throw new Error('could not get canonicalized signed info for a signature that contains multiple SignedInfo nodes');
      if (this.canonicalizationAlgorithm === 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' || this.canonicalizationAlgorithm === 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments') {
        if (typeof doc !== 'object') throw new Error('When canonicalization method is non-exclusive, whole xml dom must be provided as an argument');
      }
      let first: Element | undefined;
      for (const e of descendantElements(doc)) {
        if ((e.localName || e.nodeName) === 'SignedInfo') {
          first = e;
          break;
        }
      }
      const ancestorNamespaces = first === undefined ? [] : findAncestorNsForElement(first);
      return this.getCanonXml([this.canonicalizationAlgorithm], signedInfo[0] as Node, { ancestorNamespaces });
    },
    /**
     * xml-crypto's canonicalize; the copy's comments found by a walk. When the transforms cannot
     * change the node (see {@link canonicalizesInPlace}) it is canonicalised where it is instead of
     * in a deep clone (xmldom's cloneNode cost more than the canonicalisation itself): an enveloped
     * Signature below it is taken out for the transforms and put back in its place after them, as
     * the transform takes it out of the clone.
     */
    canonicalize(this: SignedXmlInternals, transforms: string[], node: Node, options: Record<string, unknown>, { discardComments }: { discardComments: boolean }): string {
      options['defaultNsForPrefix'] = options['defaultNsForPrefix'] ?? (lib.SignedXml as unknown as { defaultNsForPrefix: unknown }).defaultNsForPrefix;
      options['signatureNode'] = this.signatureNode;
      if (canonicalizesInPlace(transforms, node, options, discardComments)) {
        let signature: Node | null = null;
        if (transforms.includes(ENVELOPED)) {
          const loaded = this.findLoadedSignature(node);
          if (loaded !== null && loaded !== node && isBelow(loaded, node)) {
            options['signatureNode'] = loaded;
            signature = loaded;
          }
        }
        const parent = signature?.parentNode ?? null;
        const next = signature?.nextSibling ?? null;
        try {
          let transformed: Node | string = node;
          for (const transformName of transforms) transformed = this.findCanonicalizationAlgorithm(transformName).process(transformed as Node, options);
          return transformed as string;
        } finally {
          // The enveloped-signature transform took the Signature out: back into its place.
          if (signature !== null && parent !== null && signature.parentNode === null) parent.insertBefore(signature, next);
        }
      }
      const canonXml = node.cloneNode(true);
      if (transforms.includes(ENVELOPED)) {
        const signaturePath: number[] = [];
        let signatureAncestor: Node | null = this.findLoadedSignature(node);
        while (signatureAncestor?.parentNode && signatureAncestor !== node) {
          signaturePath.push(Array.from(signatureAncestor.parentNode.childNodes).indexOf(signatureAncestor as ChildNode));
          signatureAncestor = signatureAncestor.parentNode;
        }
        if (signatureAncestor === node) options['signatureNode'] = signaturePath.reverse().reduce<Node>((cloned, index) => cloned.childNodes[index] as Node, canonXml);
      }
      if (discardComments) {
        const comments: Node[] = [];
        for (let n = nextInTree(canonXml, canonXml); n !== null; n = nextInTree(n, canonXml)) if (n.nodeType === 8) comments.push(n);
        for (const comment of comments) comment.parentNode?.removeChild(comment);
      }
      let transformed: Node | string = canonXml;
      let transformOptions = options;
      for (const transformName of transforms) {
        if (!isNodeLike(transformed)) {
          transformed = this.parseTransformInput(transformed, transformName);
          transformOptions = { ...options, ancestorNamespaces: [], defaultNs: '', signatureNode: this.findLoadedSignature(transformed) ?? options['signatureNode'] };
        }
        transformed = this.findCanonicalizationAlgorithm(transformName).process(transformed, transformOptions);
      }
      if (isNodeLike(transformed)) transformed = this.findCanonicalizationAlgorithm(C14N).process(transformed, transformOptions);
      return transformed.toString();
    },
    /** xml-crypto's findLoadedSignature; the copy's ds:Signature elements found by a walk. */
    findLoadedSignature(this: SignedXmlInternals, node: Node): Node | null {
      const doc = node.ownerDocument ?? node;
      if (this.signatureNode == null || this.signatureNode.ownerDocument === doc) return this.signatureNode;
      const valueOf = (s: Node): string | null | undefined => childrenNamed(s, 'SignatureValue')[0]?.textContent;
      const signatureValue = valueOf(this.signatureNode);
      if (!signatureValue) return null;
      const matches: Element[] = [];
      for (const e of descendantElements(doc)) {
        if ((e.localName || e.nodeName) === 'Signature' && e.namespaceURI === DS && valueOf(e) === signatureValue) matches.push(e);
      }
      if (matches.length > 1) {
        throw new Error('Cannot validate a document which contains multiple Signature elements with the same SignatureValue, in order to prevent signature wrapping attack.');
      }
      return matches[0] ?? null;
    },
  };
  Object.assign(WithDomLookups.prototype, overrides);
  classes.set(lib, WithDomLookups);
  return WithDomLookups;
}
