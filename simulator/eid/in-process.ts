/**
 * The eID server reached in-process by the card client the simulator mounts at
 * `/card-client`: a small app over the same deps (the eID server keeps its state in the store,
 * so it is the same server), journaled like any other request.
 *
 * @example
 * ```ts
 * const fetch = inProcessEidServerFetch(deps);
 * await fetch('http://eeszt-sim.internal/eid-server/sessions', { method: 'POST', body });
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { errorResponse } from '../core/error-response.js';
import { journalMiddleware } from '../core/journal-middleware.js';
import type { FetchLike } from '../../virtual-reader/card-client/eid-server-client.js';
import { createEidServerApp } from './server-app.js';

/** Origin used for in-process eID server URLs (never resolved on a network). */
export const IN_PROCESS_ORIGIN = 'http://eeszt-sim.internal';

/** A fetch that answers `${IN_PROCESS_ORIGIN}/eid-server/...` from an in-process eID server. */
export function inProcessEidServerFetch(deps: SimDeps): FetchLike {
  const app = new Hono<SimHonoEnv>();
  app.onError((err, c) => errorResponse(err, c, deps.log));
  app.use('*', journalMiddleware(deps, () => 'eid-server'));
  app.route('/eid-server', createEidServerApp(deps));
  return (url, init) => {
    const u = new URL(url);
    return app.request(`${u.pathname}${u.search}`, init);
  };
}
