/**
 * miniHIS, the operator's free web HIS, as a JSON API (docs/minihis.md): login with picked
 * institution and unit and a mobilToken code or the eID card, the ÁSZF, the first-use
 * configuration, user data, NEAK OJOTE credentials and the simulated eligibility check.
 * Calls after login carry `Authorization: Bearer <sessionToken>`.
 *
 * | route | does |
 * |---|---|
 * | `GET /api/lookup/institutions?q=` | institution drop-down: matches with `pick` ids |
 * | `GET /api/lookup/units?institution=<pick>&q=` | unit drop-down of the picked institution |
 * | `POST /api/login/card-request` | card login leg 1: `{ institutionPick }` → request package |
 * | `POST /api/login` | `{ institutionPick, unitPick, username, mobilTokenCode \| ridPackage }` → session |
 * | `GET /api/session`, `POST /api/logout` | the session and its setup state; end it |
 * | `GET /api/terms`, `POST /api/terms` | the ÁSZF; `{ accept: true \| false }` |
 * | `GET /api/reference-data` | the configuration's choice lists |
 * | `GET /api/configuration`, `POST /api/configuration` | first-use configuration ("Befejezés") |
 * | `GET /api/user-data`, `POST /api/user-data` | e-mail, name used in care, specialties |
 * | `GET /api/ojote`, `POST /api/ojote` | NEAK OJOTE credentials |
 * | `GET /api/ojote/check?taj=` | the simulated eligibility check |
 * | `GET /api/outpatient-sheet?taj=` | provider data for the outpatient sheet (Ambuláns lap) |
 * | `POST /api/patient-card/request`, `POST /api/patient-card` | the patient identified by their eSzemélyi (`patient-card.ts`) |
 *
 * @example
 * ```ts
 * app.route('/minihis', createMiniHisApp(deps));
 * const res = await app.request('/minihis/api/lookup/institutions?q=Szent');
 * ```
 */
import { Hono, type Context } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { Conflict } from '../core/errors.js';
import { CARD_REQUEST_BODY, CONFIGURATION_BODY, LOGIN_BODY, NO_BODY, OJOTE_BODY, PATIENT_CARD_BODY, refuseTypedPicks, TERMS_BODY, USER_DATA_BODY } from './body.js';
import { readJson } from '../core/read-json.js';
import { startCardLogin } from './card-login.js';
import { CONFIGURATION_FIELDS, saveConfiguration, savedConfiguration } from './configuration.js';
import { login } from './login.js';
import { checkEligibility, ojoteCredentials, saveOjoteCredentials, suggestedOjoteUsername } from './ojote.js';
import { outpatientSheet } from './outpatient-sheet.js';
import { finishPatientReadout, startPatientReadout } from './patient-card.js';
import { lookupInstitutions, lookupUnits, resolveInstitutionPick } from './picks.js';
import { REFERENCE_DATA } from './reference-data.js';
import { sessionContext, sessionView, type SessionContext } from './session-context.js';
import { endSession } from './sessions.js';
import { requireConfiguration, requireTermsAccepted, requireUserData, setupStatus } from './setup.js';
import { acceptTerms, termsAcceptance, TERMS_DOCUMENT } from './terms.js';
import { saveUserData, savedUserData, userDataDefaults } from './user-data.js';
import { issueRequestPackage } from '../eid/issue-request.js';
import { requestPackageAnswer } from '../eid/request-app.js';

type C = Context<SimHonoEnv>;

/**
 * Build the miniHIS sub-app (mounted at `/minihis`).
 *
 * @example
 * ```ts
 * const app = createMiniHisApp(deps);
 * await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
 * ```
 */
export function createMiniHisApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  const ctxOf = (c: C): SessionContext => sessionContext(deps, c.req.header('authorization'));
  const summary = (c: C, ctx: SessionContext | undefined, operation: string, extra: Record<string, unknown> = {}): void => {
    c.set('summary', {
      operation,
      ...(ctx === undefined ? {} : { username: ctx.session.username, institutionId: ctx.session.institutionId, unitCode: ctx.session.unitCode, sessionId: ctx.session.id }),
      ...extra,
    });
  };

  app.get('/api', (c) =>
    c.json({
      service: 'eeszt-sim miniHIS',
      sessionHours: deps.config.miniHisSessionHours,
      pickMinutes: deps.config.pickMinutes,
      docs: 'docs/minihis.md',
      steps: ['lookup/institutions', 'lookup/units', 'login', 'terms', 'configuration', 'user-data', 'ojote'],
    }),
  );

  app.get('/api/lookup/institutions', (c) => {
    const matches = lookupInstitutions(deps, c.req.query('q'));
    summary(c, undefined, 'minihis-lookup-institutions', { matches: matches.length });
    return c.json({ matches });
  });

  app.get('/api/lookup/units', (c) => {
    const matches = lookupUnits(deps, c.req.query('institution'), c.req.query('q'));
    summary(c, undefined, 'minihis-lookup-units', { matches: matches.length });
    return c.json({ matches });
  });

  app.post('/api/login/card-request', CARD_REQUEST_BODY.declare, async (c) => {
    const raw = await readJson(c);
    refuseTypedPicks(raw, ['institutionPick']);
    const body = CARD_REQUEST_BODY.check(raw);
    const institution = resolveInstitutionPick(deps, body.institutionPick, 'institutionPick');
    const start = startCardLogin(deps, institution);
    summary(c, undefined, 'minihis-card-request', { institutionId: institution.id, requestId: start.id });
    return c.json(start, 201);
  });

  app.post('/api/login', LOGIN_BODY.declare, async (c) => {
    const raw = await readJson(c);
    refuseTypedPicks(raw, ['institutionPick', 'unitPick']);
    const body = LOGIN_BODY.check(raw);
    c.set('summary', { operation: 'minihis-login', username: typeof body.username === 'string' ? body.username : undefined });
    const r = login(deps, body);
    const ctx: SessionContext = { session: r.session, user: r.user, institution: r.institution, unit: r.unit };
    summary(c, ctx, 'minihis-login', { method: r.session.method, termsRequired: r.termsRequired });
    return c.json({ sessionToken: r.token, tokenType: 'Bearer', termsRequired: r.termsRequired, ...sessionView(deps, ctx) }, 201);
  });

  app.get('/api/session', (c) => {
    const ctx = ctxOf(c);
    summary(c, ctx, 'minihis-session');
    return c.json(sessionView(deps, ctx));
  });

  app.post('/api/logout', NO_BODY.declare, async (c) => {
    await NO_BODY.read(c);
    const s = endSession(deps, c.req.header('authorization'), 'logout');
    c.set('summary', { operation: 'minihis-logout', username: s.username, sessionId: s.id });
    return c.json({ loggedOut: true, endedAt: s.endedAt });
  });

  app.get('/api/terms', (c) => {
    const ctx = ctxOf(c);
    const accepted = termsAcceptance(deps.store, ctx.session.institutionId);
    summary(c, ctx, 'minihis-terms');
    return c.json({ ...TERMS_DOCUMENT, institutionId: ctx.session.institutionId, accepted: accepted !== undefined, acceptance: accepted ?? null });
  });

  app.post('/api/terms', TERMS_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    const body = await TERMS_BODY.read(c);
    const existing = termsAcceptance(deps.store, ctx.session.institutionId);
    if (!body.accept) {
      if (existing !== undefined) {
        throw new Conflict(
          `the ÁSZF of \`${existing.institutionId}\` was already accepted by \`${existing.acceptedBy}\` at ${existing.acceptedAt}; there is nothing to refuse`,
          { details: { acceptedBy: existing.acceptedBy } },
          'TERMS_ALREADY_ACCEPTED',
        );
      }
      endSession(deps, c.req.header('authorization'), 'terms-refused');
      summary(c, ctx, 'minihis-terms-refused');
      return c.json({
        accepted: false,
        sessionEnded: true,
        message: 'the ÁSZF was refused: miniHIS cannot be used without accepting it, and this session has ended; log in again and accept the ÁSZF to continue',
      });
    }
    const acceptance = acceptTerms(deps, ctx.session);
    summary(c, ctx, 'minihis-terms-accepted', { alreadyAccepted: existing !== undefined });
    return c.json({ accepted: true, alreadyAccepted: existing !== undefined, acceptance, setup: setupStatus(deps.store, ctx.session) });
  });

  app.get('/api/reference-data', (c) => c.json({ lists: REFERENCE_DATA }));

  app.get('/api/configuration', (c) => {
    const ctx = ctxOf(c);
    requireTermsAccepted(deps.store, ctx.session);
    const fields = CONFIGURATION_FIELDS.filter((f) => f !== 'prescriptionCertificateFormat' || ctx.session.kind === 'doctor');
    summary(c, ctx, 'minihis-configuration-read');
    return c.json({ configuration: savedConfiguration(deps.store, ctx.session) ?? null, fields });
  });

  app.post('/api/configuration', CONFIGURATION_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    requireTermsAccepted(deps.store, ctx.session);
    const body = await CONFIGURATION_BODY.read(c);
    const saved = saveConfiguration(deps, ctx.session, ctx.institution, ctx.unit, body);
    summary(c, ctx, 'minihis-configuration-saved');
    return c.json({ configuration: saved, setup: setupStatus(deps.store, ctx.session) }, 201);
  });

  app.get('/api/user-data', (c) => {
    const ctx = ctxOf(c);
    requireConfiguration(deps.store, ctx.session);
    summary(c, ctx, 'minihis-user-data-read');
    return c.json({ userData: savedUserData(deps.store, ctx.session.username) ?? null, defaults: userDataDefaults(ctx.user, ctx.session.kind === 'doctor') });
  });

  app.post('/api/user-data', USER_DATA_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    requireConfiguration(deps.store, ctx.session);
    const body = await USER_DATA_BODY.read(c);
    const saved = saveUserData(deps, ctx.session, ctx.user, body);
    summary(c, ctx, 'minihis-user-data-saved');
    return c.json({ userData: saved, setup: setupStatus(deps.store, ctx.session) }, 201);
  });

  app.get('/api/ojote', (c) => {
    const ctx = ctxOf(c);
    requireUserData(deps.store, ctx.session);
    summary(c, ctx, 'minihis-ojote-read');
    return c.json({ credentials: ojoteCredentials(deps.store, ctx.session) ?? null, suggestedUsername: suggestedOjoteUsername(ctx.session) ?? null });
  });

  app.post('/api/ojote', OJOTE_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    requireUserData(deps.store, ctx.session);
    const body = await OJOTE_BODY.read(c);
    const saved = saveOjoteCredentials(deps, ctx.session, body);
    summary(c, ctx, 'minihis-ojote-saved', { ojoteUsername: saved.ojoteUsername });
    return c.json({ credentials: saved, setup: setupStatus(deps.store, ctx.session) }, 201);
  });

  app.get('/api/ojote/check', (c) => {
    const ctx = ctxOf(c);
    requireUserData(deps.store, ctx.session);
    const answer = checkEligibility(deps, ctx.session, c.req.query('taj'));
    summary(c, ctx, 'minihis-ojote-check', { eligibility: answer.eligibility });
    return c.json(answer);
  });

  // The EESZT connection of the eRecept page with the eSzemélyi (docs/minihis.md): miniHIS asks
  // for the login package in-process, as the sector user of the session's institution.
  app.post('/api/eeszt/card-request', NO_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    await NO_BODY.read(c);
    const pkg = issueRequestPackage(deps, { requester: ctx.session.institutionId });
    summary(c, ctx, 'minihis-eeszt-card-request', { requestId: pkg.id });
    return c.json(requestPackageAnswer(pkg), 201);
  });

  app.post('/api/patient-card/request', NO_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    await NO_BODY.read(c);
    const start = startPatientReadout(deps, ctx);
    summary(c, ctx, 'minihis-patient-card-request', { requestId: start.id });
    return c.json(start, 201);
  });

  app.post('/api/patient-card', PATIENT_CARD_BODY.declare, async (c) => {
    const ctx = ctxOf(c);
    const body = await PATIENT_CARD_BODY.read(c);
    const found = finishPatientReadout(deps, ctx, body.readoutPackage);
    summary(c, ctx, 'minihis-patient-card', { taj: found.taj, readoutPackageId: found.readoutPackageId });
    return c.json(found);
  });

  app.get('/api/outpatient-sheet', (c) => {
    const ctx = ctxOf(c);
    const sheet = outpatientSheet(deps, ctx, c.req.query('taj'));
    summary(c, ctx, 'minihis-outpatient-sheet');
    return c.json(sheet);
  });

  return app;
}
