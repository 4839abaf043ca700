import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { attrSlot, c14nAttr, c14nText, canonicalTemplate, canonicalXml, canonicalizeNode, el, raw, rawSlot, textSlot } from './canonical-xml.js';

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

describe('canonicalTemplate', () => {
  const ns = { a: 'urn:a', b: 'urn:b', z: 'urn:z' };
  const shape = (id: string, text: string, inner: string | ReturnType<typeof raw>): ReturnType<typeof el> =>
    el('b:Root', { 'z:id': id, plain: 'x' }, el('a:Leaf', {}, text), el('b:Box', {}, inner), el('a:Again', { v: id }, text));

  it('fills to exactly what canonicalXml writes for the same tree with the values in place', () => {
    const t = canonicalTemplate(shape(attrSlot(0), textSlot(1), rawSlot(2)), ns);
    for (const [id, text, inner] of [
      ['id1', 'hello', ''],
      ['a&b<"c>\t\n\r', 'Tom & Jerry <3 >\r"\'', '<b:Sub></b:Sub>'],
      ['', '', '<x>1</x>'],
    ] as const) {
      const filled = t.fill([id, text, inner]);
      expect(filled).toBe(canonicalXml(shape(id, text, raw(inner)), ns));
      if (inner !== '<b:Sub></b:Sub>') expect(viaXmlCrypto(filled)).toBe(filled);
    }
  });

  it('cuts a fill at a raw slot: the halves around any value give what fill gives with it', () => {
    const t = canonicalTemplate(shape(attrSlot(0), textSlot(1), rawSlot(2)), ns);
    const values = ['a&b<"c>', 'Tom & Jerry', 'left out'];
    const [before, after] = t.fillAround(values, 2);
    for (const inner of ['', '<b:Sub></b:Sub>', '<x>1</x>']) expect(before + inner + after).toBe(t.fill(['a&b<"c>', 'Tom & Jerry', inner]));
    expect(before.endsWith('<b:Box>')).toBe(true);
    expect(after.startsWith('</b:Box>')).toBe(true);
    expect(() => t.fillAround(values, 1)).toThrow(/raw slot 1 does not occur exactly once/);
    expect(() => t.fillAround(values, 7)).toThrow(/raw slot 7 does not occur exactly once/);
    expect(() => canonicalTemplate(el('a:E', {}, rawSlot(0), rawSlot(0)), ns).fillAround([''], 0)).toThrow(/exactly once/);
  });

  it('refuses a slot of the wrong kind for its position when it is compiled', () => {
    expect(() => canonicalTemplate(el('a:E', { v: textSlot(0) }), ns)).toThrow(/wrong kind/);
    expect(() => canonicalTemplate(el('a:E', {}, attrSlot(0)), ns)).toThrow(/wrong kind/);
    expect(() => canonicalTemplate(el('a:E', {}, raw(textSlot(0))), ns)).toThrow(/wrong kind/);
    expect(() => canonicalTemplate(el('a:E', {}, textSlot(0)), ns).fill([])).toThrow(/no value for slot 0/);
  });

  it('leaves out declarations an output ancestor made (inScope), for templates inserted into others', () => {
    const inner = canonicalTemplate(el('a:Leaf', { v: attrSlot(0) }, textSlot(1)), ns, { a: 'urn:a' });
    expect(inner.fill(['1', 'x'])).toBe('<a:Leaf v="1">x</a:Leaf>');
    const outer = canonicalTemplate(el('a:Root', {}, rawSlot(0)), ns);
    const out = outer.fill([inner.fill(['1', 'x'])]);
    expect(out).toBe(canonicalXml(el('a:Root', {}, el('a:Leaf', { v: '1' }, 'x')), ns));
    expect(viaXmlCrypto(out)).toBe(out);
  });
});
