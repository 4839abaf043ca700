/**
 * The eID services' records in the store: request packages issued (`eid.requests`, by package
 * ID) and running card authentications of the eID server (`eid.sessions`, by session id). Both
 * are JSON values so the store can persist them; both are emptied by `/_sim/reset`.
 *
 * @example
 * ```ts
 * recordRequest(deps.store, { id: pkg.id, nonce: pkg.nonce, ... , status: 'issued' });
 * requestRecord(deps.store, pkg.id)?.status; // 'issued' | 'used'
 * ```
 */
import type { Store } from '../state/store.js';
import type { RequestPurpose } from './request-package.js';

/** Bucket of issued request packages: package ID -> {@link RequestRecord}. */
export const EID_REQUESTS_BUCKET = 'eid.requests';
/** Bucket of eID server sessions: session id -> {@link EidSession}. */
export const EID_SESSIONS_BUCKET = 'eid.sessions';

/** A request package the simulator issued (or first saw). */
export interface RequestRecord {
  id: string;
  nonce: string;
  audience: string;
  purpose: RequestPurpose;
  requester: string;
  issueInstant: string;
  notOnOrAfter: string;
  /** `used` once an rID package was issued for it: a package yields one rID package. */
  status: 'issued' | 'used';
  /** ID of the rID package issued for it, once used. */
  ridPackageId?: string;
}

/** One card authentication at the eID server: challenge sent, response awaited. */
export interface EidSession {
  id: string;
  requestId: string;
  nonce: string;
  audience: string;
  purpose: RequestPurpose;
  /** Base64 of the challenge the card must sign. */
  challenge: string;
  /** Session end (ISO 8601): the earlier of the request package's end and 5 minutes. */
  notOnOrAfter: string;
}

/** Store (or replace) a request record. */
export function recordRequest(store: Store, rec: RequestRecord): void {
  store.bucket<RequestRecord>(EID_REQUESTS_BUCKET).set(rec.id, rec);
}

/** The record of a request package, if known. */
export function requestRecord(store: Store, id: string): RequestRecord | undefined {
  return store.bucket<RequestRecord>(EID_REQUESTS_BUCKET).get(id);
}

/** Store a session. */
export function saveSession(store: Store, session: EidSession): void {
  store.bucket<EidSession>(EID_SESSIONS_BUCKET).set(session.id, session);
}

/** Take a session out of the store (a session answers once). */
export function takeSession(store: Store, id: string): EidSession | undefined {
  const bucket = store.bucket<EidSession>(EID_SESSIONS_BUCKET);
  const session = bucket.get(id);
  if (session !== undefined) bucket.delete(id);
  return session;
}
