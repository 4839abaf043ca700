/** The identifier rules miniHIS added for contact details and user data: e-mail and phone number. */
import { describe, expect, it } from 'vitest';
import { checkEmail, checkPhoneNumber } from '../identifiers/identifiers.js';

const refused = (r: { ok: boolean; message?: string }): string | undefined => (r.ok ? undefined : r.message);

describe('checkEmail', () => {
  it('accepts ordinary addresses', () => {
    for (const s of ['dr.kovacs@rendelo.hu', 'eva.kovacs+minihis@szent-margit.example', 'a@b.co']) expect(checkEmail(s)).toEqual({ ok: true, value: s });
  });
  it('says what is wrong', () => {
    expect(refused(checkEmail(undefined))).toBe('e-mail address is missing; send one such as `dr.kovacs@rendelo.hu`');
    expect(refused(checkEmail(' a@b.hu'))).toBe('e-mail address ` a@b.hu` has surrounding white space; send `a@b.hu`');
    expect(refused(checkEmail('a@@b.hu'))).toBe('e-mail address `a@@b.hu` must contain exactly one `@` between the name and the domain, e.g. `dr.kovacs@rendelo.hu`');
    expect(refused(checkEmail('a..b@rendelo.hu'))).toBe(
      'e-mail address `a..b@rendelo.hu`: the part before `@` must be letters, digits and . _ % + - (no leading, trailing or double dot), e.g. `dr.kovacs`',
    );
    expect(refused(checkEmail('a@rendelo.h1'))).toBe('e-mail address `a@rendelo.h1`: the domain `rendelo.h1` must be dot-separated names ending in a top-level domain of letters, e.g. `rendelo.hu`');
    expect(refused(checkEmail(`${'a'.repeat(250)}@b.hu`))).toBe('e-mail address has 255 characters; at most 254 are allowed');
  });
});

describe('checkPhoneNumber', () => {
  it('accepts Hungarian numbers as written', () => {
    for (const s of ['+36 1 234 5678', '06-30-123-4567', '(06 1) 234/5678', '+3612345678']) expect(checkPhoneNumber(s)).toEqual({ ok: true, value: s });
  });
  it('says what is wrong', () => {
    expect(refused(checkPhoneNumber(''))).toBe('phone number is missing; send one such as `+36 1 234 5678`');
    expect(refused(checkPhoneNumber('1234567'))).toBe('phone number `1234567` has 7 digits; a phone number has 8 to 15, e.g. `+36 1 234 5678`');
    expect(refused(checkPhoneNumber('36+1 234 5678'))).toBe('phone number `36+1 234 5678` may hold only digits, spaces, `-`, `/`, parentheses and a leading `+`, e.g. `+36 1 234 5678`');
  });
});
