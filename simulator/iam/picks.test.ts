import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createClock } from '../core/clock.js';
import { createMemoryStore } from '../state/store.js';
import { issuePick, resolvePick } from './picks.js';

const setup = (pickMinutes = 15): { store: ReturnType<typeof createMemoryStore>; clock: ReturnType<typeof createClock>; config: { pickMinutes: number } } => ({
  store: createMemoryStore(loadDefaultFixtures()),
  clock: createClock({ start: '2026-03-02T08:00:00Z', frozen: true }),
  config: { pickMinutes },
});
const ADMIN = { username: 'X23456', institutionId: 'E01620K' };

describe('picks', () => {
  it('resolve to the value for the admin who looked them up, within 15 minutes', () => {
    const deps = setup();
    const { pick, expiresAt } = issuePick(deps, ADMIN, 'user', 'O50123');
    expect(expiresAt).toBe('2026-03-02T08:15:00.000Z');
    expect(resolvePick(deps, ADMIN, 'user', pick, 'userPick')).toBe('O50123');
    deps.clock.advance(15 * 60_000 - 1);
    expect(resolvePick(deps, ADMIN, 'user', pick, 'userPick')).toBe('O50123');
    deps.clock.advance(1);
    expect(() => resolvePick(deps, ADMIN, 'user', pick, 'userPick')).toThrow(/expired at 2026-03-02T08:15:00.000Z/);
  });

  it('last as many minutes as the fixture setting pickMinutes says', () => {
    const deps = setup(2);
    const { pick, expiresAt } = issuePick(deps, ADMIN, 'user', 'O50123');
    expect(expiresAt).toBe('2026-03-02T08:02:00.000Z');
    deps.clock.advance(2 * 60_000);
    expect(() => resolvePick(deps, ADMIN, 'user', pick, 'userPick')).toThrow(/expired at 2026-03-02T08:02:00.000Z \(picks are valid for 2 minutes/);
  });

  it('are renewed (same id) by a new look-up', () => {
    const deps = setup();
    const first = issuePick(deps, ADMIN, 'unit', '016200101');
    deps.clock.advance(10 * 60_000);
    const second = issuePick(deps, ADMIN, 'unit', '016200101');
    expect(second.pick).toBe(first.pick);
    expect(second.expiresAt).toBe('2026-03-02T08:25:00.000Z');
  });

  it('refuse other admins, other drop-downs, unknown ids and no id', () => {
    const deps = setup();
    const { pick } = issuePick(deps, ADMIN, 'user', 'O50123');
    expect(() => resolvePick(deps, { username: 'X23456', institutionId: 'E30217B' }, 'user', pick, 'userPick')).toThrow(/not a pick this admin received/);
    expect(() => resolvePick(deps, ADMIN, 'unit', pick, 'unitPick')).toThrow(/from the user drop-down, not the unit drop-down/);
    expect(() => resolvePick(deps, ADMIN, 'user', 'pick-x', 'userPick')).toThrow(/not a pick/);
    expect(() => resolvePick(deps, ADMIN, 'user', undefined, 'userPick')).toThrow(/`userPick` is missing; the portal demands a pick/);
  });

  it('are cleared by reset', () => {
    const deps = setup();
    const { pick } = issuePick(deps, ADMIN, 'user', 'O50123');
    deps.store.reset();
    expect(() => resolvePick(deps, ADMIN, 'user', pick, 'userPick')).toThrow(/not a pick/);
  });
});
