/**
 * Seed 001: „A WAF-SSL tanúsítvány letöltéséhez e-Személyi igazolvány használata szükséges”: the
 * Ágazati portál hands the WAF-SSL certificate to the institution's permission admin logged in
 * with the eID card; a password token is refused; the file opens with the password given (the
 * SMS stand-in) and the TLS listeners accept it.
 */
import { describe, expect, it } from 'vitest';
import { openWafPkcs12 } from '../../conformance/connection-check/waf-credential.js';
import { passwordIssueRequest } from '../../simulator/sts/sts-client.js';
import { checkWafCertificate } from '../../simulator/tls/waf-client-certificate.js';
import { json } from '../helpers/sim.js';
import { postSts } from '../sts/sts-helpers.js';
import { cardLogin, problem } from './card-login-helpers.js';

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', card: '012345KL', pin: '012345' };
const SEAT = { institutionId: 'E01620K', unitCode: '016200101' };

describe('WAF-SSL certificate download at the Ágazati portál', () => {
  it('gives the permission admin logged in with the eSzemélyi the PKCS#12 of the institution and its password', async () => {
    const t = await cardLogin({ card: ADMIN.card });
    const auth = await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: ADMIN.pin }] });
    expect(auth.status).toBe(200);
    const token = await t.sts(ADMIN.username, (await json(auth)).ridPackage, SEAT);
    expect(token.assertion).toBeDefined();
    const res = await t.sim.app.request('/portal/waf-certificate', { method: 'POST', headers: { authorization: `SAML ${Buffer.from(token.assertion!).toString('base64')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const download = await json(res);
    expect(download).toMatchObject({ institutionId: 'E01620K', fileName: 'E01620K-waf-ssl.p12', downloadedBy: 'X23456' });
    const credential = openWafPkcs12(Buffer.from(download.pkcs12, 'base64'), download.password);
    const { X509Certificate } = await import('node:crypto');
    const verdict = checkWafCertificate(t.sim.deps, new X509Certificate(credential.certPem));
    expect(verdict).toMatchObject({ ok: true, organisation: 'E01620K' });
    // Neither the file nor its password reaches the journal.
    const entry = t.sim.deps.journal.list({ service: 'portal' }).at(-1);
    expect(entry?.summary).toMatchObject({ operation: 'portal-waf-download', username: 'X23456', institutionId: 'E01620K' });
    expect(entry?.response.body).not.toContain(download.password);
    expect(entry?.response.body).not.toContain(download.pkcs12.slice(0, 40));
  });

  it('refuses a password token with CARD_LOGIN_REQUIRED, naming the seed and the CLI shortcut; a doctor\'s card token gets ROLE_MISSING', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pw = await postSts(t.sim, passwordIssueRequest({ ...SEAT, username: ADMIN.username, password: ADMIN.password, now: t.sim.deps.clock.now() }));
    expect(pw.assertion).toBeDefined();
    const refused = await t.sim.app.request('/portal/waf-certificate', { method: 'POST', headers: { authorization: `SAML ${Buffer.from(pw.assertion!).toString('base64')}` } });
    const p = await problem(refused);
    expect(p).toMatchObject({ status: 403, code: 'CARD_LOGIN_REQUIRED' });
    expect(p.detail).toContain('e-Személyi igazolvány használata szükséges');
    expect(p.detail).toContain('eeszt-sim certs issue --kind waf --institution E01620K');
    const auth = await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] });
    const doctor = await t.sts('O50123', (await json(auth)).ridPackage);
    const notAdmin = await t.sim.app.request('/portal/waf-certificate', { method: 'POST', headers: { authorization: `SAML ${Buffer.from(doctor.assertion!).toString('base64')}` } });
    expect((await problem(notAdmin)).code).toBe('ROLE_MISSING');
    expect((await problem(await t.sim.app.request('/portal/waf-certificate', { method: 'POST' }))).code).toBe('ADMIN_TOKEN_MISSING');
  });
});
