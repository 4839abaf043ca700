import { describe, expect, it } from 'vitest';
import { createClock } from './clock.js';

describe('clock', () => {
  it('follows real time with an offset and can be set', () => {
    let real = 1_000_000;
    const clock = createClock({ start: 5_000_000, realTime: () => real });
    expect(clock.nowMs()).toBe(5_000_000);
    real += 1000;
    expect(clock.nowMs()).toBe(5_001_000);
    clock.set('2026-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('freezes, advances and resumes', () => {
    let real = 0;
    const clock = createClock({ start: '2026-03-01T08:00:00Z', frozen: true, realTime: () => real });
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2026-03-01T08:00:00.000Z');
    clock.advance(7 * 3600_000);
    expect(clock.now().toISOString()).toBe('2026-03-01T15:00:00.000Z');
    clock.resume();
    real += 1000;
    expect(clock.now().toISOString()).toBe('2026-03-01T15:00:01.000Z');
    expect(clock.state().frozen).toBe(false);
  });

  it('refuses a time it cannot read', () => {
    const clock = createClock();
    expect(() => clock.set('yesterday-ish')).toThrow(/not a valid time/);
    expect(() => clock.advance(Number.NaN)).toThrow(/finite/);
  });
});
