/**
 * Username + password (WS-Security UsernameToken profile): PasswordText, or PasswordDigest with
 * Nonce and Created. A nonce is single-use; Created must be within the allowed skew. Unknown
 * user and wrong password are told apart (this is a simulator for developers); the password is
 * never echoed. Wrong passwords count towards the account lockout. A `sim:MobilTokenCode` in the
 * UsernameToken adds the second factor (the mobilToken code, checked after the password): the
 * token then says `password-mobiltoken` (two factors).
 *
 * @example
 * ```ts
 * const auth = authenticatePassword(deps, sec.usernameToken, claims, summary);
 * ```
 */
import { timingSafeEqual } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication, InvalidSecurity, MessageExpired } from '../core/errors.js';
import { checkUsername, must } from '../identifiers/identifiers.js';
import type { LeanElement } from '../soap/safe-xml.js';
import { parseXsDateTime, passwordDigest, type UsernameTokenData } from '../soap/ws-security.js';
import type { User } from '../../fixtures/schema.js';
import type { Authenticated, StsSummary } from './authenticated.js';
import { resolveContext } from './context.js';
import { clearWrongPasswords, lockedUntil, recordWrongPassword } from './lockout.js';
import { NONCE_BUCKET, useOnce } from './replay-cache.js';
import { verifyMobilToken } from '../mobiltoken/verify.js';
import type { ContextClaims } from './rst.js';

/** Find a user by exact (case-sensitive) username; throws USER_UNKNOWN. */
export function findUser(deps: SimDeps, username: string): User {
  const user = deps.store.state.users.find((u) => u.username === username);
  if (user === undefined) {
    throw new FailedAuthentication(
      `no EESZT user \`${username}\` exists in this simulator; check the username (usernames are case-sensitive) or load fixtures that define it (POST /_sim/fixtures)`,
      { details: { username } },
      'USER_UNKNOWN',
    );
  }
  return user;
}

/** Refuse a locked account; throws ACCOUNT_LOCKED. */
export function refuseIfLocked(deps: SimDeps, user: User): void {
  const until = lockedUntil(deps, user);
  if (until !== undefined) {
    // rule: STS-LOCKOUT (docs/rules.md)
    throw new FailedAuthentication(
      `the account \`${user.username}\` is locked until ${until.toISOString()} after ${deps.config.lockoutThreshold} wrong passwords in a row; wait until then, or unlock it with POST /_sim/accounts/${user.username}/unlock`,
      { status: 403, details: { username: user.username, lockedUntil: until.toISOString() } },
      'ACCOUNT_LOCKED',
    );
  }
}

/** Constant-time comparison of two secrets (the time depends only on the length of `given`). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

function checkFreshness(deps: SimDeps, ut: UsernameTokenData<Element | LeanElement>): number {
  const skewMs = deps.config.clockSkewSeconds * 1000;
  const now = deps.clock.nowMs();
  if (ut.created === undefined) return now + 2 * skewMs;
  const created = parseXsDateTime(ut.created);
  if (created === undefined) {
    throw new InvalidSecurity(`the UsernameToken's wsu:Created \`${ut.created}\` is not an xs:dateTime with a time zone; send UTC such as \`2026-03-02T08:00:00Z\``, {}, 'USERNAME_TOKEN_MALFORMED');
  }
  const off = created.getTime() - now;
  if (Math.abs(off) > skewMs) {
    throw new MessageExpired(
      `the UsernameToken's wsu:Created ${created.toISOString()} is ${Math.round(Math.abs(off) / 1000)} s ${off > 0 ? 'ahead of' : 'behind'} the simulator clock (${deps.clock.now().toISOString()}); at most ${deps.config.clockSkewSeconds} s are allowed: create the token fresh for each request`,
      { details: { created: created.toISOString(), skewSeconds: deps.config.clockSkewSeconds } },
    );
  }
  return created.getTime() + 2 * skewMs;
}

/**
 * Authenticate a UsernameToken with a password and resolve the context.
 */
export function authenticatePassword(deps: SimDeps, ut: UsernameTokenData<Element | LeanElement>, claims: ContextClaims, summary: StsSummary): Authenticated {
  const { username } = must(checkUsername(ut.username), 'username');
  summary.username = username;
  if (ut.password === undefined || ut.passwordType === undefined) {
    throw new FailedAuthentication(
      `the UsernameToken of \`${username}\` carries no wsse:Password; send the password (PasswordText, or PasswordDigest with Nonce and Created), or the rID package for a card login`,
      {},
      'PASSWORD_MISSING',
    );
  }
  if (ut.passwordType === 'digest' && (ut.nonce === undefined || ut.created === undefined || ut.nonce === '')) {
    throw new InvalidSecurity('a PasswordDigest needs wsse:Nonce and wsu:Created in the UsernameToken (digest = Base64(SHA-1(nonce + created + password))); add both', {}, 'USERNAME_TOKEN_MALFORMED');
  }
  const keepUntil = checkFreshness(deps, ut);
  if (ut.nonce !== undefined && ut.nonce !== '') useOnce(deps, NONCE_BUCKET, ut.nonce, keepUntil, 'UsernameToken nonce');
  const user = findUser(deps, username);
  refuseIfLocked(deps, user);
  const ok =
    ut.passwordType === 'text'
      ? sameSecret(ut.password, user.password)
      : sameSecret(ut.password.trim(), passwordDigest(ut.nonce ?? '', ut.created ?? '', user.password));
  if (!ok) {
    const outcome = recordWrongPassword(deps, user);
    const what = ut.passwordType === 'text' ? `the password for \`${username}\` is wrong` : `the PasswordDigest for \`${username}\` does not match its password (digest = Base64(SHA-1(nonce bytes + Created text + password)))`;
    const tail =
      outcome.lockedUntil !== undefined
        ? `; that was wrong password ${outcome.attempts} of ${outcome.threshold}, so the account is now locked until ${outcome.lockedUntil.toISOString()} (unlock: POST /_sim/accounts/${username}/unlock)`
        : `; check the password (wrong password ${outcome.attempts} of ${outcome.threshold} before the account locks for ${deps.config.lockoutMinutes} minutes)`;
    // rule: STS-PASSWORD (docs/rules.md)
    throw new FailedAuthentication(`${what}${tail}`, {
      details: { username, attempts: outcome.attempts, threshold: outcome.threshold, ...(outcome.lockedUntil === undefined ? {} : { lockedUntil: outcome.lockedUntil.toISOString() }) },
    }, 'PASSWORD_WRONG');
  }
  clearWrongPasswords(deps, username);
  // The second factor of „SAML jegy kérése kétfaktoros azonosítással” (seed 003): the code the
  // user's mobilToken app shows now, checked after the password (so wrong passwords still count).
  if (ut.mobilTokenCode !== undefined) {
    verifyMobilToken(deps, user, ut.mobilTokenCode);
    summary.factors = 2;
    return { method: 'password-mobiltoken', nameId: username, username, context: resolveContext(deps, user, claims) };
  }
  return { method: 'password', nameId: username, username, context: resolveContext(deps, user, claims) };
}
