import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { checkQuery, searchInstitutions, searchUnits, searchUsers } from './lookups.js';

const state = loadDefaultFixtures();

describe('look-ups', () => {
  it('match usernames by case-sensitive prefix', () => {
    expect(searchUsers(state, 'O50').map((u) => u.username)).toEqual(['O50123', 'O50665']);
    expect(searchUsers(state, 'o50')).toEqual([]);
  });

  it('match name words ignoring case and accents', () => {
    expect(searchUnits(state, 'E01620K', 'surgos').map((u) => u.code)).toEqual(['016200103']);
    expect(searchInstitutions(state, 'gyogyszertar').map((i) => i.institutionId)).toEqual(['P012345', 'P098997', 'P204718']);
  });

  it('match institutions by the registry id without the prefix', () => {
    expect(searchInstitutions(state, '012345').map((i) => i.institutionId)).toEqual(['P012345']);
  });

  it('keep units to the institution', () => {
    expect(searchUnits(state, 'E30217B', '0162')).toEqual([]);
  });

  it('need a query', () => {
    expect(() => checkQuery(undefined)).toThrow(/`q` is missing/);
    expect(() => checkQuery('   ')).toThrow(/`q` is missing/);
    expect(checkQuery(' O5 ')).toBe('O5');
  });
});
