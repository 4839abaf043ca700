/**
 * The mobilToken control routes, meant to be mounted at `/_sim/mobiltoken` (the control API's
 * access rules apply there): `GET /_sim/mobiltoken/{username}` answers the code the user's
 * mobilToken app shows at the simulator clock. `eeszt-sim token USERNAME` calls it.
 *
 * @example
 * ```ts
 * app.route('/_sim/mobiltoken', createMobilTokenControlApp(deps));
 * const res = await app.request('/_sim/mobiltoken/O50123');
 * (await res.json()).mobilTokenCode; // '…' (6 digits)
 * ```
 */
import { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { currentMobilToken } from './current.js';

/**
 * Build the mobilToken control sub-app.
 *
 * @example
 * ```ts
 * app.route('/_sim/mobiltoken', createMobilTokenControlApp(deps));
 * ```
 */
export function createMobilTokenControlApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  app.get('/:username', (c) => {
    const answer = currentMobilToken(deps, c.req.param('username'));
    c.set('summary', { operation: 'mobiltoken-current', username: answer.username, step: answer.step });
    return c.json(answer);
  });
  return app;
}

/**
 * The control routes as a module, for environments that mount control extensions the way
 * `/_sim/cards` is mounted (control API access rules apply to every `/_sim` path).
 */
export const MOBILTOKEN_CONTROL_MODULE: ServiceModule = {
  id: 'control-mobiltoken',
  title: 'mobilToken codes at the simulator clock (control)',
  mount: '/_sim/mobiltoken',
  listener: 'portal',
  create: createMobilTokenControlApp,
  endpoints: { controlMobilToken: '' },
};
