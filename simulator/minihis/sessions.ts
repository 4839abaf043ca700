/**
 * miniHIS sessions: a login yields a random, opaque bearer token, sent as
 * `Authorization: Bearer <token>` on every other call of the JSON API. A session lasts
 * `config.miniHisSessionHours` hours at the simulator clock (default 7: the 7-hour EESZT connection;
 * fixture setting `miniHisSessionHours`). The
 * store keeps only a SHA-256 hash of each token (bucket `minihis.sessions`), so a persisted store
 * holds no usable token; a reset ends every session.
 *
 * @example
 * ```ts
 * const { token, session } = createSession(deps, { username: 'O50123', ... });
 * // later, in a handler:
 * const s = requireSession(deps, c.req.header('authorization'));
 * ```
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { Unauthorized } from '../core/errors.js';
import type { UserKind } from '../identifiers/identifiers.js';

/** Store bucket: SHA-256 of the token (hex) -> {@link MiniHisSession}. */
export const MINIHIS_SESSIONS_BUCKET = 'minihis.sessions';

/** How the user proved who they are. */
export type LoginMethod = 'mobilToken' | 'card';

/** Why a session ended before its time. */
export type EndReason = 'logout' | 'terms-refused';

/** One logged-in user at one institution and unit. */
export interface MiniHisSession {
  /** A short public id of the session (for the journal); not usable as a token. */
  id: string;
  username: string;
  kind: UserKind;
  /** The miniHIS role the user holds in the unit. */
  role: string;
  institutionId: string;
  unitCode: string;
  method: LoginMethod;
  createdAt: string;
  expiresAt: string;
  endedAt?: string;
  endReason?: EndReason;
}

type Deps = Pick<SimDeps, 'store' | 'clock' | 'config'>;

const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Start a session; the token is returned once and never stored. */
export function createSession(deps: Deps, fields: Omit<MiniHisSession, 'id' | 'createdAt' | 'expiresAt'>): { token: string; session: MiniHisSession } {
  const token = `mh_${randomBytes(32).toString('base64url')}`;
  const hash = hashOf(token);
  const now = deps.clock.nowMs();
  const session: MiniHisSession = {
    id: hash.slice(0, 16),
    ...fields,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + deps.config.miniHisSessionHours * 3_600_000).toISOString(),
  };
  deps.store.bucket<MiniHisSession>(MINIHIS_SESSIONS_BUCKET).set(hash, session);
  return { token, session };
}

const LOGIN = 'POST /minihis/api/login';

/**
 * The live session named by an `Authorization: Bearer` header. Throws {@link Unauthorized} (401)
 * with `SESSION_REQUIRED`, `SESSION_UNKNOWN`, `SESSION_ENDED` or `SESSION_EXPIRED`.
 */
export function requireSession(deps: Deps, authorization: string | undefined): MiniHisSession {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (m === null) {
    // rule: MINIHIS-SESSION (docs/rules.md)
    throw new Unauthorized(`log in first (${LOGIN}) and send the session token as \`Authorization: Bearer <sessionToken>\``, {}, 'SESSION_REQUIRED');
  }
  const session = deps.store.bucket<MiniHisSession>(MINIHIS_SESSIONS_BUCKET).get(hashOf(m[1] ?? ''));
  if (session === undefined) {
    throw new Unauthorized(`the bearer token is not a miniHIS session (mistyped, or cleared by a simulator reset); log in again: ${LOGIN}`, {}, 'SESSION_UNKNOWN');
  }
  if (session.endedAt !== undefined) {
    const why = session.endReason === 'terms-refused' ? 'the ÁSZF (terms) were refused, and miniHIS cannot be used without accepting them' : 'you logged out';
    throw new Unauthorized(`this miniHIS session ended at ${session.endedAt} because ${why}; log in again: ${LOGIN}`, { details: { endReason: session.endReason } }, 'SESSION_ENDED');
  }
  if (deps.clock.nowMs() >= Date.parse(session.expiresAt)) {
    throw new Unauthorized(
      `your miniHIS session expired at ${session.expiresAt} (a session lasts ${deps.config.miniHisSessionHours} hours at the simulator clock, now ${deps.clock.now().toISOString()}); log in again: ${LOGIN}`,
      { details: { expiresAt: session.expiresAt } },
      'SESSION_EXPIRED',
    );
  }
  return session;
}

/** End a session now (logout, refused terms). */
export function endSession(deps: Deps, authorization: string | undefined, reason: EndReason): MiniHisSession {
  const session = requireSession(deps, authorization);
  const ended: MiniHisSession = { ...session, endedAt: deps.clock.now().toISOString(), endReason: reason };
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  deps.store.bucket<MiniHisSession>(MINIHIS_SESSIONS_BUCKET).set(hashOf(token), ended);
  return ended;
}
