/**
 * The code a user's mobilToken app shows right now, at the simulator clock: what
 * `GET /_sim/mobiltoken/{username}` and `eeszt-sim token USERNAME` give. Looking a code up does
 * not use it.
 *
 * @example
 * ```ts
 * currentMobilToken(deps, 'O50123');
 * // { username: 'O50123', mobilTokenCode: '…', shownFrom: '2026-03-02T08:00:00.000Z', shownUntil: '…:01:00.000Z', secondsLeft: 60, … }
 * ```
 */
import type { User } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { NotFound } from '../core/errors.js';
import { checkUsername, must } from '../identifiers/identifiers.js';
import { mobilTokenAt, MOBILTOKEN_STEP_SECONDS, mobilTokenStep, stepStartMs } from './totp.js';
import type { MobilTokenDeps } from './verify.js';

/** The current code and its time window. */
export interface CurrentMobilToken {
  username: string;
  /** The 6-digit code (named so the journal redacts it). */
  mobilTokenCode: string;
  /** The TOTP time step. */
  step: number;
  /** When the app started showing this code (ISO 8601, simulator time). */
  shownFrom: string;
  /** When the app shows the next code. */
  shownUntil: string;
  /** Last moment (exclusive) a login accepts this code: one step after it is no longer shown. */
  acceptedUntil: string;
  /** Whole seconds until the next code (1–60). */
  secondsLeft: number;
  /** The simulator clock's now. */
  at: string;
}

/** The fixture user with this username, or `USER_UNKNOWN` (404). Usernames are case-sensitive. */
export function mobilTokenUser(deps: Pick<SimDeps, 'store'>, username: unknown): User {
  const name = must(checkUsername(username), 'username').username;
  const user = deps.store.state.users.find((u) => u.username === name);
  if (user === undefined) {
    throw new NotFound(`no EESZT user \`${name}\` exists in this simulator, so no mobilToken app shows codes for it; check the username (usernames are case-sensitive)`, {
      details: { username: name },
    }, 'USER_UNKNOWN');
  }
  return user;
}

/**
 * The code `username`'s mobilToken app shows at the simulator clock.
 *
 * @example
 * ```ts
 * const { mobilTokenCode } = currentMobilToken(deps, 'S12345');
 * ```
 */
export function currentMobilToken(deps: MobilTokenDeps, username: string): CurrentMobilToken {
  const user = mobilTokenUser(deps, username);
  const now = deps.clock.nowMs();
  const step = mobilTokenStep(now);
  const from = stepStartMs(step);
  const until = stepStartMs(step + 1);
  return {
    username: user.username,
    mobilTokenCode: mobilTokenAt(user.mobilTokenSecret, now),
    step,
    shownFrom: new Date(from).toISOString(),
    shownUntil: new Date(until).toISOString(),
    acceptedUntil: new Date(stepStartMs(step + 1 + deps.config.mobilTokenToleranceSteps)).toISOString(),
    secondsLeft: Math.max(1, Math.min(MOBILTOKEN_STEP_SECONDS, Math.ceil((until - now) / 1000))),
    at: new Date(now).toISOString(),
  };
}
