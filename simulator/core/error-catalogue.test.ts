import { describe, expect, it } from 'vitest';
import { sourceErrorCodes } from '../../test/helpers/source-codes.js';
import { ERROR_CATALOGUE, errorText, errorTextsFor, fillErrorText, formatError } from './error-catalogue.js';

describe('the error catalogue', () => {
  it('has an English and a Hungarian text for every code, and they differ', () => {
    const entries = Object.entries(ERROR_CATALOGUE);
    expect(entries.length).toBeGreaterThan(0);
    for (const [code, text] of entries) {
      // SCREAMING_SNAKE_CASE; one word is allowed, as for the existing codes REPLAYED, CONFLICT, OVERLOADED
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
      expect(text.en.length, code).toBeGreaterThan(20);
      expect(text.hu.length, code).toBeGreaterThan(20);
      expect(text.hu, code).not.toBe(text.en);
    }
  });
  it('has an entry in both languages for every code the source can raise (simulator/, virtual-reader/, the UI scripts)', () => {
    const codes = sourceErrorCodes();
    expect(codes.size).toBeGreaterThan(200);
    const missing = [...codes].filter(([code]) => ERROR_CATALOGUE[code]?.en === undefined || ERROR_CATALOGUE[code]?.hu === undefined).map(([code, file]) => `${code} (${file})`);
    expect(missing, 'add these codes to simulator/core/error-catalogue.ts, next to related ones').toEqual([]);
  });
  it('fills the details of the refusals staff meet most (PIN_WRONG with the tries left)', () => {
    expect(formatError('PIN_WRONG', 'hu', { triesLeft: 2 })).toBe('Hibás PIN. Még 2 próbálkozás maradt.');
    expect(formatError('PIN_WRONG', 'en', { triesLeft: 2 })).toBe('Wrong PIN. 2 tries left.');
    expect(formatError('PIN_WRONG', 'hu', {})).toBe('Hibás PIN.');
    expect(formatError('ROLE_PREFIX_MISMATCH', 'hu', { role: 'ORVOS', username: 'S12345' })).toMatch(/típusához: ORVOS nem adható S12345 részére;/);
  });
  it('answers a text by code and language', () => {
    expect(errorText('TOKEN_ISSUED_BEFORE_RESET', 'hu')).toMatch(/^A SAML-jegyet a környezet visszaállítása előtt/);
    expect(errorText('NO_SUCH_CODE', 'en')).toBeUndefined();
  });
  it('fills details only inside optional [parts], dropping a part whose detail is missing or not a string or number', () => {
    const text = 'Hibás PIN.[ Még {triesLeft} próbálkozás maradt.]';
    expect(fillErrorText(text, { triesLeft: 2 })).toBe('Hibás PIN. Még 2 próbálkozás maradt.');
    expect(fillErrorText(text, { triesLeft: '1' })).toBe('Hibás PIN. Még 1 próbálkozás maradt.');
    expect(fillErrorText(text, {})).toBe('Hibás PIN.');
    expect(fillErrorText(text, { triesLeft: { n: 2 } })).toBe('Hibás PIN.');
    expect(fillErrorText(text, { triesLeft: Number.NaN })).toBe('Hibás PIN.');
    expect(fillErrorText('A[ {a} és {b}] vége', { a: 'x' })).toBe('A vége');
    expect(formatError('NO_SUCH_CODE', 'hu', {})).toBeUndefined();
  });
  it('names details only inside optional parts, with balanced brackets, the same details in both languages', () => {
    for (const [code, text] of Object.entries(ERROR_CATALOGUE)) {
      const names: Record<string, string[]> = {};
      for (const lang of ['en', 'hu'] as const) {
        const outside = text[lang].replace(/\[[^[\]]*\]/g, '');
        expect(outside, `${code} (${lang}): a {detail} outside [...] or an unbalanced bracket`).not.toMatch(/\{\w+\}|[[\]]/);
        names[lang] = [...text[lang].matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
      }
      expect(names.hu, code).toEqual(names.en);
    }
  });
  it('gives the texts of one language by code (what the UI embeds)', () => {
    const hu = errorTextsFor('hu');
    expect(Object.keys(hu).sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
    expect(hu.OVERLOADED).toBe(errorText('OVERLOADED', 'hu'));
  });
});
