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
import { hollowCandidate, type HollowName, type LeanElement, type LeanNode } from './safe-xml.js';

/**
 * Recognises an element by its exact bytes, `text.slice(start, end)`, and the namespace
 * declarations its ancestors make, `scope` (see {@link namespaceScopeOf}): answers the key it knows
 * them by, or undefined.
 */
export type ScopedContentLookup = (scope: string, text: string, start: number, end: number) => string | undefined;

/** An element recognised by {@link findKnownElement}, and what the whole-message checks need. */
export interface KnownElement {
  /** The element. */
  element: LeanElement;
  /** What the lookup answered for its bytes. */
  key: string;
  /** Elements of the looked-for name (namespace and local name) in the whole tree, the element itself included. */
  sameName: number;
  /**
   * The ID values (attributes `ID`, `Id`, `id` of any namespace, as `indexIds` in
   * saml/xml-signature.ts counts them) of every element of the tree, one list per element that
   * carries any, in document order.
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
    let own: string[] | undefined;
    for (const a of e.attributeList) if (ID_ATTRIBUTES.has(a.local) && !a.name.startsWith('xmlns')) (own ??= []).push(a.value);
    if (own !== undefined) ids.push(own);
    e = nextElement(e, root);
  }
  if (element === undefined || sameLocal !== 1 || element.namespaceURI !== name.ns) return undefined;
  const key = known(leanScopeOf(element), text, range.start, range.end);
  return key === undefined ? undefined : { element, key, sameName, ids };
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
