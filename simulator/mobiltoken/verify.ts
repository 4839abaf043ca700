/**
 * Verifying a mobilToken code at the simulator clock: the code of the current 60-second step is
 * accepted, and so is the code of the step just before or just after it (one-step tolerance by
 * default; the fixture setting `mobilTokenToleranceSteps` changes it, 0 for none).
 * Each code works once: the last step used per user is kept in the store bucket
 * `mobiltoken.used`, and a code of that step or an earlier one is refused (RFC 6238, 5.2).
 * Refusals say precisely why: malformed, stale, ahead of the clock, reused, or just wrong.
 *
 * @example
 * ```ts
 * const { step } = verifyMobilToken(deps, user, body.mobilTokenCode); // throws FailedAuthentication
 * ```
 */
import type { User } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication } from '../core/errors.js';
import { checkDigitCode, must } from '../identifiers/identifiers.js';
import { matchMobilToken, MOBILTOKEN_STEP_SECONDS, mobilTokenStep, stepStartMs } from './totp.js';

/** What verifying needs: the clock, the store, and the tolerance in force. */
export type MobilTokenDeps = Pick<SimDeps, 'clock' | 'store'> & { config: Pick<SimDeps['config'], 'mobilTokenToleranceSteps'> };

/** Store bucket: username -> the last step whose code was used. */
export const MOBILTOKEN_USED_BUCKET = 'mobiltoken.used';

/** Steps looked at either side (beyond the tolerance) to tell a stale code from a wrong one. */
export const DIAGNOSTIC_STEPS = 10;

/** The last use of a user's mobilToken. */
export interface MobilTokenUse {
  step: number;
  /** Simulator time of the use (ISO 8601). */
  usedAt: string;
}

/** What a successful verification matched. */
export interface VerifiedMobilToken {
  /** The time step of the code. */
  step: number;
  /** The step relative to the current one: within ± the tolerance (-1, 0 or 1 by default). */
  delta: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const minutes = (n: number): string => `${n} minute${n === 1 ? '' : 's'}`;

/** `a code is accepted in its own minute and one minute either side` (with the tolerance in force). */
export function acceptedWindow(toleranceSteps: number): string {
  if (toleranceSteps === 0) return 'a code is accepted in its own minute only';
  return `a code is accepted in its own minute and ${toleranceSteps === 1 ? 'one minute' : minutes(toleranceSteps)} either side`;
}

/**
 * Verify `code` for `user` at the simulator clock and use it up. Throws
 * `IDENTIFIER_INVALID` (field `mobilTokenCode`) for anything but 6 digits, and
 * {@link FailedAuthentication} with `MOBILTOKEN_STALE`, `MOBILTOKEN_NOT_YET_VALID`,
 * `MOBILTOKEN_REUSED` or `MOBILTOKEN_INVALID`.
 *
 * @example
 * ```ts
 * verifyMobilToken(deps, user, '482915'); // { step: 29541120, delta: 0 }
 * ```
 */
export function verifyMobilToken(deps: MobilTokenDeps, user: User, code: unknown): VerifiedMobilToken {
  const tolerance = deps.config.mobilTokenToleranceSteps;
  const given = must(checkDigitCode('mobilToken', code), 'mobilTokenCode');
  const now = deps.clock.nowMs();
  const current = mobilTokenStep(now);
  const who = `\`${user.username}\``;
  const tool = `\`eeszt-sim token ${user.username}\``;
  const delta = matchMobilToken(user.mobilTokenSecret, given, now, DIAGNOSTIC_STEPS + tolerance);
  if (delta === undefined) {
    // rule: AUTH-MOBILTOKEN (docs/rules.md)
    throw new FailedAuthentication(
      `the mobilToken code is not the one ${who}'s mobilToken app shows at the simulator clock (${iso(now)}), ${tolerance === 0 ? 'nor in a minute near it' : `nor within ${tolerance === 1 ? 'a minute' : minutes(tolerance)} of it`}; enter the code the app shows now (an authenticator app on real time shows other codes while the simulator clock differs: ${tool} prints the code at the simulator clock)`,
      { details: { field: 'mobilTokenCode', username: user.username } },
      'MOBILTOKEN_INVALID',
    );
  }
  const step = current + delta;
  if (delta < -tolerance) {
    throw new FailedAuthentication(
      `the mobilToken code is stale: ${who}'s app showed it ${minutes(-delta)} ago (from ${iso(stepStartMs(step))} at the simulator clock); ${acceptedWindow(tolerance)}: enter the code the app shows now`,
      { details: { field: 'mobilTokenCode', username: user.username, codeFrom: iso(stepStartMs(step)) } },
      'MOBILTOKEN_STALE',
    );
  }
  if (delta > tolerance) {
    throw new FailedAuthentication(
      `the mobilToken code is ${minutes(delta)} ahead of the simulator clock (${iso(now)}): ${who}'s app will show it from ${iso(stepStartMs(step))}; ${acceptedWindow(tolerance)}: check the phone's clock, or get the code at the simulator clock with ${tool}`,
      { details: { field: 'mobilTokenCode', username: user.username, codeFrom: iso(stepStartMs(step)) } },
      'MOBILTOKEN_NOT_YET_VALID',
    );
  }
  const used = deps.store.bucket<MobilTokenUse>(MOBILTOKEN_USED_BUCKET);
  const last = used.get(user.username);
  if (last !== undefined && step <= last.step) {
    const why =
      step === last.step
        ? `this mobilToken code was already used at ${last.usedAt}; each code works once`
        : `this mobilToken code is older than one ${who} already used at ${last.usedAt}; each code works once and an earlier code cannot follow a later one`;
    throw new FailedAuthentication(`${why}: wait for the next code (the app shows a new one every ${MOBILTOKEN_STEP_SECONDS} seconds)`, {
      details: { field: 'mobilTokenCode', username: user.username, usedAt: last.usedAt },
    }, 'MOBILTOKEN_REUSED');
  }
  used.set(user.username, { step, usedAt: iso(now) });
  return { step, delta };
}
