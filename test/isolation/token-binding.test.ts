/**
 * Issue 15 items 7 and 8: a token acts only in the environment that issued it (the default one or
 * an isolated run), and a reset drops every token issued before it. Through HTTP: real tokens
 * from each environment's /sts, used at each environment's eRecept service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { callService, requestBody, samlAuthorization, userToken, type ServiceAnswer } from '../services/support/service-client.js';

const DOCTOR = { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' };
const list = requestBody('ListPrescriptionsRequest', { Taj: '123456788' });

/** The service took the token: it answered, or refused for a reason after the token (here NOT_TREATING_DOCTOR). */
function tokenAccepted(answer: ServiceAnswer): boolean {
  return answer.fault === undefined ? answer.status === 200 : !answer.fault.errorCode.startsWith('TOKEN_') && answer.fault.errorCode !== '';
}

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

async function newRun(): Promise<string> {
  const res = await postJson(sim, 'http://127.0.0.1:8080/_sim/runs', { clock: { start: '2026-03-02T08:00:00Z', frozen: true } });
  expect(res.status).toBe(201);
  return ((await json(res)) as { id: string }).id;
}

describe('tokens are bound to the environment that issued them (item 7)', () => {
  it('each environment publishes its own issuer in its discovery document', async () => {
    const a = await newRun();
    const own = await json(await sim.app.request('http://127.0.0.1:8080/.well-known/eeszt-sim'));
    const run = await json(await sim.app.request(`http://127.0.0.1:8080/run/${a}/.well-known/eeszt-sim`));
    expect(own.tokens).toEqual({ issuer: 'urn:eeszt-sim:sts', audience: 'urn:eeszt:services', lifetimeMinutes: 420 });
    expect(run.tokens.issuer).toBe(`urn:eeszt-sim:sts:run:${a}`);
  });

  it('a run token works in its run and is refused in the default environment and in another run', async () => {
    const a = await newRun();
    const b = await newRun();
    const tokenA = await userToken(sim, DOCTOR, `/run/${a}`);
    expect(tokenA).toContain(`<saml:Issuer>urn:eeszt-sim:sts:run:${a}</saml:Issuer>`);
    const home = await callService(sim, 'erecept', list, tokenA, { basePath: `/run/${a}` });
    expect(tokenAccepted(home), home.text.slice(0, 600)).toBe(true);

    const inDefault = await callService(sim, 'erecept', list, tokenA);
    expect(inDefault.status).toBe(400);
    expect(inDefault.fault?.errorCode).toBe('TOKEN_FOREIGN_ENVIRONMENT');
    expect(inDefault.fault?.message).toBe(
      `the SAML token was issued by isolated run \`${a}\` (issuer \`urn:eeszt-sim:sts:run:${a}\`), but this is the default environment (issuer \`urn:eeszt-sim:sts\`); a token acts only in the environment that issued it: get one from this environment's /sts (its discovery document names the issuer)`,
    );
    expect(inDefault.text).toContain('wsse:InvalidSecurityToken');

    const inB = await callService(sim, 'erecept', list, tokenA, { basePath: `/run/${b}` });
    expect(inB.fault?.errorCode).toBe('TOKEN_FOREIGN_ENVIRONMENT');
    expect(inB.fault?.message).toContain(`but this is isolated run \`${b}\``);
  });

  it('a default-environment token is refused in a run, also by the IAM admin API', async () => {
    const a = await newRun();
    const token = await userToken(sim, DOCTOR);
    expect(tokenAccepted(await callService(sim, 'erecept', list, token))).toBe(true);
    const inRun = await callService(sim, 'erecept', list, token, { basePath: `/run/${a}` });
    expect(inRun.fault?.errorCode).toBe('TOKEN_FOREIGN_ENVIRONMENT');
    expect(inRun.fault?.message).toContain('was issued by the default environment');
    const admin = await postJson(sim, `/run/${a}/iam/api/vmatrix/units/016200101/grants`, { username: 'O83456', role: 'ORVOS' }, samlAuthorization(token));
    expect((await json(admin)).code).toBe('TOKEN_FOREIGN_ENVIRONMENT');
  });
});

describe('reset drops issued tokens (item 8)', () => {
  it('a token from before POST /_sim/reset is refused; a new one works', async () => {
    const before = await userToken(sim, DOCTOR);
    expect(tokenAccepted(await callService(sim, 'erecept', list, before))).toBe(true);
    expect((await postJson(sim, '/_sim/reset', { keepClock: true })).status).toBe(200);
    const after = await callService(sim, 'erecept', list, before);
    expect(after.fault?.errorCode).toBe('TOKEN_ISSUED_BEFORE_RESET');
    expect(after.fault?.message).toMatch(/^the SAML token _[0-9a-f]+ was issued before this environment was last reset \(POST \/_sim\/reset or a fixture load\), which drops every issued token; get a new one from \/sts$/);
    const fresh = await userToken(sim, DOCTOR);
    expect(tokenAccepted(await callService(sim, 'erecept', list, fresh))).toBe(true);
  });

  it('a run reset drops the run tokens only', async () => {
    const a = await newRun();
    const runToken = await userToken(sim, DOCTOR, `/run/${a}`);
    const defaultToken = await userToken(sim, DOCTOR);
    expect((await postJson(sim, `/run/${a}/_sim/reset`, {})).status).toBe(200);
    expect((await callService(sim, 'erecept', list, runToken, { basePath: `/run/${a}` })).fault?.errorCode).toBe('TOKEN_ISSUED_BEFORE_RESET');
    expect(tokenAccepted(await callService(sim, 'erecept', list, defaultToken))).toBe(true);
  });
});
