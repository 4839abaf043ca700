/**
 * The fault-injection middleware of one environment: for every call (the control API excepted)
 * it asks the environment's fault rules whether this call is hit and, if so, delays it, answers
 * an HTTP error status, a SOAP fault (through the one error mapping), a malformed body, or drops
 * the connection. Each injected fault is marked in the journal entry (`summary.fault`).
 *
 * @example
 * ```ts
 * app.use('*', journalMiddleware(deps, serviceResolver(modules)));
 * app.use('*', faultMiddleware(deps, modules));
 * ```
 */
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { SimError } from '../core/errors.js';
import { errorResponse } from '../core/error-response.js';
import type { FaultRule } from './fault-rule.js';
import { decideFault, hasFaultRules, listFaultRules } from './fault-rules.js';
import { requestOperations } from './request-operation.js';

/** The service id and mount of a path (the longest matching mount). */
function resolverOf(modules: readonly ServiceModule[]): (path: string) => { service: string; mount: string } {
  const sorted = [...modules].sort((a, b) => b.mount.length - a.mount.length).map((m) => ({ target: { service: m.id, mount: m.mount }, mount: m.mount, below: `${m.mount}/` }));
  const discovery = { service: 'discovery', mount: '/.well-known' };
  const other = { service: 'other', mount: '' };
  return (path) => {
    if (path.startsWith('/.well-known')) return discovery;
    for (const m of sorted) if (path === m.mount || path.startsWith(m.below)) return m.target;
    return other;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function mark(c: Context<SimHonoEnv>, rule: FaultRule): void {
  const fault = { rule: rule.id, kind: rule.fault, ...(rule.delayMs === undefined ? {} : { delayMs: rule.delayMs }), ...(rule.status === undefined ? {} : { status: rule.status }) };
  c.set('summary', { ...(c.get('summary') ?? {}), fault });
}

function isSoap(contentType: string): boolean {
  return /soap\+xml|text\/xml/i.test(contentType);
}

/** A body that breaks off mid-way, of the type the caller expects. */
function malformedBody(contentType: string): { body: string; type: string } {
  if (isSoap(contentType)) {
    const type = /soap\+xml/i.test(contentType) ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
    return { body: '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Respon', type };
  }
  return { body: '{"injected":"malformed", "trunc', type: 'application/json' };
}

/** A response whose body fails as soon as it is read (in-process callers see a broken connection). */
function brokenResponse(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(new Error('connection dropped (injected fault)'));
    },
  });
  return new Response(body, { status: 200 });
}

/**
 * The text of a copy of the request body, or '' when it is larger than `limit` bytes: a body
 * without Content-Length is read only up to the body limit here (the body limit refuses the rest).
 */
async function textUpTo(req: Request, limit: number): Promise<string> {
  const reader = req.clone().body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // not awaited: cancelling one branch of a tee settles only when the other one ends too
      reader.cancel().catch(() => undefined);
      return '';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Create the middleware (mount it right after the journal middleware). */
export function faultMiddleware(deps: SimDeps, modules: readonly ServiceModule[]): MiddlewareHandler<SimHonoEnv> {
  const resolve = resolverOf(modules);
  // Not an async function: with no rule (the usual case) it hands the request on at once, with
  // no promise of its own (it runs for every request).
  return (c, next) => {
    const path = c.req.path;
    if (!hasFaultRules(deps.store) || path === '/_sim' || path.startsWith('/_sim/')) return next();
    return inject(c, next, resolve(path));
  };
  async function inject(c: Context<SimHonoEnv>, next: Next, { service, mount }: { service: string; mount: string }): Promise<Response | void> {
    const length = Number(c.req.header('content-length') ?? '0');
    const needsOperation = length <= deps.config.bodyLimitBytes && listFaultRules(deps.store).some((r) => (r.service === '*' || r.service === service) && r.operation !== undefined);
    // read a clone: the body limit and the service still read the original stream
    const body = needsOperation && c.req.method !== 'GET' && c.req.method !== 'HEAD' ? await textUpTo(c.req.raw, deps.config.bodyLimitBytes) : '';
    const operations = needsOperation ? requestOperations(c.req.path, mount, body, c.req.header('soapaction')?.replace(/"/g, '')) : [];
    const rule = decideFault(deps.store, { service, operations });
    if (rule === undefined) return next();
    if (rule.delayMs !== undefined && rule.delayMs > 0) {
      // Take the whole request in first, as a server in front of a slow back end does: a client
      // that gives up during the wait (its timeout) has still sent a request that is processed.
      // (Read through Hono's body cache, which the services read from; only a declared length
      // within the body limit: the body limit refuses the rest without reading it.)
      const declared = c.req.header('content-length') !== undefined && length <= deps.config.bodyLimitBytes;
      if (declared && c.req.method !== 'GET' && c.req.method !== 'HEAD') await c.req.arrayBuffer().catch(() => undefined);
      await sleep(rule.delayMs);
    }
    const contentType = c.req.header('content-type') ?? '';
    const what = rule.message ?? `injected fault ${rule.id} (${rule.fault}) on ${service}`;
    switch (rule.fault) {
      case 'delay':
        await next();
        mark(c, rule);
        return undefined;
      case 'status': {
        const status = rule.status ?? 503;
        mark(c, rule);
        c.set('errorCode', 'FAULT_INJECTED');
        const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
        if (status === 503 || status === 429) headers['retry-after'] = '1';
        return c.body(`${status} ${what}\n`, status as 503, headers);
      }
      case 'soap-fault': {
        mark(c, rule);
        const side = rule.side ?? 'Receiver';
        const err = new SimError(rule.code ?? 'SERVICE_UNAVAILABLE', what, { status: side === 'Receiver' ? 503 : 400, side });
        return errorResponse(err, c, deps.log);
      }
      case 'malformed': {
        mark(c, rule);
        c.set('errorCode', 'FAULT_INJECTED');
        const m = malformedBody(contentType);
        return c.body(m.body, 200, { 'content-type': m.type });
      }
      case 'drop': {
        mark(c, rule);
        c.set('errorCode', 'FAULT_INJECTED');
        const socket = c.env?.incoming?.socket;
        if (socket === undefined) return brokenResponse();
        socket.destroy();
        return c.body(null, 500);
      }
    }
  }
}
