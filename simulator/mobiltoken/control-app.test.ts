import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { json, testSimulator } from '../../test/helpers/sim.js';
import type { SimHonoEnv } from '../core/deps.js';
import { errorResponse } from '../core/error-response.js';
import { createMobilTokenControlApp } from './control-app.js';
import { mobilTokenAt } from './totp.js';

async function controlApp(): Promise<{ app: Hono<SimHonoEnv>; sim: Awaited<ReturnType<typeof testSimulator>> }> {
  const sim = await testSimulator();
  const app = new Hono<SimHonoEnv>();
  app.onError((err, c) => errorResponse(err, c, sim.deps.log));
  app.route('/_sim/mobiltoken', createMobilTokenControlApp(sim.deps));
  return { app, sim };
}

describe('GET /_sim/mobiltoken/{username}', () => {
  it('answers the code the app shows at the simulator clock, and follows the clock', async () => {
    const { app, sim } = await controlApp();
    const secret = sim.deps.store.state.users.find((u) => u.username === 'S12345')?.mobilTokenSecret as string;
    const first = await json(await app.request('/_sim/mobiltoken/S12345'));
    expect(first).toEqual({
      username: 'S12345',
      mobilTokenCode: mobilTokenAt(secret, Date.parse('2026-03-02T08:00:00Z')),
      step: Date.parse('2026-03-02T08:00:00Z') / 60_000,
      shownFrom: '2026-03-02T08:00:00.000Z',
      shownUntil: '2026-03-02T08:01:00.000Z',
      acceptedUntil: '2026-03-02T08:02:00.000Z',
      secondsLeft: 60,
      at: '2026-03-02T08:00:00.000Z',
    });
    sim.deps.clock.advance(61_000);
    const second = await json(await app.request('/_sim/mobiltoken/S12345'));
    expect(second.mobilTokenCode).toBe(mobilTokenAt(secret, Date.parse('2026-03-02T08:01:01Z')));
    expect(second.secondsLeft).toBe(59);
  });

  it('refuses an unknown or malformed username precisely', async () => {
    const { app } = await controlApp();
    const unknown = await app.request('/_sim/mobiltoken/O99999');
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({
      code: 'USER_UNKNOWN',
      detail: 'no EESZT user `O99999` exists in this simulator, so no mobilToken app shows codes for it; check the username (usernames are case-sensitive)',
    });
    const lower = await app.request('/_sim/mobiltoken/o50123');
    expect(lower.status).toBe(400);
    expect(await json(lower)).toMatchObject({
      code: 'IDENTIFIER_INVALID',
      detail: 'username `o50123` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use `O50123`',
    });
  });
});
