import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

describe('isolated runs', () => {
  it('creates runs with their own discovery, clock, store and journal', async () => {
    const a = await json(await postJson(sim, 'http://127.0.0.1:8080/_sim/runs', {}));
    const b = await json(await postJson(sim, 'http://127.0.0.1:8080/_sim/runs', { clock: { start: '2027-01-01T00:00:00Z', frozen: true } }));
    expect(a.id).not.toBe(b.id);
    expect(a.discovery).toBe(`http://127.0.0.1:8080/run/${a.id}/.well-known/eeszt-sim`);

    const discA = await json(await sim.app.request(a.discovery));
    expect(discA.run).toBe(a.id);
    expect(discA.endpoints.control).toBe(`http://127.0.0.1:8080/run/${a.id}/_sim`);
    expect(discA.endpoints.controlRuns).toBeUndefined();

    // the clock of one run moves alone
    await postJson(sim, `/run/${b.id}/_sim/clock`, { advance: '7h' });
    expect((await json(await sim.app.request(`/run/${b.id}/_sim/clock`))).now).toBe('2027-01-01T07:00:00.000Z');
    expect((await json(await sim.app.request('/_sim/clock'))).now).toBe('2026-03-02T08:00:00.000Z');

    // fixtures loaded into one run are not seen elsewhere
    const set = await json(await sim.app.request(`/run/${a.id}/_sim/fixtures`));
    set.description = 'only in run a';
    expect((await postJson(sim, `/run/${a.id}/_sim/fixtures`, set)).status).toBe(200);
    expect((await json(await sim.app.request(`/run/${a.id}/_sim/fixtures`))).description).toBe('only in run a');
    expect((await json(await sim.app.request(`/run/${b.id}/_sim/fixtures`))).description).not.toBe('only in run a');
    expect((await json(await sim.app.request('/_sim/fixtures'))).description).not.toBe('only in run a');

    // journals are separate
    type E = { request: { method: string; path: string } };
    const loadedFixtures = (e: E): boolean => e.request.method === 'POST' && e.request.path === '/_sim/fixtures';
    const journalA = await json(await sim.app.request(`/run/${a.id}/_sim/journal`));
    expect(journalA.entries.some(loadedFixtures)).toBe(true);
    const journalB = await json(await sim.app.request(`/run/${b.id}/_sim/journal`));
    expect(journalB.entries.some(loadedFixtures)).toBe(false);
    expect(journalB.entries.some((e: E) => e.request.path === '/_sim/clock' && e.request.method === 'POST')).toBe(true);
    const journalDefault = await json(await sim.app.request('/_sim/journal'));
    expect(journalDefault.entries.some((e: E) => loadedFixtures(e) || e.request.path.includes('/run/'))).toBe(false);

    const list = await json(await sim.app.request('/_sim/runs'));
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await sim.app.request(`/_sim/runs/${a.id}`, { method: 'DELETE' })).status).toBe(200);
    const gone = await sim.app.request(`/run/${a.id}/.well-known/eeszt-sim`);
    expect(gone.status).toBe(404);
    expect((await json(gone)).detail).toBe(`run \`${a.id}\` does not exist (or expired when idle); create one with POST /_sim/runs`);
  });

  it('expires idle runs', async () => {
    const quick = await testSimulator({ config: { runIdleMinutes: 0 } });
    const r = await json(await postJson(quick, '/_sim/runs', {}));
    await new Promise((res) => setTimeout(res, 5));
    expect((await quick.app.request(`/run/${r.id}/_sim/clock`)).status).toBe(404);
    quick.close();
  });

  it('refuses a run with a bad fixture set, and beyond the run limit', async () => {
    const res = await postJson(sim, '/_sim/runs', { fixtures: { formatVersion: 1 } });
    expect(res.status).toBe(422);
    const limited = await testSimulator({ config: { maxRuns: 1 } });
    expect((await postJson(limited, '/_sim/runs', {})).status).toBe(201);
    const over = await postJson(limited, '/_sim/runs', {});
    expect(over.status).toBe(409);
    expect((await json(over)).code).toBe('RUN_LIMIT_REACHED');
    limited.close();
  });
});
