/**
 * How miniHIS messages name the user kinds (by username prefix): `O` a doctor, `S` a nurse,
 * `X` non-health staff.
 *
 * @example
 * ```ts
 * `\`S12345\` is ${kindWords('nurse')}`; // '`S12345` is a nurse'
 * ```
 */
import type { UserKind } from '../identifiers/identifiers.js';

const WORDS: Readonly<Record<UserKind, string>> = {
  doctor: 'a doctor',
  nurse: 'a nurse',
  pharmacist: 'a pharmacist',
  psychologist: 'a clinical psychologist',
  staff: 'non-health staff',
};

/** The kind in words, with its article: `a doctor`, `non-health staff`. */
export function kindWords(kind: UserKind): string {
  return WORDS[kind];
}
