import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createMemoryStore } from '../state/store.js';
import { authorizeAccess, requireTreatingDoctor } from './access-control.js';
import type { Caller } from './caller.js';
import { insertDocument } from './document-store.js';
import { createClock } from '../core/clock.js';

const caller = (username: string, institutionId: string, unitCode: string): Caller => ({ username, institutionId, unitCode, authMethod: 'password' });

describe('authorizeAccess', () => {
  const state = loadDefaultFixtures();

  it('admits a doctor as doctor for writes, and as treating doctor (to be proven) for reads', () => {
    const doctor = caller('O50123', 'E01620K', '016200101');
    expect(authorizeAccess(state, doctor, 'erecept', 'write')).toEqual({ actor: 'doctor', role: 'ORVOS', needsTreating: false });
    expect(authorizeAccess(state, doctor, 'erecept', 'read')).toEqual({ actor: 'treating-doctor', role: 'ORVOS', needsTreating: true });
  });

  it('admits a pharmacist of a pharmacy as the pharmacy for eRecept reads', () => {
    expect(authorizeAccess(state, caller('G12345', 'P012345', '123450001'), 'erecept', 'read')).toEqual({ actor: 'pharmacy', role: 'GYOGYSZERESZ', needsTreating: false });
  });

  it('checks the role in the unit of the token, not elsewhere', () => {
    // O50123 holds ORVOS in 016200101 and 016200102, not in 016200103
    expect(() => authorizeAccess(state, caller('O50123', 'E01620K', '016200103'), 'erecept', 'write')).toThrow(
      "user `O50123` has no V-MÁTRIX role `ORVOS` in unit `016200103` of `E01620K` (needed to write eRecept); the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)",
    );
  });

  it('names the pharmacy roles at a pharmacy', () => {
    const state2 = loadDefaultFixtures();
    state2.vmatrix = state2.vmatrix.filter((g) => g.username !== 'G12345');
    expect(() => authorizeAccess(state2, caller('G12345', 'P012345', '123450001'), 'erecept', 'read')).toThrow(
      'has no V-MÁTRIX role `GYOGYSZERESZ` or `INTEZMENYI_RENDSZER` in unit `123450001` of `P012345`',
    );
  });

  it('refuses an n/a cell whoever asks', () => {
    expect(() => authorizeAccess(state, caller('O50123', 'E01620K', '016200101'), 'eprofil', 'list')).toThrow(/offers no list operation/);
  });

  it('refuses a role held at the wrong kind of institution', () => {
    const state2 = loadDefaultFixtures();
    state2.vmatrix.find((g) => g.username === 'G12345')?.roles.push('INTEZMENYI_RENDSZER');
    expect(() => authorizeAccess(state2, caller('G12345', 'P012345', '123450001'), 'ebeutalo', 'read')).toThrow(/`P012345` is a pharmacy/);
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
