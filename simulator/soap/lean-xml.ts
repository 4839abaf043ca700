/**
 * The lean tree of untrusted XML ({@link LeanElement}, built by `parseUntrustedXmlLean` in
 * safe-xml.ts) and its fast path, {@link parseLeanFast}: one pass over the text, with `indexOf`
 * for markup and quotes, for the plain XML that SOAP clients send (ASCII names, the five
 * predefined entities, no comments, CDATA, DOCTYPE or processing instructions). The fast path
 * never refuses anything: whatever it is not sure of (anything outside that plain subset, anything
 * wrong, anything over a limit) it leaves to the safe-XML checks and the saxes parser, which then
 * accept or refuse it with their own messages. So it may only accept what they accept, and build
 * the tree they build; `safe-xml.test.ts` compares the two on hand-made edge cases and on
 * thousands of mutated requests.
 *
 * @example
 * ```ts
 * const root = parseLeanFast(text, limits); // undefined: read it with the full parser
 * ```
 */

// rule: LIMIT-XML (docs/rules.md): every limit is checked here too, by leaving the text to the full parser.

/** Characters XML 1.0 does not allow (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). */
export const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The character data of a {@link LeanElement} (text and CDATA sections; comments are not kept). */
export class LeanText {
  /** As a DOM Text node's (CDATA sections are text here). */
  readonly nodeType = 3;
  nextSibling: LeanNode | null = null;
  constructor(readonly textContent: string) {}
}

/** A node of a lean tree. */
export type LeanNode = LeanElement | LeanText;

/** An attribute of a {@link LeanElement} (namespace-aware, as saxes reports it). */
export interface LeanAttribute {
  /** The qualified name, as written. */
  name: string;
  local: string;
  /** The namespace URI, '' for none. */
  uri: string;
  value: string;
}

const NO_ATTRIBUTES: readonly LeanAttribute[] = Object.freeze([]);

/**
 * An element of a lean tree: its names, attributes, children and text, with the members of the
 * DOM's `Element` that the message readers use, meaning the same (`namespaceURI` null without a
 * namespace, `getAttribute` by qualified name, `textContent` the text of every descendant without
 * comments), so the same helpers (`childElement`, `textOf`, ... in safe-xml.ts) read both.
 */
export class LeanElement {
  readonly nodeType = 1;
  firstChild: LeanNode | null = null;
  nextSibling: LeanNode | null = null;
  /** The last child, while the tree is built. */
  private lastChild: LeanNode | null = null;
  constructor(
    /** The qualified name, as written. */
    readonly nodeName: string,
    readonly localName: string,
    readonly namespaceURI: string | null,
    /** In document order, namespace declarations included. */
    private readonly attributes: readonly LeanAttribute[],
    readonly parentNode: LeanElement | null,
  ) {}

  /** Append a child (while building). */
  append(child: LeanNode): void {
    if (this.lastChild === null) this.firstChild = child;
    else this.lastChild.nextSibling = child;
    this.lastChild = child;
  }

  /** The value of the attribute with this qualified name, or null. */
  getAttribute(name: string): string | null {
    for (const a of this.attributes) if (a.name === name) return a.value;
    return null;
  }

  /** The value of the attribute with this namespace (null: none) and local name, or null. */
  getAttributeNS(ns: string | null, local: string): string | null {
    const uri = ns ?? '';
    for (const a of this.attributes) if (a.local === local && a.uri === uri) return a.value;
    return null;
  }

  /** How many attributes it has, namespace declarations included. */
  get attributeCount(): number {
    return this.attributes.length;
  }

  /** Its attributes in document order, namespace declarations included (for readers that must see every one, e.g. ID checks). */
  get attributeList(): readonly LeanAttribute[] {
    return this.attributes;
  }

  /** The text of every descendant text node, in document order (comments are not kept). */
  get textContent(): string {
    const first = this.firstChild;
    if (first === null) return '';
    if (first.nextSibling === null && first.nodeType === 3) return first.textContent;
    let out = '';
    for (let c: LeanNode | null = first; c !== null; c = c.nextSibling) out += c.textContent;
    return out;
  }
}

/** The attributes saxes reported for a tag, as a {@link LeanElement} keeps them. */
export function leanAttributes(record: Readonly<Record<string, LeanAttribute>>): readonly LeanAttribute[] {
  const out: LeanAttribute[] = [];
  for (const key in record) {
    const { name, local, uri, value } = record[key] as LeanAttribute;
    out.push({ name, local, uri, value });
  }
  return out.length === 0 ? NO_ATTRIBUTES : out;
}

/** The limits the fast path leaves to the full parser, all given. */
export interface LeanFastLimits {
  maxDepth: number;
  maxAttributes: number;
  maxElements: number;
  maxTotalAttributes: number;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** Character classes of ASCII: 1 starts a name, 2 continues one, 4 is XML white space. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] = 1 | 2;
  else if (/[0-9.-]/.test(ch)) CLASS[c] = 2;
  else if (/[ \t\n\r]/.test(ch)) CLASS[c] = 4;
}
const isSpace = (c: number): boolean => c < 128 && ((CLASS[c] as number) & 4) !== 0;
const isNameStart = (c: number): boolean => c < 128 && ((CLASS[c] as number) & 1) !== 0;
const isNameChar = (c: number): boolean => c < 128 && ((CLASS[c] as number) & 2) !== 0;

/** The XML declaration the fast path reads (anything else is left to the full parser). */
const XML_DECL = /^<\?xml version=(["'])1\.0\1(?: encoding=(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?: standalone=(["'])(?:yes|no)\3)? ?\?>/;
/** The predefined entities, the only references the fast path reads. */
const ENTITY = /^&(amp|lt|gt|quot|apos);/;
const ENTITY_TEXT: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** White space that the full parser turns into a space in an attribute value. */
const ATTRIBUTE_SPACE = /[\t\n]/;

/**
 * `text.slice(from, to)` with the predefined entity references in it replaced by their
 * characters, or undefined when it holds another `&` (a character reference, say).
 */
function unescaped(text: string, from: number, to: number, amp: number): string | undefined {
  if (amp < from) return undefined;
  let out = '';
  let at = from;
  while (amp !== -1 && amp < to) {
    const m = ENTITY.exec(text.slice(amp, amp + 6));
    if (m === null) return undefined;
    out += text.slice(at, amp) + (ENTITY_TEXT[m[1] as string] as string);
    at = amp + m[0].length;
    if (at > to) return undefined;
    amp = text.indexOf('&', at);
  }
  return out + text.slice(at, to);
}

/**
 * The end of the name at `i` of `text` (`n` its length), a QName of ASCII NCNames (`[A-Za-z_][A-Za-z0-9._-]*`,
 * with at most one colon between two of them); -1 when there is no such name there.
 */
function nameEnd(text: string, i: number, n: number): number {
  if (!isNameStart(text.charCodeAt(i))) return -1;
  let colon = false;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isNameChar(c)) continue;
    if (c !== 0x3a /* : */ || colon) break;
    colon = true;
    if (!isNameStart(text.charCodeAt(i + 1))) return -1;
  }
  return i;
}

/**
 * The lean tree of `text`, read in one pass, when the text is plain XML that is certainly
 * well-formed, namespace-well-formed and within `limits`; undefined otherwise (then the text must
 * be read by the full parser, which accepts it or says what is wrong). Undefined is never a
 * refusal: the fast path is only a quicker way to the tree that the full parser would build.
 *
 * @example
 * ```ts
 * parseLeanFast('<a xmlns="urn:x"><b>t</b></a>', limits)?.localName; // 'a'
 * ```
 */
export function parseLeanFast(input: string, limits: LeanFastLimits): LeanElement | undefined {
  return readFast(input, limits, undefined)?.root;
}

/** Where an element's bytes are in a text (see {@link parseLeanFastAround}). */
export interface HollowSpan {
  /** Position of `<` of its start tag. */
  start: number;
  /** Position of the `>` that ends its start tag. */
  tagEnd: number;
  /** Position after the `>` of its end tag. */
  end: number;
}

/** What {@link parseLeanFastAround} read. */
export interface LeanSkeleton {
  /** The tree, with the hollow element's start tag read (its names, attributes and namespace declarations) and nothing of its content. */
  root: LeanElement;
  /** The element whose content was left unread (it has no children in the tree). */
  hollow: LeanElement;
  /** Where its bytes are: from its start tag to the first end tag of its name after it. */
  span: HollowSpan;
  /** Its depth (the root element is 1). */
  hollowDepth: number;
  /** Elements read, the hollow element counted and nothing inside it. */
  elements: number;
  /** Attributes read (namespace declarations included), the hollow element's counted and none inside it. */
  attributes: number;
}

/**
 * {@link parseLeanFast} of a text with the content of one element left unread: the first element
 * of local name `local` (its start tag read as any other: names, attributes, namespace
 * declarations) is taken to end at the first end tag of its qualified name after its start tag,
 * and reading goes on after that, as if it were empty. Only for an element whose exact bytes, as
 * found so, are then recognised as those of an element read in full before under the same
 * namespace declarations (a remembered token, see known-content.ts): the caller compares them,
 * adds what the content holds (elements, attributes, depth) to the counts and checks the limits
 * on the sums. Undefined when the fast path would not read the text (see {@link parseLeanFast}),
 * the text has carriage returns (the span is a position in the text as given), or no such element
 * with an end tag is met; the limits are checked on what is read.
 *
 * @example
 * ```ts
 * const s = parseLeanFastAround(text, limits, 'Assertion');
 * s?.hollow.localName; // 'Assertion'
 * ```
 */
export function parseLeanFastAround(input: string, limits: LeanFastLimits, local: string): LeanSkeleton | undefined {
  if (input.includes('\r')) return undefined;
  const read = readFast(input, limits, local);
  return read === undefined || read.hollow === undefined ? undefined : (read as LeanSkeleton);
}

/** What {@link readFast} read (`hollow` only when a local name was given and such an element met). */
interface FastRead {
  root: LeanElement;
  hollow: LeanElement | undefined;
  span: HollowSpan | undefined;
  hollowDepth: number;
  elements: number;
  attributes: number;
}

/** Every character {@link INVALID_XML_CHAR} may match (surrogates whether paired or not): one class, scanned quickly. */
const MAYBE_INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Whether `text` holds a character XML does not allow (see {@link INVALID_XML_CHAR}; paired surrogates are allowed). */
function hasInvalidXmlChar(text: string): boolean {
  return MAYBE_INVALID_XML_CHAR.test(text) && INVALID_XML_CHAR.test(text);
}

function readFast(input: string, limits: LeanFastLimits, hollowLocal: string | undefined): FastRead | undefined {
  // With an element left unread, its bytes are not checked here: they are only used when they are
  // exactly those of an element read in full before (see parseLeanFastAround), whose characters that
  // read checked; the text around them is checked at the end (a character not allowed changes
  // nothing the reading decides before it: the answer is then undefined). A remembered token is
  // ~90 % of a service call, and this scan ~1.3 ns per character.
  if (hollowLocal === undefined && hasInvalidXmlChar(input)) return undefined;
  // Line ends as the parser reads them (XML 1.0 2.11); "]]>" is only allowed in CDATA sections and
  // attribute values, rare enough to be left to the full parser.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (text.includes(']]>')) return undefined;
  const checkValues = text.includes('\t') || text.includes('\n');
  const n = text.length;
  let pos = 0;
  if (text.startsWith('<?')) {
    const decl = XML_DECL.exec(text.slice(0, 120));
    if (decl === null) return undefined;
    pos = decl[0].length;
  }
  // Namespace bindings in scope (the first `nsTop` of prefixes and URIs, innermost last); `frames`
  // keeps `nsTop` as it was when each open element was opened.
  const prefixes: string[] = ['xml', 'xmlns'];
  const uris: string[] = [XML_NAMESPACE, XMLNS_NAMESPACE];
  let nsTop = 2;
  const frames: number[] = [];
  let root: LeanElement | null = null;
  let current: LeanElement | null = null;
  let elements = 0;
  let totalAttributes = 0;
  let amp = text.indexOf('&');
  // The attribute names and values of the start tag being read (the first `count`).
  const names: string[] = [];
  const values: string[] = [];
  // The next `<` at or after `pos` when known (found while reading a start tag), else -2.
  let nextLt = -2;
  let hollow: LeanElement | undefined;
  let span: HollowSpan | undefined;
  let hollowDepth = 0;
  while (pos < n) {
    const lt = nextLt >= pos || nextLt === -1 ? nextLt : text.indexOf('<', pos);
    nextLt = -2;
    const to = lt === -1 ? n : lt;
    if (to > pos) {
      if (current === null) {
        // Outside the root element only white space is allowed.
        for (let k = pos; k < to; k++) if (!isSpace(text.charCodeAt(k))) return undefined;
      } else {
        let data: string | undefined;
        if (amp !== -1 && amp < to) {
          data = unescaped(text, pos, to, amp);
          if (data === undefined) return undefined;
          amp = text.indexOf('&', to);
        } else data = text.slice(pos, to);
        current.append(new LeanText(data));
      }
    }
    if (lt === -1) break;
    if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      // An end tag: the name of the open element, optional white space, `>`.
      if (current === null || !text.startsWith(current.nodeName, lt + 2)) return undefined;
      // The open element's name (read as a name when it was opened), ended by white space or `>`.
      let k = lt + 2 + current.nodeName.length;
      while (isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 0x3e /* > */) return undefined;
      nsTop = frames.pop() as number;
      current = current.parentNode;
      pos = k + 1;
      if (current === null) break;
      continue;
    }
    // A start tag (anything else after `<`, a comment or CDATA section among them, is not read here).
    if (root !== null && current === null) return undefined;
    const nameStop = nameEnd(text, lt + 1, n);
    if (nameStop === -1) return undefined;
    const qname = text.slice(lt + 1, nameStop);
    let count = 0;
    let k = nameStop;
    let selfClosing = false;
    for (;;) {
      const c = text.charCodeAt(k);
      if (c === 0x3e /* > */) break;
      if (c === 0x2f /* / */) {
        if (text.charCodeAt(k + 1) !== 0x3e) return undefined;
        selfClosing = true;
        k++;
        break;
      }
      // An attribute: white space, a name, `=`, a quoted value (without `<`: checked below).
      if (!isSpace(c)) return undefined;
      k++;
      while (isSpace(text.charCodeAt(k))) k++;
      const c2 = text.charCodeAt(k);
      if (c2 === 0x3e || c2 === 0x2f) continue;
      const attrEnd = nameEnd(text, k, n);
      if (attrEnd === -1 || text.charCodeAt(attrEnd) !== 0x3d /* = */) return undefined;
      const quote = text.charCodeAt(attrEnd + 1);
      if (quote !== 0x22 && quote !== 0x27) return undefined;
      const close = text.indexOf(quote === 0x22 ? '"' : "'", attrEnd + 2);
      if (close === -1) return undefined;
      let value: string | undefined;
      if (amp !== -1 && amp < close) {
        value = unescaped(text, attrEnd + 2, close, amp);
        if (value === undefined) return undefined;
        amp = text.indexOf('&', close);
      } else value = text.slice(attrEnd + 2, close);
      if (checkValues && ATTRIBUTE_SPACE.test(value)) return undefined;
      names[count] = text.slice(k, attrEnd);
      values[count] = value;
      count++;
      k = close + 1;
    }
    // A `<` before the end of the tag is inside an attribute value: not allowed there.
    nextLt = text.indexOf('<', lt + 1);
    if (nextLt !== -1 && nextLt < k) return undefined;
    elements++;
    totalAttributes += count;
    if (count > limits.maxAttributes || totalAttributes > limits.maxTotalAttributes || elements > limits.maxElements) return undefined;
    frames.push(nsTop);
    let attributes: readonly LeanAttribute[] = NO_ATTRIBUTES;
    if (count > 0) {
      // Namespace declarations first: they apply to the element's own names.
      for (let a = 0; a < count; a++) {
        const name = names[a] as string;
        if (name.startsWith('xmlns') && (name.length === 5 || name.charCodeAt(5) === 0x3a)) {
          const prefix = name.length === 5 ? '' : name.slice(6);
          const uri = (values[a] as string).trim();
          if ((prefix !== '' && uri === '') || prefix === 'xml' || prefix === 'xmlns' || uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE) return undefined;
          prefixes[nsTop] = prefix;
          uris[nsTop] = uri;
          nsTop++;
        }
      }
      const list: LeanAttribute[] = [];
      for (let a = 0; a < count; a++) {
        const name = names[a] as string;
        const colon = name.indexOf(':');
        let local = name;
        let uri = name === 'xmlns' ? XMLNS_NAMESPACE : '';
        if (colon !== -1) {
          const prefix = name.slice(0, colon);
          let b = nsTop - 1;
          while (b >= 0 && prefixes[b] !== prefix) b--;
          if (b < 0) return undefined;
          uri = uris[b] as string;
          local = name.slice(colon + 1);
        }
        // A duplicate: the same qualified name, or the same namespace and local name.
        for (const other of list) {
          if (other.name === name || (colon !== -1 && other.local === local && other.uri === uri && other.name.includes(':'))) return undefined;
        }
        list.push({ name, local, uri, value: values[a] as string });
      }
      attributes = list;
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    if (prefix === 'xmlns' || prefix === 'xml' || qname === 'xmlns') return undefined;
    let b = nsTop - 1;
    while (b >= 0 && prefixes[b] !== prefix) b--;
    const ns = b < 0 ? '' : (uris[b] as string);
    if (colon !== -1 && ns === '') return undefined;
    const element: LeanElement = new LeanElement(qname, colon === -1 ? qname : qname.slice(colon + 1), ns === '' ? null : ns, attributes, current);
    if (current === null) root = element;
    else current.append(element);
    pos = k + 1;
    if (hollow === undefined && element.localName === hollowLocal) {
      // The element whose content is left unread: closed at once, reading goes on after its end tag.
      if (selfClosing || frames.length > limits.maxDepth) return undefined;
      const endTag = text.indexOf(`</${qname}`, k + 1);
      if (endTag === -1) return undefined;
      let close = endTag + qname.length + 2;
      while (isSpace(text.charCodeAt(close))) close++;
      if (text.charCodeAt(close) !== 0x3e /* > */) return undefined;
      hollow = element;
      span = { start: lt, tagEnd: k, end: close + 1 };
      hollowDepth = frames.length;
      nsTop = frames.pop() as number;
      pos = span.end;
      nextLt = -2;
      if (amp !== -1 && amp < pos) amp = text.indexOf('&', pos);
      if (current === null) break;
      continue;
    }
    if (selfClosing) {
      nsTop = frames.pop() as number;
      if (current === null) break;
    } else {
      if (frames.length > limits.maxDepth) return undefined;
      current = element;
    }
  }
  // The root element is closed; only white space may follow.
  if (root === null || current !== null) return undefined;
  for (let k = pos; k < n; k++) if (!isSpace(text.charCodeAt(k))) return undefined;
  if (hollowLocal !== undefined) {
    // The text around the unread element (none met: the caller reads the text otherwise).
    if (span === undefined || hasInvalidXmlChar(text.slice(0, span.start)) || hasInvalidXmlChar(text.slice(span.end))) return undefined;
  }
  return { root, hollow, span, hollowDepth, elements, attributes: totalAttributes };
}
