/**
 * The IAM+SSO admin API end to end, with real STS tokens: admin authentication, reference data,
 * the drop-down look-ups and pick enforcement, creating a record and assigning roles ("TÁROL ÉS
 * VISSZA"), the miniHIS role-to-prefix rules, the audit trail, and reset.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { json, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { samlAuthorization, userToken, type Seat } from '../services/support/service-client.js';

const ADMIN: Seat = { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' };

let sim: Simulator;
let auth: Record<string, string>;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: any; type: string }> {
  const res = await sim.app.request(`/iam/api${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), type: res.headers.get('content-type') ?? '' };
}

/** Look a value up and return the pick of the match whose `key` equals `value`. */
async function pick(kind: 'users' | 'units' | 'institutions', q: string, key: string, value: string, headers = auth): Promise<string> {
  const res = await api('GET', `/lookup/${kind}?q=${encodeURIComponent(q)}`, undefined, headers);
  expect(res.status).toBe(200);
  const match = res.body.matches.find((m: Record<string, string>) => m[key] === value);
  if (match === undefined) throw new Error(`no ${kind} match ${value} for q=${q}: ${JSON.stringify(res.body)}`);
  return match.pick as string;
}

/** Open the draft of a new record for a user in a unit (picks looked up first). */
async function openRecord(username: string, unitCode: string): Promise<{ status: number; body: any }> {
  const userPick = await pick('users', username, 'username', username);
  const unitPick = await pick('units', unitCode, 'code', unitCode);
  return api('POST', '/records', { partner: 1, system: 1, userPick, unitPick });
}

beforeEach(async () => {
  sim = await testSimulator();
  auth = samlAuthorization(await userToken(sim, ADMIN));
});

describe('admin authentication', () => {
  it('refuses a request without the SAML token, with another scheme, or with a non-base64 value', async () => {
    const none = await api('GET', '/partners', undefined, {});
    expect(none.status).toBe(401);
    expect(none.type).toBe('application/problem+json');
    expect(none.body.code).toBe('ADMIN_TOKEN_MISSING');
    expect(none.body.detail).toContain('`Authorization: SAML <base64 of the saml:Assertion XML>`');
    expect((await api('GET', '/partners', undefined, { authorization: 'Bearer abc' })).body.code).toBe('ADMIN_TOKEN_MISSING');
    expect((await api('GET', '/partners', undefined, { authorization: 'SAML ***' })).body.code).toBe('ADMIN_TOKEN_MALFORMED');
  });

  it('refuses a user without JOGOSULTSAG_ADMIN in the token unit, naming role and unit', async () => {
    const doctor = samlAuthorization(await userToken(sim, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' }));
    const res = await api('GET', '/partners', undefined, doctor);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_MISSING');
    expect(res.body.detail).toBe(
      "user `O50123` has no V-MÁTRIX role `JOGOSULTSAG_ADMIN` in unit `016200101` of `E01620K` (needed to administer the institution's permissions); the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)",
    );
  });

  it('refuses an expired token', async () => {
    sim.deps.clock.advance(7 * 3600_000);
    expect((await api('GET', '/partners')).body.code).toBe('TOKEN_EXPIRED');
  });

  it('tells who is logged in', async () => {
    expect((await api('GET', '')).body.admin).toEqual({ username: 'X23456', institutionId: 'E01620K', unitCode: '016200101', authMethod: 'password-mobiltoken' });
  });
});

describe('OpenAPI and reference data', () => {
  it('serves the OpenAPI document without authentication', async () => {
    const res = await api('GET', '/openapi.json', undefined, {});
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of ['/partners', '/systems', '/lookup/users', '/lookup/units', '/lookup/institutions', '/records', '/records/{id}/roles/move', '/records/{id}/roles/save', '/audit', '/vmatrix/units/{unit}/grants']) {
      expect(res.body.paths[path], path).toBeDefined();
    }
    expect(res.body.components.securitySchemes.samlToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('describes each request body as its route checks it: types, limits, and unknown fields refused', async () => {
    const doc = (await api('GET', '/openapi.json', undefined, {})).body;
    const move = doc.paths['/records/{id}/roles/move'].post.requestBody.content['application/json'].schema;
    expect(move).toEqual({
      type: 'object',
      properties: { role: { type: 'string', maxLength: 64 }, direction: { enum: ['in', 'out'] } },
      required: ['role', 'direction'],
      additionalProperties: false,
    });
    const grant = doc.paths['/vmatrix/units/{unit}/grants'].post.requestBody.content['application/json'].schema;
    expect(grant).toMatchObject({ required: ['username', 'role'], additionalProperties: false });
    const create = doc.components.schemas.CreateRecord;
    expect(create).toMatchObject({ required: ['partner', 'system', 'userPick', 'unitPick'], additionalProperties: false });
    expect(Object.keys(create.properties)).toEqual(['partner', 'system', 'userPick', 'unitPick', 'institutionPick']);
    expect(create.properties.partner).toMatchObject({ type: 'integer', minimum: 1, maximum: 9999 });
    // What the document says is what the route does: an unknown field is refused.
    const refused = await api('POST', '/vmatrix/units/016200101/grants', { username: 'O83456', role: 'ORVOS', note: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.body.details.errors).toEqual([expect.objectContaining({ path: 'note', code: 'FIELD_UNKNOWN' })]);
  });

  it('lists partner 1 – ÁEEK EESZT, system 1 – miniHIS and the miniHIS roles', async () => {
    expect((await api('GET', '/partners')).body.partners).toEqual([{ id: 1, name: 'ÁEEK EESZT', label: '1 – ÁEEK EESZT' }]);
    expect((await api('GET', '/systems?partner=1')).body.systems).toEqual([{ id: 1, name: 'miniHIS', partner: 1, label: '1 – miniHIS' }]);
    expect((await api('GET', '/systems?partner=2')).body.code).toBe('PARTNER_UNKNOWN');
    const roles = (await api('GET', '/roles?system=1')).body.roles;
    expect(roles.map((r: { name: string; prefixes: string[] }) => [r.name, r.prefixes])).toEqual([
      ['miniHIS Orvos', ['O']],
      ['miniHIS Szakdolgozó', ['S']],
      ['miniHIS Adatrögzítő', ['X']],
    ]);
  });
});

describe('drop-down look-ups', () => {
  it('finds users by username prefix (case-sensitive) or name, each match with a pick', async () => {
    const res = await api('GET', '/lookup/users?q=O501');
    expect(res.body.matches.map((m: { username: string }) => m.username)).toEqual(['O50123']);
    expect(res.body.matches[0]).toMatchObject({ kind: 'doctor', expiresAt: '2026-03-02T08:15:00.000Z' });
    expect(res.body.matches[0].pick).toMatch(/^pick-[0-9a-f]{24}$/);
    expect(res.body.pickValidMinutes).toBe(15);
    expect((await api('GET', '/lookup/users?q=o501')).body.matches).toEqual([]);
    // the same match looked up again keeps its pick
    expect((await api('GET', '/lookup/users?q=O50')).body.matches.find((m: { username: string }) => m.username === 'O50123').pick).toBe(res.body.matches[0].pick);
  });

  it("finds only units of the admin's institution, and institutions by id, registry id or name", async () => {
    const units = (await api('GET', '/lookup/units?q=0162')).body.matches.map((m: { code: string }) => m.code);
    expect(units).toEqual(['016200101', '016200102', '016200103', '016200104']);
    expect((await api('GET', '/lookup/units?q=3021')).body.matches).toEqual([]);
    expect((await api('GET', '/lookup/units?q=kardio')).body.matches.map((m: { code: string }) => m.code)).toEqual(['016200102']);
    expect((await api('GET', '/lookup/institutions?q=01620')).body.matches.map((m: { institutionId: string }) => m.institutionId)).toEqual(['E01620K']);
    expect((await api('GET', '/lookup/institutions?q=E01620K')).body.matches).toHaveLength(1);
    expect((await api('GET', '/lookup/institutions?q=Margit')).body.matches[0].institutionId).toBe('E01620K');
    expect((await api('GET', '/lookup/users')).body.code).toBe('LOOKUP_QUERY_MISSING');
  });
});

describe('drop-down pick enforcement', () => {
  it('refuses a typed user or unit, naming the look-up to use', async () => {
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    const typed = await api('POST', '/records', { partner: 1, system: 1, username: 'O83456', unitPick });
    expect(typed.status).toBe(400);
    expect(typed.body.code).toBe('PICK_REQUIRED');
    expect(typed.body.detail).toBe(
      "`username` was typed in; the portal demands a pick from the drop-down: look the value up with GET /iam/api/lookup/users?q=<prefix> and send the chosen match's `pick` as `userPick`",
    );
    const userPick = await pick('users', 'O83456', 'username', 'O83456');
    expect((await api('POST', '/records', { partner: 1, system: 1, userPick, unitCode: '016200102' })).body.code).toBe('PICK_REQUIRED');
    expect((await api('POST', '/records', { partner: 1, system: 1, userPick })).body.code).toBe('PICK_REQUIRED');
  });

  it('refuses a made-up pick, a pick of another drop-down, and a pick of another admin', async () => {
    const userPick = await pick('users', 'O83456', 'username', 'O83456');
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    const madeUp = await api('POST', '/records', { partner: 1, system: 1, userPick: 'pick-000000000000000000000000', unitPick });
    expect(madeUp.body.code).toBe('PICK_INVALID');
    const swapped = await api('POST', '/records', { partner: 1, system: 1, userPick: unitPick, unitPick });
    expect(swapped.body.code).toBe('PICK_INVALID');
    expect(swapped.body.detail).toContain('is a pick from the unit drop-down, not the user drop-down');
    // a second admin of the same institution cannot redeem the first admin's picks
    sim.deps.store.state.vmatrix.find((g) => g.username === 'O50123' && g.unitCode === '016200101')?.roles.push('JOGOSULTSAG_ADMIN');
    const other = samlAuthorization(await userToken(sim, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' }));
    const foreign = await api('POST', '/records', { partner: 1, system: 1, userPick, unitPick }, other);
    expect(foreign.body.code).toBe('PICK_INVALID');
    expect(foreign.body.detail).toContain('is not a pick this admin received from a look-up');
  });

  it('refuses a pick older than 15 minutes at the simulator clock', async () => {
    const userPick = await pick('users', 'O83456', 'username', 'O83456');
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    sim.deps.clock.advance(15 * 60_000);
    const res = await api('POST', '/records', { partner: 1, system: 1, userPick, unitPick });
    expect(res.body.code).toBe('PICK_EXPIRED');
    expect(res.body.detail).toContain('expired at 2026-03-02T08:15:00.000Z (picks are valid for 15 minutes at the simulator clock)');
  });

  it("takes the institution from the login: a picked institution must be the admin's own", async () => {
    const userPick = await pick('users', 'O83456', 'username', 'O83456');
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    const foreign = await pick('institutions', 'E30217B', 'institutionId', 'E30217B');
    const res = await api('POST', '/records', { partner: 1, system: 1, userPick, unitPick, institutionPick: foreign });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('INSTITUTION_NOT_ADMINISTERED');
    const own = await pick('institutions', 'E01620K', 'institutionId', 'E01620K');
    const ok = await api('POST', '/records', { partner: 1, system: 1, userPick, unitPick, institutionPick: own });
    expect(ok.status).toBe(201);
    expect(ok.body.record.institutionId).toBe('E01620K');
  });

  it('refuses unknown partners and systems', async () => {
    const userPick = await pick('users', 'O83456', 'username', 'O83456');
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    expect((await api('POST', '/records', { partner: 2, system: 1, userPick, unitPick })).body.code).toBe('PARTNER_UNKNOWN');
    expect((await api('POST', '/records', { partner: 1, system: 7, userPick, unitPick })).body.code).toBe('SYSTEM_UNKNOWN');
  });
});

describe('creating a record and assigning roles', () => {
  it('LÉTREHOZÁS opens the role screen, roles move in and out, TÁROL ÉS VISSZA saves', async () => {
    const created = await openRecord('O83456', '016200102');
    expect(created.status).toBe(201);
    const id = '1-1-O83456-E01620K-016200102';
    expect(created.body.record).toMatchObject({ id, partner: 1, partnerName: 'ÁEEK EESZT', system: 1, systemName: 'miniHIS', username: 'O83456', institutionId: 'E01620K', unitCode: '016200102', roles: [] });
    expect(created.body.saved).toBe(false);
    expect(created.body.owned).toEqual([]);
    expect(created.body.available.map((r: { name: string; fitsUser: boolean }) => [r.name, r.fitsUser])).toEqual([
      ['miniHIS Orvos', true],
      ['miniHIS Szakdolgozó', false],
      ['miniHIS Adatrögzítő', false],
    ]);
    // nothing is stored before save
    expect((await api('GET', '/records?username=O83456')).body.records).toEqual([]);
    expect((await api('POST', `/records/${id}/roles/save`)).body.code).toBe('ROLES_EMPTY');
    const moved = await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'in' });
    expect(moved.body.owned.map((r: { name: string }) => r.name)).toEqual(['miniHIS Orvos']);
    expect(moved.body.unsavedChanges).toBe(true);
    const out = await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'out' });
    expect(out.body.owned).toEqual([]);
    expect((await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'out' })).body.code).toBe('ROLE_NOT_OWNED');
    await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'in' });
    const saved = await api('POST', `/records/${id}/roles/save`);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ record: { id, roles: ['miniHIS Orvos'] }, granted: ['miniHIS Orvos'], removed: [] });
    expect((await api('GET', `/records/${id}`)).body.roles).toEqual(['miniHIS Orvos']);
    expect(sim.deps.store.state.iam).toContainEqual({ partner: 1, system: 1, username: 'O83456', institutionId: 'E01620K', unitCode: '016200102', roles: ['miniHIS Orvos'] });
    // the user is now assigned to the unit (the STS lets them log in from it)
    expect(sim.deps.store.state.users.find((u) => u.username === 'O83456')?.memberships).toEqual([{ institutionId: 'E01620K', units: ['016200101', '016200102'] }]);
    const screen = await api('GET', `/records/${id}/roles`);
    expect(screen.body).toMatchObject({ saved: true, unsavedChanges: false });
    // creating it again is refused
    const again = await openRecord('O83456', '016200102');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IAM_RECORD_EXISTS');
  });

  it('removing the last role of a saved record deletes it', async () => {
    const id = '1-1-O123456-E01620K-016200101';
    await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'out' });
    const saved = await api('POST', `/records/${id}/roles/save`);
    expect(saved.body).toEqual({ record: null, granted: [], removed: ['miniHIS Orvos'] });
    expect((await api('GET', `/records/${id}`)).body.code).toBe('IAM_RECORD_NOT_FOUND');
  });

  it("does not show another institution's records", async () => {
    expect((await api('GET', '/records/1-1-O75339-E40515F-911831937')).status).toBe(404);
    const all = (await api('GET', '/records')).body.records;
    expect(all.every((r: { institutionId: string }) => r.institutionId === 'E01620K')).toBe(true);
    expect(all.length).toBe(9);
  });
});

describe('miniHIS role-to-prefix rules', () => {
  /** Written out from the domain documentation: miniHIS Orvos for O, Szakdolgozó for S, Adatrögzítő for X. */
  const RULES: Array<[role: string, username: string, outcome: 'accepted' | string]> = [
    ['miniHIS Orvos', 'O83456', 'accepted'],
    ['miniHIS Orvos', 'S26684', 'role `miniHIS Orvos` is for doctors (`O` usernames); `S26684` is a nurse: assign `miniHIS Szakdolgozó`'],
    ['miniHIS Orvos', 'X23456', 'role `miniHIS Orvos` is for doctors (`O` usernames); `X23456` is non-health staff: assign `miniHIS Adatrögzítő`'],
    ['miniHIS Orvos', 'G12345', 'role `miniHIS Orvos` is for doctors (`O` usernames); `G12345` is a pharmacist, and miniHIS has no role for pharmacists'],
    ['miniHIS Orvos', 'C12345', 'role `miniHIS Orvos` is for doctors (`O` usernames); `C12345` is a clinical psychologist, and miniHIS has no role for clinical psychologists'],
    ['miniHIS Szakdolgozó', 'S26684', 'accepted'],
    ['miniHIS Szakdolgozó', 'O83456', 'role `miniHIS Szakdolgozó` is for nurses and other health professionals (`S` usernames); `O83456` is a doctor: assign `miniHIS Orvos`'],
    ['miniHIS Szakdolgozó', 'X23456', 'role `miniHIS Szakdolgozó` is for nurses and other health professionals (`S` usernames); `X23456` is non-health staff: assign `miniHIS Adatrögzítő`'],
    ['miniHIS Adatrögzítő', 'X23456', 'accepted'],
    ['miniHIS Adatrögzítő', 'O83456', 'role `miniHIS Adatrögzítő` is for data-entry staff (`X` usernames); `O83456` is a doctor: assign `miniHIS Orvos`'],
    ['miniHIS Adatrögzítő', 'S26684', 'role `miniHIS Adatrögzítő` is for data-entry staff (`X` usernames); `S26684` is a nurse: assign `miniHIS Szakdolgozó`'],
  ];

  it.each(RULES)('%s for %s: %s', async (role, username, outcome) => {
    const created = await openRecord(username, '016200102');
    expect(created.status).toBe(201);
    const res = await api('POST', `/records/${created.body.record.id}/roles/move`, { role, direction: 'in' });
    if (outcome === 'accepted') {
      expect(res.status).toBe(200);
      expect(res.body.owned.map((r: { name: string }) => r.name)).toEqual([role]);
      expect((await api('POST', `/records/${created.body.record.id}/roles/save`)).status).toBe(200);
    } else {
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ROLE_PREFIX_MISMATCH');
      expect(res.body.detail).toBe(outcome);
      expect(res.body.details).toEqual({ role, username });
    }
  });

  it('refuses a V-MÁTRIX role or a misspelt role in a miniHIS record', async () => {
    const created = await openRecord('O83456', '016200102');
    const id = created.body.record.id as string;
    const vm = await api('POST', `/records/${id}/roles/move`, { role: 'ORVOS', direction: 'in' });
    expect(vm.body.code).toBe('ROLE_UNKNOWN');
    expect(vm.body.detail).toContain('use `miniHIS Orvos`');
    const misspelt = await api('POST', `/records/${id}/roles/move`, { role: 'minihis orvos', direction: 'in' });
    expect(misspelt.body.code).toBe('ROLE_UNKNOWN');
    expect(misspelt.body.detail).toContain('use `miniHIS Orvos`');
  });
});

describe('audit trail', () => {
  it('records who granted or removed what, for whom, where and when (simulator clock)', async () => {
    sim.deps.clock.advance(5 * 60_000);
    const created = await openRecord('O83456', '016200102');
    const id = created.body.record.id as string;
    await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'in' });
    await api('POST', `/records/${id}/roles/save`);
    sim.deps.clock.advance(60_000);
    await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'out' });
    await api('POST', `/records/${id}/roles/save`);
    await api('POST', '/vmatrix/units/016200102/grants', { username: 'O83456', role: 'ORVOS' });
    await api('DELETE', '/vmatrix/units/016200102/grants/O83456/ORVOS');
    const actor = { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' };
    const where = { username: 'O83456', institutionId: 'E01620K', unitCode: '016200102' };
    const entries = (await api('GET', '/audit?username=O83456')).body.entries;
    expect(entries).toEqual([
      { seq: 1, at: '2026-03-02T08:05:00.000Z', actor, action: 'record-created', scope: 'iam', partner: 1, system: 1, ...where },
      { seq: 2, at: '2026-03-02T08:05:00.000Z', actor, action: 'grant', scope: 'iam', role: 'miniHIS Orvos', partner: 1, system: 1, ...where },
      { seq: 3, at: '2026-03-02T08:06:00.000Z', actor, action: 'revoke', scope: 'iam', role: 'miniHIS Orvos', partner: 1, system: 1, ...where },
      { seq: 4, at: '2026-03-02T08:06:00.000Z', actor, action: 'record-deleted', scope: 'iam', partner: 1, system: 1, ...where },
      { seq: 5, at: '2026-03-02T08:06:00.000Z', actor, action: 'grant', scope: 'vmatrix', role: 'ORVOS', ...where },
      { seq: 6, at: '2026-03-02T08:06:00.000Z', actor, action: 'revoke', scope: 'vmatrix', role: 'ORVOS', ...where },
    ]);
    expect((await api('GET', '/audit?scope=vmatrix')).body.entries).toHaveLength(2);
    expect((await api('GET', '/audit?scope=other')).body.code).toBe('QUERY_INVALID');
  });

  it("is shown only to the admins of the institution it concerns", async () => {
    await api('POST', '/vmatrix/units/016200102/grants', { username: 'O83456', role: 'ORVOS' });
    sim.deps.store.state.vmatrix.find((g) => g.username === 'O75339' && g.institutionId === 'E40515F')?.roles.push('JOGOSULTSAG_ADMIN');
    const otherAdmin = samlAuthorization(await userToken(sim, { username: 'O75339', institutionId: 'E40515F', unitCode: '911831937' }));
    expect((await api('GET', '/audit', undefined, otherAdmin)).body).toEqual({ institutionId: 'E40515F', entries: [], total: 0, next: null });
    expect((await api('GET', '/audit')).body.entries).toHaveLength(1);
  });
});

describe('reset', () => {
  it('restores the fixtures: saved records, drafts, picks and the audit trail are gone', async () => {
    const created = await openRecord('O83456', '016200102');
    const id = created.body.record.id as string;
    await api('POST', `/records/${id}/roles/move`, { role: 'miniHIS Orvos', direction: 'in' });
    await api('POST', `/records/${id}/roles/save`);
    const userPick = await pick('users', 'S26684', 'username', 'S26684');
    expect((await sim.app.request('/_sim/reset', { method: 'POST' })).status).toBe(200);
    expect((await api('GET', `/records/${id}`)).body.code).toBe('TOKEN_ISSUED_BEFORE_RESET'); // a reset drops issued tokens too
    auth = samlAuthorization(await userToken(sim, ADMIN));
    expect((await api('GET', `/records/${id}`)).body.code).toBe('IAM_RECORD_NOT_FOUND');
    expect((await api('GET', '/audit')).body.entries).toEqual([]);
    expect(sim.deps.store.state.iam).toEqual(sim.deps.store.loaded().iam);
    expect(sim.deps.store.state.users.find((u) => u.username === 'O83456')?.memberships).toEqual([{ institutionId: 'E01620K', units: ['016200101'] }]);
    const unitPick = await pick('units', '016200102', 'code', '016200102');
    expect((await api('POST', '/records', { partner: 1, system: 1, userPick, unitPick })).body.code).toBe('PICK_INVALID');
    expect(await json(await sim.app.request('/iam/api/records', { headers: auth }))).toMatchObject({ institutionId: 'E01620K' });
  });
});
