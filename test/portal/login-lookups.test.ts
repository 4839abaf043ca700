/**
 * The Ágazati portál login form's drop-downs (seed 000: the admin logs in „azt az egészségügyi
 * szolgáltatót kiválasztva”): institutions by id or name, units of the chosen institution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/simulator.js';
import { json, testSimulator } from '../helpers/sim.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

describe('GET /portal/lookup/…', () => {
  it('lists institutions whose id or a name word starts with q, and the units of one institution', async () => {
    const byName = await json(await sim.app.request('/portal/lookup/institutions?q=Szent'));
    expect(byName.matches.map((m: { institutionId: string }) => m.institutionId)).toContain('E01620K');
    expect(byName.truncated).toBe(false);
    const byId = await json(await sim.app.request('/portal/lookup/institutions?q=E0162'));
    expect(byId.matches[0]).toMatchObject({ institutionId: 'E01620K', name: expect.any(String), city: expect.any(String) });
    const units = await json(await sim.app.request('/portal/lookup/units?institution=E01620K&q=0162001'));
    expect(units.matches.map((m: { code: string }) => m.code)).toEqual(expect.arrayContaining(['016200101', '016200102']));
    for (const m of units.matches as Array<{ institutionId: string }>) expect(m.institutionId).toBe('E01620K');
  });
  it('refuses a missing q, a missing or unknown institution, each with its code', async () => {
    const noQ = await sim.app.request('/portal/lookup/institutions');
    expect(noQ.status).toBe(400);
    expect((await json(noQ)).code).toBe('LOOKUP_QUERY_MISSING');
    const noInst = await sim.app.request('/portal/lookup/units?q=0162');
    expect(noInst.status).toBe(400);
    expect(await json(noInst)).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'institution' } });
    const bad = await sim.app.request('/portal/lookup/units?institution=01620K&q=0162');
    expect((await json(bad)).code).toBe('IDENTIFIER_INVALID');
    const unknown = await sim.app.request('/portal/lookup/units?institution=E99999X&q=0162');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).code).toBe('INSTITUTION_UNKNOWN');
  });
});
