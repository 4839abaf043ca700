/**
 * Parsing a message around one element whose exact bytes are already known, without reading that
 * element's content at all, into a lean tree ({@link LeanElement}): the business services read a
 * call whose SAML token's verdict is remembered (by a digest of its exact bytes, see
 * `token/verdict-cache.ts`) this way, with no DOM, since nothing in such a call is handed to
 * xml-crypto. The whole text is still checked by {@link scanXml} (every safe-XML limit, DTDs,
 * entities, processing instructions, characters) and everything outside the element, its start tag
 * included, is read by the same strict saxes parser as every other message.
 *
 * The function never refuses a message itself: whatever it is not sure of (no unambiguous
 * element of that name, bytes not recognised, anything wrong in the text after it) it answers
 * `undefined`, and the caller parses the message in full, which then accepts or refuses it with
 * its usual code and message. Only the checks that run first on every message and on the whole
 * text (empty body, {@link scanXml}) throw here, with exactly the errors of a parse in full.
 *
 * @example
 * ```ts
 * const known = parseUntrustedXmlKnown(text, { ns: NS.saml, local: 'Assertion' }, lookup);
 * if (known === undefined) parseUntrustedXml(text); // read in full
 * ```
 */
import type { SaxesParser, SaxesTagNS } from 'saxes';
import { lazyRequire } from '../core/lazy-require.js';
import { XmlMalformed } from '../core/errors.js';
import { checkQualifiedNames, DEFAULT_XML_LIMITS, hollowCandidate, LeanElement, LeanText, scanXml, type HollowName, type KnownContent, type XmlLimits } from './safe-xml.js';
import { leanAttributes, type LeanAttribute } from './lean-xml.js';

const saxes = lazyRequire<{ SaxesParser: typeof SaxesParser }>('saxes');

/**
 * Recognises the content of the one element of a message by its exact bytes,
 * `text.slice(start, end)` (from `<` of its start tag to `>` of its end tag) and the namespace
 * declarations its ancestors make, `scope` (see {@link namespaceScopeOf}): it must answer only for
 * bytes that were read in full before under the same declarations (and were well-formed then, so
 * they are now).
 */
export type ScopedContentLookup = (scope: string, text: string, start: number, end: number) => KnownContent | undefined;

/** A message read by {@link parseUntrustedXmlKnown}. */
export interface KnownParse {
  /** The root element. */
  root: LeanElement;
  /** The element whose content was not read: in the tree with its attributes, without children. */
  element: LeanElement;
  /** What the lookup answered for its bytes. */
  known: KnownContent;
  /** Elements of the looked-for name outside the element's content, the element itself included. */
  sameName: number;
  /**
   * The ID values (attributes `ID`, `Id`, `id` of any namespace, as `indexIds` in
   * saml/xml-signature.ts counts them) of every element outside the element's content (its own
   * included), one list per element that carries any, in document order.
   */
  ids: string[][];
}

/** Local names of the attributes that carry IDs (as `indexIds` in saml/xml-signature.ts counts them). */
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);

/**
 * The namespace declarations an element's ancestors make, as a text: for each ancestor from its
 * parent up to the root element, its `xmlns` and `xmlns:*` attributes in document order as
 * `name=value` followed by U+0000, then U+0001. Two elements with the same scope text see the same
 * prefixes bound to the same namespaces. {@link parseUntrustedXmlKnown} hands its lookup the same
 * text for the element it recognises.
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
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) scope += `${a.name}=${a.value}\u0000`;
    }
    scope += '\u0001';
  }
  return scope;
}

/** The reader's parser and what it records (one message at a time: parsing is synchronous). */
interface KnownReader {
  parser: SaxesParser<{ xmlns: true }>;
  /** The name looked for. */
  name: HollowName;
  root: LeanElement | null;
  current: LeanElement | null;
  /** The namespace declarations of each open element (see {@link namespaceScopeOf}), outermost first. */
  declarations: string[];
  sameName: number;
  ids: string[][];
}
let idleReader: KnownReader | undefined;

function newReader(name: HollowName): KnownReader {
  const r: KnownReader = { parser: new (saxes().SaxesParser)({ xmlns: true }), name, root: null, current: null, declarations: [], sameName: 0, ids: [] };
  r.parser.on('opentag', (tag: SaxesTagNS) => {
    // What the DOM parse in full refuses and saxes lets through is left to it (see checkQualifiedNames).
    checkQualifiedNames(tag);
    const element = new LeanElement(tag.name, tag.local, tag.uri === '' ? null : tag.uri, leanAttributes(tag.attributes as Record<string, LeanAttribute>), r.current);
    if (r.current === null) r.root = element;
    else r.current.append(element);
    r.current = element;
    if (tag.local === r.name.local && tag.uri === r.name.ns) r.sameName++;
    let declared = '';
    let ids: string[] | undefined;
    for (const key in tag.attributes) {
      const a = tag.attributes[key];
      if (a === undefined) continue;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) declared += `${a.name}=${a.value}\u0000`;
      else if (ID_ATTRIBUTES.has(a.local) && !a.name.startsWith('xmlns')) (ids ??= []).push(a.value);
    }
    r.declarations.push(declared);
    if (ids !== undefined) r.ids.push(ids);
  });
  r.parser.on('closetag', () => {
    r.current = r.current?.parentNode ?? null;
    r.declarations.pop();
  });
  // As the lean tree of `parseUntrustedXmlLean`: no whitespace around the root, no comments.
  const onText = (data: string): void => {
    if (r.current !== null) r.current.append(new LeanText(data));
  };
  r.parser.on('text', onText);
  r.parser.on('cdata', onText);
  return r;
}

/**
 * Read `text` as `parseUntrustedXmlLean` does, except the content of the one element named `name`
 * when `known` recognises its exact bytes: that element is found by its text (exactly one start
 * tag of that local name, with any prefix, in the whole text, and exactly one end tag of its
 * qualified name after it; not self-closing), the parser reads the text up to the end of its
 * start tag, asks `known` with its bytes and the namespace declarations of its ancestors, and goes
 * on at its end tag. Undefined (read the message in full instead) when there is no such element,
 * the element the parser opened there is not the first of that name, `known` does not recognise
 * it, the text is not well-formed, or reading took longer than the parse time budget. Throws only
 * what a parse in full throws first: an empty body, or what {@link scanXml} refuses.
 *
 * @example
 * ```ts
 * const r = parseUntrustedXmlKnown(text, { ns: NS.saml, local: 'Assertion' }, lookup);
 * r?.element.firstChild; // null: its content was not read
 * ```
 */
export function parseUntrustedXmlKnown(text: string, name: HollowName, known: ScopedContentLookup, limits: XmlLimits = DEFAULT_XML_LIMITS): KnownParse | undefined {
  const started = performance.now();
  if (text.trim() === '') throw new XmlMalformed('the body is empty; send a SOAP envelope');
  scanXml(text, limits);
  const skip = hollowCandidate(text, name.local);
  if (skip === undefined) return undefined;
  const r = idleReader ?? newReader(name);
  idleReader = undefined;
  r.name = name;
  r.root = null;
  r.current = null;
  r.declarations.length = 0;
  r.sameName = 0;
  r.ids = [];
  let found: { element: LeanElement; known: KnownContent };
  try {
    r.parser.write(text.slice(0, skip.tagEnd + 1));
    // The parser has just read the candidate's start tag: the open element must be it, the first of its name.
    const element = r.current as LeanElement | null; // set by the parser's events
    if (element === null || r.sameName !== 1 || element.localName !== name.local || element.namespaceURI !== name.ns) return undefined;
    let scope = '';
    for (let i = r.declarations.length - 2; i >= 0; i--) scope += `${r.declarations[i] ?? ''}\u0001`;
    const hit = known(scope, text, skip.start, skip.end);
    if (hit === undefined) return undefined;
    found = { element, known: hit };
    r.parser.write(text.slice(skip.endTag)).close();
  } catch {
    // Not well-formed after all: the parse in full reports it with its position.
    return undefined;
  }
  const root = r.root;
  if (root === null) return undefined;
  if (performance.now() - started > (limits.maxParseMs ?? DEFAULT_XML_LIMITS.maxParseMs)) return undefined;
  const result: KnownParse = { root, ...found, sameName: r.sameName, ids: r.ids };
  r.root = null;
  r.current = null;
  r.ids = [];
  // A reader whose parse was completed is reused (saxes resets itself after `close`); one left
  // half-way (a `return` above) is dropped.
  idleReader = r;
  return result;
}
