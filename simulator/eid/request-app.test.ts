import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SimHonoEnv } from '../core/deps.js';
import { errorResponse } from '../core/error-response.js';
import { json, postJson, testSimulator } from '../../test/helpers/sim.js';
import { postRequestPackage, samlAuthorizationValue, sectorUserHeaders } from '../../test/helpers/eid.js';
import { institutionToken, passwordOnlyToken, userToken } from '../../test/services/support/service-client.js';
import { createEidApp } from './request-app.js';
import { requestRecord } from './eid-state.js';

const SEED_QUOTE = '„a HIS rendszerben beállított ágazati felhasználóval … kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag összeállítására”';

describe('eID request service: POST /eid/request-package', () => {
  it("issues a signed package to the HIS's configured sector user (a password token suffices) and remembers it", async () => {
    const sim = await testSimulator();
    const res = await postRequestPackage(sim, {});
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ requester: 'E01620K', purpose: 'login', audience: 'urn:eeszt-sim:sector:eeszt', issueInstant: '2026-03-02T08:00:00.000Z', notOnOrAfter: '2026-03-02T08:05:00.000Z' });
    expect(Buffer.from(body.requestPackage, 'base64').toString('utf8')).toContain(`<eid:Nonce>${body.nonce}</eid:Nonce>`);
    expect(requestRecord(sim.deps.store, body.id)).toMatchObject({ status: 'issued', nonce: body.nonce });
    expect(sim.deps.journal.list({ service: 'eid' }).at(-1)?.summary).toMatchObject({ requester: 'E01620K', sectorUser: 'X12345' });
    // A two-factor token of a doctor works as well.
    const doctor = await userToken(sim, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' });
    expect((await postJson(sim, '/eid/request-package', { institutionId: 'E01620K' }, { authorization: samlAuthorizationValue(doctor) })).status).toBe(201);
  });

  it('refuses (strict) a request without the sector user token, saying what to send, with the seed quote', async () => {
    const sim = await testSimulator();
    const res = await postJson(sim, '/eid/request-package', { institutionId: 'E01620K' });
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.code).toBe('SECTOR_USER_TOKEN_REQUIRED');
    expect(body.detail).toBe(
      `the eID request package is asked for by the sector user configured in the HIS (seed 003: ${SEED_QUOTE}), and the request has no Authorization header; log the sector user configured in the HIS (a natural person of the institution, e.g. with username and password) in at /sts and send its token as \`Authorization: SAML <base64 of the saml:Assertion XML>\`, then ask again (\`institutionId\` may then be left out); during early development only, an environment started with \`--policy lenient\` admits it (flagged, never conformance)`,
    );
    expect(res.headers.get('EESZT-Sim-Lenient')).toBeNull();
    const basic = await postJson(sim, '/eid/request-package', {}, { authorization: 'Basic eDp5' });
    expect(await json(basic)).toMatchObject({ code: 'SECTOR_USER_TOKEN_REQUIRED', detail: expect.stringContaining('an Authorization header with scheme `Basic`') });
    expect(await json(await postJson(sim, '/eid/request-package', {}, { authorization: 'SAML !!' }))).toMatchObject({ code: 'SECTOR_USER_TOKEN_MALFORMED', status: 401 });
  });

  it("refuses an institutional user's token (certificate, or the institution's system user) and a token of another institution", async () => {
    const sim = await testSimulator();
    const cert = await institutionToken(sim, 'E30217B', '302170101');
    const byCert = await json(await postJson(sim, '/eid/request-package', {}, { authorization: samlAuthorizationValue(cert) }));
    expect(byCert).toMatchObject({ code: 'SECTOR_USER_REQUIRED', status: 403 });
    expect(byCert.detail).toContain('a token obtained with the institutional certificate of `E30217B`');
    const system = await passwordOnlyToken(sim, { username: 'X90001', institutionId: 'E30217B', unitCode: '302170101' });
    expect(await json(await postJson(sim, '/eid/request-package', {}, { authorization: samlAuthorizationValue(system) }))).toMatchObject({ code: 'SECTOR_USER_REQUIRED', detail: expect.stringContaining('the system user of `E30217B`') });
    const mismatch = await json(await postJson(sim, '/eid/request-package', { institutionId: 'E30217B' }, await sectorUserHeaders(sim)));
    expect(mismatch).toMatchObject({ code: 'REQUESTER_MISMATCH', status: 403 });
    expect(mismatch.detail).toContain("the sector user's token (`X12345`) is for `E01620K`, but the body names `E30217B`");
  });

  it('checks the body institution and the token the same way as any token', async () => {
    const sim = await testSimulator();
    const headers = await sectorUserHeaders(sim);
    const code = async (body: unknown): Promise<string> => (await json(await postJson(sim, '/eid/request-package', body, headers))).code;
    expect(await code({ institutionId: '01620K' })).toBe('IDENTIFIER_INVALID');
    expect(await code({ institutionId: 'E99999A' })).toBe('INSTITUTION_UNKNOWN');
    expect(await code([])).toBe('BODY_INVALID');
    expect(await code({ institutionId: 1620 })).toBe('BODY_INVALID');
    sim.deps.clock.advance(8 * 3600 * 1000);
    expect(await code({})).toBe('TOKEN_EXPIRED');
  });

  it('lenient: lets a request without the token through, flagged (header and journal), naming the institution by institutionId', async () => {
    const sim = await testSimulator({ config: { policy: 'lenient' } });
    const res = await postJson(sim, '/eid/request-package', { institutionId: 'E01620K' });
    expect(res.status).toBe(201);
    expect(res.headers.get('EESZT-Sim-Lenient')).toBe('EID-REQUEST-BY-SECTOR-USER; code=SECTOR_USER_TOKEN_REQUIRED');
    expect(sim.deps.journal.list({ service: 'eid' }).at(-1)?.lenient).toEqual([{ rule: 'EID-REQUEST-BY-SECTOR-USER', code: 'SECTOR_USER_TOKEN_REQUIRED', message: expect.stringContaining('sector user configured in the HIS') }]);
    expect((await json(await postJson(sim, '/eid/request-package', {}))).code).toBe('REQUESTER_MISSING');
    const clean = await postRequestPackage(sim, {});
    expect(clean.status).toBe(201);
    expect(clean.headers.get('EESZT-Sim-Lenient')).toBeNull();
  });

  it('over TLS the WAF-SSL certificate must name the token’s institution', async () => {
    const sim = await testSimulator();
    const app = new Hono<SimHonoEnv>();
    app.onError((err, c) => errorResponse(err, c, sim.deps.log));
    app.use('*', async (c, next) => {
      c.set('client', { organisation: 'E30217B', certificateSubject: 'CN=E30217B' });
      await next();
    });
    app.route('/eid', createEidApp(sim.deps));
    const post = async (body: unknown, headers: Record<string, string>): Promise<Response> =>
      Promise.resolve(app.request('/eid/request-package', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
    expect(await json(await post({}, await sectorUserHeaders(sim)))).toMatchObject({ code: 'REQUESTER_MISMATCH', status: 403, detail: expect.stringContaining('the WAF-SSL client certificate is that of `E30217B`') });
    expect(await json(await post({}, await sectorUserHeaders(sim, 'E30217B')))).toMatchObject({ requester: 'E30217B' });
  });
});
