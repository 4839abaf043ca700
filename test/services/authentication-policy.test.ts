/**
 * The authentication rules of seed 003 through the real interfaces (STS + SOAP services + admin
 * API), under the default `strict` policy and the opt-in `lenient` one:
 * - a sector user's single-factor (password-only) token is refused for patients' data and for the
 *   admin functions (`MULTI_FACTOR_REQUIRED`); password + mobilToken code is two factors;
 * - the token states the factors (AuthnContextClassRef and the auth-factors attribute);
 * - lenient lets the call through and flags it (`EESZT-Sim-Lenient` header, journal `lenient`);
 * - the policy per isolated run (`POST /_sim/runs`) and per fixture set (`settings.policy`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { listen } from '../../simulator/server/listen.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { extractAssertion, passwordIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { mobilTokenAt } from '../../simulator/mobiltoken/totp.js';
import { callService, institutionToken, passwordOnlyToken, requestBody, samlAuthorization, userToken } from './support/service-client.js';

const DOCTOR = { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' };
const ADMIN = { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' };
const SYSTEM_USER = { username: 'X90001', institutionId: 'E30217B', unitCode: '302170101' };
const prescription = requestBody('IssuePrescriptionRequest', { Taj: '123456788', Medication: 'Amlodipin 5 mg', Dosage: '1x1' });

let sim: Simulator;
afterEach(() => sim.close());

const secretOf = (s: Simulator, username: string): string => s.deps.store.state.users.find((u) => u.username === username)?.mobilTokenSecret ?? '';

async function sts(s: Simulator, xml: string): Promise<{ status: number; text: string }> {
  const res = await s.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: xml });
  return { status: res.status, text: await res.text() };
}

describe('strict (the default): two factors for patients’ data', () => {
  it('refuses a password-only token of a doctor with MULTI_FACTOR_REQUIRED, saying how to log in', async () => {
    sim = await testSimulator();
    expect(sim.deps.config.policy).toBe('strict');
    const answer = await callService(sim, 'erecept', prescription, await passwordOnlyToken(sim, DOCTOR));
    expect(answer.status).toBe(400);
    expect(answer.fault?.code).toBe('s:Sender');
    expect(answer.fault?.errorCode).toBe('MULTI_FACTOR_REQUIRED');
    expect(answer.fault?.message).toBe(
      "the token of `O50123` was obtained with username and password only (one factor), and EESZT lets a sector user write eRecept (patients' data) only after a multi-factor login (seed 003: „HIS alkalmazások – multifaktoros bejelentkezés”); log in again with the eSzemélyi card (card login) or with the password plus the code the user's mobilToken app shows (sim:MobilTokenCode in the wsse:UsernameToken), then repeat the call; during early development only, an environment started with `--policy lenient` admits it (flagged, never conformance)",
    );
    expect(answer.fault?.details).toMatchObject({ username: 'O50123', authMethod: 'password', factors: 'password', rule: 'AUTH-MULTI-FACTOR' });
    const entry = sim.deps.journal.list({ service: 'erecept' }).at(-1);
    expect(entry?.errorCode).toBe('MULTI_FACTOR_REQUIRED');
    expect(entry?.lenient).toBeUndefined();
  });

  it('accepts password + mobilToken code, and the token states both factors', async () => {
    sim = await testSimulator();
    const code = mobilTokenAt(secretOf(sim, 'O50123'), sim.deps.clock.nowMs());
    const issued = await sts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Aktiv-Orvos-1', mobilTokenCode: code, now: sim.deps.clock.now() }));
    expect(issued.status).toBe(200);
    const token = extractAssertion(issued.text);
    expect(token).toContain('<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken</saml:AuthnContextClassRef>');
    expect(token).toMatch(/Name="urn:eeszt-sim:attribute:auth-factors"[^>]*><saml:AttributeValue>password<\/saml:AttributeValue><saml:AttributeValue>mobiltoken<\/saml:AttributeValue>/);
    // The code never reaches the journal.
    expect(JSON.stringify(sim.deps.journal.list({ service: 'sts' }))).not.toContain(`>${code}<`);
    const answer = await callService(sim, 'erecept', prescription, token);
    expect(answer.fault, answer.fault?.message).toBeUndefined();
    const single = extractAssertion((await sts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Aktiv-Orvos-1', now: sim.deps.clock.now() }))).text);
    expect(single).toContain('ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>');
    expect(single).toMatch(/Name="urn:eeszt-sim:attribute:auth-factors"[^>]*><saml:AttributeValue>password<\/saml:AttributeValue><\/saml:Attribute>/);
  });

  it('refuses a wrong or reused mobilToken code at the STS, with the mobilToken codes', async () => {
    sim = await testSimulator();
    const now = sim.deps.clock.now();
    const right = mobilTokenAt(secretOf(sim, 'O50123'), now.getTime());
    const wrong = right === '000000' ? '000001' : '000000';
    const refused = await sts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Aktiv-Orvos-1', mobilTokenCode: wrong, now }));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('wsse:FailedAuthentication');
    expect(refused.text).toContain('<sim:Code>MOBILTOKEN_INVALID</sim:Code>');
    expect((await sts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Aktiv-Orvos-1', mobilTokenCode: right, now }))).status).toBe(200);
    const again = await sts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Aktiv-Orvos-1', mobilTokenCode: right, now }));
    expect(again.text).toContain('<sim:Code>MOBILTOKEN_REUSED</sim:Code>');
  });

  it('refuses the permission admin’s password-only token at the admin API (IAM+SSO, V-MÁTRIX)', async () => {
    sim = await testSimulator();
    const single = samlAuthorization(await passwordOnlyToken(sim, ADMIN));
    for (const path of ['/iam/api/partners', '/iam/api/vmatrix/roles']) {
      const res = await sim.app.request(path, { headers: single });
      expect(res.status).toBe(403);
      const body = await json(res);
      expect(body.code).toBe('MULTI_FACTOR_REQUIRED');
      expect(body.detail).toContain("administer the institution's permissions (IAM+SSO, V-MÁTRIX) only after a multi-factor login");
      expect(res.headers.get('EESZT-Sim-Lenient')).toBeNull();
    }
    expect((await sim.app.request('/iam/api/partners', { headers: samlAuthorization(await userToken(sim, ADMIN)) })).status).toBe(200);
  });
});

describe('lenient (opt-in): relaxed, and every relaxed answer is flagged', () => {
  it('lets a password-only token write a prescription, with the EESZT-Sim-Lenient header and the journal flag', async () => {
    sim = await testSimulator({ config: { policy: 'lenient' } });
    const token = await passwordOnlyToken(sim, DOCTOR);
    const res = await sim.app.request('/services/erecept', {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${token}</wsse:Security></s:Header><s:Body><svc:IssuePrescriptionRequest xmlns:svc="urn:eeszt-sim:services:erecept:2026"><svc:Taj>123456788</svc:Taj><svc:Medication>Amlodipin 5 mg</svc:Medication><svc:Dosage>1x1</svc:Dosage></svc:IssuePrescriptionRequest></s:Body></s:Envelope>`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('EESZT-Sim-Lenient')).toBe('AUTH-MULTI-FACTOR; code=MULTI_FACTOR_REQUIRED');
    const entry = sim.deps.journal.list({ service: 'erecept' }).at(-1);
    expect(entry?.lenient).toEqual([{ rule: 'AUTH-MULTI-FACTOR', code: 'MULTI_FACTOR_REQUIRED', message: expect.stringContaining('was obtained with username and password only') }]);
    // A two-factor call is not flagged: nothing was relaxed for it.
    const clean = await callService(sim, 'erecept', prescription, await userToken(sim, DOCTOR));
    expect(clean.fault).toBeUndefined();
    expect(sim.deps.journal.list({ service: 'erecept' }).at(-1)?.lenient).toBeUndefined();
  });

  it('flags a relaxed answer served over a socket the same way: the header on the wire and in the journal', async () => {
    sim = await testSimulator({ config: { policy: 'lenient' } });
    const token = await passwordOnlyToken(sim, DOCTOR);
    const listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${listeners.httpOrigin ?? ''}/services/erecept`, {
        method: 'POST',
        headers: { 'content-type': 'application/soap+xml; charset=utf-8', 'x-correlation-id': 'lenient-socket-1' },
        body: `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${token}</wsse:Security></s:Header><s:Body><svc:IssuePrescriptionRequest xmlns:svc="urn:eeszt-sim:services:erecept:2026"><svc:Taj>123456788</svc:Taj><svc:Medication>Amlodipin 5 mg</svc:Medication><svc:Dosage>1x1</svc:Dosage></svc:IssuePrescriptionRequest></s:Body></s:Envelope>`,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('EESZT-Sim-Lenient')).toBe('AUTH-MULTI-FACTOR; code=MULTI_FACTOR_REQUIRED');
      expect(res.headers.get('x-correlation-id')).toBe('lenient-socket-1');
      const [entry] = sim.deps.journal.list({ correlationId: 'lenient-socket-1' });
      expect(entry?.lenient).toEqual([{ rule: 'AUTH-MULTI-FACTOR', code: 'MULTI_FACTOR_REQUIRED', message: expect.stringContaining('was obtained with username and password only') }]);
      expect(entry?.response.headers).toMatchObject({ 'eeszt-sim-lenient': 'AUTH-MULTI-FACTOR; code=MULTI_FACTOR_REQUIRED', 'x-correlation-id': 'lenient-socket-1' });
      expect(entry?.request.body).toContain('IssuePrescriptionRequest');
    } finally {
      await listeners.close();
    }
  });

  it("lets an institutional user's password token act as the institution, flagged with AUTH-INSTITUTION-CERTIFICATE", async () => {
    sim = await testSimulator({ config: { policy: 'lenient' } });
    const answer = await callService(sim, 'ehr', requestBody('SubmitHealthDocumentRequest', { Taj: '123456788', DocumentType: 'lab-result', Title: 'Labor', Body: 'CRP 3' }), await passwordOnlyToken(sim, SYSTEM_USER));
    expect(answer.fault, answer.fault?.message).toBeUndefined();
    expect(sim.deps.journal.list({ service: 'ehr' }).at(-1)?.lenient?.map((r) => r.rule)).toEqual(['AUTH-INSTITUTION-CERTIFICATE']);
    const certificate = await callService(sim, 'ehr', requestBody('ListHealthDocumentsRequest', { Taj: '123456788' }), await institutionToken(sim, 'E30217B', '302170101'));
    expect(certificate.fault?.errorCode).toBe('ROLE_MISSING'); // X90001 is no treating doctor: the matrix still holds under lenient
  });
});

describe('choosing the policy', () => {
  it('per isolated run: POST /_sim/runs {"policy"}; the run’s discovery names it; a bad value is refused', async () => {
    sim = await testSimulator();
    const lenient = await json(await postJson(sim, '/_sim/runs', { policy: 'lenient' }));
    expect(lenient.policy).toBe('lenient');
    expect((await json(await sim.app.request(`/run/${lenient.id}/.well-known/eeszt-sim`))).policy).toBe('lenient');
    const plain = await json(await postJson(sim, '/_sim/runs', {}));
    expect(plain.policy).toBe('strict');
    expect((await json(await sim.app.request('/.well-known/eeszt-sim'))).policy).toBe('strict');
    const bad = await postJson(sim, '/_sim/runs', { policy: 'loose' });
    expect(bad.status).toBe(400);
    const problem = await json(bad);
    expect(problem.code).toBe('POLICY_INVALID');
    expect(problem.detail).toContain('`policy` is `loose`; use `strict`');
  });

  it('per fixture set: settings.policy (and a run given such fixtures takes it)', async () => {
    const fixtures = { ...loadDefaultFixtures(), settings: { policy: 'lenient' as const } };
    sim = await testSimulator({ fixtures });
    expect(sim.deps.config.policy).toBe('lenient');
    const run = await json(await postJson(sim, '/_sim/runs', { fixtures: { ...loadDefaultFixtures(), settings: { policy: 'strict' } } }));
    expect(run.policy).toBe('strict');
    const invalid = await postJson(sim, '/_sim/runs', { fixtures: { ...loadDefaultFixtures(), settings: { policy: 'loose' } } });
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(await json(invalid))).toContain('`settings.policy` is');
  });
});
