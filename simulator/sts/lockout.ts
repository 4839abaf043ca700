/**
 * Account lockout after repeated wrong passwords: each wrong password counts (store bucket
 * `sts.failed-logins`); at `config.lockoutThreshold` the user's `lockedUntil` (in the working
 * copy of the fixtures) is set to now + `config.lockoutMinutes`. A lock ends by itself at that
 * time, or through {@link unlockAccount} (the lead mounts it as
 * `POST /_sim/accounts/:username/unlock`). A correct password resets the count.
 *
 * @example
 * ```ts
 * unlockAccount(deps, 'O50123'); // after a lockout: { username: 'O50123', wasLocked: true, failedAttemptsCleared: 0 } (the lock restarted the count)
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { NotFound } from '../core/errors.js';
import type { User } from '../../fixtures/schema.js';

/** Bucket of wrong-password counters: username -> record. */
export const FAILED_LOGINS_BUCKET = 'sts.failed-logins';

/** A wrong-password counter. */
export interface FailedLogins {
  count: number;
  /** Simulator time of the last wrong password (ISO 8601). */
  lastAt: string;
}

/** Lock state of a user at the simulator clock; an expired lock is cleared on the way. */
export function lockedUntil(deps: SimDeps, user: User): Date | undefined {
  if (user.lockedUntil === undefined) return undefined;
  const until = new Date(user.lockedUntil);
  if (!Number.isFinite(until.getTime()) || until.getTime() <= deps.clock.nowMs()) {
    delete user.lockedUntil;
    return undefined;
  }
  return until;
}

/** Outcome of a wrong password. */
export interface FailureOutcome {
  /** Wrong passwords counted so far (before a lock resets the count). */
  attempts: number;
  threshold: number;
  /** Set when this failure locked the account. */
  lockedUntil: Date | undefined;
}

/** Count a wrong password; locks the account when the threshold is reached. */
export function recordWrongPassword(deps: SimDeps, user: User): FailureOutcome {
  const bucket = deps.store.bucket<FailedLogins>(FAILED_LOGINS_BUCKET);
  const count = (bucket.get(user.username)?.count ?? 0) + 1;
  const threshold = deps.config.lockoutThreshold;
  if (count >= threshold) {
    const until = new Date(deps.clock.nowMs() + deps.config.lockoutMinutes * 60_000);
    user.lockedUntil = until.toISOString();
    bucket.delete(user.username);
    return { attempts: count, threshold, lockedUntil: until };
  }
  bucket.set(user.username, { count, lastAt: deps.clock.now().toISOString() });
  return { attempts: count, threshold, lockedUntil: undefined };
}

/** Forget the wrong-password count of a user (after a correct password). */
export function clearWrongPasswords(deps: SimDeps, username: string): void {
  deps.store.bucket<FailedLogins>(FAILED_LOGINS_BUCKET).delete(username);
}

/** Result of {@link unlockAccount}. */
export interface UnlockResult {
  username: string;
  /** Whether the account was locked at the simulator clock. */
  wasLocked: boolean;
  /** Wrong passwords forgotten. */
  failedAttemptsCleared: number;
}

/**
 * Unlock an account and forget its wrong passwords. Throws {@link NotFound} (`USER_UNKNOWN`)
 * for a username not in the fixtures.
 *
 * @example
 * ```ts
 * app.post('/accounts/:username/unlock', (c) => c.json(unlockAccount(deps, c.req.param('username'))));
 * ```
 */
export function unlockAccount(deps: SimDeps, username: string): UnlockResult {
  const user = deps.store.state.users.find((u) => u.username === username);
  if (user === undefined) {
    throw new NotFound(`no user \`${username}\` exists in the loaded fixtures; usernames are case-sensitive (prefix upper case, e.g. \`O50123\`)`, { details: { username } }, 'USER_UNKNOWN');
  }
  const wasLocked = lockedUntil(deps, user) !== undefined;
  delete user.lockedUntil;
  const bucket = deps.store.bucket<FailedLogins>(FAILED_LOGINS_BUCKET);
  const failedAttemptsCleared = bucket.get(username)?.count ?? 0;
  bucket.delete(username);
  return { username, wasLocked, failedAttemptsCleared };
}
