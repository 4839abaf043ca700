/**
 * Shared pieces of the property tests: a fixed seed and bounded runs (the suite stays fast and
 * every failure replays), independent oracles for the identifier rules (written from
 * docs/identifiers.md, not from the code), and generators of valid, near-valid and random values.
 */
import fc from 'fast-check';

/** Every property runs with this seed (override with FC_SEED to explore, FC_RUNS to run longer). */
export const SEED = Number(process.env.FC_SEED ?? 20260302);
/** Runs per property: a few hundred for the cheap ones. */
export function runs<T = unknown>(n: number): fc.Parameters<T> {
  return { seed: SEED, numRuns: Number(process.env.FC_RUNS ?? n), endOnFailure: true };
}

const DIGIT = '0123456789'.split('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** A string of `min`..`max` characters drawn from `chars`. */
export const stringOf = (chars: readonly string[], min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));
export const digits = (min: number, max = min): fc.Arbitrary<string> => stringOf(DIGIT, min, max);

// ---- oracles (docs/identifiers.md) ------------------------------------------------------------

export const isUsername = (s: string): boolean => /^[OSGCX][0-9]{5,6}$/.test(s);
export const isInstitutionId = (s: string): boolean => /^[EP][0-9A-Z]{6}$/.test(s);
export const isUnitCode = (s: string): boolean => /^[0-9]{9}$/.test(s);
export const isCardDocumentId = (s: string): boolean => /^[0-9]{6}[A-Z]{2}$/.test(s);
/** TAJ: 9 digits; the 9th is (3·d1 + 7·d2 + 3·d3 + … + 7·d8) mod 10. */
export function isTaj(s: string): boolean {
  if (!/^[0-9]{9}$/.test(s)) return false;
  const w = [3, 7, 3, 7, 3, 7, 3, 7];
  const sum = w.reduce((n, k, i) => n + k * Number(s[i]), 0);
  return sum % 10 === Number(s[8]);
}
/** Tax id: 10 digits starting with 8; the 10th is (1·d1 + … + 9·d9) mod 11, which must not be 10. */
export function isTaxId(s: string): boolean {
  if (!/^8[0-9]{9}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(s[i]);
  return sum % 11 !== 10 && sum % 11 === Number(s[9]);
}
/** A calendar date written YYYY-MM-DD (Gregorian, leap years). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (days[mo - 1] ?? 0);
}

// ---- generators ----------------------------------------------------------------------------------

export const validUsername = fc.tuple(fc.constantFrom('O', 'S', 'G', 'C', 'X'), digits(5, 6)).map(([p, n]) => p + n);
export const validInstitutionId = fc.tuple(fc.constantFrom('E', 'P'), stringOf([...DIGIT, ...UPPER], 6, 6)).map(([p, n]) => p + n);
export const validUnitCode = digits(9);
export const validCardDocumentId = fc.tuple(digits(6), stringOf(UPPER, 2, 2)).map(([d, l]) => d + l);
export const validTaj = digits(8).map((first) => {
  const w = [3, 7, 3, 7, 3, 7, 3, 7];
  return first + String(w.reduce((n, k, i) => n + k * Number(first[i]), 0) % 10);
});
export const validDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/**
 * Near-valid variants of a valid value: the mistakes people and HIS code make (case, padding,
 * one character more or less, a look-alike, a separator, a control character, full-width digits).
 */
export function nearValid(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.nat(), fc.constantFrom(...MUTATIONS)).map(([v, n, mutate]) => mutate(v, n));
}
const MUTATIONS: ReadonlyArray<(v: string, n: number) => string> = [
  (v) => v.toLowerCase(),
  (v) => ` ${v}`,
  (v) => `${v}\n`,
  (v) => v.slice(1),
  (v) => v.slice(0, -1),
  (v, n) => v + String(n % 10),
  (v, n) => v.slice(0, n % v.length) + v.slice((n % v.length) + 1),
  (v, n) => v.slice(0, n % v.length) + '-' + v.slice(n % v.length),
  (v, n) => {
    const i = n % v.length;
    const r = '0A9Zaz#é'[(n >> 4) % 8] ?? '#';
    return v.slice(0, i) + (r === v[i] ? '#' : r) + v.slice(i + 1);
  },
  (v) => v.replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d))),
  (v) => v.replace(/O/g, '0').replace(/^0/, 'O0'),
  (v) => `${v}\u0000`,
  (v) => v.split('').reverse().join(''),
  (v) => v.replace(/^[A-Z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 1)),
];

/** Anything JSON could carry instead of a string. */
export const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));

/** Random text, including every kind of Unicode. */
export const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
