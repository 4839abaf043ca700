import { describe, expect, it } from 'vitest';
import { namespaceScopeOf, parseUntrustedXmlKnown, type ScopedContentLookup } from './known-content.js';
import { childElements, parseUntrustedXml, parseUntrustedXmlLean, textOf, type KnownContent, type LeanElement } from './safe-xml.js';

const T = { ns: 'urn:t', local: 'Token' };
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'no error';
};

/** What the readers see of a lean tree: names, namespaces, attributes read, texts, in document order. */
const view = (e: LeanElement): unknown => ({
  name: e.nodeName,
  ns: e.namespaceURI,
  id: e.getAttribute('Id') ?? e.getAttribute('ID'),
  text: childElements(e).length === 0 ? textOf(e) : undefined,
  children: childElements(e).map(view),
});

describe('parseUntrustedXmlKnown', () => {
  const calls: string[] = [];
  const always: ScopedContentLookup = (scope, text, start, end) => {
    calls.push(`${JSON.stringify(scope)} ${text.slice(start, end)}`);
    return { key: 'k', nestedMatches: 0, innerIds: [['remembered']] } satisfies KnownContent;
  };

  it('reads everything but the content of the one element whose exact bytes the lookup recognises, and records what whole-message checks need', () => {
    calls.length = 0;
    const xml = '<a xmlns="urn:x" xmlns:t="urn:t" Id="1"><h xmlns:u="urn:u"><t:Token ID="2" k="v"><b ID="3">text</b></t:Token></h><d id="4" Id="4">kept</d></a>';
    const r = parseUntrustedXmlKnown(xml, T, always);
    expect(calls).toEqual([`${JSON.stringify('xmlns:u=urn:u\u0000\u0001xmlns=urn:x\u0000xmlns:t=urn:t\u0000\u0001')} <t:Token ID="2" k="v"><b ID="3">text</b></t:Token>`]);
    expect(r?.element.getAttribute('k')).toBe('v');
    expect(r?.element.firstChild).toBeNull();
    expect(r?.known.key).toBe('k');
    expect(r?.sameName).toBe(1);
    expect(r?.ids).toEqual([['1'], ['2'], ['4', '4']]);
    // the same tree as a lean parse in full, but for the token's content
    const full = parseUntrustedXmlLean(xml.replace('<b ID="3">text</b>', ''));
    expect(view(r?.root as LeanElement)).toEqual(view(full));
  });

  it('hands the lookup the namespace scope a DOM parse of the same text gives (namespaceScopeOf)', () => {
    calls.length = 0;
    const xml = '<s:E xmlns:s="urn:s" xmlns="urn:d"><s:H a="1" xmlns:w="urn:w"><w:S><t:Token xmlns:t="urn:t"><x/></t:Token></w:S></s:H></s:E>';
    parseUntrustedXmlKnown(xml, T, always);
    const token = parseUntrustedXml(xml).getElementsByTagNameNS('urn:t', 'Token').item(0) as Element;
    expect(calls[0]?.startsWith(`${JSON.stringify(namespaceScopeOf(token))} `)).toBe(true);
  });

  it('answers undefined (read it in full) for bytes not recognised, and for no unambiguous element of that name', () => {
    calls.length = 0;
    expect(parseUntrustedXmlKnown('<a xmlns:t="urn:t"><t:Token><b/></t:Token></a>', T, () => undefined)).toBeUndefined();
    for (const other of [
      '<a xmlns:t="urn:t"><!--<t:Token>--><b/><!--</t:Token>--></a>',
      '<a xmlns:t="urn:t"><t:Token ID="1"/><c>x</c></a>',
      '<a xmlns:t="urn:t" xmlns:u="urn:t"><t:Token><b/></t:Token><u:Token><b/></u:Token></a>',
      '<a xmlns:t="urn:t"><t:Token><b/></t:Token><![CDATA[</t:Token>]]></a>',
      '<a xmlns:t="urn:other"><t:Token><b/></t:Token></a>',
      '<a xmlns:t="urn:t"><![CDATA[<t:Token>]]><b/></a>',
    ]) {
      expect(parseUntrustedXmlKnown(other, T, always)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });

  it('answers undefined for a text that is not well-formed after the skipped element (the parse in full refuses it with its position)', () => {
    for (const bad of ['<a xmlns:t="urn:t"><t:Token>\n<b/></t:Token><c></d></a>', '<a xmlns:t="urn:t"><t:Token><b/></t:Token>&x;</a>', '<a xmlns:t="urn:t"><t:Token><b/></t:Token><u:c/></a>', '<a xmlns:t="urn:t"><t:Token><b/></t:Token>', '<a xmlns:t="urn:t" xmlns:x="urn:x"><t:Token><b/></t:Token><x:1/></a>', '<a xmlns:t="urn:t"><t:Token><b/></t:Token><xmlns/></a>']) {
      expect(parseUntrustedXmlKnown(bad, T, always)).toBeUndefined();
      expect(codeOf(() => parseUntrustedXml(bad))).toMatch(/^XML_MALFORMED/);
    }
    // and reads the next message as before
    expect(parseUntrustedXmlKnown('<a xmlns:t="urn:t"><t:Token><b/></t:Token></a>', T, always)?.sameName).toBe(1);
  });

  it('throws what a parse in full throws first: an empty body, and everything scanXml refuses, also inside the skipped element', () => {
    for (const bad of ['  ', '<a xmlns:t="urn:t"><t:Token><!DOCTYPE x></t:Token></a>', '<a xmlns:t="urn:t"><t:Token>\u0001</t:Token></a>', '<a xmlns:t="urn:t"><t:Token><?pi x?></t:Token></a>']) {
      const full = codeOf(() => parseUntrustedXml(bad));
      expect(full).not.toBe('no error');
      expect(codeOf(() => parseUntrustedXmlKnown(bad, T, always))).toBe(full);
    }
    const deep = `<a xmlns:t="urn:t"><t:Token>${'<b>'.repeat(70)}${'</b>'.repeat(70)}</t:Token></a>`;
    expect(codeOf(() => parseUntrustedXmlKnown(deep, T, always))).toBe(codeOf(() => parseUntrustedXml(deep)));
    expect(codeOf(() => parseUntrustedXml(deep))).toMatch(/^XML_FORBIDDEN_CONSTRUCT: elements are nested more than 64 levels/);
  });
});
