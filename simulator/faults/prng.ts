/**
 * A small seeded pseudo-random generator (mulberry32) whose whole state is one 32-bit number,
 * so a fault rule can keep it in the store and a run with the same rules and the same calls
 * makes the same decisions every time.
 *
 * @example
 * ```ts
 * let state = seedState(42);
 * const draw = nextRandom(state); // { value: 0.6011..., state: ... }
 * state = draw.state;
 * ```
 */

/** One draw: a number in [0, 1) and the generator state after it. */
export interface RandomDraw {
  value: number;
  state: number;
}

/** The initial state for a seed (any integer). */
export function seedState(seed: number): number {
  return (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
}

/** Draw the next number from a state. */
export function nextRandom(state: number): RandomDraw {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { value, state: next };
}
