/**
 * The V-MÁTRIX admin surface (`/iam/api/vmatrix`): list, grant and revoke institution roles per
 * unit, with the same admin authentication as the IAM API and the role-to-prefix rules.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { samlAuthorization, userToken } from '../services/support/service-client.js';

let sim: Simulator;
let auth: Record<string, string>;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: any }> {
  const res = await sim.app.request(`/iam/api/vmatrix${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

beforeEach(async () => {
  sim = await testSimulator();
  auth = samlAuthorization(await userToken(sim, { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' }));
});

describe('V-MÁTRIX admin API', () => {
  it("lists the institution's units with their grants, and one unit", async () => {
    const units = (await api('GET', '/units')).body;
    expect(units.institutionId).toBe('E01620K');
    expect(units.units.map((u: { unit: { code: string } }) => u.unit.code)).toEqual(['016200101', '016200102', '016200103', '016200104']);
    const one = (await api('GET', '/units/016200103')).body;
    expect(one.unit).toEqual({ code: '016200103', institutionId: 'E01620K', name: 'Sürgősségi Betegellátó Osztály' });
    expect(one.grants).toContainEqual({ institutionId: 'E01620K', unitCode: '016200103', username: 'X12345', roles: ['ADATROGZITO'] });
    expect((await api('GET', '/units/302170101')).body.code).toBe('UNIT_UNKNOWN');
    expect((await api('GET', '/roles')).body.roles.map((r: { name: string }) => r.name)).toContain('INTEZMENYI_RENDSZER');
  });

  it('grants a role (assigning the user to the unit, so the STS lets them log in there), idempotently', async () => {
    const granted = await api('POST', '/units/016200102/grants', { username: 'O83456', role: 'ORVOS' });
    expect(granted.status).toBe(201);
    expect(granted.body).toEqual({ username: 'O83456', institutionId: 'E01620K', unitCode: '016200102', roles: ['ORVOS'], changed: true });
    const again = await api('POST', '/units/016200102/grants', { username: 'O83456', role: 'ORVOS' });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    const token = await userToken(sim, { username: 'O83456', institutionId: 'E01620K', unitCode: '016200102' });
    expect(token).toContain('<saml:AttributeValue>ORVOS</saml:AttributeValue>');
  });

  it('applies the role-to-prefix rules and the role catalogue', async () => {
    const nurse = await api('POST', '/units/016200101/grants', { username: 'S12345', role: 'ORVOS' });
    expect(nurse.status).toBe(422);
    expect(nurse.body.code).toBe('ROLE_PREFIX_MISMATCH');
    expect(nurse.body.detail).toBe('role `ORVOS` is for doctors (`O` usernames); `S12345` is a nurse: assign `SZAKDOLGOZO`');
    const system = await api('POST', '/units/016200101/grants', { username: 'O50123', role: 'INTEZMENYI_RENDSZER' });
    expect(system.body.code).toBe('ROLE_PREFIX_MISMATCH');
    const lower = await api('POST', '/units/016200101/grants', { username: 'O83456', role: 'orvos' });
    expect(lower.body.code).toBe('ROLE_UNKNOWN');
    expect(lower.body.detail).toBe('role `orvos` is not spelled as in the catalogue; role names are exact: use `ORVOS`');
    const iamRole = await api('POST', '/units/016200101/grants', { username: 'O83456', role: 'miniHIS Orvos' });
    expect(iamRole.body.code).toBe('ROLE_UNKNOWN');
    expect(iamRole.body.detail).toContain('is an IAM+SSO (miniHIS) role, not a V-MÁTRIX institution role');
  });

  it('checks the unit, the user and the identifiers', async () => {
    expect((await api('POST', '/units/302170101/grants', { username: 'O83456', role: 'ORVOS' })).body.code).toBe('UNIT_UNKNOWN');
    expect((await api('POST', '/units/01620010/grants', { username: 'O83456', role: 'ORVOS' })).body.code).toBe('IDENTIFIER_INVALID');
    expect((await api('POST', '/units/016200101/grants', { username: 'O99999', role: 'ORVOS' })).body.code).toBe('USER_UNKNOWN');
    const lower = await api('POST', '/units/016200101/grants', { username: 'o83456', role: 'ORVOS' });
    expect(lower.body.code).toBe('IDENTIFIER_INVALID');
    expect(lower.body.detail).toContain('use `O83456`');
  });

  it('revokes a role, refuses one not held, and refuses to lock the admin out', async () => {
    const revoked = await api('DELETE', '/units/016200103/grants/X12345/ADATROGZITO');
    expect(revoked.body).toEqual({ username: 'X12345', institutionId: 'E01620K', unitCode: '016200103', roles: [] });
    expect(sim.deps.store.state.vmatrix.some((g) => g.username === 'X12345')).toBe(false);
    expect((await api('DELETE', '/units/016200103/grants/X12345/ADATROGZITO')).body.code).toBe('GRANT_NOT_FOUND');
    const self = await api('DELETE', '/units/016200101/grants/X23456/JOGOSULTSAG_ADMIN');
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('SELF_LOCKOUT');
  });

  it('needs the admin token like the IAM API', async () => {
    expect((await api('GET', '/units', undefined, {})).body.code).toBe('ADMIN_TOKEN_MISSING');
    const nurse = samlAuthorization(await userToken(sim, { username: 'S12345', institutionId: 'E01620K', unitCode: '016200101' }));
    const refused = await api('POST', '/units/016200101/grants', { username: 'S12345', role: 'JOGOSULTSAG_ADMIN' }, nurse);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ROLE_MISSING');
  });
});
