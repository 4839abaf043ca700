import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, errorText } from './error-catalogue.js';

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
  it('answers a text by code and language', () => {
    expect(errorText('TOKEN_ISSUED_BEFORE_RESET', 'hu')).toMatch(/^A SAML-jegyet a környezet visszaállítása előtt/);
    expect(errorText('NO_SUCH_CODE', 'en')).toBeUndefined();
  });
});
