/**
 * Who asks the eID request service for a package, under the default (strict) policy: the HIS's
 * configured sector user with its token (seed 003, rule EID-REQUEST-BY-SECTOR-USER), the Ágazati
 * portál for its own card login (no HIS involved), and miniHIS (in the simulator) for the EESZT
 * connection of a logged-in session. Each package then carries a card login to the STS.
 */
import { describe, expect, it } from 'vitest';
import { cardIssueRequest, extractAssertion, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import type { Simulator } from '../../simulator/simulator.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { postRequestPackage } from '../helpers/eid.js';
import { logIn, postAs } from '../minihis/helpers.js';
import { CONTEXT } from './card-login-helpers.js';

async function cardLoginWith(sim: Simulator, requestPackage: string): Promise<string> {
  await postJson(sim, '/card-client/readers/0/card', { documentId: '123456AB' });
  const rid = await json(await postJson(sim, '/card-client/authenticate', { requestPackage, cardholder: [{ pin: '123456' }] }));
  expect(rid.ridPackage, JSON.stringify(rid)).toBeTypeOf('string');
  const res = await sim.app.request('/sts', {
    method: 'POST',
    headers: { 'content-type': SOAP12_ISSUE },
    body: cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(rid.ridPackage, 'base64').toString('utf8'), now: sim.deps.clock.now() }),
  });
  return extractAssertion(await res.text());
}

describe('eID request packages under strict', () => {
  it("the HIS's configured sector user: its package gives a card login", async () => {
    const sim = await testSimulator();
    const pkg = await json(await postRequestPackage(sim, {}));
    expect(pkg.requester).toBe('E01620K');
    expect(await cardLoginWith(sim, pkg.requestPackage)).toContain('SmartcardPKI');
  });

  it("the Ágazati portál's own card login: POST /portal/login/card-request, no token", async () => {
    const sim = await testSimulator();
    const res = await postJson(sim, '/portal/login/card-request', {});
    const pkg = await json(res);
    expect(res.status, JSON.stringify(pkg)).toBe(201);
    expect(pkg).toMatchObject({ requester: 'portal', purpose: 'login', audience: 'urn:eeszt-sim:sector:eeszt' });
    expect(await cardLoginWith(sim, pkg.requestPackage)).toContain('SmartcardPKI');
    expect(res.headers.get('EESZT-Sim-Lenient')).toBeNull();
  });

  it('miniHIS: POST /minihis/api/eeszt/card-request for a logged-in session only', async () => {
    const sim = await testSimulator();
    expect((await json(await postJson(sim, '/minihis/api/eeszt/card-request', {}))).code).toBe('SESSION_REQUIRED');
    const { token } = await logIn(sim, 'O50123');
    const res = await postAs(sim, token, '/minihis/api/eeszt/card-request', {});
    const pkg = await json(res);
    expect(res.status, JSON.stringify(pkg)).toBe(201);
    expect(pkg).toMatchObject({ requester: 'E01620K', purpose: 'login' });
    expect(await cardLoginWith(sim, pkg.requestPackage)).toContain('SmartcardPKI');
  });
});
