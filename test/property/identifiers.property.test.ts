/**
 * Property tests of the validation module (`simulator/identifiers/identifiers.ts`) and the date
 * rule of the fixture validator: random, near-valid and valid values, checked against oracles
 * written from docs/identifiers.md. Valid values are accepted as they are; everything else is
 * refused with a message (never an exception); secrets are never echoed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCardDocumentId,
  checkDigitCode,
  checkEmail,
  checkInstitutionId,
  checkPhoneNumber,
  checkTaj,
  checkTaxId,
  checkUnitCode,
  checkUsername,
  must,
  type CheckResult,
} from '../../simulator/identifiers/identifiers.js';
import { isIsoDate } from '../../fixtures/validate.js';
import {
  anyText,
  digits,
  isCalendarDate,
  isCardDocumentId,
  isInstitutionId,
  isTaj,
  isTaxId,
  isUnitCode,
  isUsername,
  nearValid,
  notAString,
  runs,
  stringOf,
  validCardDocumentId,
  validDate,
  validInstitutionId,
  validTaj,
  validUnitCode,
  validUsername,
} from './support.js';

/** One identifier rule, its oracle and its valid values. */
interface Rule {
  name: string;
  check(input: unknown): CheckResult<unknown>;
  oracle(s: string): boolean;
  valid: fc.Arbitrary<string>;
  /** The accepted value, for a valid input. */
  value?(result: unknown): unknown;
}

const value = (r: CheckResult<unknown>): unknown => (r.ok ? r.value : undefined);

const RULES: Rule[] = [
  { name: 'checkUsername', check: checkUsername, oracle: isUsername, valid: validUsername, value: (v) => (v as { username: string }).username },
  { name: 'checkInstitutionId', check: checkInstitutionId, oracle: isInstitutionId, valid: validInstitutionId, value: (v) => (v as { institutionId: string }).institutionId },
  { name: 'checkUnitCode', check: checkUnitCode, oracle: isUnitCode, valid: validUnitCode },
  { name: 'checkTaj', check: checkTaj, oracle: isTaj, valid: validTaj },
  { name: 'checkCardDocumentId', check: checkCardDocumentId, oracle: isCardDocumentId, valid: validCardDocumentId },
  { name: 'checkTaxId', check: checkTaxId, oracle: isTaxId, valid: digits(8).map((d) => `8${d}`).filter((d) => isTaxId(`${d}${(d.split('').reduce((n, c, i) => n + (i + 1) * Number(c), 0) % 11) % 10}`)).map((d) => `${d}${d.split('').reduce((n, c, i) => n + (i + 1) * Number(c), 0) % 11}`) },
];

/** A refusal says what is wrong: a sentence, not a code. */
function expectMessage(r: CheckResult<unknown>): void {
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(typeof r.message).toBe('string');
    expect(r.message.length).toBeGreaterThan(15);
  }
}

describe.each(RULES.map((r) => [r.name, r] as const))('%s', (_name, rule) => {
  it('accepts every valid value, unchanged', () => {
    fc.assert(
      fc.property(rule.valid, (s) => {
        const r = rule.check(s);
        expect(r.ok, JSON.stringify(r)).toBe(true);
        expect(rule.value === undefined ? value(r) : rule.value(value(r))).toBe(s);
      }),
      runs(300),
    );
  });

  it('agrees with the rule on near-valid and random text, and refuses with a message', () => {
    fc.assert(
      fc.property(fc.oneof(nearValid(rule.valid), anyText, rule.valid), (s) => {
        const r = rule.check(s);
        expect(r.ok, `${JSON.stringify(s)}: ${JSON.stringify(r)}`).toBe(rule.oracle(s));
        if (!r.ok) expectMessage(r);
        else expect(rule.value === undefined ? value(r) : rule.value(value(r))).toBe(s);
      }),
      runs(500),
    );
  });

  it('refuses anything that is not a string, with a message, without throwing', () => {
    fc.assert(
      fc.property(notAString, (v) => {
        expectMessage(rule.check(v));
      }),
      runs(100),
    );
  });

  it('must() returns the value or throws IDENTIFIER_INVALID naming the field', () => {
    fc.assert(
      fc.property(fc.oneof(nearValid(rule.valid), rule.valid), (s) => {
        const r = rule.check(s);
        if (r.ok) expect(must(r, 'field')).toBe(r.value);
        else expect(() => must(r, 'field')).toThrow(expect.objectContaining({ code: 'IDENTIFIER_INVALID', status: 400, details: { field: 'field' } }));
      }),
      runs(200),
    );
  });
});

describe('checkTaj', () => {
  it('names the right check digit for a TAJ with a wrong one', () => {
    fc.assert(
      fc.property(validTaj, fc.integer({ min: 1, max: 9 }), (taj, delta) => {
        const wrong = taj.slice(0, 8) + String((Number(taj[8]) + delta) % 10);
        const r = checkTaj(wrong);
        expectMessage(r);
        if (!r.ok) expect(r.message).toContain(`\`${taj}\``);
      }),
      runs(200),
    );
  });
});

describe('secret codes (checkDigitCode)', () => {
  const LENGTHS = { can: 6, activationPin: 5, pin: 6, puk: 8, mobilToken: 6, providerCode: 9 } as const;
  it.each(Object.entries(LENGTHS))('%s: exactly %i digits, never echoed', (kind, length) => {
    fc.assert(
      fc.property(fc.oneof(digits(length), nearValid(digits(length)), digits(0, 12), anyText, notAString), (v) => {
        const r = checkDigitCode(kind as keyof typeof LENGTHS, v);
        expect(r.ok).toBe(typeof v === 'string' && new RegExp(`^[0-9]{${length}}$`).test(v));
        if (!r.ok) {
          expectMessage(r);
          if (typeof v === 'string' && v.length >= 3) expect(r.message).not.toContain(v);
        }
      }),
      runs(300),
    );
  });
});

describe('contact details', () => {
  const label = stringOf('abcdefghijklmnopqrstuvwxyz0123456789'.split(''), 1, 12).filter((l) => !l.startsWith('-') && !l.endsWith('-'));
  const validEmail = fc.tuple(stringOf('abcdefghijklmnopqrstuvwxyz0123456789_%+-'.split(''), 1, 20), fc.array(label, { minLength: 1, maxLength: 3 }), stringOf('abcdefghijklmnopqrstuvwxyz'.split(''), 2, 6)).map(([local, labels, tld]) => `${local}@${labels.join('.')}.${tld}`);
  const validPhone = fc.tuple(fc.boolean(), digits(8, 15), fc.constantFrom(' ', '-', '/', '')).map(([plus, d, sep]) => `${plus ? '+' : ''}${d.slice(0, 2)}${sep}${d.slice(2)}`);

  it('accepts generated e-mail addresses and phone numbers', () => {
    fc.assert(
      fc.property(validEmail, (e) => {
        expect(checkEmail(e)).toEqual({ ok: true, value: e });
      }),
      runs(300),
    );
    fc.assert(
      fc.property(validPhone, (p) => {
        expect(checkPhoneNumber(p)).toEqual({ ok: true, value: p });
      }),
      runs(300),
    );
  });

  it('answers near-valid and random values with a result (the value unchanged, or a message), never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(nearValid(validEmail), nearValid(validPhone), anyText, notAString, fc.string({ minLength: 250, maxLength: 400 })), (v) => {
        for (const check of [checkEmail, checkPhoneNumber]) {
          const r = check(v);
          if (r.ok) expect(r.value).toBe(v);
          else expectMessage(r);
        }
        const email = checkEmail(v);
        if (typeof v === 'string' && (v.length > 254 || !v.includes('@') || /\s/.test(v))) expect(email.ok).toBe(false);
      }),
      runs(400),
    );
  });
});

describe('dates (isIsoDate of the fixture validator)', () => {
  const nearDates = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }), fc.constantFrom('-', '/', '.', '')).map(
    ([y, m, d, sep]) => `${String(y).padStart(4, '0')}${sep}${String(m).padStart(2, '0')}${sep}${String(d).padStart(2, '0')}`,
  );
  it('accepts exactly the calendar dates written YYYY-MM-DD (leap years included)', () => {
    fc.assert(
      fc.property(fc.oneof(validDate, nearDates, nearValid(validDate), anyText), (s) => {
        expect(isIsoDate(s), s).toBe(isCalendarDate(s));
      }),
      runs(600),
    );
  });
  it('knows 29 February', () => {
    for (const [s, ok] of [['2024-02-29', true], ['2023-02-29', false], ['2000-02-29', true], ['1900-02-29', false], ['2026-04-31', false]] as const) expect(isIsoDate(s)).toBe(ok);
  });
});
