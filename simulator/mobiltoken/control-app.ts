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
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
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
