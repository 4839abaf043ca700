/**
 * Whether the client of a request went away before the exchange ended: it closed the
 * connection mid-request (its own timeout, a crash) or sent a body the HTTP parser could not
 * read (a bad chunk size). Such a request is journaled as `CLIENT_ABORTED`, never as the
 * simulator's `INTERNAL_ERROR`, and nothing is logged on stderr.
 *
 * @example
 * ```ts
 * const why = clientAbortReason(c, err); // 'the client closed the connection' | undefined
 * ```
 */
import type { Context } from 'hono';
import type { SimHonoEnv } from './deps.js';

/** Node error codes of a request body that broke off or could not be parsed. */
const BODY_BROKEN = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why the client's side of this exchange ended early, or `undefined` when it did not. `thrown`
 * is what a handler threw, if anything (the body read fails with `aborted` / a parse error).
 */
export function clientAbortReason(c: Context<SimHonoEnv>, thrown?: unknown): string | undefined {
  const incoming = c.env?.incoming;
  const errored = incoming?.errored ?? undefined;
  const parseCode = codeOf(errored) ?? codeOf(thrown);
  if (parseCode !== undefined && parseCode.startsWith('HPE_')) return `the request could not be read: ${(errored ?? (thrown as Error)).message} (${parseCode})`;
  if (incoming === undefined) {
    // in-process (app.request): only the request's own abort signal can tell
    const signal = (c.req.raw as Request | undefined)?.signal;
    return signal?.aborted === true ? 'the caller aborted the request' : undefined;
  }
  const socket = incoming.socket as { destroyed?: boolean } | null;
  const gone = incoming.aborted || socket === null || socket.destroyed === true;
  if (gone) return incoming.complete ? 'the client closed the connection before the answer' : 'the client closed the connection before the request body was complete';
  if (thrown !== undefined && ((thrown as Error).message === 'aborted' || BODY_BROKEN.has(codeOf(thrown) ?? ''))) return 'the request body broke off';
  return undefined;
}
