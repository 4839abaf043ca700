import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it('reads numbers, unit strings and ISO 8601 durations', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration('7h')).toBe(25_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('-5m')).toBe(-300_000);
    expect(parseDuration('PT7H')).toBe(25_200_000);
    expect(parseDuration('P1DT1S')).toBe(86_401_000);
    expect(parseDuration('250')).toBe(250);
  });
  it('refuses what it cannot read with a hint', () => {
    expect(() => parseDuration('seven hours')).toThrow('duration `seven hours` is not understood; give milliseconds or a duration like `7h`');
    expect(() => parseDuration('')).toThrow(/duration missing/);
    expect(() => parseDuration('PT')).toThrow(/not understood/);
  });
});
