/**
 * Bounded retries with back-off: an exchange that fails transiently (no answer, a dropped
 * connection, a malformed reply, a 502/503/504, a SOAP Receiver fault) is tried again after a
 * growing wait, at most a fixed number of times; any other failure is final at once.
 *
 * @example
 * ```ts
 * const answer = await withRetry(() => postToService(), { maxAttempts: 4, backoffMs: (n) => 100 * 2 ** (n - 1) });
 * ```
 */
import type { Failure } from './policy.js';

/** A failure as thrown by the HIS's exchanges. */
export class HisFailure extends Error implements Failure {
  constructor(
    readonly code: string,
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'HisFailure';
  }
}

/** Retry settings. */
export interface RetryOptions {
  maxAttempts: number;
  /** Wait before retry `n` (1-based). */
  backoffMs(retry: number): number;
  /** Whether a failure is worth another attempt (default: its `transient` flag). */
  retryable?(failure: HisFailure): boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `attempt` until it succeeds, fails for good, or the attempts are used up. */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const again = err instanceof HisFailure && (options.retryable?.(err) ?? err.transient);
      if (!again || n >= options.maxAttempts) throw err;
      await sleep(options.backoffMs(n));
    }
  }
}
