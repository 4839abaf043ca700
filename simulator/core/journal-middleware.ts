/**
 * Middleware that gives every request a correlation id, identifies the client, and writes the
 * exchange (redacted) to the environment's journal.
 */
import type { Context, HonoRequest, MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { SimDeps, SimHonoEnv } from './deps.js';
import { clientAbortReason } from './client-abort.js';
import { UI_UPKEEP_HEADER, uiOwnRequest, type JournalArrival, type JournalEntry, type JournalTicket, type PendingJournalEntry } from './journal.js';
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
 * when served over a socket, joined into one string ({@link joinRawHeaders}), else (in process) the
 * request's Headers. Keeping the lightweight Headers of @hono/node-server instead would keep the
 * IncomingMessage alive, and with it the socket, for as long as the entry is in the ring.
 */
type KeptHeaders = string | readonly string[] | Headers;

/** Separator of the joined raw header list: the HTTP parser lets no LF into a name or a value. */
const RAW_SEPARATOR = '\n';

/**
 * The raw header list as one string (one heap object kept per entry instead of the list and a
 * string per name and value, which the young-generation collector copied for every request), or
 * the list itself in the unlikely case that a name or value holds the separator.
 */
function joinRawHeaders(raw: readonly string[]): KeptHeaders {
  for (const part of raw) if (part.includes(RAW_SEPARATOR)) return raw;
  return raw.join(RAW_SEPARATOR);
}

/** The kept request headers as a Headers object would list them (lower-case names, repeats joined). */
function keptHeadersRecord(kept: KeptHeaders): Record<string, string> {
  if (kept instanceof Headers) return headersOf(kept);
  const list = typeof kept === 'string' ? (kept === '' ? [] : kept.split(RAW_SEPARATOR)) : kept;
  const headers = new Headers();
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = list[i] as string;
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers, as @hono/node-server leaves them out
    try {
      headers.append(name, list[i + 1] as string);
    } catch {
      // a name or value Headers refuses (the parser let it through): not listed, as the handler never saw it
    }
  }
  return headersOf(headers);
}

/**
 * The value of a request header read straight from the HTTP parser's raw name/value list, as
 * `c.req.header()` gives it on @hono/node-server (names compared without case; each value
 * without surrounding HTTP whitespace, repeats joined with `, `), or `undefined` when absent;
 * `null` when this cannot say (a value with a character Headers refuses, or a cookie, joined
 * otherwise): the caller asks `c.req.header()` then. No header object is built or validated per
 * lookup (the journal reads three headers of every request).
 */
export function rawHeader(raw: readonly string[], lowerName: string): string | undefined | null {
  if (lowerName === 'cookie') return null;
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== lowerName.length || name.toLowerCase() !== lowerName) continue;
    const part = trimHttpWhitespace(raw[i + 1] as string);
    if (FORBIDDEN_VALUE.test(part)) return null;
    value = value === undefined ? part : `${value}, ${part}`;
  }
  return value;
}

/** Characters a header value may not hold (Headers refuses them). */
const FORBIDDEN_VALUE = /[\0\r\n]/;

function isHttpWhitespace(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || code === 32;
}

/** A header value without leading and trailing HTTP whitespace (tab, LF, CR, space). */
function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** A request header of the exchange: from the raw list when served over a socket (see {@link rawHeader}), else `c.req.header()`. */
function requestHeader(c: Context<SimHonoEnv>, lowerName: string): string | undefined {
  const raw = c.env?.incoming?.rawHeaders;
  if (raw !== undefined) {
    const value = rawHeader(raw, lowerName);
    if (value !== null) return value;
  }
  return c.req.header(lowerName);
}

/**
 * Epoch milliseconds as `Date.prototype.toISOString()` writes them, for the years 0001 to 9999
 * (the clock's range); the text up to the second is made once per second (the middleware stamps
 * every request: `toISOString()` took about 1 µs of it).
 */
export function isoTime(ms: number): string {
  const within = ((ms % 1000) + 1000) % 1000;
  const second = ms - within;
  if (second !== isoSecond) {
    const text = new Date(second).toISOString();
    if (text.length !== 24) return new Date(ms).toISOString();
    isoSecond = second;
    isoPrefix = text.slice(0, 20);
  }
  return isoPrefix + (MILLIS[within] as string);
}

let isoSecond = Number.NaN;
let isoPrefix = '';
/** `000Z` to `999Z`. */
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);

function cap(text: string, limit: number): { body: string; bytes: number; truncated: boolean } {
  const bytes = Buffer.byteLength(text);
  if (bytes <= limit) return { body: text, bytes, truncated: false };
  return { body: Buffer.from(text).subarray(0, limit).toString('utf8'), bytes, truncated: true };
}

const STREAMING = /text\/event-stream/i;

/** Bodies shorter than this (characters, or bytes for a body still in bytes) stay strings of their own (not worth a region of the arena). */
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

/**
 * Keep a body that is still bytes (the request as the handler read it, an answer made as bytes):
 * copied into the arena as it is and decoded (by {@link lenientUtf8}, as it would have been
 * decoded now) only when the entry is read; a short one, or one that does not fit, is decoded now.
 */
function keepBytes(arena: TextArena, bytes: Uint8Array): KeptText {
  return (bytes.byteLength >= ARENA_MIN_CHARS ? arena.addBytes(bytes, lenientUtf8) : undefined) ?? lenientUtf8.decode(bytes);
}

/** The text of a kept body. */
function keptText(kept: KeptText): string {
  return typeof kept === 'string' ? kept : kept.text();
}

/** Let the arena reuse a kept body's bytes. */
function releaseText(kept: KeptText): void {
  if (typeof kept !== 'string') kept.release();
}

/** A body as the middleware finds it: text, or the bytes it was read or made as. */
type Body = string | Uint8Array;

/** Bytes of a body as it is kept (a text's UTF-8 length). */
function bodyBytes(body: Body): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/** Keep a body (see {@link keepText} and {@link keepBytes}); `bytes` is {@link bodyBytes}. */
function keepBody(arena: TextArena, body: Body, bytes: number): KeptText {
  return typeof body === 'string' ? keepText(arena, body, bytes) : keepBytes(arena, body);
}

/** Create the journaling middleware of one environment. */
export function journalMiddleware(deps: SimDeps, serviceOf: ServiceResolver): MiddlewareHandler<SimHonoEnv> {
  // The bodies this environment's entries keep (see `text-arena.ts`).
  const arena = createTextArena(textArenaBytes(deps.config.journalMaxBytes));
  const recent = new RecentValues();
  // One client record per connection (frozen: shared by its requests' entries), not one per request.
  const clients = new WeakMap<object, JournalEntry['client']>();
  const clientOf = (socket: { remoteAddress?: string | undefined } | undefined): JournalEntry['client'] => {
    const address = socket?.remoteAddress;
    if (socket === undefined || address === undefined) return {};
    const known = clients.get(socket);
    if (known !== undefined && known.address === address) return known;
    const made = Object.freeze({ address });
    clients.set(socket, made);
    return made;
  };
  return async (c, next) => {
    const startedAt = deps.clock.nowMs();
    const started = performance.now();
    const incomingId = requestHeader(c, CORRELATION_HEADER);
    const correlationId = incomingId !== undefined && /^[\w.:@-]{1,128}$/.test(incomingId) ? incomingId : randomUUID();
    c.set('correlationId', correlationId);
    c.set('summary', {});
    if (c.get('client') === undefined) c.set('client', clientOf(c.env?.incoming?.socket));
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
    const uiOwn = uiOwnRequest(service, requestHeader(c, UI_UPKEEP_HEADER));
    const time = isoTime(startedAt);
    // Built field by field (no spread of a conditional object): this runs for every request.
    const arrival: JournalArrival = { time, service, correlationId, request: { method, path, query: queryAt < 0 ? '' : url.slice(queryAt) }, client: c.get('client') ?? {} };
    if (uiOwn) arrival.origin = 'ui';
    const ticket = deps.journal.open(arrival);
    try {
      await next();
    } finally {
      // Whatever happens below, the entry must not stay in progress for ever. One await at most
      // for each body (none for a GET, nor for an answer @hono/node-server writes as it is): the
      // rest is synchronous, as this runs for every request.
      const answer = answerHeaders(c, correlationId);
      const abortedBy = markAborted(c);
      let requestText: Body = '';
      if (c.get('errorCode') === 'PAYLOAD_TOO_LARGE') {
        // Refused by the body limit before it was read: reading it now would buffer the whole
        // oversized body (the limit exists so that this never happens).
        requestText = '(body not read: larger than the body limit)';
      } else if (method !== 'GET' && method !== 'HEAD') {
        // What the handler already read (see `requestBody`): awaited here, not in a function of its own.
        try {
          const read = await requestBody(c.req);
          requestText = typeof read === 'string' ? read : new Uint8Array(read);
        } catch {
          requestText = '(body not read)';
        }
      }
      const responseType = answer.contentType;
      // the answer's own string or bytes, as @hono/node-server writes them (bytes are copied, never kept)
      const peeked = STREAMING.test(responseType) ? '' : answer.cache?.[1];
      let responseText: Body;
      if (typeof peeked === 'string' || peeked instanceof Uint8Array) responseText = peeked;
      else {
        try {
          responseText = await c.res.clone().text();
        } catch {
          responseText = '(body not readable)';
        }
      }
      answer.cache = undefined; // the entry keeps the text, never the response's body (a stream, say)
      complete(c, ticket, deps, arena, recent, service, correlationId, time, started, uiOwn, answer, abortedBy, requestText, responseText);
    }
  };
}

/**
 * Mark an exchange whose client went away (an injected drop closes the connection on purpose:
 * that is the simulator's doing, not the client's); say why, or `undefined`.
 */
function markAborted(c: Context<SimHonoEnv>): string | undefined {
  const errorCode = c.get('errorCode');
  const abortedBy = errorCode === 'CLIENT_ABORTED' ? 'aborted' : errorCode === 'FAULT_INJECTED' ? undefined : clientAbortReason(c);
  if (abortedBy !== undefined && errorCode !== 'CLIENT_ABORTED') {
    // The handler finished (its work is done: `applied` when it succeeded), but its answer can
    // no longer be delivered. The entry keeps the answer the client never received.
    c.set('errorCode', 'CLIENT_ABORTED');
    c.set('summary', { ...(c.get('summary') ?? {}), clientAborted: abortedBy, applied: c.res.status < 400 });
  }
  return abortedBy;
}

/**
 * What the last entry kept of a few values that repeat from request to request (a HIS calls the
 * same URL with the same content type again and again, and a service answers with the same
 * header record): a value equal to the last one is replaced by it, so that the entries share one
 * string or record instead of keeping a copy each (every object an entry keeps is copied by the
 * young-generation collector and then held in the old generation until the ring drops the entry;
 * the copy made for this request dies young). Readers see equal values either way.
 */
class RecentValues {
  /** The last value of each kind of text (URL, path, request and answer content types). */
  readonly #texts: Record<'url' | 'path' | 'requestType' | 'responseType', string> = { url: '', path: '', requestType: '', responseType: '' };
  #record: Record<string, string> | undefined;
  #recordKeys: string[] = [];

  /** The last text of this kind when it equals `value`, else `value` (remembered as the last). */
  text(kind: 'url' | 'path' | 'requestType' | 'responseType', value: string): string {
    const last = this.#texts[kind];
    if (value === last) return last;
    this.#texts[kind] = value;
    return value;
  }

  /** A plain header record: the last one when it has the same names in the same order with the same values. */
  record(value: Record<string, string>): Record<string, string> {
    const last = this.#record;
    if (last !== undefined && last !== value) {
      const keys = this.#recordKeys;
      let i = 0;
      let same = true;
      for (const k in value) {
        if (k !== keys[i] || value[k] !== last[k]) {
          same = false;
          break;
        }
        i++;
      }
      if (same && i === keys.length) return last;
    }
    if (last !== value) {
      this.#record = value;
      this.#recordKeys = Object.keys(value);
    }
    return value;
  }
}

/** Complete the arrival entry of an exchange (or mark it aborted when the client went away). */
function complete(
  c: Context<SimHonoEnv>,
  ticket: JournalTicket,
  deps: SimDeps,
  arena: TextArena,
  recent: RecentValues,
  service: string,
  correlationId: string,
  time: string,
  started: number,
  uiOwn: boolean,
  answer: AnswerHeaders,
  abortedBy: string | undefined,
  requestText: Body,
  responseText: Body,
): void {
  // Redaction, header copies and capping wait until someone reads the journal (pending entry).
  const raw = c.env?.incoming?.rawHeaders;
  const requestBytes = bodyBytes(requestText);
  const responseBytes = bodyBytes(responseText);
  const req = c.req;
  const url = recent.text('url', req.url);
  const entry = new PendingExchange(
    time,
    service,
    correlationId,
    c.get('summary') ?? {},
    c.get('client') ?? {},
    Math.round((performance.now() - started) * 100) / 100,
    // Bytes the entry keeps (bodies and URL as UTF-8; the headers, kept as received, estimated at 1 KiB).
    requestBytes + responseBytes + Buffer.byteLength(url) + 1024,
    req.method,
    recent.text('path', req.path),
    url,
    raw === undefined ? req.raw.headers : joinRawHeaders(raw),
    recent.text('requestType', requestHeader(c, 'content-type') ?? ''),
    keepBody(arena, requestText, requestBytes),
    c.res.status,
    answer.kept instanceof Headers ? answer.kept : recent.record(answer.kept),
    answer.lenientValue,
    recent.text('responseType', answer.contentType),
    keepBody(arena, responseText, responseBytes),
    deps.config.journalBodyCap,
  );
  const code = c.get('errorCode');
  const lenient = c.get('lenient');
  if (abortedBy !== undefined) entry.state = 'aborted';
  if (code !== undefined) entry.errorCode = code;
  if (lenient !== undefined && lenient.length > 0) entry.lenient = lenient;
  if (uiOwn) entry.origin = 'ui';
  ticket.complete(entry);
}

/**
 * A completed exchange as its entry keeps it until someone reads the journal: the fields readers
 * and filters see, and (private, so never listed with them) the request and answer as kept, which
 * {@link PendingExchange.messages} redacts, caps and lists on first read. One object with its
 * methods on the prototype: no closures nor AnswerHeaders object per entry (every entry is kept
 * until the ring drops it, so each object it holds is copied by the young-generation collector).
 */
class PendingExchange implements PendingJournalEntry {
  declare state?: 'in-progress' | 'aborted';
  declare errorCode?: string;
  declare lenient?: Array<{ rule: string; code: string; message: string }>;
  declare origin?: 'ui';
  // The request and answer as kept, flat (the KeptRequest and KeptResponse given are not kept).
  readonly #method: string;
  readonly #path: string;
  readonly #url: string;
  readonly #requestHeaders: KeptHeaders;
  readonly #requestType: string;
  readonly #requestBody: KeptText;
  readonly #status: number;
  readonly #responseHeaders: Headers | Record<string, string>;
  readonly #lenientValue: string | undefined;
  readonly #responseType: string;
  readonly #responseBody: KeptText;
  readonly #bodyCap: number;

  constructor(
    readonly time: string,
    readonly service: string,
    readonly correlationId: string,
    readonly summary: Record<string, unknown>,
    readonly client: JournalEntry['client'],
    readonly durationMs: number,
    readonly rawSize: number,
    method: string,
    path: string,
    url: string,
    requestHeaders: KeptHeaders,
    requestType: string,
    requestBody: KeptText,
    status: number,
    responseHeaders: Headers | Record<string, string>,
    lenientValue: string | undefined,
    responseType: string,
    responseBody: KeptText,
    bodyCap: number,
  ) {
    this.#method = method;
    this.#path = path;
    this.#url = url;
    this.#requestHeaders = requestHeaders;
    this.#requestType = requestType;
    this.#requestBody = requestBody;
    this.#status = status;
    this.#responseHeaders = responseHeaders;
    this.#lenientValue = lenientValue;
    this.#responseType = responseType;
    this.#responseBody = responseBody;
    this.#bodyCap = bodyCap;
  }

  messages(): Pick<JournalEntry, 'request' | 'response'> {
    const answer = { headers: this.#responseHeaders, correlationId: this.correlationId, lenientValue: this.#lenientValue };
    return {
      request: {
        method: this.#method,
        path: this.#path,
        query: new URL(this.#url).search,
        headers: redactHeaders(keptHeadersRecord(this.#requestHeaders)),
        ...cap(redactText(keptText(this.#requestBody), this.#requestType), this.#bodyCap),
      },
      response: {
        status: this.#status,
        headers: redactHeaders(headersOf(keptResponseHeaders(answer))),
        ...cap(redactText(keptText(this.#responseBody), this.#responseType), this.#bodyCap),
      },
    };
  }

  release(): void {
    releaseText(this.#requestBody);
    releaseText(this.#responseBody);
  }
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
function keptResponseHeaders(answer: { headers: Headers | Record<string, string>; lenientValue: string | undefined; correlationId: string }): Headers {
  if (answer.headers instanceof Headers) return answer.headers;
  const h = new Headers(answer.headers);
  h.set(CORRELATION_HEADER, answer.correlationId);
  if (answer.lenientValue !== undefined) h.set(LENIENT_HEADER, answer.lenientValue);
  return h;
}

/**
 * Put the correlation id (and the lenient header) on the answer, and say what the journal keeps
 * of its headers. Served over a socket with a plain header record (every string answer of a
 * service), the two headers go into a copy of the record that @hono/node-server writes (for a
 * body other than a string or bytes, on the Node response: `setHeader`, which `writeHead` merges
 * with the record), so the answer keeps @hono/node-server's fast path and no Headers object is
 * built per request; the entry keeps the handler's record and rebuilds the same Headers when it
 * is read. Otherwise
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
    const body = (cache as readonly unknown[])[1];
    if (typeof body === 'string' || body instanceof Uint8Array) {
      // Written as it is: the response's record replaced by a copy with the two headers, which
      // @hono/node-server hands to `writeHead` alone (Node's fast path: a `setHeader` first made
      // `writeHead` set every header of the record one by one). A string or bytes answer is
      // never turned into a real Response on the way out (the copy would be lost then).
      const sent: Record<string, string> = { ...plain, [CORRELATION_HEADER]: correlationId };
      if (lenientValue !== undefined) sent[LENIENT_HEADER] = lenientValue;
      (cache as unknown[])[2] = sent;
    } else {
      outgoing.setHeader(CORRELATION_HEADER, correlationId);
      if (lenientValue !== undefined) outgoing.setHeader(LENIENT_HEADER, lenientValue);
    }
    return { contentType: plainHeader(plain, 'content-type') ?? '', cache, kept: plain, correlationId, lenientValue };
  }
  const headers = res.headers;
  headers.set(CORRELATION_HEADER, correlationId);
  if (lenientValue !== undefined) headers.set(LENIENT_HEADER, lenientValue);
  // read after `headers`: materialising them can turn a lightweight response into a real one
  return { contentType: headers.get('content-type') ?? '', cache: responseCache(res), kept: headers, correlationId, lenientValue };
}

/** The decoder of bodies kept as bytes (UTF-8, lenient: what `Response.text()` and Hono's `text()` give). */
const lenientUtf8 = new TextDecoder();

/**
 * The request body for the journal (not called for GET/HEAD): what the handler already read (Hono
 * caches each body form it was asked for): its text, or (read as bytes, as the SOAP services read
 * it) those bytes, copied into the journal's text arena as they are and decoded only when the
 * entry is read (see {@link keepBytes}): neither decoded nor encoded again here, and never kept as
 * the request's own allocation (5000 kept bodies were 5000 separate allocations outside the JS
 * heap, and once the journal had compressed or dropped them glibc kept the freed memory resident:
 * bench/memory on the quiet machine, the main malloc arena stayed at 17 MiB when idle and idle RSS
 * was 104 MiB, against 7 MiB and 90 MiB with the arena). A body the handler never read is read
 * now, as bytes (reading it as text after `arrayBuffer()` would build a web Response around the
 * body). Returns Hono's own promise (the caller awaits it once: no async frame of its own).
 */
function requestBody(req: HonoRequest): string | ArrayBuffer | Promise<string | ArrayBuffer> {
  const cache = req.bodyCache; // typed as the values, but holding Hono's promises of them
  if (cache.text !== undefined) return cache.text;
  return cache.arrayBuffer ?? req.arrayBuffer();
}
