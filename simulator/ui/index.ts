/**
 * The trainer and developer UI as a simulator module (`/ui`, docs/ui.md), mounted lazily: its
 * pages and assets load on the first request (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { UI_MODULE } from './simulator/ui/index.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** The UI, served on the portal listener (no client certificate needed). */
export const UI_MODULE = lazyModule(
  { id: 'ui', title: 'trainer and developer UI', mount: '/ui', listener: 'portal', endpoints: { ui: '' } },
  async () => {
    const { createUiApp } = await import('./ui-app.js');
    return (deps) => createUiApp(deps);
  },
);
