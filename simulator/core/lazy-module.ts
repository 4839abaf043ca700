/**
 * Service modules mounted lazily: the route exists from the start, the module's code is imported
 * on its first request (issue 16 goal 4: start-up to the first discovery answer). The trainer UI,
 * miniHIS, the portal, the IAM admin API, eKapu, the eID services and the card client with its
 * virtual cards are a large part of the simulator's code and none of it is needed before someone
 * uses it; the HIS's hot paths (STS, the SOAP services) stay mounted eagerly.
 *
 * The composition sees a lazy module as any other (id, mount, listener, endpoints for discovery,
 * the start-up map and the journal); its `create` returns a stand-in that answers every path below
 * the mount. On the first request of an environment the stand-in awaits the module's code (one
 * import shared by every environment and isolated run) and builds the real sub-app from the
 * environment's dependencies, once; then it hands each request to that sub-app in a bridge that
 * shares the request, its read body and the context variables (correlation id, journal summary,
 * SOAP version, error code, ...) with the environment's middleware, so that the answer, the
 * journal entry and every error are what the same sub-app mounted eagerly gives: its own error
 * handler if it has one, else the environment's; a path it does not serve gets the environment's
 * `NOT_FOUND`. An import that fails becomes the environment's error answer (the next request tries
 * again).
 *
 * @example
 * ```ts
 * export const UI_MODULE = lazyModule(
 *   { id: 'ui', title: 'trainer and developer UI', mount: '/ui', listener: 'portal', endpoints: { ui: '' } },
 *   async () => (await import('./ui-app.js')).createUiApp,
 * );
 * ```
 */
import { Hono, type Context } from 'hono';
import type { ServiceFactory, ServiceModule, SimDeps, SimHonoEnv } from './deps.js';
import { NotFound } from './errors.js';

/** A lazily mounted module: its real factory, and whether an environment has built it. */
export interface LazyServiceModule extends ServiceModule {
  /** Import the module's code (shared) and return its real factory. */
  load: () => Promise<ServiceFactory>;
  /**
   * Build the module's sub-app for this environment now if it is mounted there (it stays built);
   * resolves false when the module is not mounted in that environment.
   */
  buildFor(deps: SimDeps): Promise<boolean>;
}

/** The refusal of a path nothing serves (the environment's not-found answer). */
export function nothingServed(c: Context<SimHonoEnv>, basePath: string): NotFound {
  return new NotFound(`nothing is served at ${c.req.method} ${c.req.path}; GET ${basePath}/.well-known/eeszt-sim lists every endpoint`);
}

/** The environment's context of a request being handed to a built sub-app. */
const outerContexts = new WeakMap<Request, Context<SimHonoEnv>>();

function copyVariables(from: Context<SimHonoEnv>, to: Context<SimHonoEnv>): void {
  for (const [key, value] of Object.entries(from.var)) to.set(key as keyof SimHonoEnv['Variables'], value as never);
}

/** The real sub-app mounted at `mount` in an app of its own that shares the environment's request state. */
function bridge(mount: string, real: Hono<SimHonoEnv>, basePath: string): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  // Errors the sub-app does not handle itself go on to the environment's error handler, as when mounted eagerly.
  app.onError((err) => {
    throw err;
  });
  app.notFound((c) => {
    throw nothingServed(c, basePath);
  });
  app.use('*', async (c, next) => {
    const outer = outerContexts.get(c.req.raw);
    if (outer === undefined) return next();
    outerContexts.delete(c.req.raw);
    // One body: what either side reads is cached for the other (the journal records it).
    c.req.bodyCache = outer.req.bodyCache;
    copyVariables(outer, c);
    try {
      await next();
    } finally {
      copyVariables(c, outer);
    }
  });
  app.route(mount, real);
  return app;
}

/** Make a module whose code `load` imports on its first request (see the file comment). */
export function lazyModule(spec: Omit<ServiceModule, 'create' | 'load'>, load: () => Promise<ServiceFactory>): LazyServiceModule {
  let factory: Promise<ServiceFactory> | undefined;
  const loadOnce = (): Promise<ServiceFactory> =>
    (factory ??= load().catch((err: unknown) => {
      factory = undefined;
      throw err;
    }));
  // One sub-app per environment (by its dependencies), built on the environment's first request.
  const built = new WeakMap<SimDeps, Promise<Hono<SimHonoEnv>>>();
  const mounted = new WeakSet<SimDeps>();
  const build = (deps: SimDeps): Promise<Hono<SimHonoEnv>> => {
    let app = built.get(deps);
    if (app === undefined) {
      app = loadOnce().then((create) => bridge(spec.mount, create(deps), deps.basePath));
      app.catch(() => built.delete(deps));
      built.set(deps, app);
    }
    return app;
  };
  return {
    ...spec,
    load: loadOnce,
    create: (deps) => {
      mounted.add(deps);
      const stand = new Hono<SimHonoEnv>();
      stand.all('*', async (c) => {
        const app = await build(deps);
        outerContexts.set(c.req.raw, c);
        return app.fetch(c.req.raw, c.env);
      });
      return stand;
    },
    buildFor: async (deps) => {
      if (!mounted.has(deps)) return false;
      await build(deps);
      return true;
    },
  };
}

/** The modules with every lazy one's real factory loaded (for code that reads the routes of each module's app). */
export async function withRealFactories(modules: readonly ServiceModule[]): Promise<ServiceModule[]> {
  return Promise.all(modules.map(async (m) => (m.load === undefined ? m : { ...m, create: await m.load() })));
}
