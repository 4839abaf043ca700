import { describe, expect, it } from 'vitest';
import { findKnownElement, namespaceScopeOf, readAroundKnown, type KnownContent, type ScopedContentLookup } from './known-content.js';
import { DEFAULT_XML_LIMITS, parseUntrustedXml, parseUntrustedXmlLean, type LeanElement, type LeanNode } from './safe-xml.js';

const T = { ns: 'urn:t', local: 'Token' };

describe('findKnownElement', () => {
  const calls: string[] = [];
  const always: ScopedContentLookup = (scope, text, start, end) => {
    calls.push(`${JSON.stringify(scope)} ${text.slice(start, end)}`);
    return { key: 'k' };
  };
  const find = (xml: string, lookup = always): ReturnType<typeof findKnownElement> => findKnownElement(parseUntrustedXmlLean(xml), xml, T, lookup);

  it('hands the lookup the exact bytes and namespace scope of the one element of that name, and records what whole-message checks need', () => {
    calls.length = 0;
    const xml = '<a xmlns="urn:x" xmlns:t="urn:t" Id="1"><h xmlns:u="urn:u"><t:Token ID="2" k="v"><b ID="3">text</b></t:Token></h><d id="4" Id="4" xmlns:v="urn:v" v:Id="5">kept</d></a>';
    const r = find(xml);
    expect(calls).toEqual([`${JSON.stringify('xmlns:u=urn:u\u0000\u0001xmlns=urn:x\u0000xmlns:t=urn:t\u0000\u0001')} <t:Token ID="2" k="v"><b ID="3">text</b></t:Token>`]);
    expect(r?.element.getAttribute('k')).toBe('v');
    expect(r?.key).toBe('k');
    expect(r?.sameName).toBe(1);
    expect(r?.ids).toEqual([['1'], ['2'], ['3'], ['4', '4', '5']]);
  });

  it('hands the lookup the namespace scope a DOM parse of the same text gives (namespaceScopeOf)', () => {
    calls.length = 0;
    const xml = '<s:E xmlns:s="urn:s" xmlns="urn:d"><s:H a="1" xmlns:w="urn:w"><w:S><t:Token xmlns:t="urn:t"><x/></t:Token></w:S></s:H></s:E>';
    find(xml);
    const token = parseUntrustedXml(xml).getElementsByTagNameNS('urn:t', 'Token').item(0) as Element;
    expect(calls).toEqual([`${JSON.stringify(namespaceScopeOf(token))} <t:Token xmlns:t="urn:t"><x/></t:Token>`]);
  });

  it('answers undefined for bytes not recognised, and for no unambiguous element of that name, without asking the lookup', () => {
    expect(find('<a xmlns:t="urn:t"><t:Token><b/></t:Token></a>', () => undefined)).toBeUndefined();
    calls.length = 0;
    for (const other of [
      '<a xmlns:t="urn:t"><!--<t:Token>--><b/><!--</t:Token>--></a>',
      '<a xmlns:t="urn:t"><!--<t:Token><b/></t:Token>--></a>',
      '<a xmlns:t="urn:t"><t:Token ID="1"/><c>x</c></a>',
      '<a xmlns:t="urn:t" xmlns:u="urn:t"><t:Token><b/></t:Token><u:Token><b/></u:Token></a>',
      '<a xmlns:t="urn:t"><t:Token><b/></t:Token><![CDATA[</t:Token>]]></a>',
      '<a xmlns:t="urn:other"><t:Token><b/></t:Token></a>',
      '<a xmlns:t="urn:t"><t:Token><t:Token/></t:Token></a>',
      '<a xmlns:t="urn:t"><t:Token><b/></t:Token><Token xmlns="urn:x"/></a>',
    ]) {
      expect(find(other)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });
});

describe('readAroundKnown', () => {
  const xml = '<a xmlns="urn:x" xmlns:t="urn:t" Id="1"><h><t:Token ID="2" k="v"><b ID="3"><c/>text &amp; more</b><b/></t:Token></h><d Id="4">kept &lt;</d></a>';
  /** A lookup that knows one element's bytes (any scope), and keeps what it is told of them. */
  const remembering = (bytes: string): { lookup: ScopedContentLookup; content: KnownContent } => {
    const content: KnownContent = { key: 'k' };
    return { content, lookup: (_scope, text, start, end) => (text.slice(start, end) === bytes ? content : undefined) };
  };
  const TOKEN = '<t:Token ID="2" k="v"><b ID="3"><c/>text &amp; more</b><b/></t:Token>';

  it('reads around an element once findKnownElement has counted its shape, with the same counts and IDs', () => {
    const { lookup, content } = remembering(TOKEN);
    expect(readAroundKnown(xml, T, lookup, DEFAULT_XML_LIMITS)).toBeUndefined(); // not counted yet
    const full = findKnownElement(parseUntrustedXmlLean(xml), xml, T, lookup);
    expect(content.shape).toEqual({ elements: 4, attributes: 3, maxAttributes: 2, depth: 3, sameLocal: 1, sameName: 1, ids: [['2'], ['3']] });
    const around = readAroundKnown(xml, T, lookup, DEFAULT_XML_LIMITS);
    if (around === undefined || around === 'unknown') throw new Error(`not read around: ${String(around)}`);
    expect(around.known.element.firstChild).toBeNull();
    expect(around.known.element.getAttribute('k')).toBe('v');
    expect(around.known.sameName).toBe(full?.sameName);
    expect(new Set(around.known.ids.map((l) => l.join()))).toEqual(new Set(full?.ids.map((l) => l.join())));
    expect(xml.slice(around.known.start, around.known.end)).toBe(TOKEN);
    // the rest of the tree is the one the full read builds
    const d = around.root.firstChild?.nextSibling as unknown as { textContent: string; getAttribute(n: string): string };
    expect(d.textContent).toBe('kept <');
    expect(d.getAttribute('Id')).toBe('4');
  });

  it("answers 'unknown' for bytes the lookup does not know, and undefined when the message cannot be read around them", () => {
    const { lookup } = remembering(TOKEN);
    findKnownElement(parseUntrustedXmlLean(xml), xml, T, lookup);
    expect(readAroundKnown(xml.replace('k="v"', 'k="w"'), T, lookup, DEFAULT_XML_LIMITS)).toBe('unknown');
    for (const other of [
      xml.replace('<d Id="4">', '<d Id="4"><Token xmlns="urn:x"/>'), // another element of its local name
      xml.replace('<h>', '<h><!-- c -->'), // not plain XML
      xml.replace('<h>', '<h>\r\n'),
      xml.replace('</a>', '</a'), // not well-formed
      xml.replace('xmlns:t="urn:t"', 'xmlns:t="urn:other"'), // not in the namespace looked for
      // characters XML does not allow, anywhere around the element (its own bytes are compared)
      ...['\u0000', '\u001F', '\uFFFE', '\uD800', '\uDC00', '\uDE00\uD83D'].flatMap((c) => [
        xml.replace('<t:Token', `${c}<t:Token`),
        xml.replace('</t:Token>', `</t:Token>${c}`),
        xml.replace('kept', `kept${c}`),
        xml.replace('Id="1"', `Id="1${c}"`),
      ]),
    ]) {
      expect(readAroundKnown(other, T, lookup, DEFAULT_XML_LIMITS)).toBeUndefined();
    }
    // the sums of what was read and the shape over a limit
    expect(readAroundKnown(xml, T, lookup, { ...DEFAULT_XML_LIMITS, maxElements: 6 })).toBeUndefined();
    expect(readAroundKnown(xml, T, lookup, { ...DEFAULT_XML_LIMITS, maxDepth: 4 })).toBeUndefined();
    expect(readAroundKnown(xml, T, lookup, { ...DEFAULT_XML_LIMITS, maxTotalAttributes: 6 })).toBeUndefined();
    expect(readAroundKnown(xml, T, lookup, { ...DEFAULT_XML_LIMITS, maxElements: 7, maxDepth: 5, maxTotalAttributes: 7 })).not.toBeUndefined();
    // paired surrogates are allowed around it
    expect(readAroundKnown(xml.replace('kept', 'kept \uD83D\uDE00'), T, lookup, DEFAULT_XML_LIMITS)).not.toBeUndefined();
  });

  it('never counts the shape of bytes holding a comment or CDATA section', () => {
    const commented = xml.replace('<b/>', '<!-- x --><b/>');
    const { lookup, content } = remembering(TOKEN.replace('<b/>', '<!-- x --><b/>'));
    expect(findKnownElement(parseUntrustedXmlLean(commented), commented, T, lookup)).toBeDefined();
    expect(content.shape).toBeUndefined();
  });
});

describe('readAroundKnown on mutated messages', () => {
  /** Names, namespaces, attributes and children of a lean tree; `hollow`'s children left out. */
  const whole = (e: LeanElement, hollow: LeanElement | undefined): unknown => {
    const children: unknown[] = [];
    if (e !== hollow) {
      for (let c: LeanNode | null = e.firstChild; c !== null; c = c.nextSibling) children.push(c.nodeType === 1 ? whole(c as LeanElement, hollow) : c.textContent);
    }
    return { name: e.nodeName, ns: e.namespaceURI, attributes: e.attributeList.map((a) => [a.name, a.uri, a.local, a.value]), children };
  };
  const TOKEN = '<t:Token xmlns:t="urn:t" ID="_t1" k="v &amp; w"><t:Issuer>iss</t:Issuer><s:Sig xmlns:s="urn:s"><s:Ref URI="#_t1"><s:T a="1"/><s:T a="2"></s:T></s:Ref><s:V>AAAA==</s:V></s:Sig><t:Attr Name="n"><t:Value>v &lt; w</t:Value></t:Attr></t:Token>';
  const bases = [
    `<s:Envelope xmlns:s="urn:soap"><s:Header><w:Security xmlns:w="urn:w">${TOKEN}</w:Security><m:Id xmlns:m="urn:m">urn:uuid:1</m:Id></s:Header><s:Body><x:Op xmlns:x="urn:x" Id="_b"><x:A>1</x:A><x:B>two &amp; three</x:B></x:Op></s:Body></s:Envelope>`,
    `<?xml version="1.0" encoding="UTF-8"?><e xmlns="urn:d"><h>${TOKEN}</h><b><o id="_o"/></b></e>`,
  ];

  it('reads around a remembered element only what a read in full accepts, into the same tree, counts and IDs', () => {
    let seed = 0x1234567;
    const random = (k: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % k;
    };
    const pieces = ['<', '>', '/', '"', '=', ':', '&', '&amp;', ' ', '\n', '\r', 'x', 'x', 'x', '<b/>', '<b/>', '<b>x</b>', ' xmlns:t="urn:t"', ' xmlns:t="urn:u"', ' xmlns="urn:z"', ' ID="_t1"', ' Id="_b"', ' q="1"', ' q="2"', '<!-- c -->', '<t:Token/>', '<Token/>', '</t:Token>', '</b>', '\u0000', '\u0001', '\uFFFE', '\uD800', '\uDC00', '\uD83D\uDE00', 'é'];
    const small = { ...DEFAULT_XML_LIMITS, maxDepth: 7, maxAttributes: 3, maxElements: 17, maxTotalAttributes: 15 };
    let around = 0;
    const cases = 3_000;
    for (let i = 0; i < cases; i++) {
      const base = bases[i % bases.length] as string;
      const lookupOf = (): { lookup: ScopedContentLookup; content: KnownContent } => {
        const content: KnownContent = { key: 'k' };
        return { content, lookup: (_scope, text, start, end) => (text.slice(start, end) === TOKEN ? content : undefined) };
      };
      const { lookup, content } = lookupOf();
      findKnownElement(parseUntrustedXmlLean(base), base, T, lookup);
      expect(content.shape).toBeDefined();
      let xml = base;
      for (let m = 1 + random(2); m > 0; m--) {
        // Mostly outside the token (a changed token is simply not recognised).
        const tokenAt = xml.indexOf(TOKEN);
        const outside = tokenAt === -1 || random(5) === 0 ? -1 : random(xml.length + 1 - TOKEN.length);
        const at = outside === -1 ? random(xml.length + 1) : outside <= tokenAt ? outside : outside + TOKEN.length;
        xml = random(4) !== 0 ? xml.slice(0, at) + (pieces[random(pieces.length)] as string) + xml.slice(at) : xml.slice(0, at) + xml.slice(at + 1 + random(3));
      }
      const limits = i % 4 === 3 ? small : DEFAULT_XML_LIMITS;
      const read = readAroundKnown(xml, T, lookup, limits);
      if (read === undefined || read === 'unknown') continue;
      around++;
      let full: LeanElement | undefined;
      try {
        full = parseUntrustedXmlLean(xml, limits);
      } catch (err) {
        throw new Error(`read around, refused in full (${(err as Error).message}): ${JSON.stringify(xml)}`);
      }
      const known = findKnownElement(full, xml, T, lookup);
      expect(known, JSON.stringify(xml)).toBeDefined();
      expect(whole(read.root, read.known.element), JSON.stringify(xml)).toEqual(whole(full, known?.element));
      expect(read.known.sameName).toBe(known?.sameName);
      expect(read.known.ids.map((l) => l.join()).sort()).toEqual(known?.ids.map((l) => l.join()).sort());
      expect([read.known.start, read.known.end]).toEqual([known?.start, known?.end]);
    }
    // The comparison means something only if many were read around (and many were not).
    expect(around).toBeGreaterThan(cases / 20);
    expect(around).toBeLessThan(cases);
  });
});
