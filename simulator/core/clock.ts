/**
 * The simulator clock. Every time-dependent rule in the simulator (token validity, PIN
 * suspension, certificate validity, journal timestamps, mobilToken steps) reads this clock,
 * never `Date.now()` directly, so that QA teams can move time through `/_sim/clock`.
 *
 * @example
 * ```ts
 * const clock = createClock({ start: '2026-01-01T08:00:00Z', frozen: true });
 * clock.advance(7 * 3600_000);
 * clock.now().toISOString(); // '2026-01-01T15:00:00.000Z'
 * ```
 */
export interface Clock {
  /** The current simulated time. */
  now(): Date;
  /** The current simulated time in epoch milliseconds. */
  nowMs(): number;
  /** Jump to an absolute time; keeps the frozen / running mode. */
  set(time: Date | number | string): void;
  /** Move the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Stop the clock at its current time. */
  freeze(): void;
  /** Let the clock run again from its current time. */
  resume(): void;
  /** A JSON-friendly view of the clock. */
  state(): ClockState;
  /** Back to how the clock was created (its start time and mode; real time if none was given). */
  reset(): void;
  /**
   * Apply several changes as one, in the order set, advance, freeze, resume: every value is
   * checked before anything changes (a refused change leaves the clock as it was), and the real
   * clock is read once, so `{ set: X, freeze: true }` stops at exactly X. Throws
   * {@link ClockChangeError} naming the refused field.
   */
  apply(change: ClockChange): void;
}

/** Changes for {@link Clock.apply}. */
export interface ClockChange {
  set?: Date | number | string;
  advance?: number;
  freeze?: boolean;
  resume?: boolean;
}

/** A refused {@link ClockChange}: `field` names the change that could not be applied. */
export class ClockChangeError extends RangeError {
  constructor(
    readonly field: 'set' | 'advance',
    message: string,
  ) {
    super(message);
  }
}

/** The JSON view of the clock, as `GET /_sim/clock` returns it. */
export interface ClockState {
  now: string;
  epochMs: number;
  frozen: boolean;
  /** Simulated time minus real time, in milliseconds (0 when the clock follows real time). */
  offsetMs: number;
}

/** Options for {@link createClock}. */
export interface ClockOptions {
  /** Start time (ISO 8601 or epoch ms). Default: real time. */
  start?: string | number | Date;
  /** Start frozen. Default: false (the clock runs with real time). */
  frozen?: boolean;
  /** The source of real time; injectable for tests. */
  realTime?: () => number;
}

/** The one place in the simulator that reads the host's wall clock. */
export const realTimeMs = (): number => Date.now();

/**
 * The range the clock may be set or moved to: the years 0001 to 9999, the times every format the
 * simulator writes (ISO 8601, xs:dateTime, X.509) can express with a four-digit year. Beyond it
 * `toISOString()` throws (after the year 275760) or writes a six-digit year no client reads.
 */
export const CLOCK_MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
export const CLOCK_MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

function inRange(ms: number, what: string): number {
  if (ms < CLOCK_MIN_MS || ms > CLOCK_MAX_MS) {
    throw new RangeError(`${what} is outside the years 0001 to 9999, the range of the simulator clock`);
  }
  return ms;
}

/**
 * Create a settable clock.
 *
 * @example
 * ```ts
 * const clock = createClock();
 * clock.freeze();
 * ```
 */
export function createClock(options: ClockOptions = {}): Clock {
  const real = options.realTime ?? realTimeMs;
  let frozen = options.frozen ?? false;
  const startMs = options.start === undefined ? real() : inRange(toMs(options.start), `start time ${String(options.start)}`);
  // Simulated time = real time + offset while running; = frozenAt while frozen.
  let offset = startMs - real();
  let frozenAt = startMs;

  const nowMs = (): number => (frozen ? frozenAt : real() + offset);
  const initialOffset = offset;
  const initialFrozen = frozen;
  return {
    now: () => new Date(nowMs()),
    nowMs,
    set(time) {
      const ms = inRange(toMs(time), `time ${String(time)}`);
      if (frozen) frozenAt = ms;
      else offset = ms - real();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError('advance needs a finite number of milliseconds');
      inRange(nowMs() + ms, `moving the clock by ${ms} ms`);
      if (frozen) frozenAt += ms;
      else offset += ms;
    },
    freeze() {
      if (frozen) return;
      frozenAt = nowMs();
      frozen = true;
    },
    resume() {
      if (!frozen) return;
      offset = frozenAt - real();
      frozen = false;
    },
    reset() {
      frozen = initialFrozen;
      offset = initialOffset;
      frozenAt = startMs;
    },
    apply(change) {
      const r = real();
      let ms = frozen ? frozenAt : r + offset;
      if (change.set !== undefined) {
        try {
          ms = inRange(toMs(change.set), `time ${String(change.set)}`);
        } catch (err) {
          throw new ClockChangeError('set', (err as Error).message);
        }
      }
      if (change.advance !== undefined) {
        if (!Number.isFinite(change.advance)) throw new ClockChangeError('advance', 'advance needs a finite number of milliseconds');
        try {
          ms = inRange(ms + change.advance, `moving the clock by ${change.advance} ms`);
        } catch (err) {
          throw new ClockChangeError('advance', (err as Error).message);
        }
      }
      let stop = frozen;
      if (change.freeze === true) stop = true;
      if (change.resume === true) stop = false;
      frozen = stop;
      if (stop) frozenAt = ms;
      else offset = ms - r;
    },
    state() {
      const ms = nowMs();
      return { now: new Date(ms).toISOString(), epochMs: ms, frozen, offsetMs: ms - real() };
    },
  };
}

function toMs(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(value)}`);
  return ms;
}
