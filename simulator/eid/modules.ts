/**
 * The simulator modules of the card login: the eID request service (`/eid`), the eID server
 * (`/eid-server`), the card client (`/card-client`, a convenience: production runs it on the
 * workstation) and the virtual cards' control routes (`/_sim/cards`).
 *
 * @example
 * ```ts
 * export const SERVICE_MODULES = [...EID_MODULES];
 * ```
 */
import type { ServiceModule, SimDeps } from '../core/deps.js';
import { createCardClient, type CardClient } from '../../virtual-reader/card-client/card-client.js';
import { createCardClientApp } from '../../virtual-reader/card-client/card-client-app.js';
import { storeCardSource } from '../../virtual-reader/card-client/card-source.js';
import { createCardsControlApp } from './cards-control-app.js';
import { IN_PROCESS_ORIGIN, inProcessEidServerFetch } from './in-process.js';
import { createEidApp } from './request-app.js';
import { createEidServerApp } from './server-app.js';

/** The card client mounted in each environment (by its deps), for the UI's event stream. */
const mountedClients = new WeakMap<SimDeps, CardClient>();

/** The card client the simulator mounts: cards from the store, the eID server in-process. */
export function createMountedCardClientApp(deps: SimDeps): ReturnType<typeof createCardClientApp> {
  const client = createCardClient({
    source: storeCardSource(deps),
    eidServer: { url: `${IN_PROCESS_ORIGIN}/eid-server`, fetch: inProcessEidServerFetch(deps) },
  });
  mountedClients.set(deps, client);
  return createCardClientApp(client, { log: deps.log, basePath: `${deps.basePath}/card-client` });
}

/**
 * The card client mounted at `/card-client` in this environment, if the module is mounted: the
 * trainer UI's event stream tells the browser of its prompts (docs/ui.md).
 */
export function mountedCardClient(deps: SimDeps): CardClient | undefined {
  return mountedClients.get(deps);
}

/** eID request service: the HIS (sector user, WAF-SSL) gets request packages. */
export const EID_REQUEST_MODULE: ServiceModule = {
  id: 'eid',
  title: 'eID request service (card login, leg 1)',
  mount: '/eid',
  listener: 'sts',
  create: createEidApp,
  endpoints: { eidRequestPackage: '/request-package' },
};

/** eID server: the card client runs the card authentication with it. */
export const EID_SERVER_MODULE: ServiceModule = {
  id: 'eid-server',
  title: 'eID server (card login, leg 2)',
  mount: '/eid-server',
  listener: 'portal',
  create: createEidServerApp,
  endpoints: { eidServer: '', eidServerSessions: '/sessions' },
};

/** The card client, mounted for convenience (`eeszt-sim reader` runs it standalone). */
export const CARD_CLIENT_MODULE: ServiceModule = {
  id: 'card-client',
  title: 'card client (eSzemélyi Kliens stand-in)',
  mount: '/card-client',
  listener: 'portal',
  create: createMountedCardClientApp,
  endpoints: { cardClient: '', cardClientAuthenticate: '/authenticate' },
};

/** Virtual cards for standalone card clients (control API access rules apply). */
export const CARDS_CONTROL_MODULE: ServiceModule = {
  id: 'control-cards',
  title: 'virtual eID cards (control)',
  mount: '/_sim/cards',
  listener: 'portal',
  create: createCardsControlApp,
  endpoints: { controlCards: '' },
};

/** Every card-login module, in start-up map order. */
export const EID_MODULES: readonly ServiceModule[] = [EID_REQUEST_MODULE, EID_SERVER_MODULE, CARD_CLIENT_MODULE, CARDS_CONTROL_MODULE];
