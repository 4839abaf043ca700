/**
 * The Ágazati portál: card activation (docs/card-login.md, "Card activation").
 *
 * @example
 * ```ts
 * import { PORTAL_MODULE } from './simulator/portal/index.js';
 * ```
 */
import type { ServiceModule } from '../core/deps.js';
import { createPortalApp } from './portal-app.js';

export * from './activation.js';
export * from './check-codes.js';
export { createPortalApp } from './portal-app.js';

/** The portal as a simulator module. */
export const PORTAL_MODULE: ServiceModule = {
  id: 'portal',
  title: 'Ágazati portál (card activation)',
  mount: '/portal',
  listener: 'portal',
  create: createPortalApp,
  endpoints: { portalCheckCode: '/activation/check-code', portalActivations: '/activations' },
};
