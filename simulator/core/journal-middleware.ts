/**
 * Middleware that gives every request a correlation id, identifies the client, and writes the
 * exchange (redacted) to the environment's journal.
 */
import type { Context, HonoRequest, MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { SimDeps, SimHonoEnv } from './deps.js';
import { clientAbortReason } from './client-abort.js';
import { UI_UPKEEP_HEADER, uiOwnRequest, type JournalArrival, type JournalTicket, type PendingJournalEntry } from './journal.js';
import { redactHeaders, redactText } from './redact.js';
import { LENIENT_HEADER, lenientHeaderValue } from '../policy/policy.js';
import { createTextArena, textArenaBytes, type TextArena, type TextSlot } from './text-arena.js';

const CORRELATION_HEADER = 'x-correlation-id';

/** Service id for a path: the longest matching mount, else a fixed name. */
export type ServiceResolver = (path: string) => string;

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

/**
 * Request headers as a pending entry keeps them until read: the HTTP parser's raw name/value list
 * (plain strings) when served over a socket, else (in process) the request's Headers. Keeping the
 * lightweight Headers of @hono/node-server instead would keep the IncomingMessage alive, and with
 * it the socket, for as long as the entry is in the ring.
 */
type KeptHeaders = readonly string[] | Headers;

/** The kept request headers as a Headers object would list them (lower-case names, repeats joined). */
function keptHeadersRecord(kept: KeptHeaders): Record<string, string> {
  if (!Array.isArray(kept)) return headersOf(kept as Headers);
  const headers = new Headers();
  for (let i = 0; i + 1 < kept.length; i += 2) {
    const name = kept[i] as string;
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers, as @hono/node-server leaves them out
    try {
      headers.append(name, kept[i + 1] as string);
    } catch {
      // a name or value Headers refuses (the parser let it through): not listed, as the handler never saw it
    }
  }
  return headersOf(headers);
}

function cap(text: string, limit: number): { body: string; bytes: number; truncated: boolean } {
  const bytes = Buffer.byteLength(text);
  if (bytes <= limit) return { body: text, bytes, truncated: false };
  return { body: Buffer.from(text).subarray(0, limit).toString('utf8'), bytes, truncated: true };
}

const STREAMING = /text\/event-stream/i;

/** Texts shorter than this stay strings of their own (not worth a region of the arena). */
const ARENA_MIN_CHARS = 256;

/** A body as an entry keeps it until read: its own string, or its region of the journal's text arena. */
type KeptText = string | TextSlot;

/**
 * Keep a body for the entry: a text of some size goes into the arena (see `text-arena.ts`: kept
 * outside the heap, in memory that stays mapped); a short one, or one that does not fit there,
 * stays as it is. `bytes` is its UTF-8 length.
 */
function keepText(arena: TextArena, text: string, bytes: number): KeptText {
  return (text.length >= ARENA_MIN_CHARS ? arena.add(text, bytes) : undefined) ?? text;
}

/** The text of a kept body. */
function keptText(kept: KeptText): string {
  return typeof kept === 'string' ? kept : kept.text();
}

/** Let the arena reuse a kept body's bytes. */
function releaseText(kept: KeptText): void {
  if (typeof kept !== 'string') kept.release();
}

/** Create the journaling middleware of one environment. */
export function journalMiddleware(deps: SimDeps, serviceOf: ServiceResolver): MiddlewareHandler<SimHonoEnv> {
  // The bodies this environment's entries keep (see `text-arena.ts`).
  const arena = createTextArena(textArenaBytes(deps.config.journalMaxBytes));
  return async (c, next) => {
    const startedAt = deps.clock.now();
    const started = performance.now();
    const incomingId = c.req.header(CORRELATION_HEADER);
    const correlationId = incomingId !== undefined && /^[\w.:@-]{1,128}$/.test(incomingId) ? incomingId : randomUUID();
    c.set('correlationId', correlationId);
    c.set('summary', {});
    const socket = c.env?.incoming?.socket;
    if (c.get('client') === undefined) c.set('client', socket?.remoteAddress === undefined ? {} : { address: socket.remoteAddress });
    const service = serviceOf(c.req.path);
    if (service === 'control' && c.req.path.endsWith('/journal') && c.req.method === 'GET') {
      await next(); // journal reads are not journaled
      answerHeaders(c, correlationId);
      return;
    }
    // Recorded on arrival: readers see every request in arrival order, also one that is still
    // running or that its client abandoned (a HIS timeout), not only answers that completed.
    const { method, path, url } = c.req;
    const queryAt = url.indexOf('?');
    const uiOwn = uiOwnRequest(service, c.req.header(UI_UPKEEP_HEADER));
    const time = startedAt.toISOString();
    // Built field by field (no spread of a conditional object): this runs for every request.
    const arrival: JournalArrival = { time, service, correlationId, request: { method, path, query: queryAt < 0 ? '' : url.slice(queryAt) }, client: c.get('client') ?? {} };
    if (uiOwn) arrival.origin = 'ui';
    const ticket = deps.journal.open(arrival);
    try {
      await next();
    } finally {
      // whatever happens below, the entry must not stay in progress for ever
      const answer = answerHeaders(c, correlationId);
      await complete(c, ticket, deps, arena, service, correlationId, time, started, uiOwn, answer);
    }
  };
}

/** Complete the arrival entry of an exchange (or mark it aborted when the client went away). */
async function complete(c: Context<SimHonoEnv>, ticket: JournalTicket, deps: SimDeps, arena: TextArena, service: string, correlationId: string, time: string, started: number, uiOwn: boolean, answer: AnswerHeaders): Promise<void> {
  // An injected drop closes the connection on purpose: that is the simulator's doing, not the client's.
  const errorCode = c.get('errorCode');
  const abortedBy = errorCode === 'CLIENT_ABORTED' ? 'aborted' : errorCode === 'FAULT_INJECTED' ? undefined : clientAbortReason(c);
  if (abortedBy !== undefined && errorCode !== 'CLIENT_ABORTED') {
    // The handler finished (its work is done: `applied` when it succeeded), but its answer can
    // no longer be delivered. The entry keeps the answer the client never received.
    c.set('errorCode', 'CLIENT_ABORTED');
    c.set('summary', { ...(c.get('summary') ?? {}), clientAborted: abortedBy, applied: c.res.status < 400 });
  }
  let requestText = '';
  if (c.get('errorCode') === 'PAYLOAD_TOO_LARGE') {
    // Refused by the body limit before it was read: reading it now would buffer the whole
    // oversized body (the limit exists so that this never happens).
    requestText = '(body not read: larger than the body limit)';
  } else {
    try {
      requestText = await requestBodyText(c.req);
    } catch {
      requestText = '(body not read)';
    }
  }
  let responseText = '';
  const responseType = answer.contentType;
  if (!STREAMING.test(responseType)) {
    const peeked = answer.cache?.[1];
    if (typeof peeked === 'string') responseText = peeked;
    else {
      try {
        responseText = await c.res.clone().text();
      } catch {
        responseText = '(body not readable)';
      }
    }
  }
  answer.cache = undefined; // the entry keeps the text, never the response's body (a stream, say)
  // Redaction, header copies and capping wait until someone reads the journal (pending entry).
  // The entry keeps only what it needs: strings, the raw header list, the answer's header record or Headers.
  const reqHeaders: KeptHeaders = c.env?.incoming?.rawHeaders ?? c.req.raw.headers;
  const reqType = c.req.header('content-type') ?? '';
  const { method, path, url } = c.req;
  const status = c.res.status;
  const bodyCap = deps.config.journalBodyCap;
  const code = c.get('errorCode');
  const lenient = c.get('lenient');
  const requestBytes = Buffer.byteLength(requestText);
  const responseBytes = Buffer.byteLength(responseText);
  const requestKept = keepText(arena, requestText, requestBytes);
  const responseKept = keepText(arena, responseText, responseBytes);
  // Built field by field (no spreads of conditional objects): this runs for every request.
  const entry: PendingJournalEntry = {
    time,
    service,
    correlationId,
    summary: c.get('summary') ?? {},
    client: c.get('client') ?? {},
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    // Bytes the entry keeps (bodies and URL as UTF-8; the headers, kept as received, estimated at 1 KiB).
    rawSize: requestBytes + responseBytes + Buffer.byteLength(url) + 1024,
    release: () => {
      releaseText(requestKept);
      releaseText(responseKept);
    },
    messages: () => ({
      request: {
        method,
        path,
        query: new URL(url).search,
        headers: redactHeaders(keptHeadersRecord(reqHeaders)),
        ...cap(redactText(keptText(requestKept), reqType), bodyCap),
      },
      response: {
        status,
        headers: redactHeaders(headersOf(keptResponseHeaders(answer))),
        ...cap(redactText(keptText(responseKept), responseType), bodyCap),
      },
    }),
  };
  if (abortedBy !== undefined) entry.state = 'aborted';
  if (code !== undefined) entry.errorCode = code;
  if (lenient !== undefined && lenient.length > 0) entry.lenient = lenient;
  if (uiOwn) entry.origin = 'ui';
  ticket.complete(entry);
}

/**
 * The symbol under which @hono/node-server's lightweight Response keeps `[status, body, headers]`
 * (described `cache`), found on the first response that has it.
 */
let cacheSymbol: symbol | undefined;

/**
 * The `[status, body, headers]` a lightweight response of @hono/node-server was built from, or
 * `undefined` (another runtime, `app.request()` in tests with a global Response, or a response
 * already turned into a real one). Reading it never materialises the response: `clone()`, `text()`
 * or `headers` would, and would push every answer off the fast path of `@hono/node-server`
 * (a direct write of a string body with a plain header object), which cost more than the STS's
 * own work per token.
 */
function responseCache(res: Response): readonly unknown[] | undefined {
  const r = res as unknown as Record<symbol, unknown>;
  if (cacheSymbol === undefined) {
    cacheSymbol = Object.getOwnPropertySymbols(res).find((sym) => sym.description === 'cache');
    if (cacheSymbol === undefined) return undefined;
  }
  const cache = r[cacheSymbol];
  return Array.isArray(cache) ? cache : undefined;
}

/** A plain header record (what a handler passes to `c.body(…, status, headers)`), not Headers nor a list. */
function isPlainRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The value of a header in a plain record (names compared without case), or `undefined`. */
function plainHeader(record: Record<string, string>, lowerName: string): string | undefined {
  for (const k in record) if (k.length === lowerName.length && k.toLowerCase() === lowerName) return record[k];
  return undefined;
}

/** What the journal reads of the answer's headers once the simulator's own ones are on it. */
interface AnswerHeaders {
  contentType: string;
  /** The lightweight response's `[status, body, headers]`, when it has them. */
  cache: readonly unknown[] | undefined;
  /**
   * The answer's headers as the entry keeps them: the Headers, or (fast path) the handler's plain
   * record, from which {@link keptResponseHeaders} rebuilds the same Headers when the entry is read.
   */
  kept: Headers | Record<string, string>;
  correlationId: string;
  lenientValue: string | undefined;
}

/** The answer's headers as a Headers object would list them (see {@link AnswerHeaders.kept}). */
function keptResponseHeaders(answer: AnswerHeaders): Headers {
  if (answer.kept instanceof Headers) return answer.kept;
  const h = new Headers(answer.kept);
  h.set(CORRELATION_HEADER, answer.correlationId);
  if (answer.lenientValue !== undefined) h.set(LENIENT_HEADER, answer.lenientValue);
  return h;
}

/**
 * Put the correlation id (and the lenient header) on the answer, and say what the journal keeps
 * of its headers. Served over a socket with a plain header record (every string answer of a
 * service), the two headers go on the Node response (`setHeader`, which `writeHead` merges with
 * the record), so the answer keeps @hono/node-server's fast path and no Headers object is built
 * per request; the entry keeps the record and rebuilds the same Headers when it is read. Otherwise
 * (in process, a stream, Headers already built) they are set on the response's Headers, as the
 * client reads them either way.
 */
function answerHeaders(c: Context<SimHonoEnv>, correlationId: string): AnswerHeaders {
  const lenient = c.get('lenient');
  const lenientValue = lenient !== undefined && lenient.length > 0 ? lenientHeaderValue(lenient) : undefined;
  const res = c.res;
  const cache = responseCache(res);
  const plain = cache?.[2];
  const outgoing = c.env?.outgoing;
  if (isPlainRecord(plain) && outgoing !== undefined && !outgoing.headersSent && plainHeader(plain, CORRELATION_HEADER) === undefined && plainHeader(plain, LENIENT_HEADER) === undefined) {
    outgoing.setHeader(CORRELATION_HEADER, correlationId);
    if (lenientValue !== undefined) outgoing.setHeader(LENIENT_HEADER, lenientValue);
    return { contentType: plainHeader(plain, 'content-type') ?? '', cache, kept: plain, correlationId, lenientValue };
  }
  const headers = res.headers;
  headers.set(CORRELATION_HEADER, correlationId);
  if (lenientValue !== undefined) headers.set(LENIENT_HEADER, lenientValue);
  // read after `headers`: materialising them can turn a lightweight response into a real one
  return { contentType: headers.get('content-type') ?? '', cache: responseCache(res), kept: headers, correlationId, lenientValue };
}

const lenientUtf8 = new TextDecoder();

/**
 * The request body as text, for the journal: nothing for GET/HEAD; else from what the handler
 * already read (Hono caches each body form it was asked for; decoding the cached bytes here
 * avoids `text()` after `arrayBuffer()`, which would build a web Response around the body),
 * else read now. Decoded now, never kept as the request's own bytes: 5000 kept bodies were 5000
 * separate allocations outside the JS heap, and once the journal had compressed or dropped them
 * glibc kept the freed memory resident (bench/memory on the quiet machine: the main malloc arena
 * stayed at 17 MiB when idle and idle RSS was 104 MiB, against 7 MiB and 90 MiB with text). The
 * text then goes into the journal's one text arena (see {@link keepText}).
 */
async function requestBodyText(req: HonoRequest): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') return '';
  const cache = req.bodyCache;
  if (cache.text !== undefined) return cache.text;
  if (cache.arrayBuffer !== undefined) return lenientUtf8.decode(await cache.arrayBuffer);
  return req.text();
}
