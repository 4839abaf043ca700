import { describe, expect, it } from 'vitest';
import { matchMobilToken, mobilTokenAt, mobilTokenStep, stepStartMs } from './totp.js';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890"; the RFC's 30-second counters map to
// 60-second steps at twice the time, and its 8-digit codes end in our 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('mobilToken TOTP (RFC 6238, SHA-1, 6 digits, 60 s)', () => {
  it('matches the RFC 6238 test vectors at a 60-second step', () => {
    expect(mobilTokenAt(RFC_SECRET, 60_000)).toBe('287082'); // counter 1: 94287082
    expect(mobilTokenAt(RFC_SECRET, 37037036 * 60_000)).toBe('081804'); // counter 37037036: 07081804
    expect(mobilTokenAt(RFC_SECRET, 37037037 * 60_000)).toBe('050471'); // counter 37037037: 14050471
    expect(mobilTokenAt(RFC_SECRET, 41152263 * 60_000 + 59_999)).toBe('005924'); // counter 41152263: 89005924
  });

  it('keeps one code for the whole minute', () => {
    const t = Date.parse('2026-03-02T08:00:00Z');
    expect(mobilTokenStep(t)).toBe(mobilTokenStep(t + 59_999));
    expect(mobilTokenStep(t + 60_000)).toBe(mobilTokenStep(t) + 1);
    expect(stepStartMs(mobilTokenStep(t + 30_000))).toBe(t);
    expect(mobilTokenAt(RFC_SECRET, t)).toBe(mobilTokenAt(RFC_SECRET, t + 59_999));
  });

  it('finds the step of a code within the window, nearest first', () => {
    const t = Date.parse('2026-03-02T08:00:00Z');
    const previous = mobilTokenAt(RFC_SECRET, t - 60_000);
    expect(matchMobilToken(RFC_SECRET, mobilTokenAt(RFC_SECRET, t), t, 1)).toBe(0);
    expect(matchMobilToken(RFC_SECRET, previous, t, 1)).toBe(-1);
    expect(matchMobilToken(RFC_SECRET, mobilTokenAt(RFC_SECRET, t + 60_000), t, 1)).toBe(1);
    expect(matchMobilToken(RFC_SECRET, mobilTokenAt(RFC_SECRET, t - 180_000), t, 1)).toBeUndefined();
    expect(matchMobilToken(RFC_SECRET, mobilTokenAt(RFC_SECRET, t - 180_000), t, 5)).toBe(-3);
    expect(matchMobilToken(RFC_SECRET, '12345', t, 1)).toBeUndefined();
  });
});
