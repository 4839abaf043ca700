import { describe, expect, it } from 'vitest';
import { findKnownElement, namespaceScopeOf, type ScopedContentLookup } from './known-content.js';
import { parseUntrustedXml, parseUntrustedXmlLean } from './safe-xml.js';

const T = { ns: 'urn:t', local: 'Token' };

describe('findKnownElement', () => {
  const calls: string[] = [];
  const always: ScopedContentLookup = (scope, text, start, end) => {
    calls.push(`${JSON.stringify(scope)} ${text.slice(start, end)}`);
    return 'k';
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
