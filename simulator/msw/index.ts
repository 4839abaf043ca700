/**
 * `eeszt-sim/msw`: the whole simulator (STS, services, eID, IAM, miniHIS, control API) behind
 * msw's `setupServer`, in the test process: no port, no child process. Each call builds its own
 * environment (store, clock, journal) around the same Hono app that `eeszt-sim serve` runs, so
 * answers, signatures and faults are exactly those of the served simulator.
 *
 * Node only: msw's browser side (a service worker) cannot run it, see docs/msw.md.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createEesztHandlers } from 'eeszt-sim/msw';
 *
 * const { handlers, baseUrl } = await createEesztHandlers();
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * const discovery = await (await fetch(`${baseUrl}/.well-known/eeszt-sim`)).json();
 * ```
 */
import { http, type HttpHandler } from 'msw';
import { BadRequest } from '../core/errors.js';
import type { ClockOptions } from '../core/clock.js';
import { createLogger, createSimulator, type Simulator } from '../simulator.js';
import { defaultCacheDir, loadPki } from '../pki/create-pki.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { parseFixtureSet } from '../../fixtures/validate.js';

/**
 * The default base URL. `.invalid` is reserved by RFC 2606 and never resolves, so a request
 * that escapes msw fails at once instead of reaching a real server.
 */
export const DEFAULT_MSW_BASE_URL = 'http://eeszt-sim.invalid';

/** Options of {@link createEesztHandlers}. */
export interface EesztHandlersOptions {
  /**
   * Origin the handlers answer for (`http(s)://host[:port]`, no path). Default
   * {@link DEFAULT_MSW_BASE_URL}. Two environments in one msw server need two origins.
   */
  baseUrl?: string;
  /** A fixture set (the JSON object of a fixture file); validated whole. Default: the embedded set. */
  fixtures?: unknown;
  /** The environment's clock: `start` (ISO 8601 or epoch ms) and `frozen`. Default: real time, running. */
  clock?: Pick<ClockOptions, 'start' | 'frozen'>;
  /** Seed of the test PKI (default 1, the PKI `eeszt-sim serve` uses); cached like the CLI's. */
  seed?: number;
  /** Log level of the simulator's own messages on stderr (default `warn`). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

/** What {@link createEesztHandlers} gives. */
export interface EesztHandlers {
  /** msw request handlers: pass them to `setupServer(...handlers)` or `server.use(...handlers)`. */
  handlers: HttpHandler[];
  /** Origin to configure the HIS with, without a trailing slash (e.g. `http://eeszt-sim.invalid`). */
  baseUrl: string;
  /** The environment behind the handlers (its `deps.clock`, `deps.store`, `deps.journal`). */
  simulator: Simulator;
  /** Stop the environment's background timers. */
  close(): void;
}

/** Check a base URL and return its origin, or throw `MSW_BASE_URL_INVALID`. */
export function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadRequest(`baseUrl \`${raw}\` is not a URL; use an origin such as ${DEFAULT_MSW_BASE_URL}`, {}, 'MSW_BASE_URL_INVALID');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequest(`baseUrl \`${raw}\` uses ${url.protocol}; use http: or https:, e.g. ${DEFAULT_MSW_BASE_URL}`, {}, 'MSW_BASE_URL_INVALID');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new BadRequest(`baseUrl \`${raw}\` has a path, query or credentials; give the origin only, e.g. ${url.origin}`, {}, 'MSW_BASE_URL_INVALID');
  }
  return url.origin;
}

/**
 * Build one isolated simulator environment and msw handlers that answer for `baseUrl` with it.
 * Requests are handed to the simulator's Hono app as they are; answers come back unchanged.
 * The handlers act as the plain HTTP listener: WAF-SSL client certificates (only checked on
 * `serve --tls` listeners) do not apply.
 */
export async function createEesztHandlers(options: EesztHandlersOptions = {}): Promise<EesztHandlers> {
  const baseUrl = parseBaseUrl(options.baseUrl ?? DEFAULT_MSW_BASE_URL);
  const fixtures = options.fixtures === undefined ? loadDefaultFixtures() : parseFixtureSet(options.fixtures, 'the fixtures given to createEesztHandlers');
  const pki = await loadPki({ seed: options.seed ?? 1, cacheDir: defaultCacheDir() });
  const simulator = createSimulator({
    fixtures,
    pki,
    log: createLogger(options.logLevel ?? 'warn'),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const answer = ({ request }: { request: Request }): Promise<Response> => Promise.resolve(simulator.app.fetch(request, { listener: 'http' }));
  return {
    handlers: [http.all(baseUrl, answer), http.all(`${baseUrl}/*`, answer)],
    baseUrl,
    simulator,
    close: () => simulator.close(),
  };
}
