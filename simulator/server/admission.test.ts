import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimHonoEnv } from '../core/deps.js';
import type { Simulator } from '../simulator.js';
import { admittingApp, createAdmission, isExemptPath, type Admission } from './admission.js';

/** A stand-in simulator whose `/slow` requests stay in flight until released. */
function fakeSim(): { sim: Simulator; release: () => void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const app = new Hono<SimHonoEnv>();
  app.get('/slow', async (c) => {
    await gate;
    return c.text('slow done');
  });
  app.all('*', (c) => c.text('ok'));
  const log = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
  return { sim: { app, deps: { log } } as unknown as Simulator, release };
}

let admission: Admission | undefined;
afterEach(() => admission?.close());

describe('admission control', () => {
  it('exempts the control API and discovery, in the default environment and in runs', () => {
    expect(['/_sim', '/_sim/journal', '/.well-known/eeszt-sim', '/run/r1/_sim/clock', '/run/r1/.well-known/eeszt-sim'].every(isExemptPath)).toBe(true);
    expect(['/sts', '/erecept', '/_simx', '/run/r1/sts', '/portal/_sim'].some(isExemptPath)).toBe(false);
  });

  it('refuses with OVERLOADED at the in-flight limit, serves exempt paths, and serves again once below it', async () => {
    admission = createAdmission({ maxInFlight: 1, maxEventLoopDelayMs: 60_000 });
    const { sim, release } = fakeSim();
    const front = admittingApp(sim, admission);
    const held = front.request('/slow');
    await new Promise((r) => setTimeout(r, 10));
    expect(admission.inFlight()).toBe(1);
    const refused = await front.request('/sts');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'OVERLOADED', details: { inFlight: 1, maxInFlight: 1, retryAfterSeconds: 1 } });
    expect((await front.request('/_sim/journal')).status).toBe(200);
    release();
    expect(await (await held).text()).toBe('slow done');
    expect(admission.inFlight()).toBe(0);
    expect((await front.request('/sts')).status).toBe(200);
  });

  it('refuses with OVERLOADED while the event loop lags past the bound and others are in flight; a lone request is served', async () => {
    admission = createAdmission({ maxInFlight: 100, maxEventLoopDelayMs: 100 });
    const { sim, release } = fakeSim();
    const front = admittingApp(sim, admission);
    await new Promise((r) => setTimeout(r, 30));
    const blockUntil = performance.now() + 400;
    while (performance.now() < blockUntil) {
      // keep the event loop busy, as a saturated simulator does
    }
    await new Promise((r) => setTimeout(r, 30));
    // nobody else in flight: served despite the pause
    expect((await front.request('/sts')).status).toBe(200);
    const held = front.request('/slow');
    await new Promise((r) => setTimeout(r, 5));
    const refused = await front.request('/sts');
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { code: string; detail: string; details: { eventLoopDelayMs: number } };
    expect(body.code).toBe('OVERLOADED');
    expect(body.detail).toMatch(/the event loop is \d+ ms behind \(the limit is 100 ms\)/);
    expect(body.details.eventLoopDelayMs).toBeGreaterThanOrEqual(300);
    release();
    await held;
  });
});
