/**
 * The IAM+SSO and V-MÁTRIX admin API as a simulator module, mounted lazily: its code loads on the
 * first request (core/lazy-module.ts).
 *
 * @example
 * ```ts
 * import { IAM_MODULE } from './simulator/iam/module.js';
 * ```
 */
import { lazyModule } from '../core/lazy-module.js';

/** The IAM+SSO admin API module (served on the portal listener, like the Ágazati portál). */
export const IAM_MODULE = lazyModule(
  {
    id: 'iam',
    title: 'IAM+SSO and V-MÁTRIX admin API (JSON)',
    mount: '/iam/api',
    listener: 'portal',
    endpoints: { iamApi: '', iamOpenApi: '/openapi.json', vmatrixApi: '/vmatrix/units' },
  },
  async () => (await import('./iam-app.js')).createIamApp,
);
