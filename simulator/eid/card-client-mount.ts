/**
 * The card client the simulator mounts at `/card-client` (loaded with that module, on its first
 * request): cards from the store, the eID server in-process.
 *
 * @example
 * ```ts
 * const app = createMountedCardClientApp(deps);
 * const client = builtCardClient(deps); // the same client, for the UI's event stream
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { createCardClient, type CardClient } from '../../virtual-reader/card-client/card-client.js';
import { createCardClientApp } from '../../virtual-reader/card-client/card-client-app.js';
import { storeCardSource } from '../../virtual-reader/card-client/card-source.js';
import { IN_PROCESS_ORIGIN, inProcessEidServerFetch } from './in-process.js';

/** The card client built in each environment (by its deps). */
const builtClients = new WeakMap<SimDeps, CardClient>();

/** The card client the simulator mounts: cards from the store, the eID server in-process. */
export function createMountedCardClientApp(deps: SimDeps): ReturnType<typeof createCardClientApp> {
  const client = createCardClient({
    source: storeCardSource(deps),
    eidServer: { url: `${IN_PROCESS_ORIGIN}/eid-server`, fetch: inProcessEidServerFetch(deps) },
  });
  builtClients.set(deps, client);
  return createCardClientApp(client, { log: deps.log, basePath: `${deps.basePath}/card-client` });
}

/** The card client {@link createMountedCardClientApp} built for this environment, if it did. */
export function builtCardClient(deps: SimDeps): CardClient | undefined {
  return builtClients.get(deps);
}
