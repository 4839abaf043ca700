/**
 * The IAM+SSO admin API (`/iam/api`, JSON; OpenAPI at `/iam/api/openapi.json`): what the
 * institution's permission admin does at the Ágazati portál under E-EGÉSZSÉGÜGY → "IAM + SSO
 * Adminisztráció", plus the V-MÁTRIX (`/iam/api/vmatrix`). Every call except the OpenAPI document
 * needs `Authorization: SAML <base64 assertion>` of a user holding `JOGOSULTSAG_ADMIN` in the
 * token's unit (see admin-auth.ts and docs/iam.md).
 *
 * @example
 * ```ts
 * app.route('/iam/api', createIamApp(deps));
 * ```
 */
import { Hono, type Context } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest } from '../core/errors.js';
import { readJson } from '../core/read-json.js';
import { IAM_PARTNERS, IAM_SYSTEMS, MINIHIS_ROLES } from '../identifiers/roles.js';
import { createVMatrixApp } from '../vmatrix/vmatrix-app.js';
import { adminFromAuthorization, type AdminIdentity } from './admin-auth.js';
import { policyScope } from '../policy/policy.js';
import { appendAudit, auditActor, listAudit } from './audit.js';
import { deleteIamRecord, findIamRecord, iamRecordId, listIamRecords, requirePartner, viewOfRecord } from './iam-records.js';
import { checkQuery, LOOKUP_LIMIT, searchInstitutions, searchUnits, searchUsers } from './lookups.js';
import { createRecordFromForm, NEW_RECORD_BODY } from './new-record.js';
import { issuePick, type PickKind } from './picks.js';
import { discardDraft, moveRole, roleScreen, saveDraft } from './role-editor.js';
import { iamOpenApiDocument } from './openapi.js';
import { MOVE_BODY, SAVE_BODY } from './admin-bodies.js';
import { listScope, pageOf } from '../core/paging.js';

type Req = Context<SimHonoEnv>;


/** Attach picks to look-up matches and cap them at {@link LOOKUP_LIMIT}. */
function withPicks<T>(deps: SimDeps, admin: AdminIdentity, kind: PickKind, q: string, matches: T[], valueOf: (m: T) => string): Record<string, unknown> {
  const shown = matches.slice(0, LOOKUP_LIMIT);
  return {
    q,
    pickValidMinutes: deps.config.pickMinutes,
    truncated: matches.length > shown.length,
    matches: shown.map((m) => ({ ...m, ...issuePick(deps, admin, kind, valueOf(m)) })),
  };
}

function optionalNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new BadRequest(`query parameter \`${name}\` must be a number, e.g. \`?${name}=1\``, {}, 'QUERY_INVALID');
  return Number(value);
}

/** Build the IAM+SSO admin sub-app. */
export function createIamApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  const admin = (c: Req): AdminIdentity => adminFromAuthorization(deps, c.req.header('authorization'), policyScope(c, deps));

  app.get('/openapi.json', (c) => c.json(iamOpenApiDocument(`${new URL(c.req.url).origin}${deps.basePath}`)));

  app.get('/', (c) => {
    const a = admin(c);
    return c.json({ admin: { username: a.username, institutionId: a.institutionId, unitCode: a.unitCode, authMethod: a.authMethod }, openapi: `${deps.basePath}/iam/api/openapi.json` });
  });

  // Reference data
  app.get('/partners', (c) => {
    admin(c);
    return c.json({ partners: IAM_PARTNERS.map((p) => ({ ...p, label: `${p.id} – ${p.name}` })) });
  });
  app.get('/systems', (c) => {
    admin(c);
    const partner = optionalNumber(c.req.query('partner'), 'partner');
    if (partner !== undefined) requirePartner(partner);
    const systems = IAM_SYSTEMS.filter((s) => partner === undefined || s.partner === partner);
    return c.json({ systems: systems.map((s) => ({ ...s, label: `${s.id} – ${s.name}` })) });
  });
  app.get('/roles', (c) => {
    admin(c);
    const system = optionalNumber(c.req.query('system'), 'system');
    const roles = MINIHIS_ROLES.filter((r) => system === undefined || r.system === system);
    return c.json({ roles: roles.map((r) => ({ name: r.name, system: r.system, prefixes: r.prefixes, holders: r.holders, description: r.description })) });
  });

  // Drop-down look-ups
  app.get('/lookup/users', (c) => {
    const a = admin(c);
    const q = checkQuery(c.req.query('q'));
    return c.json(withPicks(deps, a, 'user', q, searchUsers(deps.store.state, q), (m) => m.username));
  });
  app.get('/lookup/institutions', (c) => {
    const a = admin(c);
    const q = checkQuery(c.req.query('q'));
    return c.json(withPicks(deps, a, 'institution', q, searchInstitutions(deps.store.state, q), (m) => m.institutionId));
  });
  app.get('/lookup/units', (c) => {
    const a = admin(c);
    const q = checkQuery(c.req.query('q'));
    return c.json(withPicks(deps, a, 'unit', q, searchUnits(deps.store.state, a.institutionId, q), (m) => m.code));
  });

  // Records
  app.get('/records', (c) => {
    const a = admin(c);
    const filter = { ...(c.req.query('username') === undefined ? {} : { username: c.req.query('username') }), ...(c.req.query('unitCode') === undefined ? {} : { unitCode: c.req.query('unitCode') }) };
    const page = pageOf(c.req.query(), listScope('iam-records', a.institutionId, filter), listIamRecords(deps.store.state, a.institutionId, filter), iamRecordId);
    return c.json({ institutionId: a.institutionId, records: page.items.map(viewOfRecord), total: page.total, next: page.next });
  });
  app.post('/records', NEW_RECORD_BODY.declare, async (c) => {
    const a = admin(c);
    const screen = createRecordFromForm(deps, a, await readJson(c));
    c.set('summary', { operation: 'iam-create', admin: a.username, record: screen.record.id });
    c.header('location', `${deps.basePath}/iam/api/records/${screen.record.id}/roles`);
    return c.json(screen, 201);
  });
  app.get('/records/:id', (c) => {
    const a = admin(c);
    return c.json(viewOfRecord(findIamRecord(deps.store.state, a.institutionId, c.req.param('id'))));
  });
  app.delete('/records/:id', (c) => {
    const a = admin(c);
    const id = c.req.param('id');
    const record = deleteIamRecord(deps.store.state, a.institutionId, id);
    discardDraft(deps, a, id);
    const base = { actor: auditActor(a), scope: 'iam' as const, partner: record.partner, system: record.system, username: record.username, institutionId: record.institutionId, unitCode: record.unitCode };
    for (const role of record.roles) appendAudit(deps, { ...base, action: 'revoke', role });
    appendAudit(deps, { ...base, action: 'record-deleted' });
    c.set('summary', { operation: 'iam-delete', admin: a.username, record: id });
    return c.json({ deleted: viewOfRecord(record) });
  });

  // Role assignment screen
  app.get('/records/:id/roles', (c) => {
    const a = admin(c);
    return c.json(roleScreen(deps, a, c.req.param('id')));
  });
  app.post('/records/:id/roles/move', MOVE_BODY.declare, async (c) => {
    const a = admin(c);
    const body = await MOVE_BODY.read(c);
    const screen = moveRole(deps, a, c.req.param('id'), body.role, body.direction);
    c.set('summary', { operation: 'iam-move', admin: a.username, record: c.req.param('id'), role: body.role, direction: body.direction });
    return c.json(screen);
  });
  app.post('/records/:id/roles/save', SAVE_BODY.declare, async (c) => {
    const a = admin(c);
    await SAVE_BODY.read(c);
    const result = saveDraft(deps, a, c.req.param('id'));
    c.set('summary', { operation: 'iam-save', admin: a.username, record: c.req.param('id'), granted: result.granted.join(','), removed: result.removed.join(',') });
    return c.json(result);
  });
  app.delete('/records/:id/roles/draft', (c) => {
    const a = admin(c);
    discardDraft(deps, a, c.req.param('id'));
    return c.body(null, 204);
  });

  // Audit trail
  app.get('/audit', (c) => {
    const a = admin(c);
    const scope = c.req.query('scope');
    if (scope !== undefined && scope !== 'iam' && scope !== 'vmatrix') throw new BadRequest('query parameter `scope` must be `iam` or `vmatrix`', {}, 'QUERY_INVALID');
    const filter = {
      ...(c.req.query('username') === undefined ? {} : { username: c.req.query('username') }),
      ...(c.req.query('unitCode') === undefined ? {} : { unitCode: c.req.query('unitCode') }),
      ...(scope === undefined ? {} : { scope: scope as 'iam' | 'vmatrix' }),
    };
    const all = listAudit(deps.store, { institutionId: a.institutionId, ...filter });
    const page = pageOf(c.req.query(), listScope('iam-audit', a.institutionId, filter), all, (e) => String(e.seq), Number);
    return c.json({ institutionId: a.institutionId, entries: page.items, total: page.total, next: page.next });
  });

  app.route('/vmatrix', createVMatrixApp(deps));
  return app;
}
