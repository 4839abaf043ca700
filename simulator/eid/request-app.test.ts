import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SimHonoEnv } from '../core/deps.js';
import { errorResponse } from '../core/error-response.js';
import { json, postJson, testSimulator } from '../../test/helpers/sim.js';
import { createEidApp } from './request-app.js';
import { requestRecord } from './eid-state.js';

describe('eID request service: POST /eid/request-package', () => {
  it('issues a signed package for a known institution and remembers it', async () => {
    const sim = await testSimulator();
    const res = await postJson(sim, '/eid/request-package', { institutionId: 'E01620K' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ requester: 'E01620K', purpose: 'login', audience: 'urn:eeszt-sim:sector:eeszt', issueInstant: '2026-03-02T08:00:00.000Z', notOnOrAfter: '2026-03-02T08:05:00.000Z' });
    expect(Buffer.from(body.requestPackage, 'base64').toString('utf8')).toContain(`<eid:Nonce>${body.nonce}</eid:Nonce>`);
    expect(requestRecord(sim.deps.store, body.id)).toMatchObject({ status: 'issued', nonce: body.nonce });
  });

  it('says who must be named, and refuses unknown or malformed institutions', async () => {
    const sim = await testSimulator();
    const code = async (body: unknown): Promise<string> => (await json(await postJson(sim, '/eid/request-package', body))).code;
    expect(await code({})).toBe('REQUESTER_MISSING');
    expect(await code({ institutionId: '01620K' })).toBe('IDENTIFIER_INVALID');
    expect(await code({ institutionId: 'E99999A' })).toBe('INSTITUTION_UNKNOWN');
    expect(await code([])).toBe('JSON_OBJECT_EXPECTED');
  });

  it('over TLS the WAF-SSL certificate names the institution; another one in the body is refused', async () => {
    const sim = await testSimulator();
    const app = new Hono<SimHonoEnv>();
    app.onError((err, c) => errorResponse(err, c, sim.deps.log));
    app.use('*', async (c, next) => {
      c.set('client', { organisation: 'E01620K', certificateSubject: 'CN=E01620K' });
      await next();
    });
    app.route('/eid', createEidApp(sim.deps));
    const post = (body: unknown): Promise<Response> => Promise.resolve(app.request('/eid/request-package', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    expect(await json(await post({}))).toMatchObject({ requester: 'E01620K' });
    expect(await json(await post({ institutionId: 'E30217B' }))).toMatchObject({ code: 'REQUESTER_MISMATCH', status: 403 });
  });
});
