import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { grantVMatrixRole, missingRoleMessage, requireVMatrixRole, revokeVMatrixRole, vmatrixRolesOf } from './vmatrix.js';

const seat = { username: 'O83456', institutionId: 'E01620K', unitCode: '016200102' };

describe('V-MÁTRIX', () => {
  it('grants, reads and revokes roles per unit', () => {
    const state = loadDefaultFixtures();
    expect(vmatrixRolesOf(state, seat)).toEqual([]);
    expect(grantVMatrixRole(state, seat, 'ORVOS')).toBe(true);
    expect(grantVMatrixRole(state, seat, 'ORVOS')).toBe(false);
    expect(vmatrixRolesOf(state, seat)).toEqual(['ORVOS']);
    expect(vmatrixRolesOf(state, { ...seat, unitCode: '016200101' })).toEqual([]);
    revokeVMatrixRole(state, seat, 'ORVOS');
    expect(state.vmatrix.some((g) => g.username === 'O83456')).toBe(false);
    expect(() => revokeVMatrixRole(state, seat, 'ORVOS')).toThrow(/holds no V-MÁTRIX role `ORVOS`/);
  });

  it('refuses a missing role naming role, unit, institution and who fixes it', () => {
    const state = loadDefaultFixtures();
    expect(() => requireVMatrixRole(state, seat, ['ORVOS'])).toThrow(
      "user `O83456` has no V-MÁTRIX role `ORVOS` in unit `016200102` of `E01620K`; the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)",
    );
    expect(requireVMatrixRole(state, { ...seat, username: 'O50123' }, ['INTEZMENYI_RENDSZER', 'ORVOS'])).toBe('ORVOS');
  });

  it('speaks of an institutional token without a system user', () => {
    expect(missingRoleMessage({ username: 'E123456', institutionId: 'E123456', unitCode: '123456001' }, ['INTEZMENYI_RENDSZER'])).toMatch(
      /^the institutional token of `E123456` acts for no system user and has no V-MÁTRIX role `INTEZMENYI_RENDSZER`/,
    );
  });
});
