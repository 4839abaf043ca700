/**
 * The card client's side of the eID server protocol (docs/card-login.md, "Leg 2"): open a
 * session with the request package, send the card's answer, get the rID package. Transport
 * failures become `EID_SERVER_UNREACHABLE`; refusals keep the eID server's code.
 *
 * @example
 * ```ts
 * const eid = createEidServerClient({ url: 'http://127.0.0.1:8080/eid-server' });
 * const session = await eid.openSession(requestPackage);
 * const { ridPackage } = await eid.respond(session.sessionId, { certificate, signature, rid });
 * ```
 */
import type { ReadoutPackageAnswer } from '../../simulator/eid/server-app.js';
import { EidServerRefused, EidServerUnreachable } from './errors.js';

/** The part of `fetch` the card client uses (so tests can pass `app.request`). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response> | Response;

/** Options of {@link createEidServerClient}. */
export interface EidServerClientOptions {
  /** Base URL of the eID server, e.g. `http://127.0.0.1:8080/eid-server`. */
  url: string;
  /** Default: global fetch. */
  fetch?: FetchLike;
  /** Give up on one call after this many ms (default 15 000). */
  timeoutMs?: number;
}

/** An open eID server session. */
export interface OpenedSession {
  sessionId: string;
  challenge: Uint8Array;
  sectorPublicKey: Uint8Array;
  purpose: 'login' | 'activation' | 'readout';
  audience: string;
  notOnOrAfter: string;
}

/** What the eID server answers with the rID package. */
export interface IssuedRidPackage {
  ridPackage: string;
  id: string;
  requestNonce: string;
  audience: string;
  issueInstant: string;
  notOnOrAfter: string;
}

/** A client of the eID server. */
export interface EidServerClient {
  readonly url: string;
  openSession(requestPackage: string): Promise<OpenedSession>;
  respond(sessionId: string, answer: { certificate: string; signature: string; rid: string }): Promise<IssuedRidPackage>;
  /** Answer a readout session with the card's authenticated read of EF.PersonalData. */
  readout(sessionId: string, answer: { certificate: string; personalData: string; signature: string }): Promise<IssuedReadoutPackage>;
}

/** What the eID server answers to an authentic readout: the signed package and the data it certifies (the server's own answer type). */
export type IssuedReadoutPackage = ReadoutPackageAnswer;

/** Create an eID server client. */
export function createEidServerClient(options: EidServerClientOptions): EidServerClient {
  const url = options.url.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((u, init) => fetch(u, init));
  const timeoutMs = options.timeoutMs ?? 15_000;

  const post = async (path: string, body: unknown): Promise<unknown> => {
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), signal });
    } catch (err) {
      const why = signal.aborted ? `no answer within ${timeoutMs / 1000} s` : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new EidServerUnreachable(url, why);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new EidServerUnreachable(url, `it answered ${res.status} without JSON; is ${url} really the eID server?`);
    }
    if (!res.ok) {
      const p = parsed as { code?: unknown; detail?: unknown; details?: unknown };
      if (typeof p.code !== 'string') throw new EidServerUnreachable(url, `it answered ${res.status} without a problem code`);
      const details = p.details !== null && typeof p.details === 'object' ? (p.details as Record<string, unknown>) : {};
      throw new EidServerRefused(p.code, res.status, typeof p.detail === 'string' ? p.detail : p.code, details);
    }
    return parsed;
  };

  return {
    url,
    async openSession(requestPackage) {
      const s = (await post('/sessions', { requestPackage })) as { sessionId: string; challenge: string; sectorPublicKey: string; purpose: OpenedSession['purpose']; audience: string; notOnOrAfter: string };
      return {
        sessionId: s.sessionId,
        challenge: new Uint8Array(Buffer.from(s.challenge, 'base64')),
        sectorPublicKey: new Uint8Array(Buffer.from(s.sectorPublicKey, 'base64')),
        purpose: s.purpose,
        audience: s.audience,
        notOnOrAfter: s.notOnOrAfter,
      };
    },
    async respond(sessionId, answer) {
      return (await post(`/sessions/${encodeURIComponent(sessionId)}/response`, answer)) as IssuedRidPackage;
    },
    async readout(sessionId, answer) {
      return (await post(`/sessions/${encodeURIComponent(sessionId)}/readout`, answer)) as IssuedReadoutPackage;
    },
  };
}
