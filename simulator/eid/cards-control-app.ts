/**
 * Control routes for the virtual eID cards (`/_sim/cards`, under the control API's access rule:
 * loopback, or the control token). The card's state is the record in this environment's store,
 * and nowhere else: a standalone card client (`eeszt-sim reader`, also with `--pcsc`) reads the
 * record here for its status answer, and has every APDU to its card answered here
 * (`POST /_sim/cards/{documentId}/apdu`), on the record and with the simulator clock; the card's
 * session (what is verified, the current EF) is kept in the store bucket `cards.sessions`.
 *
 * @example
 * ```ts
 * await app.request('/_sim/cards/123456AB'); // { card, certificatePem, keyPem }
 * await app.request('/_sim/cards/123456AB/apdu', { method: 'POST', body: '{"session":"3f0c…","apdu":"00A4040C09F045455A5453494D"}' }); // { response: '9000' }
 * await app.request('/_sim/cards/123456AB/pin-state', { method: 'PUT', body: '{"pinState":"blocked","pinTriesLeft":0,"pukTriesLeft":10}' });
 * ```
 */
import { Hono } from 'hono';
import type { Card, PinState } from '../../fixtures/schema.js';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, NotFound } from '../core/errors.js';
import { jsonBody, s } from '../core/body-schema.js';
import { checkCardDocumentId, checkDigitCode, must } from '../identifiers/identifiers.js';
import { fromHex, toHex } from '../../virtual-reader/card/apdu.js';
import { newCardSession, VirtualCard, type CardSessionState } from '../../virtual-reader/card/virtual-card.js';
import { storeCardMaterial } from '../../virtual-reader/card-client/card-source.js';
import { pinCounterProblems } from '../../virtual-reader/card/pin-counters.js';
import { pageOf } from '../core/paging.js';

/** The store bucket of card sessions (the cards' RAM), keyed `documentId/session`. */
export const CARD_SESSIONS_BUCKET = 'cards.sessions';
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Longest command APDU accepted (extended length: 4 header + 3 Lc + 65535 data + 3 Le). */
const MAX_APDU_BYTES = 4 + 3 + 0xffff + 3;

function apduRequestInvalid(message: string, field: string): BadRequest {
  return new BadRequest(`${message}; send {"session":"<8 to 64 letters, digits, - or _, new for each card session>","apdu":"<command APDU in hex>"}`, { details: { field } }, 'CARD_APDU_INVALID');
}

const PIN_STATES: readonly PinState[] = ['activation', 'active', 'suspended', 'blocked', 'dead'];

/** `POST /{documentId}/apdu`: the field types; the session id and APDU syntax are checked next. */
export const APDU_BODY = jsonBody(
  s.object({ session: s.string(64).required(), apdu: s.string(2 * MAX_APDU_BYTES).required() }).required(),
  'CARD_APDU_INVALID',
  '{"session":"<8 to 64 letters, digits, - or _, new for each card session>","apdu":"<command APDU in hex>"}',
);
/** `PUT /{documentId}/pin-state`; the counters' fit to the state is checked next. */
export const PIN_STATE_BODY = jsonBody(
  s.object({ pinState: s.oneOf(...PIN_STATES).required(), pinTriesLeft: s.integer(0, 3).required(), pukTriesLeft: s.integer(0, 10).required(), pin: s.string(16).secret() }).required(),
  'PIN_STATE_INVALID',
  '{"pinState":"active","pinTriesLeft":3,"pukTriesLeft":10,"pin":"123456"}',
);

function cardOf(deps: SimDeps, raw: string): Card {
  const documentId = must(checkCardDocumentId(raw), 'documentId');
  const card = deps.store.state.cards.find((c) => c.documentId === documentId);
  if (card === undefined) throw new NotFound(`no eID card with document id \`${documentId}\`; GET /_sim/cards lists them`, { details: { documentId } }, 'CARD_NOT_FOUND');
  return card;
}


/** Build the `/_sim/cards` sub-app. */
export function createCardsControlApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.get('/', (c) => {
    const page = pageOf(c.req.query(), 'cards', deps.store.state.cards, (card) => card.documentId);
    return c.json({
      cards: page.items.map((card) => ({
        documentId: card.documentId,
        holderName: card.holderName,
        holderUsername: card.holderUsername ?? null,
        expiry: card.expiry,
        pinState: card.pinState,
        pinTriesLeft: card.pinTriesLeft,
        pukTriesLeft: card.pukTriesLeft,
        activatedFor: card.activatedFor ?? null,
        revoked: card.revoked === true,
        certificateSerial: deps.pki.card(card.documentId, card.holderName).serialHex,
      })),
      total: page.total,
      next: page.next,
    });
  });

  app.get('/:documentId', (c) => {
    const card = cardOf(deps, c.req.param('documentId'));
    const credential = deps.pki.card(card.documentId, card.holderName);
    return c.json({ card, certificatePem: credential.certPem, certificateSerial: credential.serialHex, keyPem: credential.keyPem });
  });

  app.post('/:documentId/apdu', APDU_BODY.declare, async (c) => {
    const card = cardOf(deps, c.req.param('documentId'));
    const { session, apdu } = await APDU_BODY.read(c);
    if (!SESSION_ID.test(session)) throw apduRequestInvalid('`session` is missing or not a session id', 'session');
    if (!/^(?:[0-9A-Fa-f]{2}){4,}$/.test(apdu)) {
      throw apduRequestInvalid('`apdu` is missing or not a command APDU in hex (at least 4 bytes)', 'apdu');
    }
    const material = storeCardMaterial(deps, card.documentId)!;
    const sessions = deps.store.bucket<CardSessionState>(CARD_SESSIONS_BUCKET);
    const key = `${card.documentId}/${session}`;
    const state = sessions.get(key) ?? newCardSession();
    const command = fromHex(apdu);
    const response = new VirtualCard({ ...material, clock: deps.clock, session: state }).transmit(command);
    sessions.set(key, state);
    const sw = toHex(response.slice(-2), '');
    // The journal shows the header and the status word; the body (a PIN, CAN or PUK) is redacted.
    c.set('summary', { operation: 'card-apdu', documentId: card.documentId, command: toHex(command.slice(0, 4), ''), sw });
    return c.json({ response: toHex(response, ''), sw });
  });

  app.put('/:documentId/pin-state', PIN_STATE_BODY.declare, async (c) => {
    const card = cardOf(deps, c.req.param('documentId'));
    const b = await PIN_STATE_BODY.read(c);
    const { pinTriesLeft, pukTriesLeft } = b;
    const pin = b.pin === undefined ? undefined : must(checkDigitCode('pin', b.pin), 'pin');
    const problem = pinCounterProblems(b.pinState, pinTriesLeft, pukTriesLeft)[0];
    if (problem !== undefined) throw new BadRequest(problem.message, { details: { field: problem.field } }, 'PIN_STATE_INVALID');
    card.pinState = b.pinState;
    card.pinTriesLeft = pinTriesLeft;
    card.pukTriesLeft = pukTriesLeft;
    if (pin !== undefined) card.pin = pin;
    c.set('summary', { operation: 'card-pin-state', documentId: card.documentId, pinState: card.pinState });
    return c.json({ documentId: card.documentId, pinState: card.pinState, pinTriesLeft, pukTriesLeft });
  });

  return app;
}
