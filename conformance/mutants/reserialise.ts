/**
 * Re-serialise an XML fragment the way DOM-based SOAP stacks (WSS4J, WCF, zeep/lxml) do when
 * they insert a token through a parsed document: empty elements become `<x/>`, attributes are
 * written in single quotes, character references are normalised. The exclusive-c14n signature
 * of a SAML assertion stays valid; only the bytes change. Used by the correct variant
 * `reserialises-token`, which the suite must pass.
 *
 * @example
 * ```ts
 * reserialise('<a x="1"><b></b></a>'); // "<a x='1'><b/></a>"
 * ```
 */
import { DOMParser, type Node as XmldomNode } from '@xmldom/xmldom';

const escapeText = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
const escapeAttr = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

function write(node: XmldomNode): string {
  if (node.nodeType === 3) return escapeText(node.nodeValue ?? '');
  if (node.nodeType === 4) return `<![CDATA[${node.nodeValue ?? ''}]]>`;
  if (node.nodeType === 8) return `<!--${node.nodeValue ?? ''}-->`;
  if (node.nodeType !== 1) return '';
  const el = node as unknown as Element;
  const attrs = Array.from(el.attributes)
    .map((a) => ` ${a.name}='${escapeAttr(a.value)}'`)
    .join('');
  const children = Array.from(el.childNodes as unknown as ArrayLike<XmldomNode>).map(write).join('');
  return children === '' ? `<${el.tagName}${attrs}/>` : `<${el.tagName}${attrs}>${children}</${el.tagName}>`;
}

/** The fragment (one root element, namespace declarations on it) re-serialised. */
export function reserialise(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return write(doc.documentElement as unknown as XmldomNode);
}
