/**
 * The card client's local HTTP API (JSON; errors as RFC 9457 problem JSON with a stable
 * `code`). The simulator mounts it at `/card-client` for convenience; `eeszt-sim reader` serves
 * it on its own port. docs/card-login.md documents every route and error.
 *
 * | route | does |
 * |---|---|
 * | `GET /` | status: eID server, readers and cards, cardholder, open prompts |
 * | `POST /authenticate` | `{ requestPackage, reader?, cardholder? }` → the rID package |
 * | `POST /change-pin` | change the activation PIN (`{ reader?, cardholder? }`) |
 * | `POST /unblock` | unblock with the PUK (`{ reader?, cardholder?, setNewPin? }`) |
 * | `GET /readers`, `POST /readers`, `GET /readers/{id}`, `DELETE /readers/{id}` | attach / detach virtual readers (`{ pinPad }`) |
 * | `POST /readers/{id}/card`, `DELETE /readers/{id}/card` | insert a card by `{ documentId }`, remove it |
 * | `GET /cardholder`, `PUT /cardholder` | `{ mode: 'scripted', steps: [...] }` or `{ mode: 'interactive' }` |
 * | `GET /prompts`, `GET /prompts/next?waitSeconds=N` | open prompts (interactive mode) |
 * | `POST /prompts/{id}/answer`, `/cancel`, `/remove-card` | answer (`{ "pin": "…" }`), cancel, pull the card |
 *
 * @example
 * ```ts
 * const client = createCardClient({ source: storeCardSource(deps), eidServer: { url, fetch } });
 * const app = createCardClientApp(client);
 * await app.request('/readers/0/card', { method: 'POST', body: '{"documentId":"123456AB"}', headers: { 'content-type': 'application/json' } });
 * ```
 */
import { Hono, type Context } from 'hono';
import type { Logger, SimHonoEnv } from '../../simulator/core/deps.js';
import { BadRequest, NotFound } from '../../simulator/core/errors.js';
import { errorResponse } from '../../simulator/core/error-response.js';
import { BODY_INVALID, jsonBody, s } from '../../simulator/core/body-schema.js';
import { checkCardDocumentId, must } from '../../simulator/identifiers/identifiers.js';
import type { CardClient } from './card-client.js';
import { ANSWER_FIELDS, MAX_STEPS, parseCardholderSteps } from './cardholder-script.js';
import { ReaderUnknown } from './errors.js';
import type { ReaderEntry } from './reader-bench.js';

/** Options of {@link createCardClientApp}. */
export interface CardClientAppOptions {
  /** Where internal errors are logged (default: stderr). */
  log?: Logger;
  /** Path prefix the app is served under, for links in answers (default ''). */
  basePath?: string;
}

const stderrLog: Logger = {
  error: (m, err) => process.stderr.write(`error: ${m}${err instanceof Error ? `: ${err.message}` : ''}\n`),
  warn: (m) => process.stderr.write(`warn: ${m}\n`),
  info: () => undefined,
  debug: () => undefined,
};

/** Steps for one operation (each step's content is checked by the cardholder script). */
const STEPS = s.array(s.anyObject(), MAX_STEPS).secret();
const READER = s.integer(0, 999_999);
const OPERATION = { reader: READER, cardholder: STEPS };

/** `POST /authenticate` and `POST /readout`; a missing package is `REQUEST_PACKAGE_MISSING`. */
export const AUTHENTICATE_BODY = jsonBody(s.object({ requestPackage: s.string(262_144), ...OPERATION }).required(), BODY_INVALID, '{"requestPackage":"<base64>","reader":0,"cardholder":[{"pin":"123456"}]}');
/** `POST /readout`. */
export const READOUT_BODY = jsonBody(s.object({ requestPackage: s.string(262_144), ...OPERATION }).required(), BODY_INVALID, '{"requestPackage":"<base64, purpose readout>","reader":0}');
/** `POST /change-pin`. */
export const CHANGE_PIN_BODY = jsonBody(s.object(OPERATION).required(), BODY_INVALID, '{"reader":0,"cardholder":[{"activationPin":"123456"},{"newPin":"246810"},{"newPinRepeat":"246810"}]}');
/** `POST /unblock`. */
export const UNBLOCK_BODY = jsonBody(s.object({ ...OPERATION, setNewPin: s.boolean() }).required(), 'UNBLOCK_REQUEST_INVALID', '{"reader":0,"setNewPin":true}');
/** `POST /readers`. */
export const READER_BODY = jsonBody(s.object({ pinPad: s.boolean(), name: s.string(80) }).required(), 'READER_REQUEST_INVALID', '{"pinPad":true,"name":"Asztali olvasó"}');
/** `POST /readers/{id}/card`. */
export const INSERT_BODY = jsonBody(s.object({ documentId: s.string(32).required() }).required(), BODY_INVALID, '{"documentId":"123456AB"}');
/** `PUT /cardholder`. */
export const CARDHOLDER_BODY = jsonBody(s.object({ mode: s.oneOf('scripted', 'interactive').required(), steps: STEPS }).required(), 'CARDHOLDER_MODE_INVALID', '{"mode":"scripted","steps":[{"pin":"123456"}]} or {"mode":"interactive"}');
/** `POST /prompts/{id}/answer`: the field the prompt names (`answerField`), digits as text; never echoed. */
export const ANSWER_BODY = jsonBody(
  s.object(Object.fromEntries([...new Set(Object.values(ANSWER_FIELDS))].map((f) => [f, s.string(16).secret()]))).required(),
  'PROMPT_ANSWER_INVALID',
  '{"pin":"123456"}',
);
/** `POST /prompts/{id}/cancel` and `/remove-card` take no body. */
export const NO_BODY = jsonBody(s.object({}).required(), BODY_INVALID, 'no body');

function readerParam(c: Context<SimHonoEnv>, client: CardClient): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,6}$/.test(raw)) throw new ReaderUnknown(raw, client.readers.list().map((r) => r.id));
  return Number(raw);
}

function promptParam(c: Context<SimHonoEnv>): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,12}$/.test(raw)) throw new NotFound(`prompt \`${raw}\` does not exist; GET /card-client/prompts lists the open ones`, {}, 'PROMPT_NOT_PENDING');
  return Number(raw);
}

/** A reader as JSON. The card's secrets are never shown, only its PIN state. */
export function readerView(entry: ReaderEntry): Record<string, unknown> {
  const card = entry.material?.card;
  return {
    id: entry.id,
    name: entry.reader.name,
    pinPad: entry.reader.hasPinPad,
    busy: entry.busy,
    card:
      card === undefined
        ? null
        : { documentId: card.documentId, holderName: card.holderName, expiry: card.expiry, pinState: card.pinState, pinTriesLeft: card.pinTriesLeft, pukTriesLeft: card.pukTriesLeft },
  };
}

/**
 * Build the card client's Hono app over a {@link CardClient}.
 *
 * @example
 * ```ts
 * serve({ fetch: createCardClientApp(client).fetch, port: 8088 });
 * ```
 */
export function createCardClientApp(client: CardClient, options: CardClientAppOptions = {}): Hono<SimHonoEnv> {
  const log = options.log ?? stderrLog;
  const base = options.basePath ?? '';
  const app = new Hono<SimHonoEnv>();
  app.onError((err, c) => errorResponse(err, c, log));
  app.notFound((c) => errorResponse(new NotFound(`the card client serves nothing at ${c.req.method} ${c.req.path}; GET ${base}/ shows its status and docs/card-login.md lists its routes`), c, log));

  const summary = (c: Context<SimHonoEnv>, s: Record<string, unknown>): void => {
    c.set('summary', { ...(c.get('summary') ?? {}), ...s });
  };

  app.get('/', (c) =>
    c.json({
      service: 'eeszt-sim card client (eSzemélyi Kliens stand-in)',
      eidServer: client.eidServer.url,
      cardSource: client.source.description,
      promptTimeoutSeconds: client.promptTimeoutMs / 1000,
      readers: client.readers.list().map(readerView),
      cardholder: client.cardholder(),
      prompts: client.prompts(),
    }),
  );

  app.post('/authenticate', AUTHENTICATE_BODY.declare, async (c) => {
    const b = await AUTHENTICATE_BODY.read(c);
    const reader = b.reader;
    const result = await client.authenticate({ requestPackage: b.requestPackage, ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-authenticate', reader: result.reader, ridPackageId: result.id, pinChanged: result.pinChanged });
    return c.json(result);
  });

  app.post('/readout', READOUT_BODY.declare, async (c) => {
    const b = await READOUT_BODY.read(c);
    const reader = b.reader;
    const result = await client.readout({ requestPackage: b.requestPackage, ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-readout', reader: result.reader, readoutPackageId: result.id });
    return c.json(result);
  });

  app.post('/change-pin', CHANGE_PIN_BODY.declare, async (c) => {
    const b = await CHANGE_PIN_BODY.read(c);
    const reader = b.reader;
    const result = await client.changeActivationPin({ ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-change-pin', reader: result.reader });
    return c.json(result);
  });

  app.post('/unblock', UNBLOCK_BODY.declare, async (c) => {
    const b = await UNBLOCK_BODY.read(c);
    const reader = b.reader;
    const result = await client.unblock({
      ...(reader === undefined ? {} : { reader }),
      ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }),
      ...(b.setNewPin === undefined ? {} : { setNewPin: b.setNewPin }),
    });
    summary(c, { operation: 'card-unblock', reader: result.reader });
    return c.json(result);
  });

  app.get('/readers', (c) => c.json({ readers: client.readers.list().map(readerView) }));

  app.post('/readers', READER_BODY.declare, async (c) => {
    const b = await READER_BODY.read(c);
    if (b.name !== undefined && b.name.trim() === '') throw new BadRequest('`name` takes a reader name of 1–80 characters', {}, 'READER_REQUEST_INVALID');
    const entry = client.readers.add({ pinPad: b.pinPad === true, ...(typeof b.name === 'string' ? { name: b.name } : {}) });
    summary(c, { operation: 'reader-attach', reader: entry.id });
    return c.json(readerView(entry), 201);
  });

  app.get('/readers/:id', (c) => c.json(readerView(client.readers.get(readerParam(c, client)))));

  app.delete('/readers/:id', async (c) => {
    const id = readerParam(c, client);
    await client.readers.detach(id);
    summary(c, { operation: 'reader-detach', reader: id });
    return c.json({ detached: id });
  });

  app.post('/readers/:id/card', INSERT_BODY.declare, async (c) => {
    const id = readerParam(c, client);
    const b = await INSERT_BODY.read(c);
    const documentId = must(checkCardDocumentId(b.documentId), 'documentId');
    const entry = await client.readers.insert(id, documentId);
    summary(c, { operation: 'card-insert', reader: id, documentId });
    return c.json(readerView(entry), 201);
  });

  app.delete('/readers/:id/card', async (c) => {
    const id = readerParam(c, client);
    const removed = await client.readers.remove(id);
    summary(c, { operation: 'card-remove', reader: id });
    return c.json({ removed: removed?.card.documentId ?? null, reader: id });
  });

  app.get('/cardholder', (c) => c.json(client.cardholder()));

  app.put('/cardholder', CARDHOLDER_BODY.declare, async (c) => {
    const b = await CARDHOLDER_BODY.read(c);
    if (b.mode === 'interactive') client.setCardholder({ mode: 'interactive' });
    else client.setCardholder({ mode: 'scripted', steps: parseCardholderSteps(b.steps ?? []) });
    summary(c, { operation: 'cardholder', mode: b.mode });
    return c.json(client.cardholder());
  });

  app.get('/prompts', (c) => c.json({ prompts: client.prompts() }));

  app.get('/prompts/next', async (c) => {
    const raw = c.req.query('waitSeconds') ?? '0';
    const seconds = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || seconds > 60) throw new BadRequest('`waitSeconds` takes 0 to 60', {}, 'QUERY_INVALID');
    const prompt = await client.nextPrompt(seconds * 1000, c.req.raw.signal);
    return prompt === undefined ? c.body(null, 204) : c.json(prompt);
  });

  app.post('/prompts/:id/answer', ANSWER_BODY.declare, async (c) => {
    const id = promptParam(c);
    client.answerPrompt(id, await ANSWER_BODY.read(c));
    return c.json({ answered: id });
  });

  app.post('/prompts/:id/cancel', NO_BODY.declare, async (c) => {
    const id = promptParam(c);
    await NO_BODY.read(c);
    client.cancelPrompt(id);
    return c.json({ cancelled: id });
  });

  app.post('/prompts/:id/remove-card', NO_BODY.declare, async (c) => {
    const id = promptParam(c);
    await NO_BODY.read(c);
    client.removeCardAtPrompt(id);
    return c.json({ cardRemoved: id });
  });

  return app;
}
