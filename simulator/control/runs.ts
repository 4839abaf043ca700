/**
 * Isolated runs: `POST /_sim/runs` builds one more environment (own store, clock, journal)
 * over the same PKI, addressed by the path prefix `/run/<id>/...`. Runs are deleted explicitly
 * or when idle for longer than the configured time.
 *
 * @example
 * ```ts
 * const res = await app.request('/_sim/runs', { method: 'POST' });
 * const { id } = await res.json();
 * await app.request(`/run/${id}/.well-known/eeszt-sim`);
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { Conflict, NotFound, ValidationFailed, BadRequest } from '../core/errors.js';
import { createClock, realTimeMs } from '../core/clock.js';
import { createJournal } from '../core/journal.js';
import { createMemoryStore } from '../state/store.js';
import { validateFixtureSet } from '../../fixtures/validate.js';
import { runIssuer } from '../token/environment-binding.js';
import { jsonBody, s } from '../core/body-schema.js';
import { parsePolicy } from '../policy/policy.js';
import { pageOf } from '../core/paging.js';

/** One isolated run. */
export interface Run {
  id: string;
  deps: SimDeps;
  app: Hono<SimHonoEnv>;
  createdAt: number;
  lastUsedAt: number;
}

/** What `POST /_sim/runs` takes. */
export interface RunOptions {
  fixtures?: unknown;
  clock?: { start?: string | number; frozen?: boolean };
  /** `strict` or `lenient`; default: the run's fixture setting, else the server's policy. */
  policy?: unknown;
}

/** The registry of isolated runs. */
export interface RunRegistry {
  create(options?: RunOptions): Run;
  get(id: string): Run | undefined;
  delete(id: string): boolean;
  list(): Run[];
  /** Delete idle runs; returns how many were deleted. */
  sweep(): number;
  /** Stop the idle sweeper. */
  close(): void;
}

/** Create the registry. `build` composes an environment app for the given deps. */
export function createRunRegistry(base: SimDeps, build: (deps: SimDeps) => Hono<SimHonoEnv>): RunRegistry {
  const runs = new Map<string, Run>();
  const idleMs = base.config.runIdleMinutes * 60_000;
  const registry: RunRegistry = {
    create(options = {}) {
      registry.sweep();
      if (runs.size >= base.config.maxRuns) {
        throw new Conflict(`${runs.size} isolated runs exist already, the most this simulator keeps; delete finished runs (DELETE /_sim/runs/<id>)`, {}, 'RUN_LIMIT_REACHED');
      }
      let fixtures = base.store.loaded();
      if (options.fixtures !== undefined) {
        const result = validateFixtureSet(options.fixtures);
        if (!result.ok) throw new ValidationFailed(`the run's fixture set was refused whole: ${result.errors.length} problem(s)`, result.errors);
        fixtures = result.value;
      }
      let clock;
      try {
        clock = createClock({ ...(options.clock?.start === undefined ? {} : { start: options.clock.start }), frozen: options.clock?.frozen ?? false });
      } catch {
        throw new BadRequest('`clock.start` is not a time; use ISO 8601 such as 2026-01-01T08:00:00Z', {}, 'RUN_REQUEST_INVALID');
      }
      const policy =
        options.policy !== undefined ? parsePolicy(options.policy, '`policy`') : options.fixtures !== undefined ? (fixtures.settings?.policy ?? base.config.policy) : base.config.policy;
      const id = `r${randomBytes(6).toString('hex')}`;
      const deps: SimDeps = {
        ...base,
        // its own STS issuer: a token acts only in the environment that issued it; its own policy
        config: { ...base.config, stsIssuer: runIssuer(base.config.stsIssuer, id), policy },
        runId: id,
        basePath: `/run/${id}`,
        clock,
        store: createMemoryStore(fixtures, { maxBytes: base.config.storeMaxBytes, bucketCapacity: base.config.storeBucketCapacity }),
        journal: createJournal({ capacity: base.config.journalCapacity, maxBytes: base.config.journalMaxBytes }),
      };
      const now = realTimeMs();
      const run: Run = { id, deps, app: build(deps), createdAt: now, lastUsedAt: now };
      runs.set(id, run);
      return run;
    },
    get(id) {
      const run = runs.get(id);
      if (run === undefined) return undefined;
      if (realTimeMs() - run.lastUsedAt > idleMs) {
        runs.delete(id);
        return undefined;
      }
      run.lastUsedAt = realTimeMs();
      return run;
    },
    delete: (id) => runs.delete(id),
    list: () => [...runs.values()],
    sweep() {
      const now = realTimeMs();
      let n = 0;
      for (const [id, run] of runs) {
        if (now - run.lastUsedAt > idleMs) {
          runs.delete(id);
          n++;
        }
      }
      return n;
    },
    close() {
      clearInterval(timer);
    },
  };
  const timer = setInterval(() => registry.sweep(), Math.min(60_000, Math.max(1000, idleMs)));
  timer.unref();
  return registry;
}

/** A run's place in the list: creation time (zero-padded, so that keys sort as text), then id. */
const runPosition = (run: Run): string => `${String(run.createdAt).padStart(15, '0')}|${run.id}`;

function describe(run: Run, origin: string): Record<string, unknown> {
  return {
    id: run.id,
    basePath: run.deps.basePath,
    discovery: `${origin}${run.deps.basePath}/.well-known/eeszt-sim`,
    createdAt: new Date(run.createdAt).toISOString(),
    lastUsedAt: new Date(run.lastUsedAt).toISOString(),
    clock: run.deps.clock.state(),
    policy: run.deps.config.policy,
  };
}

/** The body of `POST /_sim/runs` (the fixture set is validated whole by the fixture validator). */
export const RUN_BODY = jsonBody(
  s.object({ fixtures: s.anyObject(), clock: s.object({ start: s.union(s.string(64), s.number()), frozen: s.boolean() }), policy: s.string(16) }).required(),
  'RUN_REQUEST_INVALID',
  '{"clock": {"start": "2026-01-01T08:00:00Z", "frozen": true}, "policy": "strict"} or no body',
);

/** Mount `/_sim/runs` on the default environment's app. */
export function mountRunsApi(app: Hono<SimHonoEnv>, registry: RunRegistry): void {
  app.post('/_sim/runs', RUN_BODY.declare, async (c) => {
    const opts = await RUN_BODY.read(c);
    const run = registry.create(opts);
    c.set('summary', { operation: 'create-run', run: run.id });
    return c.json(describe(run, new URL(c.req.url).origin), 201);
  });
  app.get('/_sim/runs', (c) => {
    const origin = new URL(c.req.url).origin;
    // Oldest first; a run that expires meanwhile does not shift the pages after it.
    const runs = [...registry.list()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    const page = pageOf(c.req.query(), 'runs', runs, runPosition, (key) => key);
    return c.json({ runs: page.items.map((r) => describe(r, origin)), total: page.total, next: page.next });
  });
  app.delete('/_sim/runs/:id', (c) => {
    const id = c.req.param('id');
    if (!registry.delete(id)) throw new NotFound(`run \`${id}\` does not exist (or expired when idle)`, {}, 'RUN_NOT_FOUND');
    return c.json({ deleted: id });
  });
}

/** The dispatcher for `/run/<id>/...`: strips the prefix and hands the request to the run's app. */
export function runDispatcher(registry: RunRegistry): (req: Request, env: SimHonoEnv['Bindings']) => Promise<Response> | Response {
  return (req, env) => {
    const url = new URL(req.url);
    const m = /^\/run\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const id = m?.[1] ?? '';
    const run = registry.get(id);
    if (run === undefined) {
      const problem = {
        type: 'urn:eeszt-sim:problem:run-not-found',
        title: 'Not Found',
        status: 404,
        detail: `run \`${id}\` does not exist (or expired when idle); create one with POST /_sim/runs`,
        code: 'RUN_NOT_FOUND',
      };
      return new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } });
    }
    url.pathname = m?.[2] ?? '/';
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers };
    if (req.body !== null && req.method !== 'GET' && req.method !== 'HEAD') {
      init.body = req.body;
      init.duplex = 'half';
    }
    return run.app.fetch(new Request(url, init), env);
  };
}
