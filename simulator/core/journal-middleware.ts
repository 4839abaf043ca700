/**
 * Middleware that gives every request a correlation id, identifies the client, and writes the
 * exchange (redacted) to the environment's journal.
 */
import type { Context, HonoRequest, MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { SimDeps, SimHonoEnv } from './deps.js';
import { clientAbortReason } from './client-abort.js';
import { UI_UPKEEP_HEADER, uiOwnRequest, type JournalTicket, type PendingJournalEntry } from './journal.js';
import { redactHeaders, redactText } from './redact.js';
import { LENIENT_HEADER, lenientHeaderValue } from '../policy/policy.js';

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

/** Create the journaling middleware of one environment. */
export function journalMiddleware(deps: SimDeps, serviceOf: ServiceResolver): MiddlewareHandler<SimHonoEnv> {
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
      c.res.headers.set(CORRELATION_HEADER, correlationId);
      return;
    }
    // Recorded on arrival: readers see every request in arrival order, also one that is still
    // running or that its client abandoned (a HIS timeout), not only answers that completed.
    const { method, path, url } = c.req;
    const queryAt = url.indexOf('?');
    const uiOwn = uiOwnRequest(service, c.req.header(UI_UPKEEP_HEADER));
    const time = startedAt.toISOString();
    const ticket = deps.journal.open({
      time,
      service,
      correlationId,
      request: { method, path, query: queryAt < 0 ? '' : url.slice(queryAt) },
      client: c.get('client') ?? {},
      ...(uiOwn ? { origin: 'ui' as const } : {}),
    });
    try {
      await next();
    } finally {
      // whatever happens below, the entry must not stay in progress for ever
      c.res.headers.set(CORRELATION_HEADER, correlationId);
      const lenient = c.get('lenient');
      if (lenient !== undefined && lenient.length > 0) c.res.headers.set(LENIENT_HEADER, lenientHeaderValue(lenient));
      await complete(c, ticket, deps, service, correlationId, time, started, uiOwn);
    }
  };
}

/** Complete the arrival entry of an exchange (or mark it aborted when the client went away). */
async function complete(c: Context<SimHonoEnv>, ticket: JournalTicket, deps: SimDeps, service: string, correlationId: string, time: string, started: number, uiOwn: boolean): Promise<void> {
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
  const responseType = c.res.headers.get('content-type') ?? '';
  if (!STREAMING.test(responseType)) {
    const peeked = peekBodyText(c.res);
    if (peeked !== undefined) responseText = peeked;
    else {
      try {
        responseText = await c.res.clone().text();
      } catch {
        responseText = '(body not readable)';
      }
    }
  }
  // Redaction, header copies and capping wait until someone reads the journal (pending entry).
  // The entry keeps only what it needs: strings, the raw header list, the response's Headers.
  const reqHeaders: KeptHeaders = c.env?.incoming?.rawHeaders ?? c.req.raw.headers;
  const resHeaders = c.res.headers;
  const reqType = c.req.header('content-type') ?? '';
  const { method, path, url } = c.req;
  const status = c.res.status;
  const bodyCap = deps.config.journalBodyCap;
  const code = c.get('errorCode');
  const lenient = c.get('lenient');
  // Built field by field (no spreads of conditional objects): this runs for every request.
  const entry: PendingJournalEntry = {
    time,
    service,
    correlationId,
    summary: c.get('summary') ?? {},
    client: c.get('client') ?? {},
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    // Bytes the entry keeps (bodies and URL as UTF-8; the headers, kept as received, estimated at 1 KiB).
    rawSize: Buffer.byteLength(requestText) + Buffer.byteLength(responseText) + Buffer.byteLength(url) + 1024,
    messages: () => ({
      request: {
        method,
        path,
        query: new URL(url).search,
        headers: redactHeaders(keptHeadersRecord(reqHeaders)),
        ...cap(redactText(requestText, reqType), bodyCap),
      },
      response: {
        status,
        headers: redactHeaders(headersOf(resHeaders)),
        ...cap(redactText(responseText, responseType), bodyCap),
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
 * The text body of a response built from a string, read without materialising it.
 * `@hono/node-server` answers such a response on its fast path (a direct write); `clone()`
 * would turn it into a web stream and push every answer onto the slow streaming path, which
 * cost more than the STS's own work per token. The lightweight response keeps
 * `[status, body, headers]` under a symbol described `cache`; when that is absent (another
 * runtime, `app.request()` in tests with a global Response, a stream body) the caller clones.
 */
function peekBodyText(res: Response): string | undefined {
  for (const sym of Object.getOwnPropertySymbols(res)) {
    if (sym.description !== 'cache') continue;
    const cache = (res as unknown as Record<symbol, unknown>)[sym];
    if (Array.isArray(cache) && typeof cache[1] === 'string') return cache[1];
  }
  return undefined;
}

const lenientUtf8 = new TextDecoder();

/**
 * The request body as text, for the journal: nothing for GET/HEAD; else from what the handler
 * already read (Hono caches each body form it was asked for; decoding the cached bytes here
 * avoids `text()` after `arrayBuffer()`, which would build a web Response around the body),
 * else read now.
 */
async function requestBodyText(req: HonoRequest): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') return '';
  const cache = req.bodyCache;
  if (cache.text !== undefined) return cache.text;
  if (cache.arrayBuffer !== undefined) return lenientUtf8.decode(await cache.arrayBuffer);
  return req.text();
}
