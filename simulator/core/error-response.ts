/**
 * The one place where errors become HTTP answers: SOAP faults (1.1 or 1.2, by what the caller
 * spoke) for SOAP endpoints, RFC 9457 problem JSON for everything else. Internal errors are
 * logged on the server and answered without any internals.
 */
import type { Context } from 'hono';
import { clientAbortReason } from './client-abort.js';
import { asSimError, ClientAborted, Overloaded, SimError } from './errors.js';
import type { Logger, SimHonoEnv } from './deps.js';
import { soapContentType, soapVersionOfContentType, type SoapVersion } from '../soap/envelope.js';
import { faultHttpStatus, soapFaultEnvelope } from '../soap/fault.js';

/** RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  correlationId?: string;
  [extension: string]: unknown;
}

/** Problem type URI of an error code. */
export function problemType(code: string): string {
  return `urn:eeszt-sim:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 499: 'Client Closed Request',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Build a problem document for an error. */
export function toProblem(err: SimError, instance?: string, correlationId?: string): Problem {
  const problem: Problem = {
    type: problemType(err.code),
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    code: err.code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (correlationId !== undefined) problem.correlationId = correlationId;
  if (err.details !== undefined) Object.assign(problem, { details: err.details });
  return problem;
}

/** The `Retry-After` header (RFC 9110 §10.2.3) of a refusal that names one. */
function retryAfter(err: SimError): Record<string, string> {
  return err instanceof Overloaded ? { 'retry-after': String(err.retryAfterSeconds) } : {};
}

/** Which SOAP version to answer in, if the request is SOAP at all. */
function soapVersionFor(c: Context<SimHonoEnv>): SoapVersion | undefined {
  return c.get('soapVersion') ?? soapVersionOfContentType(c.req.header('content-type'));
}

/**
 * Answer an error. Registered as `onError` (and used for not-found) on every environment app.
 *
 * @example
 * ```ts
 * app.onError((err, c) => errorResponse(err, c, deps.log));
 * ```
 */
export function errorResponse(thrown: unknown, c: Context<SimHonoEnv>, log: Logger): Response {
  // A client that left mid-request is not a simulator fault: its own code, nothing on stderr.
  const aborted = thrown instanceof SimError ? undefined : clientAbortReason(c, thrown);
  const err = aborted === undefined ? asSimError(thrown) : new ClientAborted(aborted);
  if (err.code === 'INTERNAL_ERROR') log.error(`internal error on ${c.req.method} ${c.req.path}`, err.cause ?? thrown);
  c.set('errorCode', err.code);
  const correlationId = c.get('correlationId');
  const version = soapVersionFor(c);
  if (version !== undefined) {
    const relatesTo = c.get('relatesTo');
    const xml = soapFaultEnvelope(version, err, relatesTo === undefined ? { correlationId } : { relatesTo, correlationId });
    return c.body(xml, faultHttpStatus(version, err) as 400, { 'content-type': soapContentType(version), ...retryAfter(err) });
  }
  const problem = toProblem(err, c.req.path, correlationId);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', ...retryAfter(err) };
  if (err.status === 401 && err.code === 'CONTROL_TOKEN_REQUIRED') headers['www-authenticate'] = 'Bearer realm="eeszt-sim control"';
  return c.body(JSON.stringify(problem), err.status as 400, headers);
}
