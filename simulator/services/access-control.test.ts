import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createMemoryStore } from '../state/store.js';
import { authorizeAccess, requireTreatingDoctor } from './access-control.js';
import type { Caller } from './caller.js';
import { insertDocument } from './document-store.js';
import { createClock } from '../core/clock.js';
import { collectingScope } from '../policy/policy.js';
import type { AuthMethod } from '../token/auth-factors.js';
import { AUTH_FACTORS } from '../token/auth-factors.js';

const caller = (username: string, institutionId: string, unitCode: string, authMethod: AuthMethod = 'card'): Caller => ({
  username,
  institutionId,
  unitCode,
  authMethod,
  factors: AUTH_FACTORS[authMethod],
});
const strict = collectingScope('strict');

describe('authorizeAccess', () => {
  const state = loadDefaultFixtures();

  it('admits a doctor as doctor for writes, and as treating doctor (to be proven) for reads', () => {
    const doctor = caller('O50123', 'E01620K', '016200101');
    expect(authorizeAccess(state, doctor, 'erecept', 'write', strict)).toEqual({ actor: 'doctor', role: 'ORVOS', needsTreating: false });
    expect(authorizeAccess(state, doctor, 'erecept', 'read', strict)).toEqual({ actor: 'treating-doctor', role: 'ORVOS', needsTreating: true });
  });

  it('admits a pharmacist of a pharmacy as the pharmacy for eRecept reads', () => {
    expect(authorizeAccess(state, caller('G12345', 'P012345', '123450001'), 'erecept', 'read', strict)).toEqual({ actor: 'pharmacy', role: 'GYOGYSZERESZ', needsTreating: false });
  });

  it('checks the role in the unit of the token, not elsewhere', () => {
    // O50123 holds ORVOS in 016200101 and 016200102, not in 016200103
    expect(() => authorizeAccess(state, caller('O50123', 'E01620K', '016200103'), 'erecept', 'write', strict)).toThrow(
      "user `O50123` has no V-MÁTRIX role `ORVOS` in unit `016200103` of `E01620K` (needed to write eRecept); the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)",
    );
  });

  it('names the pharmacy roles at a pharmacy', () => {
    const state2 = loadDefaultFixtures();
    state2.vmatrix = state2.vmatrix.filter((g) => g.username !== 'G12345');
    expect(() => authorizeAccess(state2, caller('G12345', 'P012345', '123450001'), 'erecept', 'read', strict)).toThrow(
      'has no V-MÁTRIX role `GYOGYSZERESZ` or `INTEZMENYI_RENDSZER` in unit `123450001` of `P012345`',
    );
  });

  it('refuses an n/a cell whoever asks', () => {
    expect(() => authorizeAccess(state, caller('O50123', 'E01620K', '016200101'), 'eprofil', 'list', strict)).toThrow(/offers no list operation/);
  });

  it('admits a doctor holding only ORVOS as the institution for reports (seed 002), and an institutional user only with the certificate (seed 003)', () => {
    const doctor = caller('O50123', 'E01620K', '016200101');
    expect(authorizeAccess(state, doctor, 'esemenykatalogus', 'write', strict)).toEqual({ actor: 'institution', role: 'ORVOS', needsTreating: false });
    expect(authorizeAccess(state, doctor, 'ehr', 'write', strict)).toEqual({ actor: 'institution', role: 'ORVOS', needsTreating: false });
    const system = caller('X90001', 'E30217B', '302170101', 'certificate');
    expect(authorizeAccess(state, system, 'ehr', 'write', strict)).toEqual({ actor: 'institution', role: 'INTEZMENYI_RENDSZER', needsTreating: false });
    for (const method of ['password', 'password-mobiltoken', 'card'] as const) {
      expect(() => authorizeAccess(state, caller('X90001', 'E30217B', '302170101', method), 'ehr', 'write', strict)).toThrow(/institutional users act only with the institutional certificate/);
    }
  });

  it('refuses a single-factor token of a person under strict, and lets it through flagged under lenient', () => {
    const doctor = caller('O50123', 'E01620K', '016200101', 'password');
    expect(() => authorizeAccess(state, doctor, 'erecept', 'write', strict)).toThrow(/was obtained with username and password only \(one factor\)/);
    const lenient = collectingScope('lenient');
    expect(authorizeAccess(state, doctor, 'erecept', 'write', lenient)).toEqual({ actor: 'doctor', role: 'ORVOS', needsTreating: false });
    expect(lenient.relaxations.map((r) => [r.rule, r.code])).toEqual([['AUTH-MULTI-FACTOR', 'MULTI_FACTOR_REQUIRED']]);
    expect(() => authorizeAccess(state, caller('O50123', 'E01620K', '016200101', 'password-mobiltoken'), 'erecept', 'write', strict)).not.toThrow();
  });

  it('refuses a role held at the wrong kind of institution', () => {
    const state2 = loadDefaultFixtures();
    state2.vmatrix.find((g) => g.username === 'G12345')?.roles.push('INTEZMENYI_RENDSZER');
    expect(() => authorizeAccess(state2, caller('G12345', 'P012345', '123450001'), 'ebeutalo', 'read', strict)).toThrow(/`P012345` is a pharmacy/);
  });
});

describe('requireTreatingDoctor', () => {
  it('needs a care event of the caller institution for the patient', () => {
    const store = createMemoryStore(loadDefaultFixtures());
    const clock = createClock({ start: '2026-03-02T08:00:00Z', frozen: true });
    const doctor = caller('O50123', 'E01620K', '016200101');
    expect(() => requireTreatingDoctor(store, doctor, '123456788', 'ehr', 'read')).toThrow(/is not a treating doctor of patient `123456788`/);
    insertDocument({ store, clock }, 'esemenykatalogus', 'EK', { taj: '123456788', author: { username: 'X90001', institutionId: 'E30217B', unitCode: '302170101' }, fields: {} });
    expect(() => requireTreatingDoctor(store, doctor, '123456788', 'ehr', 'read')).toThrow(/not a treating doctor/);
    insertDocument({ store, clock }, 'esemenykatalogus', 'EK', { taj: '123456788', author: { username: 'X12345', institutionId: 'E01620K', unitCode: '016200103' }, fields: {} });
    expect(() => requireTreatingDoctor(store, doctor, '123456788', 'ehr', 'read')).not.toThrow();
  });
});
