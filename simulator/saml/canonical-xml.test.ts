import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { c14nAttr, c14nText, canonicalXml, canonicalizeNode, el, raw } from './canonical-xml.js';

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
const viaXmlCrypto = (xml: string): string => canonicalizeNode(parse(xml).documentElement as Element);

describe('canonicalXml', () => {
  const ns = { a: 'urn:a', b: 'urn:b', z: 'urn:z' };

  it('declares a namespace only where it is first visibly used, sorted by prefix', () => {
    const tree = el('b:Root', { 'z:attr': '1', plain: 'x' }, el('b:Child', {}, el('a:Leaf', {}, 'text')), el('a:Other'));
    const out = canonicalXml(tree, ns);
    expect(out).toBe(
      '<b:Root xmlns:b="urn:b" xmlns:z="urn:z" plain="x" z:attr="1"><b:Child><a:Leaf xmlns:a="urn:a">text</a:Leaf></b:Child><a:Other xmlns:a="urn:a"></a:Other></b:Root>',
    );
    expect(viaXmlCrypto(out)).toBe(out);
  });

  it('sorts attributes by namespace URI, then local name, unqualified first', () => {
    const out = canonicalXml(el('a:E', { 'z:b': '1', 'b:a': '2', c: '3', B: '4' }), ns);
    expect(out).toBe('<a:E xmlns:a="urn:a" xmlns:b="urn:b" xmlns:z="urn:z" B="4" c="3" b:a="2" z:b="1"></a:E>');
    expect(viaXmlCrypto(out)).toBe(out);
  });

  it('escapes text and attribute values as C14N does', () => {
    expect(c14nText('a&b<c>d\re"\'')).toBe('a&amp;b&lt;c&gt;d&#xD;e"\'');
    expect(c14nAttr('a&b<c>"\t\n\r\'')).toBe('a&amp;b&lt;c>&quot;&#x9;&#xA;&#xD;\'');
    const out = canonicalXml(el('a:E', { v: 'x<"&>\t' }, 'Tom & Jerry <3 >'), ns);
    expect(viaXmlCrypto(out)).toBe(out);
  });

  it('matches xml-crypto on a parsed, differently serialised equivalent', () => {
    const messy = '<b:Root xmlns:z="urn:z" xmlns:a="urn:a" xmlns:b="urn:b" z:attr=\'1\' plain="x"><b:Child><a:Leaf>text</a:Leaf></b:Child><a:Other/></b:Root>';
    const tree = el('b:Root', { 'z:attr': '1', plain: 'x' }, el('b:Child', {}, el('a:Leaf', {}, 'text')), el('a:Other'));
    expect(canonicalXml(tree, ns)).toBe(viaXmlCrypto(messy));
  });

  it('inserts raw XML verbatim and refuses unknown prefixes', () => {
    expect(canonicalXml(el('a:E', {}, raw('<x>1</x>')), ns)).toBe('<a:E xmlns:a="urn:a"><x>1</x></a:E>');
    expect(() => canonicalXml(el('q:E'), ns)).toThrow(/no namespace URI for prefix `q`/);
  });
});
