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
import { readJson } from '../../simulator/control/control-app.js';
import { checkCardDocumentId, must } from '../../simulator/identifiers/identifiers.js';
import type { CardClient } from './card-client.js';
import { parseCardholderSteps } from './cardholder-script.js';
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

type Body = Record<string, unknown>;

async function body(c: Context<SimHonoEnv>): Promise<Body> {
  const parsed = await readJson(c);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequest('send a JSON object', {}, 'JSON_OBJECT_EXPECTED');
  return parsed as Body;
}

function readerParam(c: Context<SimHonoEnv>, client: CardClient): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,6}$/.test(raw)) throw new ReaderUnknown(raw, client.readers.list().map((r) => r.id));
  return Number(raw);
}

function readerField(b: Body): number | undefined {
  const r = b.reader;
  if (r === undefined) return undefined;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) throw new BadRequest('`reader` must be a reader id (a whole number, see GET /card-client/readers)', { details: { field: 'reader' } }, 'READER_INVALID');
  return r;
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

  app.post('/authenticate', async (c) => {
    const b = await body(c);
    const reader = readerField(b);
    const result = await client.authenticate({ requestPackage: b.requestPackage, ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-authenticate', reader: result.reader, ridPackageId: result.id, pinChanged: result.pinChanged });
    return c.json(result);
  });

  app.post('/readout', async (c) => {
    const b = await body(c);
    const reader = readerField(b);
    const result = await client.readout({ requestPackage: b.requestPackage, ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-readout', reader: result.reader, readoutPackageId: result.id });
    return c.json(result);
  });

  app.post('/change-pin', async (c) => {
    const b = await body(c);
    const reader = readerField(b);
    const result = await client.changeActivationPin({ ...(reader === undefined ? {} : { reader }), ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }) });
    summary(c, { operation: 'card-change-pin', reader: result.reader });
    return c.json(result);
  });

  app.post('/unblock', async (c) => {
    const b = await body(c);
    const reader = readerField(b);
    if (b.setNewPin !== undefined && typeof b.setNewPin !== 'boolean') throw new BadRequest('`setNewPin` takes true (default: a new PIN is set, entered twice) or false (the old PIN stays)', {}, 'UNBLOCK_REQUEST_INVALID');
    const result = await client.unblock({
      ...(reader === undefined ? {} : { reader }),
      ...(b.cardholder === undefined ? {} : { cardholder: b.cardholder }),
      ...(b.setNewPin === undefined ? {} : { setNewPin: b.setNewPin as boolean }),
    });
    summary(c, { operation: 'card-unblock', reader: result.reader });
    return c.json(result);
  });

  app.get('/readers', (c) => c.json({ readers: client.readers.list().map(readerView) }));

  app.post('/readers', async (c) => {
    const b = await body(c);
    if (b.pinPad !== undefined && typeof b.pinPad !== 'boolean') throw new BadRequest('`pinPad` takes true or false', {}, 'READER_REQUEST_INVALID');
    if (b.name !== undefined && (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 80)) throw new BadRequest('`name` takes a reader name of 1–80 characters', {}, 'READER_REQUEST_INVALID');
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

  app.post('/readers/:id/card', async (c) => {
    const id = readerParam(c, client);
    const b = await body(c);
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

  app.put('/cardholder', async (c) => {
    const b = await body(c);
    if (b.mode === 'interactive') client.setCardholder({ mode: 'interactive' });
    else if (b.mode === 'scripted') client.setCardholder({ mode: 'scripted', steps: parseCardholderSteps(b.steps ?? []) });
    else throw new BadRequest('send {"mode":"scripted","steps":[{"pin":"123456"}]} or {"mode":"interactive"}', { details: { field: 'mode' } }, 'CARDHOLDER_MODE_INVALID');
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

  app.post('/prompts/:id/answer', async (c) => {
    const id = promptParam(c);
    client.answerPrompt(id, await body(c));
    return c.json({ answered: id });
  });

  app.post('/prompts/:id/cancel', (c) => {
    const id = promptParam(c);
    client.cancelPrompt(id);
    return c.json({ cancelled: id });
  });

  app.post('/prompts/:id/remove-card', (c) => {
    const id = promptParam(c);
    client.removeCardAtPrompt(id);
    return c.json({ cardRemoved: id });
  });

  return app;
}
