/**
 * One simulator environment: the composition of every service sub-app over one set of
 * dependencies (store, clock, journal, PKI, config). The default environment and each isolated
 * run are built by the same function.
 *
 * @example
 * ```ts
 * const app = createEnvironmentApp(deps, SERVICE_MODULES);
 * const res = await app.request('/.well-known/eeszt-sim');
 * ```
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ServiceModule, SimDeps, SimHonoEnv } from './core/deps.js';
import { PayloadTooLarge } from './core/errors.js';
import { nothingServed } from './core/lazy-module.js';
import { errorResponse } from './core/error-response.js';
import { journalMiddleware } from './core/journal-middleware.js';
import { controlAccess } from './control/access.js';
import { createControlApp } from './control/control-app.js';
import { createDiscoveryApp } from './discovery/discovery-app.js';
import { requireWafCertificate } from './tls/waf-client-certificate.js';
import { faultMiddleware } from './faults/fault-middleware.js';
import { durableAnswers } from './state/durable-answers.js';

/** Extra routes mounted only on the default environment (e.g. the isolated-runs API). */
export type EnvironmentExtension = (app: Hono<SimHonoEnv>) => void;

/**
 * The body size limit. A declared Content-Length is checked directly (Node's HTTP parser never
 * delivers more than it declares); only bodies of unknown length are streamed through hono's
 * bodyLimit, which counts the bytes as they arrive.
 */
function sizeLimit(maxSize: number): MiddlewareHandler<SimHonoEnv> {
  // rule: LIMIT-BODY-SIZE (docs/rules.md)
  const streaming = bodyLimit({
    maxSize,
    onError: () => {
      throw new PayloadTooLarge(maxSize);
    },
  });
  // Not an async function: a request within the limit is handed on at once, with no promise of
  // its own (this runs for every request); a refusal throws, which Hono's dispatch turns into the answer.
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared)) {
      if (Number(declared) > maxSize) throw new PayloadTooLarge(maxSize);
      return next();
    }
    return streaming(c, next);
  };
}

/** Map a path to the journal's service name. */
export function serviceResolver(modules: readonly ServiceModule[]): (path: string) => string {
  // Longest mount first, each with its `mount/` prefix made once (this runs for every request).
  const sorted = [...modules].sort((a, b) => b.mount.length - a.mount.length).map((m) => ({ id: m.id, mount: m.mount, below: `${m.mount}/` }));
  const resolve = (path: string): string => {
    if (path.startsWith('/_sim')) return 'control';
    if (path.startsWith('/.well-known')) return 'discovery';
    for (const m of sorted) if (path === m.mount || path.startsWith(m.below)) return m.id;
    return 'other';
  };
  // The last path and its service: a HIS calls the same endpoint again and again.
  let lastPath: string | undefined;
  let lastService = '';
  return (path) => {
    if (path !== lastPath) {
      lastService = resolve(path);
      lastPath = path;
    }
    return lastService;
  };
}

/** Compose one environment's app. */
export function createEnvironmentApp(deps: SimDeps, modules: readonly ServiceModule[], extend?: EnvironmentExtension): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  app.onError((err, c) => errorResponse(err, c, deps.log));
  app.notFound((c) => errorResponse(nothingServed(c, deps.basePath), c, deps.log));
  app.use('*', journalMiddleware(deps, serviceResolver(modules)));
  if (deps.store.commit !== undefined) app.use('*', durableAnswers(deps.store.commit.bind(deps.store)));
  app.use('*', faultMiddleware(deps, modules));
  app.use('*', sizeLimit(deps.config.bodyLimitBytes));
  app.route('/.well-known', createDiscoveryApp(deps, modules));
  app.use('/_sim/*', controlAccess(deps.config.controlToken));
  app.route('/_sim', createControlApp(deps));
  extend?.(app);
  const waf = requireWafCertificate(deps);
  for (const m of modules) {
    // `mount/*` matches the mount itself too: registered for both, the check ran twice there.
    if (m.listener !== 'portal') app.use(`${m.mount}/*`, waf);
    app.route(m.mount, m.create(deps));
  }
  return app;
}
