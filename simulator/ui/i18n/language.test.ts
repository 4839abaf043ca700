import { describe, expect, it } from 'vitest';
import { LANG_COOKIE, langFromCookie, otherLang, resolveLanguage } from './language.js';

describe('UI language', () => {
  it('defaults to Hungarian, takes ?lang and remembers it in a cookie', () => {
    expect(resolveLanguage(undefined, undefined)).toEqual({ lang: 'hu', setCookie: undefined });
    const chosen = resolveLanguage('en', undefined);
    expect(chosen.lang).toBe('en');
    expect(chosen.setCookie).toMatch(new RegExp(`^${LANG_COOKIE}=en; Path=/; SameSite=Lax`));
    expect(resolveLanguage(undefined, `a=b; ${LANG_COOKIE}=en`).lang).toBe('en');
    expect(resolveLanguage('xx', `${LANG_COOKIE}=de`).lang).toBe('hu');
    expect(langFromCookie(undefined)).toBeUndefined();
    expect(otherLang('hu')).toBe('en');
  });
});
