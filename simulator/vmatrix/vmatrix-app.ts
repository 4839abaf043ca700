/**
 * The V-MÁTRIX JSON admin surface, mounted by the IAM admin API at `/iam/api/vmatrix` (same
 * admin authentication): list the institution's units and grants, grant and revoke a role of a
 * user in a unit. Trainers use it to set up a class.
 *
 * @example
 * ```ts
 * iamApp.route('/vmatrix', createVMatrixApp(deps));
 * // POST /iam/api/vmatrix/units/016200102/grants {"username":"O83456","role":"ORVOS"}
 * ```
 */
import { Hono, type Context } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { GRANT_BODY } from '../iam/admin-bodies.js';
import { VMATRIX_ROLES } from '../identifiers/roles.js';
import { adminFromAuthorization } from '../iam/admin-auth.js';
import { policyScope } from '../policy/policy.js';
import { grantUnitRole, listUnitGrants, revokeUnitRole, unitOfInstitution } from './vmatrix-admin.js';
import { vmatrixGrantsOf } from './vmatrix.js';
import { listScope, pageOf } from '../core/paging.js';


/** Build the V-MÁTRIX admin sub-app. */
export function createVMatrixApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  const admin = (c: Context<SimHonoEnv>): ReturnType<typeof adminFromAuthorization> =>
    adminFromAuthorization(deps, c.req.header('authorization'), policyScope(c, deps));

  app.get('/roles', (c) => {
    admin(c);
    return c.json({ roles: VMATRIX_ROLES.map((r) => ({ name: r.name, prefixes: r.prefixes, holders: r.holders, description: r.description })) });
  });

  app.get('/units', (c) => {
    const a = admin(c);
    const page = pageOf(c.req.query(), listScope('vmatrix-units', a.institutionId), listUnitGrants(deps, a.institutionId), (u) => u.unit.code, (code) => code);
    return c.json({ institutionId: a.institutionId, units: page.items, total: page.total, next: page.next });
  });

  app.get('/units/:unit', (c) => {
    const a = admin(c);
    const unit = unitOfInstitution(deps, a.institutionId, c.req.param('unit'));
    const page = pageOf(c.req.query(), listScope('vmatrix-grants', a.institutionId, { unitCode: unit.code }), vmatrixGrantsOf(deps.store.state, a.institutionId, unit.code), (g) => g.username);
    return c.json({ unit, grants: page.items, total: page.total, next: page.next });
  });

  app.post('/units/:unit/grants', GRANT_BODY.declare, async (c) => {
    const a = admin(c);
    const body = await GRANT_BODY.read(c);
    const result = grantUnitRole(deps, a, c.req.param('unit'), body);
    c.set('summary', { operation: 'vmatrix-grant', admin: a.username, username: result.seat.username, unitCode: result.seat.unitCode, role: body.role, changed: result.changed });
    return c.json({ ...result.seat, roles: result.roles, changed: result.changed }, result.changed ? 201 : 200);
  });

  app.delete('/units/:unit/grants/:username/:role', (c) => {
    const a = admin(c);
    const role = c.req.param('role');
    const result = revokeUnitRole(deps, a, c.req.param('unit'), c.req.param('username'), role);
    c.set('summary', { operation: 'vmatrix-revoke', admin: a.username, username: result.seat.username, unitCode: result.seat.unitCode, role });
    return c.json({ ...result.seat, roles: result.roles });
  });

  return app;
}
