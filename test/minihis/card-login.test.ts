/**
 * miniHIS card login (eSzemélyi) through the card client and the eID server: miniHIS issues the
 * eID request package, the card client runs it with the card and PIN, and the rID package logs
 * the user in, once, and only for the user the card is activated for.
 */
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/simulator.js';
import { expectProblem, json, loginForm, pickInstitution, postJson, testSimulator } from './helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

/** Run a request package with a card in the simulator's card client; returns the rID package. */
async function runCard(sim: Simulator, requestPackage: string, documentId: string, pin: string): Promise<string> {
  await sim.app.request('/card-client/readers/0/card', { method: 'DELETE' });
  const inserted = await postJson(sim, '/card-client/readers/0/card', { documentId });
  expect(inserted.status, JSON.stringify(await json(inserted.clone()))).toBeLessThan(300);
  const res = await postJson(sim, '/card-client/authenticate', { requestPackage, cardholder: [{ pin }] });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.ridPackage as string;
}

/** Card login form: the request package miniHIS issued, run with the card. */
async function cardForm(sim: Simulator, username: string, documentId: string, pin: string, unitCode = '016200101'): Promise<Record<string, string>> {
  const form = await loginForm(sim, username, unitCode);
  const start = await postJson(sim, '/minihis/api/login/card-request', { institutionPick: form.institutionPick });
  const started = await json(start);
  expect(start.status, JSON.stringify(started)).toBe(201);
  expect(started).toMatchObject({ requester: 'E01620K', purpose: 'login', cardClient: '/card-client/authenticate' });
  const ridPackage = await runCard(sim, started.requestPackage as string, documentId, pin);
  return { institutionPick: form.institutionPick as string, unitPick: form.unitPick as string, username, ridPackage };
}

describe('card login', () => {
  it('logs in the user the card is activated for, once', async () => {
    const sim = await testSimulator();
    const form = await cardForm(sim, 'O50123', '123456AB', '123456');
    const res = await postJson(sim, '/minihis/api/login', form);
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ username: 'O50123', method: 'card', role: 'miniHIS Orvos', termsRequired: true });
    const replay = await expectProblem(await postJson(sim, '/minihis/api/login', form), 400, 'REPLAYED');
    expect(replay.detail).toBe('this rID package was already used at 2026-03-02T08:00:00.000Z; it is single-use: run the card authentication again for a new package');
  });

  it('refuses a card not activated, or activated for someone else', async () => {
    const sim = await testSimulator();
    const notActivated = await expectProblem(await postJson(sim, '/minihis/api/login', await cardForm(sim, 'O123456', '234567BC', '234567')), 401, 'CARD_NOT_ACTIVATED');
    expect(notActivated.detail).toBe(
      'the eID card presented is not activated for any EESZT user; `O123456` must activate it once at the Ágazati portál (Bejelentkezés -> Aktiválás, with the card and its PIN) before card logins succeed',
    );
    const other = await expectProblem(await postJson(sim, '/minihis/api/login', await cardForm(sim, 'O50123', '789012GH', '789012')), 401, 'CARD_ACTIVATED_FOR_OTHER_USER');
    expect(other.detail).toBe(
      'the eID card presented is activated for a different EESZT user, not for `O50123`; log in with your own card (every user activates their own card at the Ágazati portál)',
    );
  });

  it('takes only rID packages of card logins miniHIS started for the same institution', async () => {
    const sim = await testSimulator();
    const form = await loginForm(sim, 'O50123');
    const foreign = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
    const ridPackage = await runCard(sim, foreign.requestPackage as string, '123456AB', '123456');
    const notOurs = await expectProblem(
      await postJson(sim, '/minihis/api/login', { institutionPick: form.institutionPick, unitPick: form.unitPick, username: 'O50123', ridPackage }),
      401,
      'RID_PACKAGE_NOT_FOR_MINIHIS',
    );
    expect(notOurs.detail).toBe(
      'the rID package answers an eID request package miniHIS did not issue (e.g. one from POST /eid/request-package, or one issued before a reset); start the card login with POST /minihis/api/login/card-request and run that request package with the card client',
    );

    const clinic = await pickInstitution(sim, 'Kardiológiai Rendelő');
    const started = await json(await postJson(sim, '/minihis/api/login/card-request', { institutionPick: clinic }));
    const elsewhere = await runCard(sim, started.requestPackage as string, '123456AB', '123456');
    const mismatch = await expectProblem(
      await postJson(sim, '/minihis/api/login', { institutionPick: form.institutionPick, unitPick: form.unitPick, username: 'O50123', ridPackage: elsewhere }),
      401,
      'RID_PACKAGE_INSTITUTION_MISMATCH',
    );
    expect(mismatch.detail).toBe(
      'the rID package answers a card login started for `E30217B`, but this login is for `E01620K` (Szent Margit Kórház); start the card login with POST /minihis/api/login/card-request and run that request package with the card client for this institution',
    );
    const garbage = await expectProblem(
      await postJson(sim, '/minihis/api/login', { institutionPick: form.institutionPick, unitPick: form.unitPick, username: 'O50123', ridPackage: 'not base64!' }),
      400,
      'RID_PACKAGE_MALFORMED',
    );
    expect(garbage.detail).toBe('`ridPackage` must be the base64 text the card client returned as `ridPackage`; send it unchanged');
  });

  it('needs a picked institution to start', async () => {
    const sim = await testSimulator();
    const p = await expectProblem(await postJson(sim, '/minihis/api/login/card-request', {}), 400, 'PICK_REQUIRED');
    expect(p.detail).toBe(
      "`institutionPick` is missing; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the institution up with GET /minihis/api/lookup/institutions?q=<6-character id or name> and send the chosen match's `pick` as `institutionPick`",
    );
  });
});
