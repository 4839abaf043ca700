import { describe, expect, it } from 'vitest';
import { passwordIssueRequest, SOAP12_ISSUE } from '../../sts/sts-client.js';
import { testSimulator } from '../../../test/helpers/sim.js';
import { assertionViewOfBody, mentionsAssertion, signatureStatusOf } from './assertion-view.js';

describe('assertion view', () => {
  it('maps the shared validator’s verdict to a signature status', () => {
    expect(signatureStatusOf(undefined)).toBe('valid');
    expect(signatureStatusOf('TOKEN_EXPIRED')).toBe('valid');
    expect(signatureStatusOf('TOKEN_SIGNATURE_INVALID')).toBe('invalid');
    expect(signatureStatusOf('TOKEN_SIGNATURE_MISSING')).toBe('missing');
    expect(signatureStatusOf('TOKEN_MALFORMED')).toBe('unchecked');
  });

  it('decodes an issued token and reports a changed one as not signed by the STS', async () => {
    const sim = await testSimulator();
    try {
      const xml = passwordIssueRequest({ username: 'S12345', password: 'Szakdolgozo-1', institutionId: 'E01620K', unitCode: '016200101', now: sim.deps.clock.now() });
      const body = await (await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: xml })).text();
      expect(mentionsAssertion(body)).toBe(true);
      const view = assertionViewOfBody(sim.deps, body, 'response');
      expect(view?.token.nameId).toBe('S12345');
      expect(view?.token.authnContextClassRef).toMatch(/PasswordProtectedTransport$/);
      expect(view?.verdict.ok).toBe(true);
      const tampered = assertionViewOfBody(sim.deps, body.replace('>016200101<', '>016200103<'), 'response');
      expect(tampered?.signature).toBe('invalid');
      expect(tampered?.verdict).toMatchObject({ ok: false, code: 'TOKEN_SIGNATURE_INVALID' });
      expect(assertionViewOfBody(sim.deps, '{"no":"token"}', 'request')).toBeUndefined();
    } finally {
      sim.close();
    }
  });
});
