/**
 * The Ágazati portál as a simulator module, mounted lazily: its code loads on the first request
 * (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { PORTAL_MODULE } from './simulator/portal/module.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** The portal as a simulator module. */
export const PORTAL_MODULE = lazyModule(
  {
    id: 'portal',
    title: 'Ágazati portál (card activation)',
    mount: '/portal',
    listener: 'portal',
    endpoints: { portalCheckCode: '/activation/check-code', portalActivations: '/activations' },
  },
  async () => (await import('./portal-app.js')).createPortalApp,
);
