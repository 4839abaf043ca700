/**
 * The card client (eSzemélyi Kliens stand-in): readers, cards, cardholder, and the local HTTP
 * API a HIS calls (docs/card-login.md).
 *
 * @example
 * ```ts
 * import { createCardClient, createCardClientApp, storeCardSource } from './virtual-reader/card-client/index.js';
 * const client = createCardClient({ source: storeCardSource(sim.deps), eidServer: { url: 'http://127.0.0.1:8080/eid-server' } });
 * const app = createCardClientApp(client);
 * ```
 */
export * from './card-client.js';
export * from './card-client-app.js';
export * from './card-source.js';
export * from './cardholder-script.js';
export * from './eid-server-client.js';
export * from './errors.js';
export * from './pcsc-link.js';
export * from './reader-bench.js';
export * from './error-codes.js';
