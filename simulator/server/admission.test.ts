import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimHonoEnv } from '../core/deps.js';
import type { Simulator } from '../simulator.js';
import { admittingFetch, createAdmission, isExemptPath, type Admission } from './admission.js';

/** A stand-in simulator whose `/slow` requests stay in flight until released. */
function fakeSim(): { sim: Simulator; release: () => void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const app = new Hono<SimHonoEnv>();
  app.get('/slow', async (c) => {
    await gate;
    return c.text('slow done');
  });
  app.get('/order/:n', (c) => c.text(c.req.param('n')));
  app.all('*', (c) => c.text('ok'));
  const log = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
  return { sim: { app, deps: { log } } as unknown as Simulator, release };
}

let admission: Admission | undefined;
afterEach(() => admission?.close());

/** The admitting fetch with `app.request`'s convenience: a path or URL. */
function frontOf(sim: Simulator, a: Admission): { request: (path: string) => Promise<Response> } {
  const fetch = admittingFetch(sim, a);
  return { request: async (path) => fetch(new Request(`http://localhost${path}`), {}) };
}

describe('admission control', () => {
  it('exempts the control API and discovery, in the default environment and in runs', () => {
    expect(['/_sim', '/_sim/journal', '/.well-known/eeszt-sim', '/run/r1/_sim/clock', '/run/r1/.well-known/eeszt-sim'].every(isExemptPath)).toBe(true);
    expect(['/sts', '/erecept', '/_simx', '/run/r1/sts', '/portal/_sim'].some(isExemptPath)).toBe(false);
  });

  it('without a queue (wait 0), refuses with OVERLOADED at the in-flight limit at once, serves exempt paths, and serves again once below it', async () => {
    admission = createAdmission({ maxInFlight: 1, maxQueueWaitMs: 0, maxEventLoopDelayMs: 60_000 });
    const { sim, release } = fakeSim();
    const front = frontOf(sim, admission);
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
    const front = frontOf(sim, admission);
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

  it('queues requests over the in-flight limit and serves them first come first served once slots free up', async () => {
    admission = createAdmission({ maxInFlight: 1, maxQueueWaitMs: 5_000, maxEventLoopDelayMs: 60_000 });
    const { sim, release } = fakeSim();
    const front = frontOf(sim, admission);
    const held = front.request('/slow');
    await new Promise((r) => setTimeout(r, 10));
    const served: string[] = [];
    const waiting = ['1', '2', '3'].map((n) => front.request(`/order/${n}`).then(async (r) => served.push(`${r.status} ${await r.text()}`)));
    await new Promise((r) => setTimeout(r, 20));
    expect(admission.queued()).toBe(3);
    expect(served).toEqual([]);
    // exempt paths go past the queue
    expect((await front.request('/_sim/journal')).status).toBe(200);
    release();
    await Promise.all(waiting);
    expect(served).toEqual(['200 1', '200 2', '200 3']);
    expect(await (await held).text()).toBe('slow done');
    expect(admission.inFlight()).toBe(0);
    expect(admission.queued()).toBe(0);
  });

  it('refuses a queued request with OVERLOADED when its wait runs out, and one that would wait too long at once', async () => {
    admission = createAdmission({ maxInFlight: 1, maxQueueWaitMs: 150, maxEventLoopDelayMs: 60_000 });
    const { sim, release } = fakeSim();
    const front = frontOf(sim, admission);
    // one request that took 400 ms: the next ones are judged by it
    const first = front.request('/slow');
    await new Promise((r) => setTimeout(r, 400));
    release();
    await first;
    const { sim: sim2, release: release2 } = fakeSim();
    const front2 = frontOf(sim2, admission);
    const held = front2.request('/slow');
    await new Promise((r) => setTimeout(r, 10));
    // the one ahead takes ~400 ms, more than the 150 ms a newcomer may wait: refused at once
    const started = performance.now();
    const atOnce = await front2.request('/sts');
    expect(performance.now() - started).toBeLessThan(100);
    expect(atOnce.status).toBe(503);
    const body = (await atOnce.json()) as { code: string; detail: string; details: Record<string, number> };
    expect(body.code).toBe('OVERLOADED');
    expect(body.detail).toMatch(/1 requests are in flight and 0 waiting \(the limits are 1 in flight and a wait of 150 ms\); this one would wait about \d+ ms/);
    expect(body.details).toMatchObject({ inFlight: 1, maxInFlight: 1, queued: 0, maxQueueWaitMs: 150, retryAfterSeconds: 1 });
    expect(atOnce.headers.get('retry-after')).toBe('1');
    release2();
    await held;
  });

  it('refuses a queued request when its wait runs out before a slot frees up', async () => {
    admission = createAdmission({ maxInFlight: 1, maxQueueWaitMs: 150, maxEventLoopDelayMs: 60_000 });
    const { sim, release } = fakeSim();
    const front = frontOf(sim, admission);
    const held = front.request('/slow');
    await new Promise((r) => setTimeout(r, 10));
    // nothing finished yet, so nothing says the wait will be long: queued, then refused after 150 ms
    const started = performance.now();
    const late = await front.request('/sts');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(2_000);
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    const body = (await late.json()) as { code: string; detail: string };
    expect(body.code).toBe('OVERLOADED');
    expect(body.detail).toContain('it waited 150 ms for one of the 1 processing slots (the limit is 150 ms)');
    expect(admission.queued()).toBe(0);
    release();
    expect(await (await held).text()).toBe('slow done');
    expect((await front.request('/sts')).status).toBe(200);
  });

  it('starts at most startsPerTurn requests per event-loop turn and the rest, in order, in the next turns', async () => {
    admission = createAdmission({ maxInFlight: 64, maxQueueWaitMs: 5_000, maxEventLoopDelayMs: 60_000, startsPerTurn: 3 });
    const started: string[] = [];
    const app = new Hono<SimHonoEnv>();
    app.get('/order/:n', (c) => {
      started.push(c.req.param('n'));
      return c.text(c.req.param('n'));
    });
    const log = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
    const front = frontOf({ app, deps: { log } } as unknown as Simulator, admission);
    const answers = Array.from({ length: 8 }, (_, n) => front.request(`/order/${n}`));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(started).toEqual(['0', '1', '2']);
    expect(admission.queued()).toBe(5);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(started.length).toBeGreaterThanOrEqual(6);
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(started).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(admission.queued()).toBe(0);
  });
});
