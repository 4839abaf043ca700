import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { canonicalXml, canonicalizeNode } from '../saml/canonical-xml.js';
import { NS } from '../saml/namespaces.js';
import { assertionCanonical, type AssertionContent } from '../saml/assertion.js';
import { SAML } from '../saml/namespaces.js';
import type { Authenticated } from './authenticated.js';
import { rstrc, rstrcElement, tokenAttributes, tokenAttributesOnce } from './issue.js';

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

describe('tokenAttributesOnce', () => {
  const auth: Authenticated = { method: 'password', nameId: 'O50123', username: 'O50123', context: { institutionId: 'E01620K', unitCode: '016200101', roles: ['ORVOS', 'VENYIRO'] } };

  it('hands out one frozen list for the same user, context and generation, equal to tokenAttributes', () => {
    const a = tokenAttributesOnce(auth, 'g1');
    const b = tokenAttributesOnce({ ...auth, context: { ...auth.context, roles: [...auth.context.roles] } }, 'g1');
    expect(b).toBe(a);
    expect(Object.isFrozen(a) && a.every((x) => Object.isFrozen(x) && Object.isFrozen(x.values))).toBe(true);
    expect(a).toEqual(tokenAttributes(auth, 'g1'));
  });

  it('makes a new list when anything it is made of differs', () => {
    const a = tokenAttributesOnce(auth, 'g1');
    const variants: Array<[Authenticated, string]> = [
      [auth, 'g2'],
      [{ ...auth, method: 'password-mobiltoken' }, 'g1'],
      [{ ...auth, nameId: 'O50124', username: 'O50124' }, 'g1'],
      [{ ...auth, username: undefined }, 'g1'],
      [{ ...auth, context: { ...auth.context, unitCode: '016200102' } }, 'g1'],
      [{ ...auth, context: { ...auth.context, institutionId: 'E01621K' } }, 'g1'],
      [{ ...auth, context: { ...auth.context, roles: ['ORVOS'] } }, 'g1'],
      [{ ...auth, context: { ...auth.context, roles: ['ORVOSVENYIRO'] } }, 'g1'],
      [{ ...auth, context: { ...auth.context, roles: [] } }, 'g1'],
    ];
    for (const [v, generation] of variants) {
      const list = tokenAttributesOnce(v, generation);
      expect(list).not.toBe(a);
      expect(list).toEqual(tokenAttributes(v, generation));
    }
  });

  it('gives the assertion the same bytes as a list made afresh (the written attribute statement is kept per list)', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const content = (attributes: AssertionContent['attributes']): AssertionContent => ({
      id: '_a1', issuer: 'urn:eeszt-sim:sts', issueInstant: now, notBefore: now, notOnOrAfter: new Date('2026-03-02T16:00:00Z'),
      audience: 'urn:eeszt:services', nameId: 'O50123', authnContextClassRef: SAML.acPassword, authnInstant: now, attributes,
    });
    const kept = tokenAttributesOnce(auth, 'g3');
    const fresh = assertionCanonical(content(tokenAttributes(auth, 'g3')));
    expect(assertionCanonical(content(kept))).toBe(fresh);
    expect(assertionCanonical(content(kept))).toBe(fresh);
    expect(assertionCanonical(content(tokenAttributesOnce(auth, 'g4')))).not.toBe(fresh);
  });
});
