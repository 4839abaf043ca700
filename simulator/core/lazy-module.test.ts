import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testSimulator } from '../../test/helpers/sim.js';
import type { Simulator } from '../simulator.js';
import type { ServiceFactory, SimDeps, SimHonoEnv } from './deps.js';
import { BadRequest } from './errors.js';
import { lazyModule, withRealFactories } from './lazy-module.js';

/** A sub-app that reads what the environment's middleware set and tells the journal what it did. */
function probeApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  app.get('/', (c) => c.json({ correlationId: c.get('correlationId'), basePath: deps.basePath }));
  app.post('/echo', async (c) => {
    const body = await c.req.text();
    c.set('summary', { operation: 'probe-echo', length: body.length });
    return c.text(body.toUpperCase());
  });
  app.get('/refuse', () => {
    throw new BadRequest('the probe refuses this on purpose; ask for / instead');
  });
  return app;
}

let loads = 0;
let failNext = false;
const PROBE = lazyModule({ id: 'probe', title: 'probe', mount: '/probe', listener: 'portal', endpoints: { probe: '' } }, async () => {
  loads += 1;
  await new Promise((r) => setTimeout(r, 20));
  if (failNext) {
    failNext = false;
    throw new Error('cannot load the probe module');
  }
  return probeApp satisfies ServiceFactory;
});

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator({ modules: [PROBE] });
});
afterAll(() => sim.close());

describe('a lazily mounted module', () => {
  it('is listed from the start, maps an import that fails to the normal error answer, and tries again on the next request', async () => {
    const discovery = await json(await sim.app.request('/.well-known/eeszt-sim'));
    expect(JSON.stringify(discovery)).toContain('/probe');
    expect(loads).toBe(0);
    failNext = true;
    const failed = await sim.app.request('/probe');
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    const problem = await json(failed);
    expect(problem.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(problem)).not.toContain('cannot load the probe module');
    expect(loads).toBe(1);
  });

  it('imports its code once for concurrent first requests and every environment, and builds the sub-app per environment', async () => {
    const run = await json(await sim.app.request('/_sim/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    const answers = await Promise.all([sim.app.request('/probe'), sim.app.request('/probe'), sim.app.request(`/run/${run.id}/probe`)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((a) => json(a)));
    expect(bodies[0].basePath).toBe('');
    expect(bodies[2].basePath).toBe(`/run/${run.id}`);
    expect(loads).toBe(2); // the failed one, then one shared import
  });

  it('shares the context with the environment: correlation id in, journal summary and the read body out', async () => {
    const res = await sim.app.request('/probe/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(await res.text()).toBe('HELLO');
    const entry = sim.deps.journal.list().at(-1)!;
    expect(entry.service).toBe('probe');
    expect(entry.summary).toEqual({ operation: 'probe-echo', length: 5 });
    expect(entry.request.body).toBe('hello');
    expect(entry.response.body).toBe('HELLO');
    const got = await json(await sim.app.request('/probe'));
    expect(got.correlationId).toBe(sim.deps.journal.list().at(-1)!.correlationId);
  });

  it("answers an error and a path it does not serve with the environment's problem answers", async () => {
    const refused = await sim.app.request('/probe/refuse');
    expect(refused.status).toBe(400);
    expect((await json(refused)).detail).toBe('the probe refuses this on purpose; ask for / instead');
    expect(sim.deps.journal.list().at(-1)!.errorCode).toBe('BAD_REQUEST');
    const missing = await sim.app.request('/probe/nothing-here', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ code: 'NOT_FOUND', detail: 'nothing is served at DELETE /probe/nothing-here; GET /.well-known/eeszt-sim lists every endpoint' });
  });

  it('gives the real factories to code that reads the routes', async () => {
    const [real] = await withRealFactories([PROBE]);
    expect(real!.create(sim.deps).routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /echo', 'GET /refuse']);
    expect(await PROBE.buildFor(sim.deps)).toBe(true);
  });
});
