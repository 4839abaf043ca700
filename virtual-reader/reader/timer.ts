/**
 * An injectable timer for prompt timeouts and scripted cardholder waits. `realTimer` uses the
 * host's timers (so vitest fake timers work with it); {@link createManualTimer} is moved by
 * hand in tests.
 *
 * @example
 * ```ts
 * const timer = createManualTimer();
 * const done = sleep(timer, 5_000);
 * await timer.advance(5_000); // `done` resolves
 * ```
 */

/** Opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** Schedules callbacks. */
export interface Timer {
  /** Milliseconds on this timer's own time line. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The host's timers. */
export const realTimer: Timer = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A timer that only moves when told to. */
export interface ManualTimer extends Timer {
  /** Move time forward by `ms`, firing due callbacks in order and letting promise chains run between them. */
  advance(ms: number): Promise<void>;
  /** Number of callbacks still scheduled. */
  pending(): number;
}

/** Create a {@link ManualTimer} starting at `start` ms. `advance` yields with the real `setImmediate`: do not combine it with vitest fake timers. */
export function createManualTimer(start = 0): ManualTimer {
  let now = start;
  let seq = 0;
  const tasks = new Map<number, { at: number; callback: () => void }>();
  const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = ++seq;
      tasks.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      tasks.delete(handle as number);
    },
    pending: () => tasks.size,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await flush();
        let next: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of tasks) if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry;
        if (next === undefined) break;
        tasks.delete(next[0]);
        now = next[1].at;
        next[1].callback();
      }
      now = target;
      await flush();
    },
  };
}

/** Resolve after `ms` on `timer`; reject with the signal's reason when `signal` aborts first. */
export function sleep(timer: Timer, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timer.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timer.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
