/**
 * miniHIS login: the institution and unit drop-downs (picks), the username, the mobilToken
 * (single use, one-step tolerance) and the miniHIS role of the user's prefix in the unit, each
 * refusal checked by code and exact message.
 */
import { describe, expect, it } from 'vitest';
import { putIamRecord } from '../../simulator/iam/iam-records.js';
import { mobilTokenAt } from '../../simulator/mobiltoken/totp.js';
import { codeOf, expectProblem, json, logIn, loginForm, pickInstitution, pickUnit, postAs, postJson, testSimulator } from './helpers.js';

const LOGIN = '/minihis/api/login';

describe('the institution and unit drop-downs', () => {
  it('find institutions by 6-digit id or name, health providers only, each match with a pick', async () => {
    const sim = await testSimulator();
    const byId = await json(await sim.app.request('/minihis/api/lookup/institutions?q=123456'));
    expect(byId.matches).toEqual([
      { pick: expect.stringMatching(/^mhpick-[0-9a-f]{24}$/), expiresAt: '2026-03-02T08:15:00.000Z', institution: '123456', institutionId: 'E123456', name: 'Rózsakert Háziorvosi Rendelő', city: 'Szeged' },
    ]);
    const byName = await json(await sim.app.request('/minihis/api/lookup/institutions?q=szent%20margit'));
    expect(byName.matches.map((m: { institutionId: string }) => m.institutionId)).toEqual(['E01620K']);
    const pharmacies = await json(await sim.app.request('/minihis/api/lookup/institutions?q=Gy%C3%B3gyszert%C3%A1r'));
    expect(pharmacies.matches).toEqual([]);
  });

  it('refuse a missing query and an id with the EESZT prefix', async () => {
    const sim = await testSimulator();
    const missing = await expectProblem(await sim.app.request('/minihis/api/lookup/institutions'), 400, 'LOOKUP_QUERY_MISSING');
    expect(missing.detail).toBe('query parameter `q` is missing; send the first characters of what you look for, e.g. `?q=123456` or `?q=Szent`');
    const prefixed = await expectProblem(await sim.app.request('/minihis/api/lookup/institutions?q=E123456'), 400, 'IDENTIFIER_INVALID');
    expect(prefixed.detail).toBe('miniHIS institution `E123456` must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`); drop the prefix: `123456`');
    const long = await expectProblem(await sim.app.request(`/minihis/api/lookup/institutions?q=${'a'.repeat(65)}`), 400, 'LOOKUP_QUERY_INVALID');
    expect(long.detail).toBe('query `q` has 65 characters; send at most 64');
    const inst = await pickInstitution(sim, '123456');
    const noQ = await expectProblem(await sim.app.request(`/minihis/api/lookup/units?institution=${inst}`), 400, 'LOOKUP_QUERY_MISSING');
    expect(noQ.detail).toBe('query parameter `q` is missing; send the first characters of what you look for, e.g. `?q=0162` or `?q=Belgy`');
  });

  it('list the units of the picked institution only', async () => {
    const sim = await testSimulator();
    const inst = await pickInstitution(sim, 'Szent Margit');
    const units = await json(await sim.app.request(`/minihis/api/lookup/units?institution=${inst}&q=0162`));
    expect(units.matches.map((m: { unitCode: string; name: string }) => `${m.unitCode} ${m.name}`)).toEqual([
      '016200101 Belgyógyászati Osztály',
      '016200102 Kardiológiai Osztály',
      '016200103 Sürgősségi Betegellátó Osztály',
      '016200104 Pszichiátriai Szakrendelés',
    ]);
    expect((await json(await sim.app.request(`/minihis/api/lookup/units?institution=${inst}&q=kardio`))).matches.map((m: { unitCode: string }) => m.unitCode)).toEqual(['016200102']);
    const noInst = await expectProblem(await sim.app.request('/minihis/api/lookup/units?q=0162'), 400, 'PICK_REQUIRED');
    expect(noInst.detail).toBe(
      "`institution` is missing; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the institution up with GET /minihis/api/lookup/institutions?q=<6-character id or name> and send the chosen match's `pick` as `institution`",
    );
    const typed = await expectProblem(await sim.app.request('/minihis/api/lookup/units?institution=123456&q=1'), 400, 'PICK_INVALID');
    expect(typed.detail).toBe(
      "`institution` `123456` is not a pick a miniHIS look-up returned (picks are cleared by a reset); look the institution up with GET /minihis/api/lookup/institutions?q=<6-character id or name> and send the chosen match's `pick` as `institution`",
    );
  });
});

describe('login refusals', () => {
  it('demand picked values, not typed ones', async () => {
    const sim = await testSimulator();
    const form = await loginForm(sim, 'O50123');
    const typed = await expectProblem(await postJson(sim, LOGIN, { ...form, institutionPick: undefined, institution: '01620K' }), 400, 'PICK_REQUIRED');
    expect(typed.detail).toBe(
      "`institution` was typed in; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the value up (GET /minihis/api/lookup/…?q=) and send the chosen match's `pick` as `institutionPick`",
    );
    expect(typed.details).toEqual({ field: 'institutionPick', typed: 'institution' });
    const typedUnit = await expectProblem(await postJson(sim, LOGIN, { ...form, unitPick: undefined, unitCode: '016200101' }), 400, 'PICK_REQUIRED');
    expect(typedUnit.details).toEqual({ field: 'unitPick', typed: 'unitCode' });
    const typedCardRequest = await expectProblem(await postJson(sim, '/minihis/api/login/card-request', { institution: '01620K' }), 400, 'PICK_REQUIRED');
    expect(typedCardRequest.details).toEqual({ field: 'institutionPick', typed: 'institution' });
    const noInst = await expectProblem(await postJson(sim, LOGIN, { ...form, institutionPick: undefined }), 400, 'PICK_REQUIRED');
    expect(noInst.detail).toBe(
      "`institutionPick` is missing; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the institution up with GET /minihis/api/lookup/institutions?q=<6-character id or name> and send the chosen match's `pick` as `institutionPick`",
    );
    const noUnit = await expectProblem(await postJson(sim, LOGIN, { ...form, unitPick: '016200101' }), 400, 'PICK_INVALID');
    expect(noUnit.detail).toBe(
      "`unitPick` `016200101` is not a pick a miniHIS look-up returned (picks are cleared by a reset); look the unit up with GET /minihis/api/lookup/units?institution=<the institution's pick>&q=<9-digit code or name> and send the chosen match's `pick` as `unitPick`",
    );
    const swapped = await expectProblem(await postJson(sim, LOGIN, { ...form, unitPick: form.institutionPick }), 400, 'PICK_INVALID');
    expect(swapped.detail).toBe(
      `\`unitPick\` \`${form.institutionPick}\` is a pick from the institution drop-down, not the unit drop-down; look the unit up with GET /minihis/api/lookup/units?institution=<the institution's pick>&q=<9-digit code or name> and send the chosen match's \`pick\` as \`unitPick\``,
    );
    const other = await pickUnit(sim, await pickInstitution(sim, 'Kardiológiai Rendelő'), '302170101');
    const mismatch = await expectProblem(await postJson(sim, LOGIN, { ...form, unitPick: other }), 400, 'UNIT_PICK_MISMATCH');
    expect(mismatch.detail).toBe(
      "`unitPick` is unit `302170101` of institution `E30217B`, but `institutionPick` is `E01620K` (Szent Margit Kórház); look the unit up with GET /minihis/api/lookup/units?institution=<the institution's pick>&q=<9-digit code or name> and send the chosen match's `pick` as `unitPick`",
    );
    sim.deps.clock.advance(15 * 60_000);
    const expired = await expectProblem(await postJson(sim, LOGIN, { ...form, mobilTokenCode: codeOf(sim, 'O50123') }), 400, 'PICK_EXPIRED');
    expect(expired.detail).toBe(
      `\`institutionPick\` \`${form.institutionPick}\` expired at 2026-03-02T08:15:00.000Z (picks are valid for 15 minutes at the simulator clock); look the institution up with GET /minihis/api/lookup/institutions?q=<6-character id or name> and send the chosen match's \`pick\` as \`institutionPick\``,
    );
  });

  it('check the username and the login method', async () => {
    const sim = await testSimulator();
    const form = await loginForm(sim, 'O50123');
    const lower = await expectProblem(await postJson(sim, LOGIN, { ...form, username: 'o50123' }), 400, 'IDENTIFIER_INVALID');
    expect(lower.detail).toBe('username `o50123` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use `O50123`');
    const unknown = await expectProblem(await postJson(sim, LOGIN, { ...form, username: 'O99999' }), 401, 'USER_UNKNOWN');
    expect(unknown.detail).toBe('no EESZT user `O99999` exists in this simulator; check the username (usernames are case-sensitive) or load fixtures that define it (POST /_sim/fixtures)');
    const none = await expectProblem(await postJson(sim, LOGIN, { ...form, mobilTokenCode: undefined }), 400, 'LOGIN_METHOD_MISSING');
    expect(none.detail).toBe(
      'choose a login method: send `mobilTokenCode` (the 6-digit code the mobilToken app shows this minute) or `ridPackage` (eSzemélyi card login: start with POST /minihis/api/login/card-request)',
    );
    const both = await expectProblem(await postJson(sim, LOGIN, { ...form, ridPackage: 'AAAA' }), 400, 'LOGIN_METHOD_AMBIGUOUS');
    expect(both.detail).toBe('send either `mobilTokenCode` (mobilToken login) or `ridPackage` (eSzemélyi card login), not both');
    const misnamed = await expectProblem(await postJson(sim, LOGIN, { ...form, mobilTokenCode: undefined, otp: form.mobilTokenCode }), 400, 'BODY_INVALID');
    expect(misnamed.details.errors).toEqual([
      { path: 'otp', code: 'FIELD_UNKNOWN', message: 'unknown field (did you mean `mobilTokenCode`?); this body takes `institutionPick`, `unitPick`, `username`, `mobilTokenCode`, `ridPackage`' },
    ]);
    expect(JSON.stringify(misnamed)).not.toContain(form.mobilTokenCode as string);
  });
});

describe('the mobilToken at login', () => {
  it('works once: the same code is refused the second time, the next minute brings a new one', async () => {
    const sim = await testSimulator();
    const form = await loginForm(sim, 'O50123');
    expect((await postJson(sim, LOGIN, form)).status).toBe(201);
    const again = await expectProblem(await postJson(sim, LOGIN, form), 401, 'MOBILTOKEN_REUSED');
    expect(again.detail).toBe('this mobilToken code was already used at 2026-03-02T08:00:00.000Z; each code works once: wait for the next code (the app shows a new one every 60 seconds)');
    expect(again.details).toEqual({ field: 'mobilTokenCode', username: 'O50123', usedAt: '2026-03-02T08:00:00.000Z' });
    sim.deps.clock.advance(60_000);
    expect((await postJson(sim, LOGIN, { ...form, mobilTokenCode: codeOf(sim, 'O50123') })).status).toBe(201);
  });

  it('accepts the code of the minute before, refuses a stale one and a wrong one', async () => {
    const sim = await testSimulator();
    const secret = sim.deps.store.state.users.find((u) => u.username === 'S12345')?.mobilTokenSecret as string;
    const form = await loginForm(sim, 'S12345');
    const now = sim.deps.clock.nowMs();
    const stale = await expectProblem(await postJson(sim, LOGIN, { ...form, mobilTokenCode: mobilTokenAt(secret, now - 120_000) }), 401, 'MOBILTOKEN_STALE');
    expect(stale.detail).toBe(
      "the mobilToken code is stale: `S12345`'s app showed it 2 minutes ago (from 2026-03-02T07:58:00.000Z at the simulator clock); a code is accepted in its own minute and one minute either side: enter the code the app shows now",
    );
    const format = await expectProblem(await postJson(sim, LOGIN, { ...form, mobilTokenCode: '12345' }), 400, 'IDENTIFIER_INVALID');
    expect(format.detail).toBe('mobilToken code must be the 6-digit code the mobilToken app shows this minute; got 5 characters');
    expect((await postJson(sim, LOGIN, { ...form, mobilTokenCode: mobilTokenAt(secret, now - 60_000) })).status).toBe(201);
  });
});

describe('the miniHIS role', () => {
  it('is required in the unit logged in to, and the refusal says what is missing', async () => {
    const sim = await testSimulator();
    const none = await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'O83456')), 403, 'MINIHIS_ROLE_MISSING');
    expect(none.detail).toBe(
      "`O83456` has no miniHIS role in unit `016200101` (Belgyógyászati Osztály) of `E01620K` (Szent Margit Kórház); miniHIS needs `miniHIS Orvos` there: the institution's permission admin grants it at the Ágazati portál (E-EGÉSZSÉGÜGY → IAM + SSO Adminisztráció → Új felhasználó jogosultság létrehozás, Partner 1 – ÁEEK EESZT, Rendszer 1 – miniHIS)",
    );
    const elsewhere = await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'O50123', '016200103')), 403, 'MINIHIS_ROLE_MISSING');
    expect(elsewhere.detail).toBe(
      "`O50123` holds `miniHIS Orvos` in units `016200101`, `016200102` of `E01620K` but not in unit `016200103` (Sürgősségi Betegellátó Osztály) of `E01620K` (Szent Margit Kórház): log in to one of those units, or have `miniHIS Orvos` granted in `016200103`: the institution's permission admin grants it at the Ágazati portál (E-EGÉSZSÉGÜGY → IAM + SSO Adminisztráció → Új felhasználó jogosultság létrehozás, Partner 1 – ÁEEK EESZT, Rendszer 1 – miniHIS)",
    );
    const psychologist = await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'C12345', '016200104')), 403, 'MINIHIS_ROLE_MISSING');
    expect(psychologist.detail).toBe(
      '`C12345` cannot use miniHIS: `C12345` is a clinical psychologist, and miniHIS has no role for clinical psychologists; miniHIS roles exist for doctors (`O`), nurses (`S`) and non-health staff (`X`) only',
    );
    sim.deps.store.state.iam.push({ partner: 1, system: 1, username: 'S12345', institutionId: 'E01620K', unitCode: '016200102', roles: ['miniHIS Orvos'] });
    const misfit = await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'S12345', '016200102')), 403, 'MINIHIS_ROLE_MISSING');
    expect(misfit.detail).toBe(
      "`S12345` holds `miniHIS Orvos` in unit `016200102` (Kardiológiai Osztály) of `E01620K` (Szent Margit Kórház), which does not let them in: role `miniHIS Orvos` is for doctors (`O` usernames); `S12345` is a nurse: assign `miniHIS Szakdolgozó`; the institution's permission admin grants it at the Ágazati portál (E-EGÉSZSÉGÜGY → IAM + SSO Adminisztráció → Új felhasználó jogosultság létrehozás, Partner 1 – ÁEEK EESZT, Rendszer 1 – miniHIS)",
    );
  });

  it('granted through IAM+SSO lets the user in', async () => {
    const sim = await testSimulator();
    await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'O83456')), 403, 'MINIHIS_ROLE_MISSING');
    putIamRecord(sim.deps.store.state, { partner: 1, system: 1, username: 'O83456', institutionId: 'E01620K', unitCode: '016200101', roles: ['miniHIS Orvos'] });
    sim.deps.clock.advance(60_000);
    const { body } = await logIn(sim, 'O83456');
    expect(body).toMatchObject({ username: 'O83456', role: 'miniHIS Orvos' });
  });
});

describe('a login after a refused one', () => {
  it('is not blocked: a refused role does not lock the account', async () => {
    const sim = await testSimulator();
    await expectProblem(await postJson(sim, LOGIN, await loginForm(sim, 'O50123', '016200103')), 403, 'MINIHIS_ROLE_MISSING');
    sim.deps.clock.advance(60_000);
    const { token } = await logIn(sim, 'O50123');
    expect((await postAs(sim, token, '/minihis/api/terms', { accept: true })).status).toBe(200);
  });
});
