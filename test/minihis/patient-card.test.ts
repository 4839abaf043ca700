/**
 * Seed 004: „A belépéshez használható e-Személyi igazolvány mind a beteg azonosítására, mind a
 * rendszert használó orvosok … számára biztonságos azonosítási lehetőséget biztosít”. A doctor in
 * miniHIS identifies the patient with the patient's eSzemélyi: the patient's card in the reader,
 * the patient's PIN as consent, the TAJ from the eID server's signed readout, not typed.
 */
import { describe, expect, it } from 'vitest';
import { PATIENT_CARD } from '../../fixtures/generate.js';
import type { Simulator } from '../../simulator/simulator.js';
import { expectProblem, json, logIn, postAs, postJson, testSimulator } from './helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

async function readPatientCard(sim: Simulator, token: string, pin: string): Promise<{ start: any; res: Response }> {
  const startRes = await postAs(sim, token, '/minihis/api/patient-card/request', {});
  const start = await json(startRes);
  expect(startRes.status, JSON.stringify(start)).toBe(201);
  expect(start).toMatchObject({ purpose: 'readout', requester: 'E01620K', cardClient: '/card-client/readout' });
  await sim.app.request('/card-client/readers/0/card', { method: 'DELETE' });
  expect((await postJson(sim, '/card-client/readers/0/card', { documentId: PATIENT_CARD.documentId })).status).toBe(201);
  const res = await postJson(sim, '/card-client/readout', { requestPackage: start.requestPackage, cardholder: [{ pin }] });
  return { start, res };
}

describe('miniHIS: the patient identified by their eSzemélyi', () => {
  it('takes the TAJ from the patient card\'s authentic readout, consented by the patient\'s PIN, once', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    const { res } = await readPatientCard(sim, token, PATIENT_CARD.pin);
    const readout = await json(res);
    expect(res.status, JSON.stringify(readout)).toBe(200);
    const found = await postAs(sim, token, '/minihis/api/patient-card', { readoutPackage: readout.readoutPackage });
    const body = await json(found);
    expect(found.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ taj: '123456788', source: 'eSzemélyi', patient: { familyName: 'Nagy', givenName: 'Ferenc', taj: '123456788' } });
    await expectProblem(await postAs(sim, token, '/minihis/api/patient-card', { readoutPackage: readout.readoutPackage }), 400, 'REPLAYED');
  });

  it('reads nothing without the patient\'s PIN; refuses a readout another session started, and a login rID package', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    const { res: wrong } = await readPatientCard(sim, token, '000000');
    expect((await json(wrong)).code).toBe('PIN_WRONG');
    const other = await logIn(sim, 'S12345');
    const { res } = await readPatientCard(sim, other.token, PATIENT_CARD.pin);
    const readout = await json(res);
    await expectProblem(await postAs(sim, token, '/minihis/api/patient-card', { readoutPackage: readout.readoutPackage }), 401, 'READOUT_NOT_STARTED_HERE');
    const login = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
    const rid = await json(await postJson(sim, '/card-client/authenticate', { requestPackage: login.requestPackage, cardholder: [{ pin: PATIENT_CARD.pin }] }));
    const p = await expectProblem(await postAs(sim, token, '/minihis/api/patient-card', { readoutPackage: rid.ridPackage }), 400, 'RID_PACKAGE_MALFORMED');
    expect(p.detail).toContain('not {urn:eeszt-sim:eid:2026}ReadoutPackage');
  });
});
