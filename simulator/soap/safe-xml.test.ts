import { describe, expect, it } from 'vitest';
import { XMLSerializer } from '@xmldom/xmldom';
import { childElement, childElements, childElementsNamed, parseUntrustedXml, parseUntrustedXmlHollow, parseUntrustedXmlLean, scanXml, decodeUtf8, escapeXml, textOf, type KnownContent, type LeanElement } from './safe-xml.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as { code: string; message: string }).code + ': ' + (err as Error).message;
  }
  return 'no error';
};

describe('parseUntrustedXml', () => {
  it('parses an ordinary document', () => {
    const doc = parseUntrustedXml('<?xml version="1.0"?><a xmlns="urn:x"><b c="1">t</b><!-- c --><![CDATA[<x>]]></a>');
    expect(doc.documentElement?.localName).toBe('a');
  });

  it('refuses a DOCTYPE with an external entity and names the reason', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(codeOf(() => parseUntrustedXml(xxe))).toMatch(/^XML_FORBIDDEN_CONSTRUCT: the message contains a <!DOCTYPE> declaration; DTDs and entity declarations are not allowed/);
  });

  it('refuses billion laughs before expanding anything', () => {
    const lol = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`;
    expect(codeOf(() => parseUntrustedXml(lol))).toMatch(/^XML_FORBIDDEN_CONSTRUCT/);
  });

  it('refuses processing instructions after the declaration', () => {
    expect(codeOf(() => parseUntrustedXml('<a><?php echo 1 ?></a>'))).toMatch(/^XML_FORBIDDEN_CONSTRUCT: the message contains a processing instruction/);
  });

  it('refuses deep nesting, many attributes and many elements', () => {
    expect(codeOf(() => parseUntrustedXml('<a>'.repeat(100) + '</a>'.repeat(100)))).toMatch(/nested more than 64 levels/);
    const attrs = Array.from({ length: 70 }, (_, i) => `a${i}="v"`).join(' ');
    expect(codeOf(() => parseUntrustedXml(`<a ${attrs}/>`))).toMatch(/carries 70 attributes; at most 64/);
    expect(codeOf(() => parseUntrustedXml(`<a>${'<b/>'.repeat(5_001)}</a>`))).toMatch(/more than 5000 elements/);
  });

  it('counts attributes correctly when values hold > and =', () => {
    expect(() => scanXml('<a x="1>2" y="a=b"><b/></a>', { maxDepth: 2, maxAttributes: 2, maxElements: 5 })).not.toThrow();
  });

  it('reports malformed XML without internals', () => {
    expect(codeOf(() => parseUntrustedXml('<a><b></a>'))).toMatch(/^XML_MALFORMED: the XML is not well-formed/);
    expect(codeOf(() => parseUntrustedXml('   '))).toBe('XML_MALFORMED: the body is empty; send a SOAP envelope');
    expect(codeOf(() => parseUntrustedXml('<a'))).toMatch(/^XML_MALFORMED/);
  });

  it('refuses invalid UTF-8', () => {
    expect(codeOf(() => decodeUtf8(new Uint8Array([0x3c, 0x61, 0xff, 0x3e])))).toBe('XML_MALFORMED: the body is not valid UTF-8; send the XML encoded as UTF-8');
  });

  it('refuses characters XML 1.0 does not allow, lone surrogates included, and accepts surrogate pairs', () => {
    expect(() => scanXml('<a>\u0001</a>')).toThrow('the message contains the character U+0001, which XML 1.0 does not allow; remove it');
    expect(() => scanXml('<a>\uFFFE</a>')).toThrow('U+FFFE');
    expect(() => scanXml('<a>x\uD800</a>')).toThrow('U+D800');
    expect(() => scanXml('<a>\uDC00x</a>')).toThrow('U+DC00');
    expect(() => scanXml('<a>\uD83D\uDE00 \uDE00</a>')).toThrow('U+DE00');
    expect(() => scanXml('<a>\uD83D\uDE00 ő\t\r\n</a>')).not.toThrow();
  });

  it('escapes markup', () => {
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
    expect(escapeXml('plain ő')).toBe('plain ő');
    expect(escapeXml('a&b')).toBe('a&amp;b');
  });
});

describe('parseUntrustedXmlHollow', () => {
  const T = { ns: 'urn:t', local: 'Token' };
  const serialize = (d: Document): string => new XMLSerializer().serializeToString(d as never);

  it('builds everything but the content of the named elements, and records what whole-message checks need', () => {
    const xml = '<a xmlns="urn:x" xmlns:t="urn:t" Id="1"><t:Token ID="2" k="v"><b ID="3">text<c id="4" Id="4"/><t:Token/></b><!-- c --></t:Token><d>kept</d></a>';
    const { document, hollow } = parseUntrustedXmlHollow(xml, T);
    expect(serialize(document)).toBe('<a xmlns="urn:x" xmlns:t="urn:t" Id="1"><t:Token ID="2" k="v"/><d>kept</d></a>');
    expect(hollow).toHaveLength(1);
    expect(hollow[0]?.element.getAttribute('k')).toBe('v');
    expect(hollow[0]?.nestedMatches).toBe(1);
    expect(hollow[0]?.innerIds).toEqual([['3'], ['4', '4']]);
    // without the option the same text builds the whole document
    expect(serialize(parseUntrustedXml(xml))).toBe(xml);
  });

  it('refuses exactly what parseUntrustedXml refuses, also inside a hollow element', () => {
    for (const bad of ['<a xmlns:t="urn:t"><t:Token><b></t:Token></a>', '<a xmlns:t="urn:t"><t:Token><u:b/></t:Token></a>', '<a xmlns:t="urn:t"><t:Token>&x;</t:Token></a>', '<a xmlns:t="urn:t"><t:Token><!DOCTYPE x></t:Token></a>', '  ']) {
      const full = codeOf(() => parseUntrustedXml(bad));
      expect(full).not.toBe('no error');
      expect(codeOf(() => parseUntrustedXmlHollow(bad, T))).toBe(full);
    }
  });
  it('skips the content of the one hollow element whose exact bytes `known` recognises, and only of a real one', () => {
    const calls: string[] = [];
    const always = (element: Element, text: string, start: number, end: number): KnownContent => {
      calls.push(`${element.nodeName} ${text.slice(start, end)}`);
      return { key: 'k', nestedMatches: 0, innerIds: [['remembered']] };
    };
    const xml = '<a xmlns="urn:x" xmlns:t="urn:t"><t:Token ID="2" k="v"><b ID="3">text</b></t:Token><d>kept</d></a>';
    const { document, hollow } = parseUntrustedXmlHollow(xml, T, undefined, always);
    expect(calls).toEqual(['t:Token <t:Token ID="2" k="v"><b ID="3">text</b></t:Token>']);
    expect(serialize(document)).toBe('<a xmlns="urn:x" xmlns:t="urn:t"><t:Token ID="2" k="v"/><d>kept</d></a>');
    expect(hollow[0]?.knownKey).toBe('k');
    expect(hollow[0]?.innerIds).toEqual([['remembered']]);
    // not recognised: read as without `known`
    const read = parseUntrustedXmlHollow(xml, T, undefined, () => undefined).hollow[0];
    expect(read?.knownKey).toBeUndefined();
    expect(read?.innerIds).toEqual([['3']]);
    // no element with exactly those start and end tags: nothing is skipped
    calls.length = 0;
    for (const other of [
      '<a xmlns:t="urn:t"><!--<t:Token>--><b/><!--</t:Token>--></a>',
      '<a xmlns:t="urn:t"><t:Token ID="1"/><c>x</c></a>',
      '<a xmlns:t="urn:t" xmlns:u="urn:t"><t:Token><b/></t:Token><u:Token><b/></u:Token></a>',
      '<a xmlns:t="urn:t"><t:Token><b/></t:Token><![CDATA[</t:Token>]]></a>',
    ]) {
      expect(serialize(parseUntrustedXmlHollow(other, T, undefined, always).document)).toBe(serialize(parseUntrustedXmlHollow(other, T).document));
    }
    expect(calls).toEqual([]);
    // what is wrong after a skipped element is refused with the message of a parse in full
    const bad = '<a xmlns:t="urn:t"><t:Token>\n<b/></t:Token><c></d></a>';
    expect(() => parseUntrustedXmlHollow(bad, T, undefined, always)).toThrow(/line 2, column \d+/);
    expect(codeOf(() => parseUntrustedXmlHollow(bad, T, undefined, always))).toBe(codeOf(() => parseUntrustedXml(bad)));
  });
});

describe('parseUntrustedXmlLean', () => {
  /** What the message readers see of an element, read through the same helpers from either tree. */
  const view = (e: Element | LeanElement): unknown => ({
    name: e.nodeName,
    local: e.localName,
    ns: e.namespaceURI,
    text: e.textContent,
    trimmed: textOf(e),
    id: e.getAttributeNS('urn:u', 'Id'),
    plainId: e.getAttributeNS(null, 'Id'),
    type: e.getAttribute('Type'),
    prefixed: e.getAttribute('u:Id'),
    missing: [e.getAttribute('nope'), e.getAttributeNS('urn:x', 'nope')],
    firstB: childElement<Element | LeanElement>(e, 'urn:x', 'b')?.nodeName ?? null,
    bs: childElementsNamed<Element | LeanElement>(e, 'urn:x', 'b').length,
    children: childElements<Element | LeanElement>(e).map(view),
  });

  it('gives the readers what the DOM gives them: names, namespaces, attributes, text without comments, CDATA as text', () => {
    const xml =
      '<?xml version="1.0"?>\n<a xmlns="urn:x" xmlns:u="urn:u" u:Id="1" Id="p"> <b Type="t">one<!-- no -->two<![CDATA[<three>]]>&amp;&#x41;</b>' +
      '<u:c><b>deep</b><e xmlns=""> x </e></u:c><b/><b>  sp  </b></a>\n';
    const lean = parseUntrustedXmlLean(xml);
    const dom = parseUntrustedXml(xml).documentElement as Element;
    expect(view(lean)).toEqual(view(dom));
    expect(lean.textContent).toBe(' onetwo<three>&Adeep x   sp  ');
    expect(childElements(lean).map((e) => e.namespaceURI)).toEqual(['urn:x', 'urn:u', 'urn:x', 'urn:x']);
    expect(childElements(childElements(lean)[1] as LeanElement)[1]?.namespaceURI).toBeNull();
  });

  it('refuses exactly what parseUntrustedXml refuses, with the same code and message', () => {
    const attrs = Array.from({ length: 70 }, (_, i) => `a${i}="v"`).join(' ');
    for (const bad of [
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      '<a><?php echo 1 ?></a>',
      '<a>'.repeat(100) + '</a>'.repeat(100),
      `<a ${attrs}/>`,
      `<a>${'<b/>'.repeat(5_001)}</a>`,
      '<a><b></a>',
      '<a>\n<u:b/></a>',
      '<a>&nbsp;</a>',
      '<a x="1" x="2"/>',
      '<a/><b/>',
      '<!-- only a comment -->',
      '<a>\u0001</a>',
      '<a>&#0;</a>',
      '   ',
      new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]),
    ]) {
      const full = codeOf(() => parseUntrustedXml(bad));
      expect(full).not.toBe('no error');
      expect(codeOf(() => parseUntrustedXmlLean(bad))).toBe(full);
    }
    // the parser is reused: after a refusal and after a success, the next document is read afresh
    expect(codeOf(() => parseUntrustedXmlLean('<a><b></a>'))).toMatch(/^XML_MALFORMED/);
    expect(childElements(parseUntrustedXmlLean('<x:r xmlns:x="urn:x"><c/></x:r>')).map((e) => e.nodeName)).toEqual(['c']);
    expect(parseUntrustedXmlLean('<r2>t</r2>').textContent).toBe('t');
    expect(codeOf(() => parseUntrustedXmlLean('<a>'.repeat(10) + '</a>'.repeat(10), { maxDepth: 5, maxAttributes: 64, maxElements: 100 }))).toMatch(/nested more than 5 levels/);
  });
});
