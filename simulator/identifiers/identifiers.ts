/**
 * Every identifier rule of the EESZT domain, in one place (see docs/identifiers.md).
 * Fixtures, the STS, the services and the conformance suite all call these functions; no other
 * module re-implements a rule. Each check returns a result whose message says what was wrong
 * and what to use instead.
 *
 * @example
 * ```ts
 * checkInstitutionId('123456');
 * // { ok: false, message: 'institution id `123456` lacks the `E` prefix; use `E123456` ...' }
 * ```
 */
import { IdentifierInvalid } from '../core/errors.js';

/** The outcome of one identifier check. */
export type CheckResult<T = string> = { ok: true; value: T } | { ok: false; message: string };

/** The user kinds, by username prefix. */
export type UserKind = 'doctor' | 'nurse' | 'pharmacist' | 'psychologist' | 'staff';

/** Username prefixes and what they mean (case-sensitive, always upper case). */
export const USER_PREFIXES: Readonly<Record<string, UserKind>> = Object.freeze({
  O: 'doctor',
  S: 'nurse',
  G: 'pharmacist',
  C: 'psychologist',
  X: 'staff',
});

/** Institution id prefixes: `E` for OTH/NNK-registered health providers, `P` for OGYEI-registered pharmacies. */
export const INSTITUTION_PREFIXES = Object.freeze({ E: 'provider', P: 'pharmacy' } as const);
export type InstitutionKind = (typeof INSTITUTION_PREFIXES)[keyof typeof INSTITUTION_PREFIXES];

const PREFIX_LIST = 'O (doctor), S (nurse or other health professional), G (pharmacist), C (clinical psychologist) or X (non-health staff)';

const ok = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const fail = (message: string): CheckResult<never> => ({ ok: false, message });

/**
 * An EESZT username: prefix (O, S, G, C, X; upper case) + the basic registry number
 * (5 or 6 digits: the stamp number for doctors).
 */
export function checkUsername(input: unknown): CheckResult<{ username: string; kind: UserKind; registryNumber: string }> {
  // rule: ID-USERNAME, ID-USERNAME-LENGTH (docs/rules.md)
  if (typeof input !== 'string' || input.length === 0) return fail('username is missing; send the EESZT username, e.g. `O50123`');
  const s = input;
  if (s !== s.trim()) return fail(`username \`${s}\` has surrounding white space; send \`${s.trim()}\``);
  const first = s[0] ?? '';
  const rest = s.slice(1);
  if (/^[0-9]+$/.test(s)) {
    return fail(`username \`${s}\` lacks a prefix; EESZT usernames are a prefix plus the registry number, e.g. \`O${s}\` for a doctor; prefixes: ${PREFIX_LIST}`);
  }
  if (first.toUpperCase() in USER_PREFIXES && first !== first.toUpperCase()) {
    return fail(`username \`${s}\` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use \`${first.toUpperCase()}${rest}\``);
  }
  const kind = USER_PREFIXES[first];
  if (kind === undefined) return fail(`username \`${s}\` has an unknown prefix \`${first}\`; use ${PREFIX_LIST}`);
  if (!/^[0-9]{5,6}$/.test(rest)) {
    return fail(`username \`${s}\`: after the prefix \`${first}\` must come the 5- or 6-digit basic registry number (for doctors the stamp number), e.g. \`${first}50123\``);
  }
  return ok({ username: s, kind, registryNumber: rest });
}

/**
 * An EESZT institution id: `E` + 6-character OTH/NNK id, or `P` + 6-character OGYEI id
 * (5-character OGYEI ids are left-padded with one `0`).
 */
export function checkInstitutionId(input: unknown): CheckResult<{ institutionId: string; kind: InstitutionKind; registryId: string }> {
  // rule: ID-INSTITUTION (docs/rules.md)
  if (typeof input !== 'string' || input.length === 0) return fail('institution id is missing; send the EESZT institution id, e.g. `E01620K`');
  const s = input;
  if (s !== s.trim()) return fail(`institution id \`${s}\` has surrounding white space; send \`${s.trim()}\``);
  const first = s[0] ?? '';
  const rest = s.slice(1);
  // Prefix + 5 characters: checked before the bare-id rule, since `P12345` is also 6 characters long.
  if (first === 'P' && /^[0-9A-Z]{5}$/.test(rest)) {
    return fail(`institution id \`${s}\`: 5-character OGYEI ids are left-padded with one \`0\` to 6 characters; use \`P0${rest}\``);
  }
  if (first === 'E' && /^[0-9A-Z]{5}$/.test(rest)) {
    return fail(`institution id \`${s}\` has only 5 characters after the prefix \`E\`; the OTH/NNK registry id has 6 characters, e.g. \`E01620K\` (if \`${s}\` is itself the bare registry id, use \`E${s}\`)`);
  }
  if (/^[0-9][0-9A-Za-z]{5}$/.test(s) || /^[0-9A-Z]{6}$/.test(s)) {
    const up = s.toUpperCase();
    return fail(`institution id \`${s}\` lacks the \`E\` prefix; use \`E${up}\` (or \`P${up}\` for an OGYEI-registered pharmacy)`);
  }
  if ((first === 'e' || first === 'p') && /^[0-9A-Za-z]{5,6}$/.test(rest)) {
    const upper = first.toUpperCase();
    if (rest.length === 6) {
      return fail(`institution id \`${s}\` has a lower-case prefix; the prefix is always upper case: use \`${upper}${rest.toUpperCase()}\``);
    }
    if (first === 'p') {
      return fail(`institution id \`${s}\` has a lower-case prefix, and 5-character OGYEI ids are left-padded with one \`0\`: use \`P0${rest.toUpperCase()}\``);
    }
    return fail(`institution id \`${s}\` has a lower-case prefix and only 5 characters after it; use \`E\` followed by the 6-character OTH/NNK registry id, e.g. \`E01620K\``);
  }
  if (first !== 'E' && first !== 'P') {
    return fail(`institution id \`${s}\` must start with \`E\` (OTH/NNK-registered provider) or \`P\` (OGYEI-registered pharmacy) followed by the 6-character registry id, e.g. \`E01620K\``);
  }
  if (!/^[0-9A-Z]{6}$/.test(rest)) {
    return fail(`institution id \`${s}\`: after the prefix \`${first}\` must come the 6-character ${first === 'E' ? 'OTH/NNK' : 'OGYEI'} registry id (digits and upper-case letters), e.g. \`${first}01620K\``);
  }
  return ok({ institutionId: s, kind: INSTITUTION_PREFIXES[first], registryId: rest });
}

/** An organisational unit (szervezeti egység): the 9-digit ÁNTSZ/NNK permit code of the workstation. */
export function checkUnitCode(input: unknown): CheckResult {
  // rule: ID-UNIT (docs/rules.md)
  if (typeof input !== 'string' || input.length === 0) return fail('organisational unit is missing; send the 9-digit ÁNTSZ/NNK permit code of the workstation');
  if (!/^[0-9]+$/.test(input)) return fail(`organisational unit \`${input}\` must be digits only: the 9-digit ÁNTSZ/NNK permit code`);
  if (input.length !== 9) {
    return fail(`organisational unit \`${input}\` has ${input.length} digits; it must be the 9-digit ÁNTSZ/NNK permit code of the workstation`);
  }
  return ok(input);
}

/** The check digit of a TAJ number's first eight digits: (3*d1 + 7*d2 + 3*d3 + ... + 7*d8) mod 10. */
export function tajCheckDigit(firstEight: string): number {
  if (!/^[0-9]{8}$/.test(firstEight)) throw new RangeError('tajCheckDigit needs exactly 8 digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(firstEight[i]) * (i % 2 === 0 ? 3 : 7);
  return sum % 10;
}

/** A TAJ (social security) number: 9 digits, the 9th a check digit. */
export function checkTaj(input: unknown): CheckResult {
  // rule: ID-TAJ (docs/rules.md)
  if (typeof input !== 'string' || input.length === 0) return fail('TAJ number is missing; send the 9-digit TAJ number');
  if (!/^[0-9]{9}$/.test(input)) {
    return fail(`TAJ \`${input}\` must be exactly 9 digits (no spaces or dashes), the last one a check digit`);
  }
  const expected = tajCheckDigit(input.slice(0, 8));
  const actual = Number(input[8]);
  if (expected !== actual) {
    return fail(`TAJ \`${input}\` has check digit ${actual}, but its first eight digits give ${expected}; check the number (with this check digit it would read \`${input.slice(0, 8)}${expected}\`)`);
  }
  return ok(input);
}

/**
 * The document id printed on an eID card (eSzemélyi): 6 digits followed by 2 upper-case letters,
 * e.g. `123456AB`.
 */
export function checkCardDocumentId(input: unknown): CheckResult {
  if (typeof input !== 'string' || input.length === 0) return fail('card document id is missing; send the 8-character id printed on the card, e.g. `123456AB`');
  if (/^[0-9]{6}[a-z]{2}$/i.test(input) && input !== input.toUpperCase()) {
    return fail(`card document id \`${input}\` has lower-case letters; the letters are upper case: use \`${input.toUpperCase()}\``);
  }
  if (!/^[0-9]{6}[A-Z]{2}$/.test(input)) {
    return fail(`card document id \`${input}\` must be 6 digits followed by 2 upper-case letters, as printed on the card, e.g. \`123456AB\``);
  }
  return ok(input);
}

/**
 * The check digit of a Hungarian tax id's (adóazonosító jel) first nine digits:
 * (1*d1 + 2*d2 + ... + 9*d9) mod 11. Returns 10 when no valid tax id has these nine digits.
 */
export function taxIdCheckDigit(firstNine: string): number {
  if (!/^[0-9]{9}$/.test(firstNine)) throw new RangeError('taxIdCheckDigit needs exactly 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (i + 1);
  return sum % 11;
}

/**
 * A private person's tax id (adóazonosító jel), as held on the eID card's chip: 10 digits,
 * starting with `8`, the 10th a check digit (see {@link taxIdCheckDigit}).
 */
export function checkTaxId(input: unknown): CheckResult {
  // rule: ID-TAX-ID (docs/rules.md)
  if (typeof input !== 'string' || input.length === 0) return fail('tax id is missing; send the 10-digit tax id (adóazonosító jel)');
  if (!/^[0-9]{10}$/.test(input)) return fail(`tax id \`${input}\` must be exactly 10 digits (no spaces or dashes)`);
  if (input[0] !== '8') return fail(`tax id \`${input}\` must start with \`8\`: a private person's tax id (adóazonosító jel) always does`);
  const expected = taxIdCheckDigit(input.slice(0, 9));
  if (expected === 10) return fail(`tax id \`${input}\` cannot exist: its first nine digits give no valid check digit`);
  if (Number(input[9]) !== expected) {
    return fail(`tax id \`${input}\` has check digit ${input[9]}, but its first nine digits give ${expected}; check the number`);
  }
  return ok(input);
}

/**
 * The institution as miniHIS asks for it: the 6-character ÁNTSZ/NNK id (seed 000: „6 jegyű
 * ÁNTSZ/NNK azonosítója”; seed 001's example OTH id `01620K` shows that a character may be a
 * letter), without the EESZT prefix.
 */
export function checkMiniHisInstitution(input: unknown): CheckResult {
  if (typeof input === 'string' && /^[0-9A-Z]{6}$/.test(input)) return ok(input);
  const shown = typeof input === 'string' ? `\`${input}\`` : 'missing';
  let hint = '';
  if (typeof input === 'string' && /^[EP][0-9A-Z]{6}$/.test(input)) hint = `; drop the prefix: \`${input.slice(1)}\``;
  else if (typeof input === 'string' && /^[0-9A-Za-z]{6}$/.test(input)) hint = `; letters are upper case: \`${input.toUpperCase()}\``;
  return fail(`miniHIS institution ${shown} must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. \`01620K\`)${hint}`);
}

/** The NEAK OJOTE username for a doctor's stamp number: `OBVN-<stamp>USER`. */
export function ojoteUsername(stampNumber: string): string {
  return `OBVN-${stampNumber}USER`;
}

/** A NEAK OJOTE username, optionally checked against the doctor's stamp number. */
export function checkOjoteUsername(input: unknown, stampNumber?: string): CheckResult<{ username: string; stampNumber: string }> {
  if (typeof input !== 'string' || input.length === 0) return fail('OJOTE username is missing; it is `OBVN-<stamp number>USER`, e.g. `OBVN-12345USER`');
  const m = /^OBVN-([0-9]{5,6})USER$/.exec(input);
  if (m === null) {
    return fail(`OJOTE username \`${input}\` must read \`OBVN-<stamp number>USER\` with the upper-case letters as shown, e.g. \`OBVN-12345USER\``);
  }
  const stamp = m[1] ?? '';
  if (stampNumber !== undefined && stamp !== stampNumber) {
    return fail(`OJOTE username \`${input}\` names stamp number ${stamp}, but the doctor's stamp number is ${stampNumber}; use \`${ojoteUsername(stampNumber)}\``);
  }
  return ok({ username: input, stampNumber: stamp });
}

/** The NEAK OJOTE password: the doctor's 10-digit prescription-contract id. */
export function checkOjotePassword(input: unknown): CheckResult {
  if (typeof input !== 'string' || !/^[0-9]{10}$/.test(input)) {
    return fail('OJOTE password must be the 10-digit prescription-contract id (vényírási szerződés azonosító), digits only');
  }
  return ok(input);
}

/**
 * An e-mail address (miniHIS user data and contact details): one `@` between a local part and a
 * domain with at least one dot and a top-level domain of 2 or more letters; no white space; at
 * most 254 characters.
 *
 * @example
 * ```ts
 * checkEmail('dr.kovacs@rendelo.hu'); // { ok: true, value: 'dr.kovacs@rendelo.hu' }
 * ```
 */
export function checkEmail(input: unknown): CheckResult {
  if (typeof input !== 'string' || input.length === 0) return fail('e-mail address is missing; send one such as `dr.kovacs@rendelo.hu`');
  const s = input;
  if (s !== s.trim()) return fail(`e-mail address \`${s}\` has surrounding white space; send \`${s.trim()}\``);
  if (s.length > 254) return fail(`e-mail address has ${s.length} characters; at most 254 are allowed`);
  if (/\s/.test(s)) return fail(`e-mail address \`${s}\` contains white space; an address has none, e.g. \`dr.kovacs@rendelo.hu\``);
  const at = s.split('@');
  if (at.length !== 2) return fail(`e-mail address \`${s}\` must contain exactly one \`@\` between the name and the domain, e.g. \`dr.kovacs@rendelo.hu\``);
  const [local = '', domain = ''] = at;
  if (local === '' || !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return fail(`e-mail address \`${s}\`: the part before \`@\` must be letters, digits and . _ % + - (no leading, trailing or double dot), e.g. \`dr.kovacs\``);
  }
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || labels.some((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l)) || !/^[A-Za-z]{2,}$/.test(tld)) {
    return fail(`e-mail address \`${s}\`: the domain \`${domain}\` must be dot-separated names ending in a top-level domain of letters, e.g. \`rendelo.hu\``);
  }
  return ok(s);
}

/**
 * A phone number as a contact detail: digits with optional spaces, `-`, `/` and parentheses, an
 * optional leading `+`; 8 to 15 digits (Hungarian numbers: `+36 1 234 5678`, `06-30-123-4567`).
 * The value is returned as given.
 *
 * @example
 * ```ts
 * checkPhoneNumber('+36 1 234 5678').ok; // true
 * ```
 */
export function checkPhoneNumber(input: unknown): CheckResult {
  if (typeof input !== 'string' || input.trim().length === 0) return fail('phone number is missing; send one such as `+36 1 234 5678`');
  const s = input;
  if (s !== s.trim()) return fail(`phone number \`${s}\` has surrounding white space; send \`${s.trim()}\``);
  if (!/^\+?[0-9 ()/-]+$/.test(s)) {
    return fail(`phone number \`${s}\` may hold only digits, spaces, \`-\`, \`/\`, parentheses and a leading \`+\`, e.g. \`+36 1 234 5678\``);
  }
  const digits = s.replace(/[^0-9]/g, '').length;
  if (digits < 8 || digits > 15) return fail(`phone number \`${s}\` has ${digits} digits; a phone number has 8 to 15, e.g. \`+36 1 234 5678\``);
  return ok(s);
}

/** Fixed-length digit secrets and codes on the card and the phone. */
const DIGIT_CODES = {
  can: { length: 6, name: 'CAN', what: 'the 6-digit number printed on the front of the card next to the photo' },
  activationPin: { length: 5, name: 'activation PIN', what: 'the 5-digit PIN from the green code card' },
  pin: { length: 6, name: 'eID PIN', what: 'a 6-digit PIN chosen at activation' },
  puk: { length: 8, name: 'PUK', what: 'the 8-digit PUK from the green code card' },
  mobilToken: { length: 6, name: 'mobilToken code', what: 'the 6-digit code the mobilToken app shows this minute' },
  providerCode: { length: 9, name: 'provider code', what: 'the 9-digit provider code (szolgáltató kód)' },
} as const;
export type DigitCodeKind = keyof typeof DIGIT_CODES;

/** A fixed-length digit code (CAN, PINs, PUK, mobilToken, provider code). The value is never echoed. */
export function checkDigitCode(kind: DigitCodeKind, input: unknown): CheckResult {
  // rule: ID-DIGIT-CODES (docs/rules.md)
  const rule = DIGIT_CODES[kind];
  if (typeof input !== 'string' || !new RegExp(`^[0-9]{${rule.length}}$`).test(input)) {
    const got = typeof input === 'string' ? `${input.length} characters` : 'nothing';
    return fail(`${rule.name} must be ${rule.what}; got ${got}`);
  }
  return ok(input);
}

/**
 * Throw {@link IdentifierInvalid} when a check failed, else return its value.
 *
 * @example
 * ```ts
 * const { username, kind } = must(checkUsername(req.username), 'username');
 * ```
 */
export function must<T>(result: CheckResult<T>, field: string): T {
  if (!result.ok) throw new IdentifierInvalid(result.message, { details: { field } });
  return result.value;
}

/** The user kind of a valid username (throws on an invalid one). */
export function userKindOf(username: string): UserKind {
  return must(checkUsername(username), 'username').kind;
}
