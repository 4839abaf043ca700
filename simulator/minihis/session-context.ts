/**
 * The logged-in context of a miniHIS request: the live session of the `Authorization: Bearer`
 * header and the user, institution and unit it names, read from the working fixtures; and the
 * JSON view of it that login and `GET /minihis/api/session` answer.
 *
 * @example
 * ```ts
 * const ctx = sessionContext(deps, c.req.header('authorization'));
 * ctx.user.familyName;
 * ```
 */
import type { Institution, Unit, User } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { Unauthorized } from '../core/errors.js';
import { miniHisInstitutionId } from './picks.js';
import { requireSession, type MiniHisSession } from './sessions.js';
import { setupStatus, type SetupStatus } from './setup.js';

/** A session with what it names. */
export interface SessionContext {
  session: MiniHisSession;
  user: User;
  institution: Institution;
  unit: Unit;
}

/** The JSON view of a session. */
export interface SessionView {
  sessionId: string;
  username: string;
  name: string;
  kind: MiniHisSession['kind'];
  role: string;
  method: MiniHisSession['method'];
  institution: { institution: string; institutionId: string; name: string };
  unit: { unitCode: string; name: string };
  createdAt: string;
  expiresAt: string;
  setup: SetupStatus;
}

/** The context of the request's session (the session errors of `requireSession`, 401). */
export function sessionContext(deps: Pick<SimDeps, 'store' | 'clock' | 'config'>, authorization: string | undefined): SessionContext {
  const session = requireSession(deps, authorization);
  const state = deps.store.state;
  const user = state.users.find((u) => u.username === session.username);
  const institution = state.institutions.find((i) => i.id === session.institutionId);
  const unit = state.units.find((u) => u.code === session.unitCode && u.institutionId === session.institutionId);
  if (user === undefined || institution === undefined || unit === undefined) {
    throw new Unauthorized('the user, institution or unit of this session no longer exists (other fixtures were loaded); log in again: POST /minihis/api/login', {}, 'SESSION_UNKNOWN');
  }
  return { session, user, institution, unit };
}

/** The JSON view of a session context. */
export function sessionView(deps: Pick<SimDeps, 'store'>, ctx: SessionContext): SessionView {
  const { session, user, institution, unit } = ctx;
  return {
    sessionId: session.id,
    username: session.username,
    name: [user.title, user.familyName, user.givenName].filter((x) => x !== undefined && x !== '').join(' '),
    kind: session.kind,
    role: session.role,
    method: session.method,
    institution: { institution: miniHisInstitutionId(institution.id), institutionId: institution.id, name: institution.name },
    unit: { unitCode: unit.code, name: unit.name },
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    setup: setupStatus(deps.store, session),
  };
}
