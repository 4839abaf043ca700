/**
 * miniHIS as a service module, mounted lazily: its code loads on the first request
 * (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { miniHisModule } from './simulator/minihis/module.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** miniHIS as a service module. */
export const miniHisModule = lazyModule(
  { id: 'minihis', title: 'miniHIS (login, ÁSZF, first-use configuration, NEAK OJOTE)', mount: '/minihis', listener: 'portal', endpoints: { minihis: '/api' } },
  async () => (await import('./minihis-app.js')).createMiniHisApp,
);
