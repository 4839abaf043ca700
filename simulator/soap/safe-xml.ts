/**
 * Parsing untrusted XML safely: no DTDs, no entity declarations, no processing instructions
 * beyond the XML declaration, bounded depth, attribute count and element count, strict UTF-8.
 * Every XML endpoint parses through {@link parseUntrustedXml}.
 *
 * @example
 * ```ts
 * const doc = parseUntrustedXml(bodyBytes); // throws XmlForbidden / XmlMalformed
 * ```
 */
import { DOMParser } from '@xmldom/xmldom';
import { XmlForbidden, XmlMalformed } from '../core/errors.js';

/** Limits applied before the parser sees the text. */
export interface XmlLimits {
  /** Deepest element nesting (default 64). */
  maxDepth: number;
  /** Most attributes (including namespace declarations) on one element (default 64). */
  maxAttributes: number;
  /** Most elements in the document (default 20 000). */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxDepth: 64, maxAttributes: 64, maxElements: 20_000 });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as strict UTF-8 (a BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new XmlMalformed('the body is not valid UTF-8; send the XML encoded as UTF-8');
  }
}

/**
 * Check the raw text for forbidden constructs and the limits, in one pass, without building
 * anything. Throws on the first problem.
 */
export function scanXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  let depth = 0;
  let elements = 0;
  const n = text.length;
  let i = text.indexOf('<');
  while (i !== -1 && i < n) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) throw new XmlMalformed('an XML comment is never closed');
        i = text.indexOf('<', end + 3);
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) throw new XmlMalformed('a CDATA section is never closed');
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
      depth--;
      i = text.indexOf('<', i + 2);
      continue;
    }
    // A start tag: find its end outside quoted attribute values, count attributes.
    let j = i + 1;
    let quote = 0;
    let attrs = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
        continue;
      }
      if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3d /* = */) attrs++;
      else if (c === 0x3e /* > */) break;
    }
    if (j >= n) throw new XmlMalformed('a start tag is never closed');
    elements++;
    if (attrs > limits.maxAttributes) {
      throw new XmlForbidden(`an element carries ${attrs} attributes; at most ${limits.maxAttributes} are accepted`);
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
}

/**
 * Parse untrusted XML into a DOM (xmldom), refusing DTDs, entities and oversized structure.
 * Accepts bytes (decoded as strict UTF-8) or an already decoded string.
 */
export function parseUntrustedXml(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): Document {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text.trim() === '') throw new XmlMalformed('the body is empty; send a SOAP envelope');
  scanXml(text, limits);
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      if (level !== 'warning' && problem === undefined) problem = message;
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml') as unknown as Document;
  } catch (err) {
    throw new XmlMalformed(`the XML is not well-formed: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }
  if (problem !== undefined) throw new XmlMalformed(`the XML is not well-formed: ${firstLine(problem)}`);
  if (doc.documentElement === null) throw new XmlMalformed('the XML has no root element');
  return doc;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^\[xmldom [^\]]*\]\s*/, '').slice(0, 300);
}

/** Escape text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Element children of a node (skipping text, comments). */
export function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** The first child element with this namespace and local name, or null. */
export function childElement(node: Node, ns: string, local: string): Element | null {
  for (let c = node.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === local && (c as Element).namespaceURI === ns) return c as Element;
  }
  return null;
}

/** All child elements with this namespace and local name. */
export function childElementsNamed(node: Node, ns: string, local: string): Element[] {
  return childElements(node).filter((e) => e.localName === local && e.namespaceURI === ns);
}

/** Trimmed text content of an element (empty string for null). */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').trim();
}
