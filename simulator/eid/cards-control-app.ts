/**
 * Control routes for the virtual eID cards (`/_sim/cards`, under the control API's access rule:
 * loopback, or the control token). A standalone card client (`eeszt-sim reader`) reads a card
 * here — the record with its secrets, its authentication certificate and key — and writes the
 * PIN state back after each operation, so the simulator's world stays the one truth.
 *
 * @example
 * ```ts
 * await app.request('/_sim/cards/123456AB'); // { card, certificatePem, keyPem }
 * await app.request('/_sim/cards/123456AB/pin-state', { method: 'PUT', body: '{"pinState":"blocked","pinTriesLeft":0,"pukTriesLeft":10}' });
 * ```
 */
import { Hono } from 'hono';
import type { Card, PinState } from '../../fixtures/schema.js';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, NotFound } from '../core/errors.js';
import { readJson } from '../control/control-app.js';
import { checkCardDocumentId, checkDigitCode, must } from '../identifiers/identifiers.js';

const PIN_STATES: readonly PinState[] = ['activation', 'active', 'suspended', 'blocked', 'dead'];

function cardOf(deps: SimDeps, raw: string): Card {
  const documentId = must(checkCardDocumentId(raw), 'documentId');
  const card = deps.store.state.cards.find((c) => c.documentId === documentId);
  if (card === undefined) throw new NotFound(`no eID card with document id \`${documentId}\`; GET /_sim/cards lists them`, { details: { documentId } }, 'CARD_NOT_FOUND');
  return card;
}

function whole(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new BadRequest(`\`${field}\` must be a whole number from 0 to ${max}`, { details: { field } }, 'PIN_STATE_INVALID');
  }
  return value;
}

/** Build the `/_sim/cards` sub-app. */
export function createCardsControlApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.get('/', (c) =>
    c.json({
      cards: deps.store.state.cards.map((card) => ({
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
    }),
  );

  app.get('/:documentId', (c) => {
    const card = cardOf(deps, c.req.param('documentId'));
    const credential = deps.pki.card(card.documentId, card.holderName);
    return c.json({ card, certificatePem: credential.certPem, certificateSerial: credential.serialHex, keyPem: credential.keyPem });
  });

  app.put('/:documentId/pin-state', async (c) => {
    const card = cardOf(deps, c.req.param('documentId'));
    const body = await readJson(c);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('send {"pinState":"active","pinTriesLeft":3,"pukTriesLeft":10,"pin":"123456"}', {}, 'PIN_STATE_INVALID');
    const b = body as Record<string, unknown>;
    if (!PIN_STATES.includes(b.pinState as PinState)) throw new BadRequest(`\`pinState\` must be one of ${PIN_STATES.join(', ')}`, { details: { field: 'pinState' } }, 'PIN_STATE_INVALID');
    const pinTriesLeft = whole(b.pinTriesLeft, 'pinTriesLeft', 3);
    const pukTriesLeft = whole(b.pukTriesLeft, 'pukTriesLeft', 10);
    const pin = b.pin === undefined ? undefined : must(checkDigitCode('pin', b.pin), 'pin');
    card.pinState = b.pinState as PinState;
    card.pinTriesLeft = pinTriesLeft;
    card.pukTriesLeft = pukTriesLeft;
    if (pin !== undefined) card.pin = pin;
    c.set('summary', { operation: 'card-pin-state', documentId: card.documentId, pinState: card.pinState });
    return c.json({ documentId: card.documentId, pinState: card.pinState, pinTriesLeft, pukTriesLeft });
  });

  return app;
}
