/**
 * The HIS's clock. A HIS normally trusts its host's time (kept right by NTP); under the
 * conformance suite it may follow the simulator's clock instead, which the suite sends with every
 * adapter request (`context.simulatorTime`), so that moving the simulator clock 7 hours ahead
 * moves the HIS's notion of "now" too (docs/adapter.md, "Time").
 *
 * @example
 * ```ts
 * const clock = createHisClock();
 * clock.follow('2026-03-02T15:00:00Z');
 * clock.now(); // about 2026-03-02T15:00:00Z, running on from there
 * ```
 */

/** A settable clock. */
export interface HisClock {
  now(): Date;
  /** Follow a reference time: from now on `now()` runs on from it. */
  follow(referenceIso: string): void;
  /** Offset to the host clock in milliseconds. */
  readonly offsetMs: number;
}

/** Create a clock (host time until told to follow another). */
export function createHisClock(offsetMs = 0): HisClock {
  let offset = offsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    follow(referenceIso) {
      const t = Date.parse(referenceIso);
      if (Number.isFinite(t)) offset = t - Date.now();
    },
    get offsetMs() {
      return offset;
    },
  };
}
