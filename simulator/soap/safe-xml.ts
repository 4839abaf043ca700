/**
 * Parsing untrusted XML safely: no DTDs, no entity declarations, no processing instructions
 * beyond the XML declaration, bounded depth, attribute count, element count, comment/CDATA
 * count and parse time, strict UTF-8. Every XML endpoint parses through {@link parseUntrustedXml}.
 * The structural limits bound the work of everything downstream too (signature verification
 * re-parses and canonicalises the message): see docs/hardening.md for the measured figures.
 *
 * @example
 * ```ts
 * const doc = parseUntrustedXml(bodyBytes); // throws XmlForbidden / XmlMalformed
 * ```
 */
import { isUtf8 } from 'node:buffer';
import type { DOMImplementation } from '@xmldom/xmldom';
import type { SaxesParser, SaxesTagNS } from 'saxes';
import { lazyRequire } from '../core/lazy-require.js';
import { XmlForbidden, XmlMalformed } from '../core/errors.js';
import { INVALID_XML_CHAR, LeanElement, LeanText, leanAttributes, parseLeanFast, type LeanAttribute, type LeanNode } from './lean-xml.js';

export { LeanElement, LeanText, type LeanNode };

/** Limits applied before the parser sees the text (and, for the time, while it parses). */
export interface XmlLimits {
  /** Deepest element nesting (default 64). */
  maxDepth: number;
  /** Most attributes (including namespace declarations) on one element (default 64). */
  maxAttributes: number;
  /** Most elements in the document (default 5 000). */
  maxElements: number;
  /** Most attributes (including namespace declarations) in the whole document (default 10 000). */
  maxTotalAttributes?: number;
  /**
   * Most comments plus CDATA sections in the document (default 1 000). Each is a DOM node of its
   * own, and xml-crypto removes comments one by one before digesting (quadratic in their number).
   */
  maxCommentsAndCdata?: number;
  /** Parse time budget in milliseconds (scan + DOM; default 1 000): a slower parse is refused. */
  maxParseMs?: number;
}

export const DEFAULT_XML_LIMITS: Readonly<Required<XmlLimits>> = Object.freeze({
  maxDepth: 64,
  maxAttributes: 64,
  maxElements: 5_000,
  maxTotalAttributes: 10_000,
  maxCommentsAndCdata: 1_000,
  maxParseMs: 1_000,
});

/**
 * Decode bytes as strict UTF-8 (a BOM is dropped); `what` names them in the refusal. The bytes are
 * checked by `buffer.isUtf8` (the WHATWG decoder's validity: no overlong forms, surrogates or code
 * points beyond U+10FFFF) and then decoded by `Buffer#toString`: the same as a fatal `TextDecoder`,
 * about a third of its time for a 6 KB request.
 */
export function decodeUtf8(bytes: Uint8Array, what = 'the body'): string {
  if (!isUtf8(bytes)) throw new XmlMalformed(`${what} is not valid UTF-8; send the XML encoded as UTF-8`);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', bom);
}

const CHAR_REF = /^&#(?:x0*([0-9a-fA-F]+)|0*([0-9]+));?/;

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

const codePointName = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Check the raw text for forbidden constructs and the limits, in one pass, without building
 * anything. Throws on the first problem.
 */
export function scanXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  // rule: LIMIT-XML (docs/rules.md)
  // The DOM parser accepts characters XML 1.0 forbids (NUL, other C0 controls, also as character
  // references); they would reach messages and answers, and make the answer itself unreadable XML.
  const bad = INVALID_XML_CHAR.exec(text);
  if (bad !== null) {
    throw new XmlMalformed(`the message contains the character ${codePointName(bad[0].charCodeAt(0))}, which XML 1.0 does not allow; remove it`);
  }
  // Character references, checked in character data and attribute values (never in comments or
  // CDATA, where `&#` is plain text). `nextRef` only moves forward: linear in the text.
  let nextRef = text.indexOf('&#');
  const checkRefsUpTo = (to: number, check: boolean): void => {
    while (nextRef !== -1 && nextRef < to) {
      const m = check ? CHAR_REF.exec(text.slice(nextRef, nextRef + 64)) : null;
      if (m !== null) {
        const digits = m[1] ?? m[2] ?? '';
        const cp = digits.length > 8 ? Infinity : m[1] !== undefined ? parseInt(digits, 16) : Number(digits);
        if (!isXmlChar(cp)) {
          throw new XmlMalformed(`the message contains the character reference \`${m[0]}\` (${cp > 0x10ffff ? 'beyond Unicode' : codePointName(cp)}), which XML 1.0 does not allow; remove it`);
        }
      }
      nextRef = text.indexOf('&#', nextRef + 2);
    }
  };
  const maxTotalAttributes = limits.maxTotalAttributes ?? DEFAULT_XML_LIMITS.maxTotalAttributes;
  const maxCommentsAndCdata = limits.maxCommentsAndCdata ?? DEFAULT_XML_LIMITS.maxCommentsAndCdata;
  let depth = 0;
  let elements = 0;
  let totalAttributes = 0;
  let commentsAndCdata = 0;
  const n = text.length;
  const countCommentOrCdata = (): void => {
    if (++commentsAndCdata > maxCommentsAndCdata) {
      throw new XmlForbidden(`the message has more than ${maxCommentsAndCdata} comments and CDATA sections; send it without them`);
    }
  };
  let i = text.indexOf('<');
  while (i !== -1 && i < n) {
    checkRefsUpTo(i, true);
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) throw new XmlMalformed('an XML comment is never closed');
        countCommentOrCdata();
        checkRefsUpTo(end + 3, false);
        i = text.indexOf('<', end + 3);
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) throw new XmlMalformed('a CDATA section is never closed');
        countCommentOrCdata();
        checkRefsUpTo(end + 3, false);
        i = text.indexOf('<', end + 3);
        continue;
      }
      const word = /^<!([A-Z]+)/.exec(text.slice(i, i + 12))?.[1] ?? '';
      throw new XmlForbidden(
        `the message contains a ${word === '' ? 'markup declaration' : `<!${word}> declaration`}; DTDs and entity declarations are not allowed in SOAP messages (SOAP 1.2 Part 1, 5) and are refused to prevent entity-expansion and external-entity attacks; remove it`,
      );
    }
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) throw new XmlMalformed('a processing instruction is never closed');
      const isDecl = i === 0 || (i === 1 && text.charCodeAt(0) === 0xfeff) || /^\s*$/.test(text.slice(0, i));
      if (!(isDecl && /^<\?xml[\s?]/.test(text.slice(i, i + 6)))) {
        throw new XmlForbidden('the message contains a processing instruction; SOAP messages must not contain processing instructions (SOAP 1.2 Part 1, 5); remove it');
      }
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (next === 0x2f /* / */) {
      // An end tag without a start tag would let the depth count go negative (and so allow deeper
      // nesting later); the parser would refuse it anyway, so refuse it here, before parsing.
      if (--depth < 0) throw new XmlMalformed('an end tag comes before its start tag');
      i = text.indexOf('<', i + 2);
      continue;
    }
    // A start tag: find its end outside quoted attribute values, count attributes.
    let j = i + 1;
    let attrs = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22 || c === 0x27) {
        // A quoted value: on at its closing quote (found natively, not character by character).
        const close = text.indexOf(c === 0x22 ? '"' : "'", j + 1);
        if (close === -1) j = n;
        else j = close;
      } else if (c === 0x3d /* = */) attrs++;
      else if (c === 0x3e /* > */) break;
    }
    if (j >= n) throw new XmlMalformed('a start tag is never closed');
    checkRefsUpTo(j, true);
    elements++;
    if (attrs > limits.maxAttributes) {
      throw new XmlForbidden(`an element carries ${attrs} attributes; at most ${limits.maxAttributes} are accepted`);
    }
    totalAttributes += attrs;
    if (totalAttributes > maxTotalAttributes) {
      throw new XmlForbidden(`the message has more than ${maxTotalAttributes} attributes (namespace declarations included); send a smaller message`);
    }
    if (elements > limits.maxElements) {
      throw new XmlForbidden(`the message has more than ${limits.maxElements} elements; send a smaller message`);
    }
    if (text.charCodeAt(j - 1) !== 0x2f /* / */) {
      depth++;
      if (depth > limits.maxDepth) {
        throw new XmlForbidden(`elements are nested more than ${limits.maxDepth} levels deep; no EESZT message needs that, send a flatter message`);
      }
    }
    i = text.indexOf('<', j + 1);
  }
  checkRefsUpTo(n, true);
}

/**
 * Parse untrusted XML into a DOM (xmldom), refusing DTDs, entities and oversized structure.
 * Accepts bytes (decoded as strict UTF-8) or an already decoded string.
 */
export function parseUntrustedXml(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): Document {
  const { text, overBudget } = checkedText(input, limits);
  const doc = buildDom(text);
  if (doc.documentElement === null) throw new XmlMalformed('the XML has no root element');
  overBudget('parsing');
  return doc;
}

/**
 * Parse untrusted XML into a {@link LeanElement} tree: the same checks, limits, parser and errors
 * as {@link parseUntrustedXml} (the text is checked by {@link scanXml} and read by the same saxes
 * parser, or by a fast path that reads plain XML in one pass and leaves everything else to them:
 * see lean-xml.ts), but the tree is plain objects with the few DOM members the message readers use,
 * about a third of the cost of an xmldom Document (measured in bench/sts). For messages whose readers
 * need no DOM: nothing in it can be handed to xml-crypto or xpath; a message with a signature to
 * verify is parsed by {@link parseUntrustedXml}.
 *
 * @example
 * ```ts
 * const root = parseUntrustedXmlLean(bodyBytes); // throws XmlForbidden / XmlMalformed
 * root.localName; // 'Envelope'
 * ```
 */
export function parseUntrustedXmlLean(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): LeanElement {
  // The fast path first (lean-xml.ts): plain XML that it reads in one pass is certainly accepted by
  // the checks and the parser below, and gets the tree they build; anything else (every refusal
  // among it) goes through them, so refusals keep their codes and messages. A fast read over the
  // time budget is done again below, to be refused as before.
  const started = performance.now();
  const decoded = typeof input === 'string' ? input : decodeUtf8(input);
  const fast = parseLeanFast(decoded, {
    maxDepth: limits.maxDepth,
    maxAttributes: limits.maxAttributes,
    maxElements: limits.maxElements,
    maxTotalAttributes: limits.maxTotalAttributes ?? DEFAULT_XML_LIMITS.maxTotalAttributes,
  });
  if (fast !== undefined && performance.now() - started <= (limits.maxParseMs ?? DEFAULT_XML_LIMITS.maxParseMs)) return fast;
  return parseUntrustedXmlLeanFull(decoded, limits);
}

/**
 * {@link parseUntrustedXmlLean} without its fast path: the safe-XML checks ({@link scanXml}) and
 * saxes read every text. What the fast path leaves to; for the benches and tests that compare the two.
 *
 * @example
 * ```ts
 * parseUntrustedXmlLeanFull(text).localName; // as parseUntrustedXmlLean(text).localName
 * ```
 */
export function parseUntrustedXmlLeanFull(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): LeanElement {
  const { text, overBudget } = checkedText(input, limits);
  const root = buildLean(text);
  if (root === null) throw new XmlMalformed('the XML has no root element');
  overBudget('parsing');
  return root;
}

/** The text of `input`, checked by {@link scanXml}, and the parse time budget's check (started now). */
function checkedText(input: Uint8Array | string, limits: XmlLimits): { text: string; overBudget: (stage: string) => void } {
  const started = performance.now();
  const budgetMs = limits.maxParseMs ?? DEFAULT_XML_LIMITS.maxParseMs;
  const overBudget = (stage: string): void => {
    const took = performance.now() - started;
    if (took > budgetMs) {
      throw new XmlForbidden(`${stage} the message took ${Math.round(took)} ms, more than the parse time budget of ${budgetMs} ms; send a smaller or simpler message`, {
        details: { parseMs: Math.round(took), budgetMs },
      });
    }
  };
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text.trim() === '') throw new XmlMalformed('the body is empty; send a SOAP envelope');
  scanXml(text, limits);
  overBudget('checking');
  return { text, overBudget };
}

/** The name of the element that `findKnownElement` (known-content.ts) recognises by its bytes. */
export interface HollowName {
  ns: string;
  local: string;
}

/** Where an element's bytes are in a text: its start tag begins at `start`, its end tag at `endTag`; `end` is after its last `>`. */
export interface ElementRange {
  start: number;
  endTag: number;
  end: number;
}

/**
 * The exact bytes of the element whose qualified name is `qname`, found by its text alone: the one
 * occurrence of `<qname` (followed by white space, `>` or `/`) in the whole text, and the one
 * occurrence of `</qname` after it, closed by `>` after optional white space. Undefined when
 * either is missing or not unique (e.g. a copy in a comment), or the end tag is malformed.
 *
 * @example
 * ```ts
 * const r = exactElementRange(text, 'saml:Assertion');
 * if (r !== undefined) text.slice(r.start, r.end); // '<saml:Assertion ...>...</saml:Assertion>'
 * ```
 */
export function exactElementRange(text: string, qname: string): ElementRange | undefined {
  const start = uniqueTag(text, `<${qname}`, 0);
  if (start === undefined) return undefined;
  const endTag = uniqueTag(text, `</${qname}`, start);
  if (endTag === undefined) return undefined;
  let close = endTag + qname.length + 2;
  while (close < text.length && isXmlSpace(text.charCodeAt(close))) close++;
  if (text.charCodeAt(close) !== 0x3e /* > */) return undefined;
  return { start, endTag, end: close + 1 };
}

/**
 * Position of the one occurrence of the tag opener `open` (followed by white space, `>` or `/`)
 * at or after `from`; undefined if there is none or more than one in the whole text.
 */
function uniqueTag(text: string, open: string, from: number): number | undefined {
  let found: number | undefined;
  for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + open.length)) {
    const next = text.charCodeAt(i + open.length);
    if (!(isXmlSpace(next) || next === 0x3e || next === 0x2f)) continue;
    if (found !== undefined || i < from) return undefined;
    found = i;
  }
  return found;
}

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Characters that end a prefix when reading back from `:local` (none of them is in an XML name). */
const NOT_IN_NAME = new Set(['<', '>', '/', '"', "'", '=', '&', ';', ':', '!', '?', ' ', '\t', '\n', '\r']);

/** Where the one element of local name `local` may be skipped: its range and the end of its start tag. */
export interface SkipRange extends ElementRange {
  /** Position of the `>` that ends the start tag. */
  tagEnd: number;
}

/**
 * The range of the one element with local name `local` (any prefix), when the text holds exactly
 * one start tag of that local name and exactly one end tag of its name, after it (as
 * {@link exactElementRange} finds them, in one pass over the occurrences of `local`); it is not
 * self-closing. Undefined otherwise (then nothing is skipped). Whatever it answers, the bytes
 * skipped are those the lookup recognised, from the start tag to the end tag.
 */
export function hollowCandidate(text: string, local: string): SkipRange | undefined {
  let start: number | undefined;
  let qname = '';
  const ends: Array<{ at: number; qname: string }> = [];
  for (let i = text.indexOf(local); i !== -1; i = text.indexOf(local, i + local.length)) {
    const next = text.charCodeAt(i + local.length);
    if (!(isXmlSpace(next) || next === 0x3e || next === 0x2f)) continue;
    let s = i - 1;
    if (text[s] === ':') {
      s--;
      while (s >= 0 && !NOT_IN_NAME.has(text[s] as string)) s--;
      if (s === i - 2) continue; // `:` right after a non-name character: no prefix
    }
    const name = text.slice(s + 1, i + local.length);
    if (text[s] === '<') {
      if (start !== undefined) return undefined;
      start = s;
      qname = name;
    } else if (text[s] === '/' && text[s - 1] === '<') ends.push({ at: s - 1, qname: name });
  }
  if (start === undefined) return undefined;
  const own = ends.filter((e) => e.qname === qname);
  const endTag = own.length === 1 ? own[0]?.at : undefined;
  if (endTag === undefined || endTag < start) return undefined;
  let close = endTag + qname.length + 2;
  while (close < text.length && isXmlSpace(text.charCodeAt(close))) close++;
  if (text.charCodeAt(close) !== 0x3e /* > */) return undefined;
  let quote = 0;
  let j = start + 1;
  for (; j < endTag; j++) {
    const c = text.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e /* > */) break;
  }
  if (j >= endTag || text.charCodeAt(j - 1) === 0x2f /* / */) return undefined;
  return { start, endTag, end: close + 1, tagEnd: j };
}

// xmldom and saxes load with the first XML parsed, not at start-up (issue 16 goal 4: xmldom alone
// freezes its table of 2000 HTML entities when loaded).
const xmldom = lazyRequire<{ DOMImplementation: typeof DOMImplementation }>('@xmldom/xmldom');
const saxes = lazyRequire<{ SaxesParser: typeof SaxesParser }>('saxes');
let domImplementation: DOMImplementation | undefined;

/**
 * Build an xmldom Document from text already checked by {@link scanXml}. The text is read by
 * saxes (a strict, namespace-aware XML 1.0 parser: well-formedness, unbound prefixes, duplicate
 * attributes, undefined entities are errors) and the nodes are created through the xmldom DOM
 * API, so everything downstream (xml-crypto, xpath) sees an ordinary xmldom Document. This is
 * about twice as fast as xmldom's own parser, which compiles regular expressions for every end
 * tag (measured in bench/sts; see docs/performance.md).
 */
function buildDom(text: string): Document {
  domImplementation ??= new (xmldom().DOMImplementation)();
  const doc = domImplementation.createDocument(null, '', null) as unknown as Document;
  let current: Node = doc;
  const parser = new (saxes().SaxesParser)({ xmlns: true });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element = doc.createElementNS(tag.uri === '' ? null : tag.uri, tag.name);
    for (const key in tag.attributes) {
      const attr = tag.attributes[key];
      if (attr !== undefined) element.setAttributeNS(attr.uri === '' ? null : attr.uri, attr.name, attr.value);
    }
    current.appendChild(element);
    current = element;
  });
  parser.on('closetag', () => {
    current = current.parentNode ?? doc;
  });
  // Whitespace around the root element is not part of the document's content.
  parser.on('text', (data: string) => {
    if (current !== doc) current.appendChild(doc.createTextNode(data));
  });
  parser.on('cdata', (data: string) => {
    current.appendChild(doc.createCDATASection(data));
  });
  parser.on('comment', (data: string) => {
    current.appendChild(doc.createComment(data));
  });
  try {
    parser.write(text).close();
  } catch (err) {
    throw new XmlMalformed(`the XML is not well-formed: ${saxesProblem(err instanceof Error ? err.message : String(err), text, parser.position)}`);
  }
  return doc;
}

// xmldom's own grammar of qualified names, which its createElementNS and setAttributeNS check.
const xmldomGrammar = lazyRequire<{ QName_exact: RegExp }>('@xmldom/xmldom/lib/grammar.js');

/**
 * Refuse the names that {@link buildDom} refuses when it creates the element and its attributes
 * (xmldom's checks, with its messages), and saxes lets through: a local part that is not an NCName
 * (`a:1`, `p:-x`), an element named `xmlns` (Namespaces in XML 1.0, 3 and 4).
 */
function checkQualifiedNames(tag: SaxesTagNS): void {
  const qname = xmldomGrammar().QName_exact;
  if (!qname.test(tag.name)) throw new Error(`invalid character in qualified name "${tag.name}"`);
  if (tag.name === 'xmlns') throw new Error('either qualifiedName or prefix is "xmlns" and namespace is not the XMLNS namespace');
  for (const key in tag.attributes) if (!qname.test(key)) throw new Error(`invalid character in qualified name "${key}"`);
}

/** The lean builder's parser and the tree it is building (one at a time: parsing is synchronous). */
interface LeanBuilder {
  parser: SaxesParser<{ xmlns: true }>;
  root: LeanElement | null;
  current: LeanElement | null;
}
let leanBuilder: LeanBuilder | undefined;

/** A parser whose events build a lean tree into the builder's `root`. */
function newLeanBuilder(): LeanBuilder {
  const b: LeanBuilder = { parser: new (saxes().SaxesParser)({ xmlns: true }), root: null, current: null };
  b.parser.on('opentag', (tag: SaxesTagNS) => {
    checkQualifiedNames(tag);
    const element = new LeanElement(tag.name, tag.local, tag.uri === '' ? null : tag.uri, leanAttributes(tag.attributes as Record<string, LeanAttribute>), b.current);
    if (b.current === null) b.root = element;
    else b.current.append(element);
    b.current = element;
  });
  b.parser.on('closetag', () => {
    b.current = b.current?.parentNode ?? null;
  });
  // Whitespace around the root element is not part of the document's content; comments are not
  // part of any reader's text (DOM textContent leaves them out too).
  const onText = (data: string): void => {
    if (b.current !== null) b.current.append(new LeanText(data));
  };
  b.parser.on('text', onText);
  b.parser.on('cdata', onText);
  return b;
}

/**
 * Build a {@link LeanElement} tree from text already checked by {@link scanXml}, with the same
 * saxes parser and options as {@link buildDom} (so the same text is refused with the same message);
 * null when there is no root element. The parser is reused (saxes resets itself after a
 * successful `close`); after a refusal it is dropped.
 */
function buildLean(text: string): LeanElement | null {
  const b = leanBuilder ?? newLeanBuilder();
  leanBuilder = undefined;
  b.root = null;
  b.current = null;
  try {
    b.parser.write(text).close();
  } catch (err) {
    throw new XmlMalformed(`the XML is not well-formed: ${saxesProblem(err instanceof Error ? err.message : String(err), text, b.parser.position)}`);
  }
  const root = b.root;
  b.root = null;
  b.current = null;
  leanBuilder = b;
  return root;
}

/**
 * A saxes message (`1:42: unexpected close tag.`) as a sentence that says what to do, with its
 * position; `text` is the document, to name an undefined entity.
 */
function saxesProblem(message: string, text: string, position: number): string {
  const m = /^(\d+):(\d+): (.*)$/s.exec(message.split('\n')[0] ?? '');
  const what = (m?.[3] ?? message).replace(/\.$/, '').slice(0, 300);
  if (what === 'documents may contain only one root') return 'the document has more than one root element; send exactly one';
  const at = m === null ? '' : ` (line ${m[1]}, column ${m[2]})`;
  if (what === 'undefined entity') {
    const start = text.lastIndexOf('&', position);
    const name = start === -1 ? '' : /^&[^;\s<&]{0,64};?/.exec(text.slice(start, start + 70))?.[0] ?? '';
    return `undefined entity${name === '' ? '' : ` \`${name}\``}${at}; XML predefines only &lt; &gt; &amp; &quot; &apos; and DTDs are refused, so write the character itself or a character reference`;
  }
  return `${what}${at}`;
}

/** Escape text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => XML_ESCAPES[c] ?? c) : text;
}
const XML_SPECIAL = /[&<>"']/;
const XML_SPECIALS = /[&<>"']/g;
const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A node the helpers below read: an xmldom node or a {@link LeanElement}. */
type ReadableNode = Node | LeanElement;
/** The element type of a node's children: lean in a lean tree, DOM in a DOM. */
type ElementOf<N> = N extends LeanElement ? LeanElement : Element;
/** What the helpers walk: a child and its next sibling. */
interface Sibling {
  readonly nodeType: number;
  readonly nextSibling: Sibling | null;
  readonly localName?: string | null;
  readonly namespaceURI?: string | null;
}

/** Element children of a node (skipping text, comments). */
export function childElements<N extends ReadableNode>(node: N): Array<ElementOf<N>> {
  const out: Array<ElementOf<N>> = [];
  for (let c = node.firstChild as Sibling | null; c !== null; c = c.nextSibling) if (c.nodeType === 1) out.push(c as unknown as ElementOf<N>);
  return out;
}

/** The first child element with this namespace and local name, or null. */
export function childElement<N extends ReadableNode>(node: N, ns: string, local: string): ElementOf<N> | null {
  for (let c = node.firstChild as Sibling | null; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.localName === local && c.namespaceURI === ns) return c as unknown as ElementOf<N>;
  }
  return null;
}

/** All child elements with this namespace and local name. */
export function childElementsNamed<N extends ReadableNode>(node: N, ns: string, local: string): Array<ElementOf<N>> {
  const out: Array<ElementOf<N>> = [];
  for (let c = node.firstChild as Sibling | null; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.localName === local && c.namespaceURI === ns) out.push(c as unknown as ElementOf<N>);
  }
  return out;
}

/** Trimmed text content of an element (empty string for null). */
export function textOf(el: Element | LeanElement | null | undefined): string {
  return (el?.textContent ?? '').trim();
}
