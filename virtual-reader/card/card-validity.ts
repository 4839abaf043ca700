/**
 * Card validity by the simulator clock. A card's `expiry` is its last day of validity in
 * Hungary: the card is expired once the Europe/Budapest calendar date at the clock's time is
 * after it.
 *
 * @example
 * ```ts
 * budapestDate(new Date('2026-03-31T22:30:00Z')); // '2026-04-01' (CEST is UTC+2)
 * isCardExpired({ expiry: '2026-03-31' }, clock);
 * ```
 */
import type { Clock } from '../../simulator/core/clock.js';

const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Budapest', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date `YYYY-MM-DD` in Hungary (Europe/Budapest) at `at`. */
export function budapestDate(at: Date): string {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** True when the clock's Hungarian date is after the card's last day of validity. */
export function isCardExpired(card: { expiry: string }, clock: Clock): boolean {
  // rule: CARD-EXPIRY (docs/rules.md)
  return budapestDate(clock.now()) > card.expiry;
}
