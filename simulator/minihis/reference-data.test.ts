import { describe, expect, it } from 'vitest';
import { CARE_TYPES, checkChoice, PRESCRIPTION_CATEGORIES, REFERENCE_DATA, REFERRAL_INSTITUTION_TYPES, SPECIALTIES } from './reference-data.js';

const labels = (list: { choices: readonly { label: string }[] }): string[] => list.choices.map((c) => c.label);

describe('miniHIS reference data', () => {
  it('holds the values the setup guide names', () => {
    expect(labels(CARE_TYPES)).toContain('Járóbeteg-szakellátás');
    expect(labels(REFERRAL_INSTITUTION_TYPES)).toContain('Nem finanszírozott egészségügyi szolgáltató');
    expect(labels(PRESCRIPTION_CATEGORIES)).toEqual(expect.arrayContaining(['Járóbeteg szakrendelés', 'Háziorvos']));
    expect(SPECIALTIES.choices.map((c) => c.code)).toContain('háziorvos');
  });

  it('has unique codes in every list, each list named after its form field', () => {
    for (const list of REFERENCE_DATA) {
      expect(new Set(list.choices.map((c) => c.code)).size, list.field).toBe(list.choices.length);
    }
    expect(REFERENCE_DATA.map((l) => l.field)).toEqual(['careType', 'referralInstitutionType', 'prescriptionCategory', 'prescriptionCertificateFormat', 'specialties']);
  });

  it('takes codes, and points a label or near miss to its code', () => {
    expect(checkChoice(CARE_TYPES, 'jarobeteg-szakellatas')).toEqual({ ok: true, choice: { code: 'jarobeteg-szakellatas', label: 'Járóbeteg-szakellátás' } });
    expect(checkChoice(PRESCRIPTION_CATEGORIES, 'HÁZIORVOS')).toEqual({
      ok: false,
      code: 'CHOICE_INVALID',
      message: '`prescriptionCategory` `HÁZIORVOS` is not a code of the Vényírási kategória list; send the code `haziorvos` of the entry Háziorvos',
    });
    expect(checkChoice(REFERRAL_INSTITUTION_TYPES, '')).toMatchObject({ ok: false, code: 'FIELD_MISSING' });
  });
});
