/**
 * The eID server (leg 2 of the card login), as the card client talks to it:
 *
 * 1. `POST /eid-server/sessions` `{ requestPackage }`: the server verifies the request package
 *    (its own signature, not expired, not used yet) and answers a session with a fresh
 *    challenge and the EESZT sector's public key for restricted identification.
 * 2. `POST /eid-server/sessions/{id}/response` `{ certificate, signature, rid }`: the server
 *    checks the card's answer ({@link checkCardResponse}) and issues the signed rID package,
 *    bound to the request nonce and audience, valid for 5 minutes. The request package is then
 *    used up; the STS makes sure each rID package is used once.
 *
 * 3. For a `readout` request package, instead of 2: `POST /eid-server/sessions/{id}/readout`
 *    `{ certificate, personalData, signature }` (the card's signature over challenge ‖
 *    EF.PersonalData): the server checks the card as for a login and the signature over the data,
 *    and issues the signed readout package (`eid:ReadoutPackage` with TAJ, tax id and the
 *    electronic unique id: „hiteles adatkiolvasás”, seed 003).
 *
 * A session answers once, whatever the outcome; after a refusal the card client starts a new
 * one with the same request package (while it is valid).
 *
 * @example
 * ```ts
 * const s = await (await app.request('/eid-server/sessions', post({ requestPackage }))).json();
 * // card: sign s.challenge, restricted identification with s.sectorPublicKey
 * const r = await (await app.request(`/eid-server/sessions/${s.sessionId}/response`, post({ certificate, signature, rid }))).json();
 * r.ridPackage; // base64 of the signed rID package XML
 * ```
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, Conflict, NotFound, SimError } from '../core/errors.js';
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';
import { samlTime } from '../saml/assertion.js';
import { checkCardReadout, checkCardResponse, sectorRidOf } from './card-response.js';
import { recordRequest, requestRecord, saveSession, takeSession, type EidSession } from './eid-state.js';
import { createRidPackage } from './rid-package.js';
import { verifyRequestPackage } from './request-package.js';
import { eesztSectorPublicPoint } from './sector-key.js';

/** Answer of `POST /eid-server/sessions`. */
export interface EidSessionAnswer {
  sessionId: string;
  /** Base64 of the 32 bytes the card must sign (INTERNAL AUTHENTICATE). */
  challenge: string;
  /** Base64 of the EESZT sector's P-256 public point (65 bytes) for restricted identification. */
  sectorPublicKey: string;
  /** `login` or `activation` (from the request package). */
  purpose: string;
  audience: string;
  notOnOrAfter: string;
}

/** Answer of `POST /eid-server/sessions/{id}/readout`: the signed package and, for convenience, the data it certifies. */
export interface ReadoutPackageAnswer {
  /** Base64 of the signed `eid:ReadoutPackage` XML (verify it with the eID server certificate). */
  readoutPackage: string;
  id: string;
  requestNonce: string;
  audience: string;
  issueInstant: string;
  notOnOrAfter: string;
  taj?: string;
  taxId?: string;
  electronicId: string;
}

/** Answer of `POST /eid-server/sessions/{id}/response`. */
export interface RidPackageAnswer {
  /** Base64 of the signed rID package XML: pass it unchanged to the STS (or the portal). */
  ridPackage: string;
  id: string;
  requestNonce: string;
  audience: string;
  issueInstant: string;
  notOnOrAfter: string;
}

/** Longest base64 field of a card answer (a certificate, an EF.PersonalData: a few kilobytes; simulator assumption). */
const MAX_CARD_FIELD_CHARS = 65_536;
const cardField = (): ReturnType<typeof s.string> => s.string(MAX_CARD_FIELD_CHARS);

/** `POST /sessions`: the request package (a missing one is `REQUEST_PACKAGE_MISSING`, named by the package check). */
export const SESSION_BODY = jsonBody(s.object({ requestPackage: s.string(262_144) }).required(), BODY_INVALID, '{"requestPackage":"<base64 from POST /eid/request-package>"}');
/** `POST /sessions/{id}/response`: the card's answer; checked before the session is taken, so a bad body costs no session. */
export const RESPONSE_BODY = jsonBody(
  s.object({ certificate: cardField().required(), signature: cardField().required(), rid: cardField().required() }).required(),
  'CARD_RESPONSE_INVALID',
  '{"certificate":"<DER, base64>","signature":"<r||s, base64>","rid":"<base64>"}',
);
/** `POST /sessions/{id}/readout`: the card's authentic readout. */
export const READOUT_BODY = jsonBody(
  s.object({ certificate: cardField().required(), personalData: cardField().required(), signature: cardField().required() }).required(),
  'CARD_RESPONSE_INVALID',
  '{"certificate":"<DER, base64>","personalData":"<EF.PersonalData, base64>","signature":"<r||s, base64>"}',
);

function requestUsed(id: string): Conflict {
  return new Conflict(
    `the eID authentication request package ${id} has already produced an rID package; each package is good for one card authentication: get a new one from POST /eid/request-package`,
    { details: { requestId: id } },
    'REQUEST_PACKAGE_USED',
  );
}

/**
 * Build the eID server sub-app (mounted at `/eid-server`). It keeps its state in the store
 * (`eid.requests`, `eid.sessions`), so several instances over the same deps agree.
 *
 * @example
 * ```ts
 * app.route('/eid-server', createEidServerApp(deps));
 * ```
 */
export function createEidServerApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.get('/', (c) =>
    c.json({
      service: 'eeszt-sim eID server',
      sectorPublicKey: Buffer.from(eesztSectorPublicPoint(deps.pki.seed)).toString('base64'),
      certificate: deps.pki.eidServer.certPem,
      sessions: `${deps.basePath}/eid-server/sessions`,
    }),
  );

  app.post('/sessions', SESSION_BODY.declare, async (c) => {
    const body = await SESSION_BODY.read(c);
    const now = deps.clock.now();
    const req = verifyRequestPackage(body.requestPackage, { eidServerCertPem: deps.pki.eidServer.certPem, now, skewSeconds: deps.config.clockSkewSeconds });
    const known = requestRecord(deps.store, req.id);
    if (known?.status === 'used') throw requestUsed(req.id);
    if (known === undefined) {
      // Signed by this server but issued before a reset: remember it from now on.
      recordRequest(deps.store, {
        id: req.id,
        nonce: req.nonce,
        audience: req.audience,
        purpose: req.purpose,
        requester: req.requester,
        issueInstant: req.issueInstant.toISOString(),
        notOnOrAfter: req.notOnOrAfter.toISOString(),
        status: 'issued',
      });
    }
    const end = Math.min(req.notOnOrAfter.getTime(), now.getTime() + deps.config.eidPackageSeconds * 1000);
    const session: EidSession = {
      id: randomBytes(16).toString('hex'),
      requestId: req.id,
      nonce: req.nonce,
      audience: req.audience,
      purpose: req.purpose,
      challenge: randomBytes(32).toString('base64'),
      notOnOrAfter: new Date(end).toISOString(),
    };
    saveSession(deps.store, session);
    c.set('summary', { operation: 'eid-session', requestId: req.id, purpose: req.purpose, requester: req.requester });
    const answer: EidSessionAnswer = {
      sessionId: session.id,
      challenge: session.challenge,
      sectorPublicKey: Buffer.from(eesztSectorPublicPoint(deps.pki.seed)).toString('base64'),
      purpose: session.purpose,
      audience: session.audience,
      notOnOrAfter: session.notOnOrAfter,
    };
    return c.json(answer, 201);
  });

  /** Take an open session for its one answer, refusing an unknown, expired or used one, or one of the other kind. */
  const openSession = (id: string, readout: boolean): { session: EidSession; request: ReturnType<typeof requestRecord> } => {
    const session = takeSession(deps.store, id);
    if (session === undefined) {
      // rule: EID-SESSION (docs/rules.md)
      throw new NotFound(
        `eID session \`${id}\` is not open (unknown, already answered, or cleared by a reset); start a new one with POST /eid-server/sessions`,
        { details: { sessionId: id } },
        'EID_SESSION_UNKNOWN',
      );
    }
    const now = deps.clock.now();
    if (now.getTime() >= Date.parse(session.notOnOrAfter)) {
      throw new SimError('EID_SESSION_EXPIRED', `eID session ${id} ended at ${session.notOnOrAfter} (simulator clock ${now.toISOString()}); start a new one with the request package, or get a new package if that expired too`, {
        status: 400,
        details: { notOnOrAfter: session.notOnOrAfter },
      });
    }
    const request = requestRecord(deps.store, session.requestId);
    if (request?.status === 'used') throw requestUsed(session.requestId);
    if ((session.purpose === 'readout') !== readout) {
      throw new BadRequest(
        session.purpose === 'readout'
          ? `eID session ${id} was opened with a readout request package: answer it with POST ${deps.basePath}/eid-server/sessions/${id}/readout {"certificate","personalData","signature"}`
          : `eID session ${id} was opened with a ${session.purpose} request package, not a readout: answer it with POST ${deps.basePath}/eid-server/sessions/${id}/response; a readout needs a package with "purpose":"readout"`,
        { details: { purpose: session.purpose } },
        'EID_SESSION_PURPOSE_MISMATCH',
      );
    }
    return { session, request };
  };

  app.post('/sessions/:id/response', RESPONSE_BODY.declare, async (c) => {
    const id = c.req.param('id');
    const body = await RESPONSE_BODY.read(c);
    const { session, request } = openSession(id, false);
    const now = deps.clock.now();
    const checked = checkCardResponse(deps, Buffer.from(session.challenge, 'base64'), body);
    const ridPackageId = `_${randomBytes(16).toString('hex')}`;
    const xml = createRidPackage({ id: ridPackageId, rid: checked.rid, requestNonce: session.nonce, audience: session.audience, issueInstant: now, validitySeconds: deps.config.eidPackageSeconds }, deps.pki.eidServer);
    if (request !== undefined) recordRequest(deps.store, { ...request, status: 'used', ridPackageId });
    c.set('summary', { operation: 'eid-authenticate', requestId: session.requestId, documentId: checked.card.documentId, ridPackageId });
    const issued = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const answer: RidPackageAnswer = {
      ridPackage: Buffer.from(xml, 'utf8').toString('base64'),
      id: ridPackageId,
      requestNonce: session.nonce,
      audience: session.audience,
      issueInstant: samlTime(issued),
      notOnOrAfter: samlTime(new Date(issued.getTime() + deps.config.eidPackageSeconds * 1000)),
    };
    return c.json(answer);
  });

  app.post('/sessions/:id/readout', READOUT_BODY.declare, async (c) => {
    const id = c.req.param('id');
    const body = await READOUT_BODY.read(c);
    const { session, request } = openSession(id, true);
    const now = deps.clock.now();
    const checked = checkCardReadout(deps, Buffer.from(session.challenge, 'base64'), body);
    const packageId = `_${randomBytes(16).toString('hex')}`;
    const xml = createRidPackage({ id: packageId, rid: sectorRidOf(checked.card, deps.pki.seed), requestNonce: session.nonce, audience: session.audience, issueInstant: now, readout: checked.data, validitySeconds: deps.config.eidPackageSeconds }, deps.pki.eidServer);
    if (request !== undefined) recordRequest(deps.store, { ...request, status: 'used', ridPackageId: packageId });
    c.set('summary', { operation: 'eid-readout', requestId: session.requestId, documentId: checked.card.documentId, readoutPackageId: packageId });
    const issued = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const answer: ReadoutPackageAnswer = {
      readoutPackage: Buffer.from(xml, 'utf8').toString('base64'),
      id: packageId,
      requestNonce: session.nonce,
      audience: session.audience,
      issueInstant: samlTime(issued),
      notOnOrAfter: samlTime(new Date(issued.getTime() + deps.config.eidPackageSeconds * 1000)),
      ...checked.data,
    };
    return c.json(answer);
  });

  return app;
}
