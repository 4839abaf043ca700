import { beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import type { User } from '../../fixtures/schema.js';
import { createClock, type Clock } from '../core/clock.js';
import { IdentifierInvalid, SimError } from '../core/errors.js';
import { createMemoryStore, type Store } from '../state/store.js';
import { currentMobilToken } from './current.js';
import { mobilTokenAt } from './totp.js';
import { verifyMobilToken } from './verify.js';

let deps: { clock: Clock; store: Store; config: { mobilTokenToleranceSteps: number } };
let user: User;
const codeAt = (offsetMs: number): string => mobilTokenAt(user.mobilTokenSecret, deps.clock.nowMs() + offsetMs);

function refusal(code: unknown): { code: string; message: string } {
  try {
    verifyMobilToken(deps, user, code);
  } catch (err) {
    if (err instanceof SimError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('accepted');
}

beforeEach(() => {
  deps = { clock: createClock({ start: '2026-03-02T08:00:30Z', frozen: true }), store: createMemoryStore(loadDefaultFixtures()), config: { mobilTokenToleranceSteps: 1 } };
  user = deps.store.state.users.find((u) => u.username === 'O50123') as User;
});

describe('verifyMobilToken', () => {
  it('accepts the code of this minute, and of the minute before or after', () => {
    expect(verifyMobilToken(deps, user, codeAt(-60_000)).delta).toBe(-1);
    expect(verifyMobilToken(deps, user, codeAt(0)).delta).toBe(0);
    expect(verifyMobilToken(deps, user, codeAt(60_000)).delta).toBe(1);
  });

  it('agrees with the code the control API shows', () => {
    const shown = currentMobilToken(deps, 'O50123');
    expect(shown).toMatchObject({ username: 'O50123', shownFrom: '2026-03-02T08:00:00.000Z', shownUntil: '2026-03-02T08:01:00.000Z', acceptedUntil: '2026-03-02T08:02:00.000Z', secondsLeft: 30 });
    expect(verifyMobilToken(deps, user, shown.mobilTokenCode)).toEqual({ step: shown.step, delta: 0 });
  });

  it('accepts each code once', () => {
    const code = codeAt(0);
    verifyMobilToken(deps, user, code);
    expect(refusal(code)).toEqual({
      code: 'MOBILTOKEN_REUSED',
      message: 'this mobilToken code was already used at 2026-03-02T08:00:30.000Z; each code works once: wait for the next code (the app shows a new one every 60 seconds)',
    });
    expect(refusal(codeAt(-60_000))).toEqual({
      code: 'MOBILTOKEN_REUSED',
      message:
        'this mobilToken code is older than one `O50123` already used at 2026-03-02T08:00:30.000Z; each code works once and an earlier code cannot follow a later one: wait for the next code (the app shows a new one every 60 seconds)',
    });
    deps.clock.advance(60_000);
    expect(verifyMobilToken(deps, user, codeAt(0)).delta).toBe(0);
  });

  it('refuses a stale code, a code ahead of the clock and a wrong code, saying which', () => {
    expect(refusal(codeAt(-120_000))).toEqual({
      code: 'MOBILTOKEN_STALE',
      message:
        "the mobilToken code is stale: `O50123`'s app showed it 2 minutes ago (from 2026-03-02T07:58:00.000Z at the simulator clock); a code is accepted in its own minute and one minute either side: enter the code the app shows now",
    });
    expect(refusal(codeAt(180_000))).toEqual({
      code: 'MOBILTOKEN_NOT_YET_VALID',
      message:
        "the mobilToken code is 3 minutes ahead of the simulator clock (2026-03-02T08:00:30.000Z): `O50123`'s app will show it from 2026-03-02T08:03:00.000Z; a code is accepted in its own minute and one minute either side: check the phone's clock, or get the code at the simulator clock with `eeszt-sim token O50123`",
    });
    const wrong = ['000000', '111111', '222222'].find((c) => ![-11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].some((d) => codeAt(d * 60_000) === c)) as string;
    expect(refusal(wrong)).toEqual({
      code: 'MOBILTOKEN_INVALID',
      message:
        "the mobilToken code is not the one `O50123`'s mobilToken app shows at the simulator clock (2026-03-02T08:00:30.000Z), nor within a minute of it; enter the code the app shows now (an authenticator app on real time shows other codes while the simulator clock differs: `eeszt-sim token O50123` prints the code at the simulator clock)",
    });
  });

  it('takes the tolerance from the configuration (fixture setting mobilTokenToleranceSteps): 0 accepts only this minute, 2 two minutes either side', () => {
    deps.config.mobilTokenToleranceSteps = 0;
    expect(refusal(codeAt(-60_000))).toEqual({
      code: 'MOBILTOKEN_STALE',
      message:
        "the mobilToken code is stale: `O50123`'s app showed it 1 minute ago (from 2026-03-02T07:59:00.000Z at the simulator clock); a code is accepted in its own minute only: enter the code the app shows now",
    });
    expect(refusal(codeAt(60_000)).code).toBe('MOBILTOKEN_NOT_YET_VALID');
    expect(currentMobilToken(deps, 'O50123').acceptedUntil).toBe('2026-03-02T08:01:00.000Z');
    expect(verifyMobilToken(deps, user, codeAt(0)).delta).toBe(0);
    deps.config.mobilTokenToleranceSteps = 2;
    deps.clock.advance(60_000);
    expect(verifyMobilToken(deps, user, codeAt(120_000)).delta).toBe(2);
    deps.clock.advance(5 * 60_000);
    expect(refusal(codeAt(-180_000))).toEqual({
      code: 'MOBILTOKEN_STALE',
      message:
        "the mobilToken code is stale: `O50123`'s app showed it 3 minutes ago (from 2026-03-02T08:03:00.000Z at the simulator clock); a code is accepted in its own minute and 2 minutes either side: enter the code the app shows now",
    });
    expect(currentMobilToken(deps, 'O50123').acceptedUntil).toBe('2026-03-02T08:09:00.000Z');
  });

  it('refuses anything but 6 digits before looking at the code, never echoing it', () => {
    for (const [value, got] of [['12345', '5 characters'], ['1234567', '7 characters'], ['12345a', '6 characters'], [123456, 'nothing'], [undefined, 'nothing']] as const) {
      try {
        verifyMobilToken(deps, user, value);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(IdentifierInvalid);
        expect((err as IdentifierInvalid).message).toBe(`mobilToken code must be the 6-digit code the mobilToken app shows this minute; got ${got}`);
        expect((err as IdentifierInvalid).details).toEqual({ field: 'mobilTokenCode' });
      }
    }
  });
});
