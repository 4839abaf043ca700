/**
 * The Ágazati portál: card activation (docs/card-login.md, "Card activation").
 *
 * @example
 * ```ts
 * import { PORTAL_MODULE } from './simulator/portal/index.js';
 * ```
 */
export * from './activation.js';
export * from './check-codes.js';
export { createPortalApp } from './portal-app.js';
export { PORTAL_MODULE } from './module.js';
