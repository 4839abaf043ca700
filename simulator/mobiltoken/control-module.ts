/**
 * The mobilToken control routes as a module, for environments that mount control extensions the
 * way `/_sim/cards` is mounted (control API access rules apply to every `/_sim` path); mounted
 * lazily: the code loads on the first request (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { MOBILTOKEN_CONTROL_MODULE } from './simulator/mobiltoken/control-module.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** `/_sim/mobiltoken`: the current mobilToken codes at the simulator clock. */
export const MOBILTOKEN_CONTROL_MODULE = lazyModule(
  { id: 'control-mobiltoken', title: 'mobilToken codes at the simulator clock (control)', mount: '/_sim/mobiltoken', listener: 'portal', endpoints: { controlMobilToken: '' } },
  async () => (await import('./control-app.js')).createMobilTokenControlApp,
);
