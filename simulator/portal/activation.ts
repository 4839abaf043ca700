/**
 * Card activation at the Ágazati portál (Bejelentkezés → Aktiválás): binds a card's RID to an
 * EESZT username so the STS accepts card logins of that user with that card. Once per card:
 * a new card has a new RID and needs its own activation.
 *
 * 1. {@link startActivation}: username + the on-screen check code → an eID authentication
 *    request package for the portal (purpose `activation`, audience {@link PORTAL_AUDIENCE}).
 * 2. The user presents the card through the card client; a card still on its activation PIN is
 *    switched to a new 6-digit PIN on the way.
 * 3. {@link completeActivation}: the rID package → the card is found by its RID, checked to be
 *    the user's own, and bound (`Card.activatedFor` and the `eid.activations` bucket).
 *
 * @example
 * ```ts
 * const started = startActivation(deps, { username: 'O123456', checkCodeId, checkCode });
 * // … card client: POST /card-client/authenticate { requestPackage: started.requestPackage } …
 * completeActivation(deps, started.activationId, ridPackage); // { activated: true, documentId: '234567BC', … }
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../core/errors.js';
import { checkUsername, must } from '../identifiers/identifiers.js';
import { issueRequestPackage } from '../eid/issue-request.js';
import { requestPackageXml } from '../eid/request-package.js';
import { verifyRidPackage } from '../eid/rid-package.js';
import { ridOfCard } from '../eid/sector-key.js';
import { recordCardActivation } from '../sts/card-activations.js';
import { spendCheckCode } from './check-codes.js';

/** Audience of the rID packages the portal accepts (the STS refuses them, and vice versa). */
export const PORTAL_AUDIENCE = 'urn:eeszt-sim:portal';
/** Requester name the portal writes into its request packages. */
export const PORTAL_REQUESTER = 'portal';
/** Bucket of activation attempts: id -> {@link ActivationRecord}. */
export const PORTAL_ACTIVATIONS_BUCKET = 'portal.activations';

/** One activation attempt. */
export interface ActivationRecord {
  id: string;
  username: string;
  requestId: string;
  nonce: string;
  startedAt: string;
  status: 'waiting-for-card' | 'activated';
  documentId?: string;
  activatedAt?: string;
}

/** Answer of {@link startActivation}. */
export interface StartedActivation {
  activationId: string;
  username: string;
  /** Base64 of the eID request package: run it with the card client. */
  requestPackage: string;
  notOnOrAfter: string;
  /** Where to send the rID package. */
  complete: string;
}

/** Answer of {@link completeActivation}. */
export interface CompletedActivation {
  activated: true;
  activationId: string;
  username: string;
  documentId: string;
  activatedAt: string;
  /** True when this card was already activated for this user (nothing changed). */
  alreadyActivated: boolean;
}

function knownUser(deps: SimDeps, raw: unknown): string {
  const { username } = must(checkUsername(raw), 'username');
  if (!deps.store.state.users.some((u) => u.username === username)) {
    throw new NotFound(
      `there is no EESZT user \`${username}\`; type the username exactly (prefix + registry number, e.g. O50123 for a doctor; the prefix is upper case)`,
      { details: { username } },
      'USER_UNKNOWN',
    );
  }
  return username;
}

/** Step 1: username and check code → a request package for the card. */
export function startActivation(deps: SimDeps, input: { username: unknown; checkCodeId: unknown; checkCode: unknown }, basePath = ''): StartedActivation {
  spendCheckCode(deps, input.checkCodeId, input.checkCode);
  const username = knownUser(deps, input.username);
  const pkg = issueRequestPackage(deps, { requester: PORTAL_REQUESTER, audience: PORTAL_AUDIENCE, purpose: 'activation' });
  const rec: ActivationRecord = {
    id: randomBytes(12).toString('hex'),
    username,
    requestId: pkg.id,
    nonce: pkg.nonce,
    startedAt: deps.clock.now().toISOString(),
    status: 'waiting-for-card',
  };
  deps.store.bucket<ActivationRecord>(PORTAL_ACTIVATIONS_BUCKET).set(rec.id, rec);
  return {
    activationId: rec.id,
    username,
    requestPackage: pkg.base64,
    notOnOrAfter: pkg.notOnOrAfter.toISOString(),
    complete: `${basePath}/portal/activations/${rec.id}/complete`,
  };
}

/** An activation attempt; throws `ACTIVATION_UNKNOWN` (404). */
export function activationRecord(deps: SimDeps, id: string): ActivationRecord {
  const rec = deps.store.bucket<ActivationRecord>(PORTAL_ACTIVATIONS_BUCKET).get(id);
  if (rec === undefined) {
    throw new NotFound(`activation \`${id}\` is unknown (or was cleared by a reset); start again with the username and a new check code`, { details: { activationId: id } }, 'ACTIVATION_UNKNOWN');
  }
  return rec;
}

function cardOfRid(deps: SimDeps, rid: string): Card | undefined {
  return deps.store.state.cards.find((card) => {
    try {
      return ridOfCard(card.ridSecret, deps.pki.seed) === rid;
    } catch {
      return false;
    }
  });
}

/**
 * Step 3: the rID package of the card → the binding. Throws `ACTIVATION_UNKNOWN`,
 * `ACTIVATION_COMPLETED` (409), the rID package errors (`RID_PACKAGE_*`),
 * `RID_PACKAGE_NONCE_MISMATCH` (400), `USER_UNKNOWN` (404), `CARD_NOT_FOUND` (404),
 * `CARD_HOLDER_MISMATCH` (403).
 */
export function completeActivation(deps: SimDeps, id: string, ridPackage: unknown): CompletedActivation {
  const rec = activationRecord(deps, id);
  if (rec.status === 'activated') {
    throw new Conflict(`activation ${id} is already complete (card ${rec.documentId ?? '?'} for ${rec.username}); to activate another card start a new activation`, { details: { activationId: id } }, 'ACTIVATION_COMPLETED');
  }
  const xml = requestPackageXmlOrRid(ridPackage);
  const now = deps.clock.now();
  const pkg = verifyRidPackage(xml, { eidServerCertPem: deps.pki.eidServer.certPem, now, audience: PORTAL_AUDIENCE, skewSeconds: deps.config.clockSkewSeconds });
  if (pkg.requestNonce !== rec.nonce) {
    throw new Forbidden(
      'this rID package answers another request package, not the one of this activation; run the request package this activation returned with the card client and send that rID package',
      { details: { activationId: id } },
      'RID_PACKAGE_NONCE_MISMATCH',
    );
  }
  const username = knownUser(deps, rec.username);
  const card = cardOfRid(deps, pkg.rid);
  if (card === undefined) {
    throw new NotFound('no card of this EESZT has the RID in the rID package; present a card from the fixtures', {}, 'CARD_NOT_FOUND');
  }
  if (card.holderUsername !== username) {
    throw new Forbidden(
      `card ${card.documentId} belongs to someone else, not to ${username}; each user activates their own eID card: present ${username}'s card`,
      { details: { username, documentId: card.documentId } },
      'CARD_HOLDER_MISMATCH',
    );
  }
  const alreadyActivated = card.activatedFor === username;
  card.activatedFor = username;
  recordCardActivation(deps.store, pkg.rid, username, now);
  const activatedAt = now.toISOString();
  deps.store.bucket<ActivationRecord>(PORTAL_ACTIVATIONS_BUCKET).set(id, { ...rec, status: 'activated', documentId: card.documentId, activatedAt });
  return { activated: true, activationId: id, username, documentId: card.documentId, activatedAt, alreadyActivated };
}

/** The rID package XML from what was sent (base64, or the XML itself). */
function requestPackageXmlOrRid(sent: unknown): string {
  try {
    return requestPackageXml(sent);
  } catch (err) {
    if (err instanceof Error && /UTF-8/.test(err.message)) {
      throw new BadRequest('`ridPackage` is base64, but of bytes that are not UTF-8 text; send the ridPackage the card client returned, unchanged', { details: { field: 'ridPackage' } }, 'RID_PACKAGE_MALFORMED');
    }
    throw new BadRequest('`ridPackage` is missing or not base64; send {"ridPackage":"<base64 the card client returned>"}', { details: { field: 'ridPackage' } }, 'RID_PACKAGE_MISSING');
  }
}
