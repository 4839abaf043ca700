import { describe, expect, it } from 'vitest';
import { parseUntrustedXml, scanXml, decodeUtf8, escapeXml } from './safe-xml.js';

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

  it('escapes markup', () => {
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });
});
