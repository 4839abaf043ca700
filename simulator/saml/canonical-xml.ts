/**
 * Writing XML directly in its exclusive canonical form (W3C Exclusive XML Canonicalization 1.0,
 * without comments), so that what the simulator signs never has to be parsed and canonicalised
 * again: the digest of an element built here is the SHA-256 of the string this module returns.
 *
 * Rules applied (exc-c14n section 3 and C14N 1.0 section 2.3):
 * - a namespace declaration is written on an element only where its prefix is visibly used
 *   (by the element or one of its attributes) and no output ancestor already declared it;
 *   declarations come first, sorted by prefix;
 * - attributes are sorted by namespace URI, then local name (unqualified ones first);
 * - empty elements are written as start-end tag pairs; text and attribute values are escaped as
 *   C14N prescribes; no XML declaration.
 *
 * Default namespaces are not supported: every namespaced element carries a prefix. Unprefixed
 * names are in no namespace.
 *
 * {@link canonicalizeNode} canonicalises a parsed DOM node with xml-crypto, for checks and for
 * input the simulator did not build itself.
 *
 * @example
 * ```ts
 * const body = el('s:Body', { 'wsu:Id': 'body' }, el('x:Ping', {}, 'hi'));
 * canonicalXml(body, { s: NS.s12, wsu: NS.wsu, x: 'urn:x' });
 * // '<s:Body xmlns:s="…" xmlns:wsu="…" wsu:Id="body"><x:Ping xmlns:x="urn:x">hi</x:Ping></s:Body>'
 * ```
 */
import { lazyRequire } from '../core/lazy-require.js';

/** xml-crypto, loaded on first use (not at start-up). */
const xmlCrypto = lazyRequire<typeof import('xml-crypto')>('xml-crypto');
import { NS } from './namespaces.js';

/** An element to write: qualified name, attributes (qualified names allowed) and children. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string | undefined>>;
  readonly children: readonly XmlChild[];
}

/** Already serialised XML inserted verbatim (must itself be canonical in this position). */
export interface RawXml {
  readonly raw: string;
}

/** A child: an element, text, or verbatim XML. */
export type XmlChild = XmlElement | RawXml | string;

/** Prefix -> namespace URI. */
export type NamespaceMap = Readonly<Record<string, string>>;

/**
 * Build an element. Attributes whose value is `undefined` are left out.
 *
 * @example
 * ```ts
 * el('saml:Audience', {}, 'urn:eeszt:services');
 * ```
 */
export function el(name: string, attrs: Readonly<Record<string, string | undefined>> = {}, ...children: XmlChild[]): XmlElement {
  return { name, attrs, children };
}

/** Verbatim XML. */
export function raw(xml: string): RawXml {
  return { raw: xml };
}

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<"\t\n\r]/;

/** Escape text content as C14N does (`&`, `<`, `>`, CR). */
export function c14nText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

/** Escape an attribute value as C14N does (`&`, `<`, `"`, TAB, LF, CR). */
export function c14nAttr(value: string): string {
  if (!ATTR_SPECIAL.test(value)) return value;
  return value.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;',
  );
}

function prefixOf(qname: string): string {
  const i = qname.indexOf(':');
  return i === -1 ? '' : qname.slice(0, i);
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function uriOf(prefix: string, namespaces: NamespaceMap): string {
  if (prefix === 'xml') return XML_NS;
  const uri = namespaces[prefix];
  if (uri === undefined) throw new Error(`canonicalXml: no namespace URI for prefix \`${prefix}\``);
  return uri;
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map();

interface Attr {
  uri: string;
  local: string;
  qname: string;
  value: string;
}

function compareAttrs(a: Attr, b: Attr): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.local < b.local ? -1 : a.local > b.local ? 1 : 0;
}

/** Write one element; `rendered` maps the prefixes an output ancestor declared (never mutated). */
function write(node: XmlElement, namespaces: NamespaceMap, rendered: ReadonlyMap<string, string>): string {
  const name = node.name;
  const elPrefix = prefixOf(name);
  // Prefixes visibly used here whose declaration is not in scope yet (prefix, URI, prefix, URI, ...).
  let decls: string[] | undefined;
  if (elPrefix !== '') {
    const uri = uriOf(elPrefix, namespaces);
    if (rendered.get(elPrefix) !== uri) decls = [elPrefix, uri];
  }
  let attrs: Attr[] | undefined;
  const source = node.attrs;
  for (const qname in source) {
    const value = source[qname];
    if (value === undefined) continue;
    const p = prefixOf(qname);
    if (p === 'xmlns' || qname === 'xmlns') throw new Error('canonicalXml: write namespaces through the namespace map, not as attributes');
    const uri = p === '' ? '' : uriOf(p, namespaces);
    if (p !== '' && p !== 'xml' && rendered.get(p) !== uri && !hasPrefix(decls, p)) (decls ??= []).push(p, uri);
    (attrs ??= []).push({ uri, local: p === '' ? qname : qname.slice(p.length + 1), qname, value });
  }
  let scope = rendered;
  let out = `<${name}`;
  if (decls !== undefined) {
    const next = new Map(rendered);
    const order: number[] = [];
    for (let i = 0; i < decls.length; i += 2) order.push(i);
    if (order.length > 1) order.sort((a, b) => ((decls[a] as string) < (decls[b] as string) ? -1 : 1));
    for (const i of order) {
      const p = decls[i] as string;
      const uri = decls[i + 1] as string;
      next.set(p, uri);
      out += ` xmlns:${p}="${c14nAttr(uri)}"`;
    }
    scope = next;
  }
  if (attrs !== undefined) {
    if (attrs.length > 1) attrs.sort(compareAttrs);
    for (const a of attrs) out += ` ${a.qname}="${c14nAttr(a.value)}"`;
  }
  out += '>';
  for (const child of node.children) {
    if (typeof child === 'string') out += c14nText(child);
    else if ('raw' in child) out += child.raw;
    else out += write(child, namespaces, scope);
  }
  return `${out}</${name}>`;
}

/** Whether the (prefix, URI, ...) list names `prefix`. */
function hasPrefix(decls: readonly string[] | undefined, prefix: string): boolean {
  if (decls === undefined) return false;
  for (let i = 0; i < decls.length; i += 2) if (decls[i] === prefix) return true;
  return false;
}

/**
 * The exclusive canonical form of an element tree, as the apex of the canonicalised node set
 * (no ancestor declarations assumed). `namespaces` maps every prefix used to its URI.
 *
 * @example
 * ```ts
 * canonicalXml(el('saml:Issuer', {}, 'urn:eeszt-sim:sts'), NS);
 * // '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:eeszt-sim:sts</saml:Issuer>'
 * ```
 */
export function canonicalXml(root: XmlElement, namespaces: NamespaceMap = NS): string {
  return write(root, namespaces, EMPTY_SCOPE);
}

/** The marker of a template slot: U+0000 (never in XML text), the kind, the number, U+0000. */
const slotMarker = (kind: 't' | 'a' | 'r', n: number): string => `\u0000${kind}${n}\u0000`;

/** A template slot for text content: the value is escaped as C14N escapes text ({@link c14nText}). */
export function textSlot(n: number): string {
  return slotMarker('t', n);
}

/** A template slot for (part of) an attribute value: the value is escaped as C14N escapes attributes ({@link c14nAttr}). */
export function attrSlot(n: number): string {
  return slotMarker('a', n);
}

/** A template slot for verbatim XML (already canonical in its position, e.g. another template's output). */
export function rawSlot(n: number): RawXml {
  return raw(slotMarker('r', n));
}

/** An element's exclusive canonical form written once, with slots for the values that change. */
export interface CanonicalTemplate {
  /** The canonical text with slot n replaced by `values[n]` (escaped by the slot's kind). */
  fill(values: readonly string[]): string;
  /**
   * {@link fill} cut at raw slot `at` (which must occur once): the text before it and the text
   * after it, `values[at]` left out. `before + x + after` is `fill` with `x` in that slot, so a
   * value known later (a signature) is put in place without filling the template again.
   */
  fillAround(values: readonly string[], at: number): [before: string, after: string];
}

const SLOT_SPLIT = /\u0000([tar])(\d+)\u0000/;

/**
 * Compile an element tree holding slots ({@link textSlot}, {@link attrSlot}, {@link rawSlot}) into
 * a template: {@link canonicalXml} runs once, and each fill only concatenates the fixed text
 * with the escaped values. Filling gives exactly what {@link canonicalXml} writes for the same
 * tree with the values in place of the slots (element and attribute names, namespace
 * declarations and attribute order do not depend on the values; the escaping is the same
 * function). `inScope` lists the prefixes an output ancestor already declared, for a template
 * that is inserted into another (a raw slot of it).
 *
 * @example
 * ```ts
 * const t = canonicalTemplate(el('saml:Audience', { Id: attrSlot(0) }, textSlot(1)));
 * t.fill(['a1', 'urn:eeszt:services']);
 * ```
 */
export function canonicalTemplate(root: XmlElement, namespaces: NamespaceMap = NS, inScope: NamespaceMap = {}): CanonicalTemplate {
  const pieces = write(root, namespaces, new Map(Object.entries(inScope))).split(SLOT_SPLIT);
  // pieces: text, kind, number, text, kind, number, ..., text
  const texts: string[] = [];
  const kinds: string[] = [];
  const slots: number[] = [];
  for (let i = 0; i < pieces.length; i += 3) {
    const text = pieces[i] as string;
    if (text.includes('\u0000')) throw new Error('canonicalTemplate: a slot marker was split by escaping or is malformed');
    texts.push(text);
    if (i + 2 < pieces.length) {
      kinds.push(pieces[i + 1] as string);
      slots.push(Number(pieces[i + 2]));
    }
  }
  const first = texts[0] as string;
  /** How often each raw slot occurs (fillAround cuts at a raw slot that occurs once). */
  const rawSlotCounts: number[] = [];
  for (let k = 0; k < slots.length; k++) if (kinds[k] === 'r') rawSlotCounts[slots[k] as number] = (rawSlotCounts[slots[k] as number] ?? 0) + 1;
  const template: CanonicalTemplate = {
    fill(values: readonly string[]): string {
      let out = first;
      for (let k = 0; k < slots.length; k++) {
        const value = values[slots[k] as number];
        if (value === undefined) throw new Error(`canonicalTemplate: no value for slot ${slots[k]}`);
        const kind = kinds[k];
        out += (kind === 't' ? c14nText(value) : kind === 'a' ? c14nAttr(value) : value) + (texts[k + 1] as string);
      }
      return out;
    },
    fillAround(values: readonly string[], at: number): [string, string] {
      let before = first;
      let out = '';
      let cut = false;
      for (let k = 0; k < slots.length; k++) {
        const n = slots[k] as number;
        const kind = kinds[k];
        if (n === at && kind === 'r' && !cut) {
          before += out;
          out = texts[k + 1] as string;
          cut = true;
          continue;
        }
        const value = values[n];
        if (value === undefined) throw new Error(`canonicalTemplate: no value for slot ${n}`);
        out += (kind === 't' ? c14nText(value) : kind === 'a' ? c14nAttr(value) : value) + (texts[k + 1] as string);
      }
      if (!cut || rawSlotCounts[at] !== 1) throw new Error(`canonicalTemplate: raw slot ${at} does not occur exactly once`);
      return [before, out];
    },
  };
  // Proof on compile: filled with values that every escaping changes, the template must give what
  // the writer gives for the tree with those values in place (a text slot used in an attribute,
  // or the reverse, fails here).
  const probes: string[] = [];
  for (let k = 0; k < slots.length; k++) probes[slots[k] as number] = kinds[k] === 'r' ? `<p${slots[k]}></p${slots[k]}>` : `&<>"'\t\n\r${slots[k]}`;
  const expected = write(withValues(root, probes), namespaces, new Map(Object.entries(inScope)));
  if (template.fill(probes) !== expected) throw new Error('canonicalTemplate: a slot is of the wrong kind for its position (text, attribute or raw)');
  return template;
}

const SLOT_GLOBAL = /\u0000([tar])(\d+)\u0000/g;

/** The tree with every slot marker replaced by `values[n]` (the probe of {@link canonicalTemplate}). */
function withValues(node: XmlElement, values: readonly string[]): XmlElement {
  const put = (s: string): string => s.replace(SLOT_GLOBAL, (_m, _kind: string, n: string) => values[Number(n)] ?? '');
  const attrs: Record<string, string | undefined> = {};
  for (const k in node.attrs) {
    const v = node.attrs[k];
    attrs[k] = v === undefined ? undefined : put(v);
  }
  const children = node.children.map((c): XmlChild => (typeof c === 'string' ? put(c) : 'raw' in c ? raw(put(c.raw)) : withValues(c, values)));
  return { name: node.name, attrs, children };
}

/**
 * Exclusive canonicalisation (without comments) of a parsed DOM node, with xml-crypto. Used to
 * check {@link canonicalXml} and for XML the simulator did not write.
 *
 * @example
 * ```ts
 * canonicalizeNode(doc.documentElement);
 * ```
 */
export function canonicalizeNode(node: Node): string {
  return new (xmlCrypto().ExclusiveCanonicalization)().process(node as unknown as Element, {}).toString();
}
