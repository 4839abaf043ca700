import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { canonicalXml, canonicalizeNode } from '../saml/canonical-xml.js';
import { NS } from '../saml/namespaces.js';
import { rstrc, rstrcElement } from './issue.js';

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;

describe('rstrc', () => {
  const assertion = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1"></saml:Assertion>';
  const created = new Date('2026-03-02T08:00:00Z');
  const expires = new Date('2026-03-02T16:00:00Z');

  it('writes from its template exactly what canonicalising the element tree gives, with and without a Context', () => {
    for (const context of [undefined, 'ctx-1', 'a&b<"c>\t\n\r'] as const) {
      for (const audience of ['urn:eeszt:services', 'urn:x&<y>\r']) {
        const out = rstrc(assertion, '_a1', created, expires, audience, context);
        expect(out).toBe(canonicalXml(rstrcElement(assertion, '_a1', created, expires, audience, context), NS));
        expect(canonicalizeNode(parse(out).documentElement as Element)).toBe(out);
      }
    }
    expect(rstrc(assertion, '_a1', created, expires, 'urn:a', undefined)).not.toContain('Context=');
    expect(rstrc(assertion, '_a1', created, expires, 'urn:a', 'c"1')).toContain('Context="c&quot;1"');
  });
});
