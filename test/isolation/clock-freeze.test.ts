import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  // a running clock: the case where setting and freezing could read the real clock twice
  sim = await testSimulator({ clock: { start: '2026-03-02T08:00:00Z', frozen: false } });
});
afterAll(() => sim.close());

describe('POST /_sim/clock {"set": X, "freeze": true}', () => {
  it('freezes at exactly X, every time (issue 15 item 9)', async () => {
    const base = Date.parse('2026-05-01T06:00:00.000Z');
    const off: number[] = [];
    for (let i = 0; i < 400; i++) {
      expect((await postJson(sim, '/_sim/clock', { resume: true })).status).toBe(200);
      const state = await json(await postJson(sim, '/_sim/clock', { set: base + i, freeze: true }));
      if (state.epochMs !== base + i || state.frozen !== true) off.push(state.epochMs - (base + i));
    }
    expect(off).toEqual([]);
    // set + advance + freeze: exactly X + advance
    await postJson(sim, '/_sim/clock', { resume: true });
    expect(await json(await postJson(sim, '/_sim/clock', { set: '2026-05-01T06:00:00Z', advance: '7h', freeze: true }))).toMatchObject({ now: '2026-05-01T13:00:00.000Z', frozen: true });
  });
});
