import { describe, expect, it } from 'vitest';
import { checkRoleForUser, findRole, IAM_PARTNERS, IAM_SYSTEMS, MINIHIS_ROLES, ROLES, rolesForPrefix, VMATRIX_ROLES, type RoleDefinition } from './roles.js';
import type { CheckResult } from './identifiers.js';

function refused(r: CheckResult<RoleDefinition>): string {
  if (r.ok) throw new Error(`expected a refusal, got role ${r.value.name}`);
  return r.message;
}

describe('role catalogue', () => {
  it('holds the V-MÁTRIX and miniHIS roles, partner 1 and system 1', () => {
    expect(VMATRIX_ROLES.map((r) => r.name)).toEqual([
      'ORVOS',
      'SZAKDOLGOZO',
      'GYOGYSZERESZ',
      'KLINIKAI_SZAKPSZICHOLOGUS',
      'ADATROGZITO',
      'INTEZMENYI_RENDSZER',
      'JOGOSULTSAG_ADMIN',
    ]);
    expect(MINIHIS_ROLES.map((r) => [r.name, r.prefixes.join(''), r.system])).toEqual([
      ['miniHIS Orvos', 'O', 1],
      ['miniHIS Szakdolgozó', 'S', 1],
      ['miniHIS Adatrögzítő', 'X', 1],
    ]);
    expect(IAM_PARTNERS).toEqual([{ id: 1, name: 'ÁEEK EESZT' }]);
    expect(IAM_SYSTEMS).toEqual([{ id: 1, name: 'miniHIS', partner: 1 }]);
    expect(new Set(ROLES.map((r) => r.name)).size).toBe(ROLES.length);
    expect(findRole('ORVOS')?.prefixes).toEqual(['O']);
    expect(findRole('orvos')).toBeUndefined();
  });
  it('lists the roles a prefix may hold', () => {
    expect(rolesForPrefix('S', 'iam').map((r) => r.name)).toEqual(['miniHIS Szakdolgozó']);
    expect(rolesForPrefix('G', 'vmatrix').map((r) => r.name)).toEqual(['GYOGYSZERESZ', 'JOGOSULTSAG_ADMIN']);
    expect(rolesForPrefix('G', 'iam')).toEqual([]);
  });
});

describe('checkRoleForUser', () => {
  it.each([
    ['ORVOS', 'O50123'],
    ['SZAKDOLGOZO', 'S12345'],
    ['GYOGYSZERESZ', 'G12345'],
    ['KLINIKAI_SZAKPSZICHOLOGUS', 'C12345'],
    ['ADATROGZITO', 'X12345'],
    ['INTEZMENYI_RENDSZER', 'X90001'],
    ['JOGOSULTSAG_ADMIN', 'O50123'],
    ['JOGOSULTSAG_ADMIN', 'X23456'],
    ['miniHIS Orvos', 'O50123'],
    ['miniHIS Szakdolgozó', 'S12345'],
    ['miniHIS Adatrögzítő', 'X12345'],
  ])('accepts %s for %s', (role, user) => {
    const r = checkRoleForUser(role, user);
    expect(r.ok && r.value.name).toBe(role);
  });

  it('explains a role given to the wrong kind of user and names the right one', () => {
    expect(refused(checkRoleForUser('miniHIS Orvos', 'S12345'))).toBe(
      'role `miniHIS Orvos` is for doctors (`O` usernames); `S12345` is a nurse: assign `miniHIS Szakdolgozó`',
    );
    expect(refused(checkRoleForUser('ORVOS', 'S12345'))).toBe(
      'role `ORVOS` is for doctors (`O` usernames); `S12345` is a nurse: assign `SZAKDOLGOZO`',
    );
    expect(refused(checkRoleForUser('GYOGYSZERESZ', 'O50123'))).toBe(
      'role `GYOGYSZERESZ` is for pharmacists (`G` usernames); `O50123` is a doctor: assign `ORVOS`',
    );
    expect(refused(checkRoleForUser('INTEZMENYI_RENDSZER', 'O50123'))).toBe(
      "role `INTEZMENYI_RENDSZER` is for institution system users (`X` usernames); `O50123` is a doctor: assign `ORVOS` (it is the role of the institution's system user, which logs in only with the institutional certificate; ORVOS alone lets a doctor report for the institution from the unit: RegisterCareEvent, SubmitHealthDocument)",
    );
    expect(refused(checkRoleForUser('ORVOS', 'X12345'))).toBe(
      'role `ORVOS` is for doctors (`O` usernames); `X12345` is non-health staff: assign `ADATROGZITO` or `INTEZMENYI_RENDSZER`',
    );
  });
  it('says when miniHIS has no role for the user', () => {
    expect(refused(checkRoleForUser('miniHIS Orvos', 'G12345'))).toBe(
      'role `miniHIS Orvos` is for doctors (`O` usernames); `G12345` is a pharmacist, and miniHIS has no role for pharmacists',
    );
  });
  it('refuses a role of the other scope', () => {
    expect(refused(checkRoleForUser('miniHIS Orvos', 'O50123', 'vmatrix'))).toBe(
      'role `miniHIS Orvos` is an IAM+SSO (miniHIS) role, not a V-MÁTRIX institution role; for `O50123` use `ORVOS` or `JOGOSULTSAG_ADMIN`',
    );
    expect(refused(checkRoleForUser('ORVOS', 'O50123', 'iam'))).toBe(
      'role `ORVOS` is a V-MÁTRIX institution role, not an IAM+SSO (miniHIS) role; for `O50123` use `miniHIS Orvos`',
    );
    expect(checkRoleForUser('ORVOS', 'O50123', 'vmatrix').ok).toBe(true);
  });
  it('refuses misspelt and unknown roles', () => {
    expect(refused(checkRoleForUser('orvos', 'O50123'))).toBe('role `orvos` is not spelled as in the catalogue; role names are exact: use `ORVOS`');
    expect(refused(checkRoleForUser('minihis adatrogzito', 'X12345'))).toBe(
      'role `minihis adatrogzito` is not spelled as in the catalogue; role names are exact: use `miniHIS Adatrögzítő`',
    );
    expect(refused(checkRoleForUser('FONOVER', 'O50123', 'iam'))).toBe(
      'role `FONOVER` is not in the role catalogue; miniHIS roles: `miniHIS Orvos`, `miniHIS Szakdolgozó`, `miniHIS Adatrögzítő`',
    );
    expect(refused(checkRoleForUser('', 'O50123'))).toMatch(/^role is missing; pick one from the catalogue \(V-MÁTRIX roles: `ORVOS`/);
  });
  it('passes on the username rule message for a bad username', () => {
    expect(refused(checkRoleForUser('ORVOS', 'o50123'))).toBe(
      'username `o50123` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use `O50123`',
    );
  });
});
