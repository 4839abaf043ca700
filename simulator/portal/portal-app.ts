/**
 * The Ágazati portál (sector portal) API: card activation (Bejelentkezés → Aktiválás).
 *
 * | route | does |
 * |---|---|
 * | `GET /portal/activation/check-code` | the check code the page shows (`{ checkCodeId, checkCode, expiresAt }`) |
 * | `POST /portal/activations` | `{ username, checkCodeId, checkCode }` → `{ activationId, requestPackage, … }` |
 * | `GET /portal/activations/{id}` | the state of an activation |
 * | `POST /portal/activations/{id}/complete` | `{ ridPackage }` → the card is bound to the username |
 * | `POST /portal/login/card-request` | an eID request package for the portal's own card login (Bejelentkezés with the eSzemélyi) |
 * | `POST /portal/waf-certificate` | `Authorization: SAML <card token of the permission admin>` → the WAF-SSL PKCS#12 and its password |
 * | `GET /portal/lookup/institutions?q=` | the login form's Intézmény drop-down (seed 000: the provider is chosen at login) |
 * | `GET /portal/lookup/units?institution=<id>&q=` | its Szervezeti egység drop-down: units of that institution |
 *
 * @example
 * ```ts
 * const { checkCodeId, checkCode } = await (await app.request('/portal/activation/check-code')).json();
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, NotFound } from '../core/errors.js';
import { checkInstitutionId, must } from '../identifiers/identifiers.js';
import { checkQuery, LOOKUP_LIMIT, searchInstitutions, searchUnits } from '../iam/lookups.js';
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';
import { activationRecord, completeActivation, startActivation } from './activation.js';
import { issueCheckCode } from './check-codes.js';
import { downloadWafCertificate } from './waf-download.js';
import { issueRequestPackage } from '../eid/issue-request.js';
import { requestPackageAnswer } from '../eid/request-app.js';

/** Longest rID package accepted (base64 of a signed XML of a few kilobytes; simulator assumption). */
const MAX_PACKAGE_CHARS = 262_144;

/** `POST /activations`; a missing check code is the page's own refusal (`CHECK_CODE_MISSING`). */
export const ACTIVATION_BODY = jsonBody(
  s.object({ username: s.string(32), checkCodeId: s.string(128), checkCode: s.string(32) }).required(),
  BODY_INVALID,
  '{"username":"O50123","checkCodeId":"…","checkCode":"K7M2QX"}',
);
/** `POST /activations/{id}/complete`. */
export const COMPLETE_BODY = jsonBody(s.object({ ridPackage: s.string(MAX_PACKAGE_CHARS) }).required(), BODY_INVALID, '{"ridPackage":"<base64 from the card client>"}');
/** Routes that take no body: `POST /waf-certificate` (the card token is in `Authorization`), `POST /login/card-request`. */
export const NO_BODY = jsonBody(s.object({}).required(), BODY_INVALID, 'no body');

/**
 * Build the portal sub-app (mounted at `/portal`).
 *
 * @example
 * ```ts
 * app.route('/portal', createPortalApp(deps));
 * ```
 */
export function createPortalApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.get('/activation/check-code', (c) => {
    c.set('summary', { operation: 'portal-check-code' });
    return c.json(issueCheckCode(deps));
  });

  app.post('/activations', ACTIVATION_BODY.declare, async (c) => {
    const b = await ACTIVATION_BODY.read(c);
    const started = startActivation(deps, { username: b.username, checkCodeId: b.checkCodeId, checkCode: b.checkCode }, deps.basePath);
    c.set('summary', { operation: 'portal-activation-start', username: started.username, activationId: started.activationId });
    return c.json(started, 201);
  });

  app.get('/activations/:id', (c) => {
    const rec = activationRecord(deps, c.req.param('id'));
    return c.json({
      activationId: rec.id,
      username: rec.username,
      status: rec.status,
      startedAt: rec.startedAt,
      ...(rec.documentId === undefined ? {} : { documentId: rec.documentId }),
      ...(rec.activatedAt === undefined ? {} : { activatedAt: rec.activatedAt }),
    });
  });

  app.post('/activations/:id/complete', COMPLETE_BODY.declare, async (c) => {
    const b = await COMPLETE_BODY.read(c);
    const done = completeActivation(deps, c.req.param('id'), b.ridPackage);
    c.set('summary', { operation: 'portal-activation-complete', username: done.username, documentId: done.documentId });
    return c.json(done);
  });

  // The portal's own card login (seed 003: „EESZT Ágazati portál által biztosított eSZIG
  // funkcionális: … Ágazati felhasználók belépése – HIS oldali fejlesztés nem szükséges”): the
  // portal asks for the package itself; no HIS and no HIS sector user is involved.
  app.post('/login/card-request', NO_BODY.declare, async (c) => {
    await NO_BODY.read(c);
    const pkg = issueRequestPackage(deps, { requester: 'portal' });
    c.set('summary', { operation: 'portal-card-login-request', requestId: pkg.id });
    return c.json(requestPackageAnswer(pkg), 201);
  });

  app.post('/waf-certificate', NO_BODY.declare, async (c) => {
    const authorization = c.req.header('authorization');
    await NO_BODY.read(c);
    const download = downloadWafCertificate(deps, authorization);
    c.set('summary', { operation: 'portal-waf-download', username: download.downloadedBy, institutionId: download.institutionId, serial: download.serialHex });
    c.header('cache-control', 'no-store');
    return c.json(download);
  });

  // The login form's drop-downs (before anyone is logged in): at most LOOKUP_LIMIT matches each.
  const limited = <T,>(q: string, all: T[]): { q: string; matches: T[]; truncated: boolean } => ({ q, matches: all.slice(0, LOOKUP_LIMIT), truncated: all.length > LOOKUP_LIMIT });

  app.get('/lookup/institutions', (c) => {
    const q = checkQuery(c.req.query('q'));
    return c.json(limited(q, searchInstitutions(deps.store.state, q)));
  });

  app.get('/lookup/units', (c) => {
    const raw = c.req.query('institution');
    if (raw === undefined || raw === '') {
      throw new BadRequest('query parameter `institution` is missing; pick the institution first and send its id, e.g. `?institution=E01620K&q=0162`', { details: { field: 'institution' } }, 'QUERY_INVALID');
    }
    const institutionId = must(checkInstitutionId(raw), 'institution').institutionId;
    if (!deps.store.state.institutions.some((i) => i.id === institutionId)) {
      throw new NotFound(`no institution \`${institutionId}\` exists in this EESZT; pick one from GET /portal/lookup/institutions`, { details: { institutionId } }, 'INSTITUTION_UNKNOWN');
    }
    const q = checkQuery(c.req.query('q'));
    return c.json(limited(q, searchUnits(deps.store.state, institutionId, q)));
  });

  return app;
}
