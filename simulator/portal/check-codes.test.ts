import { describe, expect, it } from 'vitest';
import { createClock } from '../core/clock.js';
import { createMemoryStore } from '../state/store.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { CHECK_CODES_BUCKET, issueCheckCode, spendCheckCode } from './check-codes.js';

function deps() {
  return { store: createMemoryStore(loadDefaultFixtures()), clock: createClock({ start: '2026-03-02T08:00:00Z', frozen: true }) };
}

describe('the activation page\'s check code', () => {
  it('is 6 unambiguous characters, typed back case-insensitively, and good for one try', () => {
    const d = deps();
    const shown = issueCheckCode(d);
    expect(shown).toMatchObject({ checkCode: expect.stringMatching(/^[A-HJ-NP-Z2-9]{6}$/), expiresAt: '2026-03-02T08:10:00.000Z' });
    expect(() => spendCheckCode(d, shown.checkCodeId, ` ${shown.checkCode.toLowerCase()} `)).not.toThrow();
    expect(() => spendCheckCode(d, shown.checkCodeId, shown.checkCode)).toThrow(expect.objectContaining({ code: 'CHECK_CODE_UNKNOWN' }));
    const again = issueCheckCode(d);
    expect(() => spendCheckCode(d, again.checkCodeId, 'WRONG1')).toThrow(expect.objectContaining({ code: 'CHECK_CODE_WRONG', status: 400 }));
    expect(d.store.bucket(CHECK_CODES_BUCKET).size).toBe(0);
  });

  it('expires after 10 minutes and must be sent', () => {
    const d = deps();
    const shown = issueCheckCode(d);
    d.clock.advance(10 * 60_000);
    expect(() => spendCheckCode(d, shown.checkCodeId, shown.checkCode)).toThrow(expect.objectContaining({ code: 'CHECK_CODE_EXPIRED' }));
    expect(() => spendCheckCode(d, undefined, 'X')).toThrow(expect.objectContaining({ code: 'CHECK_CODE_MISSING', details: { field: 'checkCodeId' } }));
    expect(() => spendCheckCode(d, 'x', '')).toThrow(expect.objectContaining({ code: 'CHECK_CODE_MISSING', details: { field: 'checkCode' } }));
  });
});
