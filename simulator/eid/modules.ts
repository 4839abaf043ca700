/**
 * The simulator modules of the card login: the eID request service (`/eid`), the eID server
 * (`/eid-server`), the card client (`/card-client`, a convenience: production runs it on the
 * workstation) and the virtual cards' control routes (`/_sim/cards`). Each is mounted lazily: its
 * code (and the virtual card's) loads on its first request (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * export const SERVICE_MODULES = [...EID_MODULES];
 * ```
 */
import type { ServiceModule, SimDeps } from '../core/deps.js';
import type { CardClient } from '../../virtual-reader/card-client/card-client.js';
import { lazyModule } from '../core/lazy-module.js';

/** eID request service: the HIS (sector user, WAF-SSL) gets request packages. */
export const EID_REQUEST_MODULE = lazyModule(
  { id: 'eid', title: 'eID request service (card login, leg 1)', mount: '/eid', listener: 'sts', endpoints: { eidRequestPackage: '/request-package' } },
  async () => (await import('./request-app.js')).createEidApp,
);

/** eID server: the card client runs the card authentication with it. */
export const EID_SERVER_MODULE = lazyModule(
  { id: 'eid-server', title: 'eID server (card login, leg 2)', mount: '/eid-server', listener: 'portal', endpoints: { eidServer: '', eidServerSessions: '/sessions' } },
  async () => (await import('./server-app.js')).createEidServerApp,
);

/** The card client, mounted for convenience (`eeszt-sim reader` runs it standalone). */
export const CARD_CLIENT_MODULE = lazyModule(
  { id: 'card-client', title: 'card client (eSzemélyi Kliens stand-in)', mount: '/card-client', listener: 'portal', endpoints: { cardClient: '', cardClientAuthenticate: '/authenticate' } },
  async () => (await import('./card-client-mount.js')).createMountedCardClientApp,
);

/** Virtual cards for standalone card clients (control API access rules apply). */
export const CARDS_CONTROL_MODULE = lazyModule(
  { id: 'control-cards', title: 'virtual eID cards (control)', mount: '/_sim/cards', listener: 'portal', endpoints: { controlCards: '' } },
  async () => (await import('./cards-control-app.js')).createCardsControlApp,
);

/**
 * The card client mounted at `/card-client` in this environment, if the module is mounted (built
 * now if no request has reached it yet): the trainer UI's event stream tells the browser of its
 * prompts (docs/ui.md).
 */
export async function mountedCardClient(deps: SimDeps): Promise<CardClient | undefined> {
  if (!(await CARD_CLIENT_MODULE.buildFor(deps))) return undefined;
  return (await import('./card-client-mount.js')).builtCardClient(deps);
}

/** Every card-login module, in start-up map order. */
export const EID_MODULES: readonly ServiceModule[] = [EID_REQUEST_MODULE, EID_SERVER_MODULE, CARD_CLIENT_MODULE, CARDS_CONTROL_MODULE];
