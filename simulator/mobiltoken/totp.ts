/**
 * The mobilToken algorithm: TOTP (RFC 6238) with HMAC-SHA-1, 6 digits and a 60-second time
 * step, over the user's base32 secret from the fixtures (`User.mobilTokenSecret`). The
 * arithmetic is the `otpauth` library's; this module only fixes the parameters and works at
 * whatever time it is given (callers pass the simulator clock, never the host clock).
 *
 * @example
 * ```ts
 * const code = mobilTokenAt('KHFUB2KIUONRRQB4PLBVCK3P7FEF5KUE', clock.nowMs()); // '123456'-like
 * matchMobilToken('KHFUB2KIUONRRQB4PLBVCK3P7FEF5KUE', code, clock.nowMs(), 1);   // 0
 * ```
 */
import type { Secret } from 'otpauth';
import { lazyRequire } from '../core/lazy-require.js';

/** otpauth, loaded on the first mobilToken code computed or checked (start-up does not need it). */
const otpauth = lazyRequire<typeof import('otpauth')>('otpauth');

/** Digits of a mobilToken code. */
export const MOBILTOKEN_DIGITS = 6;
/** Seconds one code is shown for (the TOTP time step). */
export const MOBILTOKEN_STEP_SECONDS = 60;

const PARAMS = { algorithm: 'SHA1', digits: MOBILTOKEN_DIGITS, period: MOBILTOKEN_STEP_SECONDS } as const;

const secrets = new Map<string, Secret>();

/** The parsed secret (memoised; a fixture secret is checked as base32 when the set is loaded). */
function secretOf(base32: string): Secret {
  let s = secrets.get(base32);
  if (s === undefined) {
    s = otpauth().Secret.fromBase32(base32);
    if (secrets.size > 10_000) secrets.clear();
    secrets.set(base32, s);
  }
  return s;
}

/** The time-step counter at `timeMs` (epoch milliseconds). */
export function mobilTokenStep(timeMs: number): number {
  return otpauth().TOTP.counter({ period: MOBILTOKEN_STEP_SECONDS, timestamp: timeMs });
}

/** Epoch milliseconds at which a step begins. */
export function stepStartMs(step: number): number {
  return step * MOBILTOKEN_STEP_SECONDS * 1000;
}

/**
 * The code the app shows at `timeMs`.
 *
 * @example
 * ```ts
 * mobilTokenAt(user.mobilTokenSecret, deps.clock.nowMs());
 * ```
 */
export function mobilTokenAt(secretBase32: string, timeMs: number): string {
  return otpauth().TOTP.generate({ secret: secretOf(secretBase32), ...PARAMS, timestamp: timeMs });
}

/**
 * Which step, relative to the one at `timeMs`, produced `code`: a number in `-window..window`, or
 * undefined when none did. Comparison is constant-time (otpauth).
 *
 * @example
 * ```ts
 * matchMobilToken(secret, code, clock.nowMs(), 1); // -1, 0, 1 or undefined
 * ```
 */
export function matchMobilToken(secretBase32: string, code: string, timeMs: number, window: number): number | undefined {
  const delta = otpauth().TOTP.validate({ token: code, secret: secretOf(secretBase32), ...PARAMS, timestamp: timeMs, window });
  return delta ?? undefined;
}
