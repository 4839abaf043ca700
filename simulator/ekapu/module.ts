/**
 * eKapu as a service module, mounted lazily: its code loads on the first request
 * (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { EKAPU_MODULE } from './simulator/ekapu/module.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** eKapu as a service module (portal listener: server authentication only). */
export const EKAPU_MODULE = lazyModule(
  { id: 'ekapu', title: 'eKapu (connection-check upload)', mount: '/ekapu', listener: 'portal', endpoints: { ekapuConnectionCheck: '/connection-check' } },
  async () => (await import('./ekapu-app.js')).createEkapuApp,
);
