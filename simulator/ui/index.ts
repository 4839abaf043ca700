/**
 * The trainer and developer UI as a simulator module (`/ui`, docs/ui.md).
 *
 * @example
 * ```ts
 * import { UI_MODULE } from './simulator/ui/index.js';
 * ```
 */
import type { ServiceModule } from '../core/deps.js';
import { createUiApp } from './ui-app.js';

export { createUiApp, PAGE_CSP, type UiAppOptions } from './ui-app.js';

/** The UI, served on the portal listener (no client certificate needed). */
export const UI_MODULE: ServiceModule = {
  id: 'ui',
  title: 'trainer and developer UI',
  mount: '/ui',
  listener: 'portal',
  create: (deps) => createUiApp(deps),
  endpoints: { ui: '' },
};
