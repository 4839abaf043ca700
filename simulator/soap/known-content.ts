/**
 * Recognising one element of a message read into a lean tree by its exact bytes: the business
 * services answer a call whose SAML token's verdict is remembered (by a digest of the token's exact
 * bytes, see `token/verdict-cache.ts`) from the lean tree of `parseUntrustedXmlLean`, without any
 * DOM, since nothing in such a call is handed to xml-crypto.
 *
 * The element is found by its text (exactly one start tag of its local name, with any prefix, in
 * the whole text, and exactly one end tag of its qualified name after it; see `hollowCandidate`)
 * and must be the one element of that local name in the tree: then its bytes, from `<` of its
 * start tag to `>` of its end tag, are exactly those the parser read as that element. The lookup
 * sees those bytes and the namespace declarations its ancestors make ({@link namespaceScopeOf}
 * gives the same text for a DOM element), so a token remembered from a message parsed in full is
 * recognised only in the same namespace context.
 *
 * @example
 * ```ts
 * const known = findKnownElement(parseUntrustedXmlLean(text), text, { ns: NS.saml, local: 'Assertion' }, lookup);
 * known?.key; // what the lookup answered
 * ```
 */
import { parseLeanFastAround, type LeanFastLimits } from './lean-xml.js';
import { hollowCandidate, type HollowName, type LeanElement, type LeanNode } from './safe-xml.js';

/**
 * What the whole-message checks and the safe-XML limits need of an element, counted once from a
 * tree that holds all of it (see {@link findKnownElement}), so that a message holding the same
 * exact bytes under the same namespace declarations can be read without reading them again
 * ({@link readAroundKnown}).
 */
export interface ElementShape {
  /** Elements, the element itself included. */
  elements: number;
  /** Attributes, namespace declarations included. */
  attributes: number;
  /** Most attributes on one of its elements. */
  maxAttributes: number;
  /** Levels of elements, the element itself 1 (empty elements counted too: never less than the parser counts). */
  depth: number;
  /** Its elements of the looked-for local name (any namespace), itself included. */
  sameLocal: number;
  /** Its elements of the looked-for namespace and local name, itself included. */
  sameName: number;
  /** The ID values of its elements (as {@link KnownElement.ids}). */
  ids: string[][];
}

/**
 * What a lookup knows of exact bytes it recognises: the key it answers them by, and their shape
 * once it has been counted ({@link findKnownElement} fills it in the first time; the lookup keeps
 * it with what it remembers of those bytes, and drops it with them).
 */
export interface KnownContent {
  key: string;
  shape?: ElementShape;
}

/**
 * Recognises an element by its exact bytes, `text.slice(start, end)`, and the namespace
 * declarations its ancestors make, `scope` (see {@link namespaceScopeOf}): answers what it knows
 * of them, or undefined.
 */
export type ScopedContentLookup = (scope: string, text: string, start: number, end: number) => KnownContent | undefined;

/** An element recognised by {@link findKnownElement} or {@link readAroundKnown}, and what the whole-message checks need. */
export interface KnownElement {
  /** The element (read by {@link readAroundKnown}: its start tag only, without children). */
  element: LeanElement;
  /** What the lookup answered for its bytes. */
  key: string;
  /** Where its bytes are in the text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Elements of the looked-for name (namespace and local name) in the whole message, the element itself included. */
  sameName: number;
  /**
   * The ID values (attributes `ID`, `Id`, `id` of any namespace, as `indexIds` in
   * saml/xml-signature.ts counts them) of every element of the message, one list per element that
   * carries any.
   */
  ids: string[][];
}

/** Local names of the attributes that carry IDs (as `indexIds` in saml/xml-signature.ts counts them). */
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);

const isDeclaration = (name: string): boolean => name === 'xmlns' || name.startsWith('xmlns:');

/**
 * The namespace declarations an element's ancestors make, as a text: for each ancestor from its
 * parent up to the root element, its `xmlns` and `xmlns:*` attributes in document order as
 * `name=value` followed by U+0000, then U+0001. Two elements with the same scope text see the same
 * prefixes bound to the same namespaces. {@link findKnownElement} hands its lookup the same text,
 * computed from the lean tree.
 *
 * @example
 * ```ts
 * namespaceScopeOf(assertion); // 'xmlns:wsse=http://...\u0000\u0001xmlns:s=http://...\u0000\u0001'
 * ```
 */
export function namespaceScopeOf(element: Element): string {
  let scope = '';
  for (let p = element.parentNode; p !== null && p.nodeType === 1; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i) as Attr;
      if (isDeclaration(a.name)) scope += `${a.name}=${a.value}\u0000`;
    }
    scope += '\u0001';
  }
  return scope;
}

/** {@link namespaceScopeOf} of a lean element. */
function leanScopeOf(element: LeanElement): string {
  let scope = '';
  for (let p = element.parentNode; p !== null; p = p.parentNode) {
    for (const a of p.attributeList) if (isDeclaration(a.name)) scope += `${a.name}=${a.value}\u0000`;
    scope += '\u0001';
  }
  return scope;
}

/**
 * The one element named `name` of the tree `root` of `text`, when `known` recognises its exact
 * bytes; undefined (validate the message in full instead) when the text holds no unambiguous
 * element of that local name (see the module comment), the tree holds another element of that
 * local name or none, it is not in the namespace of `name`, or `known` does not recognise it.
 *
 * @example
 * ```ts
 * const known = findKnownElement(root, text, { ns: NS.saml, local: 'Assertion' }, rememberedTokenLookup(deps));
 * ```
 */
export function findKnownElement(root: LeanElement, text: string, name: HollowName, known: ScopedContentLookup): KnownElement | undefined {
  const range = hollowCandidate(text, name.local);
  if (range === undefined) return undefined;
  let element: LeanElement | undefined;
  let sameLocal = 0;
  let sameName = 0;
  const ids: string[][] = [];
  // Every element in document order (a pre-order walk without recursion).
  let e: LeanElement | null = root;
  while (e !== null) {
    if (e.localName === name.local) {
      sameLocal++;
      element = e;
      if (e.namespaceURI === name.ns) sameName++;
    }
    const own = idsOf(e);
    if (own !== undefined) ids.push(own);
    e = nextElement(e, root);
  }
  if (element === undefined || sameLocal !== 1 || element.namespaceURI !== name.ns) return undefined;
  const content = known(leanScopeOf(element), text, range.start, range.end);
  if (content === undefined) return undefined;
  // Counted once for these bytes; a message without comments or CDATA sections in them (which a
  // lean tree does not show, and the limits count) may then be read around them.
  if (content.shape === undefined && !hasMarkupDeclarations(text, range.start, range.end)) content.shape = shapeOf(element, name);
  return { element, key: content.key, start: range.start, end: range.end, sameName, ids };
}

/** Whether `text.slice(start, end)` holds `<!` (a comment or CDATA section). */
function hasMarkupDeclarations(text: string, start: number, end: number): boolean {
  const at = text.indexOf('<!', start);
  return at !== -1 && at < end;
}

/** The {@link ElementShape} of `element`, whose whole content is in the tree. */
function shapeOf(element: LeanElement, name: HollowName): ElementShape {
  const shape: ElementShape = { elements: 0, attributes: 0, maxAttributes: 0, depth: 0, sameLocal: 0, sameName: 0, ids: [] };
  const walk = (e: LeanElement, level: number): void => {
    shape.elements++;
    shape.attributes += e.attributeCount;
    shape.maxAttributes = Math.max(shape.maxAttributes, e.attributeCount);
    shape.depth = Math.max(shape.depth, level);
    if (e.localName === name.local) {
      shape.sameLocal++;
      if (e.namespaceURI === name.ns) shape.sameName++;
    }
    const own = idsOf(e);
    if (own !== undefined) shape.ids.push(own);
    for (let c = firstElement(e.firstChild); c !== null; c = firstElement(c.nextSibling)) walk(c, level + 1);
  };
  walk(element, 1);
  return shape;
}

/** The ID values an element carries (see {@link KnownElement.ids}), or undefined. */
function idsOf(e: LeanElement): string[] | undefined {
  let own: string[] | undefined;
  for (const a of e.attributeList) if (ID_ATTRIBUTES.has(a.local) && !a.name.startsWith('xmlns')) (own ??= []).push(a.value);
  return own;
}

/**
 * A message read around an element whose exact bytes `known` recognises and whose shape it keeps:
 * the text is read by the lean parser's fast path ({@link parseLeanFastAround}) without the
 * element's content, and the limits are checked on the sums of what was read and the shape; the
 * whole-message checks get the same counts and IDs as {@link findKnownElement} gives for the whole
 * tree. What it answers:
 * - `{ root, known }`: the tree (the element without children) and the element recognised;
 * - `'unknown'`: the element's bytes are not recognised (read the message in full);
 * - undefined: the message cannot be read so (the fast path does not read it, no unambiguous
 *   element of that name, its shape not yet counted, a sum over a limit, another element of
 *   its local name, ...): read it as {@link findKnownElement} expects, whose checks decide.
 *
 * @example
 * ```ts
 * const r = readAroundKnown(text, { ns: NS.saml, local: 'Assertion' }, lookup, limits);
 * ```
 */
export function readAroundKnown(
  text: string,
  name: HollowName,
  known: ScopedContentLookup,
  limits: LeanFastLimits & { maxParseMs: number },
): { root: LeanElement; known: KnownElement } | 'unknown' | undefined {
  const started = performance.now();
  const skeleton = parseLeanFastAround(text, limits, name.local);
  if (skeleton === undefined) return undefined;
  const { root, hollow, span: range } = skeleton;
  if (hollow.localName !== name.local || hollow.namespaceURI !== name.ns) return undefined;
  const content = known(leanScopeOf(hollow), text, range.start, range.end);
  if (content === undefined) return 'unknown';
  const shape = content.shape;
  if (shape === undefined) return undefined;
  // The limits on the whole message: what was read (the element's start tag among it) and its content.
  if (
    shape.maxAttributes > limits.maxAttributes ||
    skeleton.elements - 1 + shape.elements > limits.maxElements ||
    skeleton.attributes - hollow.attributeCount + shape.attributes > limits.maxTotalAttributes ||
    skeleton.hollowDepth - 1 + shape.depth > limits.maxDepth
  ) {
    return undefined;
  }
  let sameLocal = shape.sameLocal;
  let sameName = shape.sameName;
  const ids: string[][] = [];
  for (let e: LeanElement | null = root; e !== null; e = nextElement(e, root)) {
    if (e === hollow) continue;
    if (e.localName === name.local) {
      sameLocal++;
      if (e.namespaceURI === name.ns) sameName++;
    }
    const own = idsOf(e);
    if (own !== undefined) ids.push(own);
  }
  if (sameLocal !== 1 || performance.now() - started > limits.maxParseMs) return undefined;
  for (const own of shape.ids) ids.push(own);
  return { root, known: { element: hollow, key: content.key, start: range.start, end: range.end, sameName, ids } };
}



/** The element after `e` in document order within `root`, or null. */
function nextElement(e: LeanElement, root: LeanElement): LeanElement | null {
  const child = firstElement(e.firstChild);
  if (child !== null) return child;
  for (let at: LeanElement | null = e; at !== null && at !== root; at = at.parentNode) {
    const sibling = firstElement(at.nextSibling);
    if (sibling !== null) return sibling;
  }
  return null;
}

/** `node` or its first following sibling that is an element, or null. */
function firstElement(node: LeanNode | null): LeanElement | null {
  for (let n = node; n !== null; n = n.nextSibling) if (n.nodeType === 1) return n as LeanElement;
  return null;
}
