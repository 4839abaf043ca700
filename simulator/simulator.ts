/**
 * The whole simulator: the default environment plus the isolated-runs registry, as one Hono
 * app. `eeszt-sim serve` wraps this in node listeners; tests use it with `app.request()`.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki: await loadPki({ seed: 1 }) });
 * const res = await sim.app.request('/.well-known/eeszt-sim');
 * ```
 */
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { createClock, type ClockOptions } from './core/clock.js';
import { DEFAULT_CONFIG, type Logger, type ServiceModule, type SimConfig, type SimDeps, type SimHonoEnv } from './core/deps.js';
import { createJournal } from './core/journal.js';
import { createMemoryStore, type Store } from './state/store.js';
import { createEnvironmentApp } from './environment.js';
import { createRunRegistry, mountRunsApi, runDispatcher, type RunRegistry } from './control/runs.js';
import { SERVICE_MODULES } from './services.js';
import type { FixtureSet } from '../fixtures/schema.js';
import type { TestPki } from './pki/types.js';
import { PACKAGE_VERSION } from './version.js';

/** Options for {@link createSimulator}. */
export interface SimulatorOptions {
  fixtures: FixtureSet;
  pki: TestPki;
  config?: Partial<Omit<SimConfig, 'version'>>;
  clock?: ClockOptions;
  log?: Logger;
  modules?: readonly ServiceModule[];
  /** The default environment's store (e.g. the durable one of `serve --data-dir`); default: in memory. */
  store?: Store;
}

/** A composed simulator. */
export interface Simulator {
  /** The root app: `/run/<id>/...` goes to isolated runs, everything else to the default environment. */
  app: Hono<SimHonoEnv>;
  /** Dependencies of the default environment. */
  deps: SimDeps;
  runs: RunRegistry;
  modules: readonly ServiceModule[];
  close(): void;
}

/** A logger that writes to stderr, filtered by level. */
export function createLogger(level: 'error' | 'warn' | 'info' | 'debug' | 'silent' = 'info'): Logger {
  const order = ['silent', 'error', 'warn', 'info', 'debug'];
  const on = (l: string): boolean => order.indexOf(l) <= order.indexOf(level) && level !== 'silent';
  return {
    error: (m, err) => {
      if (on('error')) process.stderr.write(`error: ${m}${err instanceof Error ? `\n${err.stack ?? err.message}` : ''}\n`);
    },
    warn: (m) => {
      if (on('warn')) process.stderr.write(`warn: ${m}\n`);
    },
    info: (m) => {
      if (on('info')) process.stderr.write(`${m}\n`);
    },
    debug: (m) => {
      if (on('debug')) process.stderr.write(`debug: ${m}\n`);
    },
  };
}

/** Resolve the configuration from defaults, fixture settings and explicit options (in that order). */
export function resolveConfig(fixtures: FixtureSet, overrides: Partial<Omit<SimConfig, 'version'>> = {}): SimConfig {
  const s = fixtures.settings ?? {};
  const fromFixtures: Partial<SimConfig> = {
    ...(s.tokenLifetimeMinutes === undefined ? {} : { tokenLifetimeMinutes: s.tokenLifetimeMinutes }),
    ...(s.lockoutThreshold === undefined ? {} : { lockoutThreshold: s.lockoutThreshold }),
    ...(s.lockoutMinutes === undefined ? {} : { lockoutMinutes: s.lockoutMinutes }),
    ...(s.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: s.clockSkewSeconds }),
    ...(s.mobilTokenToleranceSteps === undefined ? {} : { mobilTokenToleranceSteps: s.mobilTokenToleranceSteps }),
    ...(s.miniHisSessionHours === undefined ? {} : { miniHisSessionHours: s.miniHisSessionHours }),
    ...(s.eidPackageSeconds === undefined ? {} : { eidPackageSeconds: s.eidPackageSeconds }),
    ...(s.pickMinutes === undefined ? {} : { pickMinutes: s.pickMinutes }),
    ...(s.policy === undefined ? {} : { policy: s.policy }),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CONFIG, ...fromFixtures, ...defined, version: PACKAGE_VERSION };
}

/** Compose the simulator. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const config = resolveConfig(options.fixtures, options.config);
  const modules = options.modules ?? SERVICE_MODULES;
  const deps: SimDeps = {
    config,
    clock: createClock(options.clock),
    store: options.store ?? createMemoryStore(options.fixtures, { maxBytes: config.storeMaxBytes, bucketCapacity: config.storeBucketCapacity }),
    journal: createJournal({ capacity: config.journalCapacity, maxBytes: config.journalMaxBytes }),
    pki: options.pki,
    log: options.log ?? createLogger('info'),
    runId: undefined,
    basePath: '',
  };
  const build = (d: SimDeps): Hono<SimHonoEnv> => createEnvironmentApp(d, modules);
  const runs = createRunRegistry(deps, build);
  const defaultApp = createEnvironmentApp(deps, modules, (app) => mountRunsApi(app, runs));
  const dispatch = runDispatcher(runs);
  const app = new Hono<SimHonoEnv>();
  app.all('/run/:id', (c) => dispatch(c.req.raw, c.env));
  app.all('/run/:id/*', (c) => dispatch(c.req.raw, c.env));
  app.all('*', (c) => defaultApp.fetch(c.req.raw, c.env));
  // Every request but an isolated run's goes straight to the default environment: no second
  // routing pass and request context for it (the route table above answers the same).
  const routed = app.fetch;
  app.fetch = (req, env, executionCtx) => (getPath(req).startsWith('/run/') ? routed(req, env, executionCtx) : defaultApp.fetch(req, env, executionCtx));
  return {
    app,
    deps,
    runs,
    modules,
    close: () => {
      runs.close();
      deps.store.close?.();
    },
  };
}
