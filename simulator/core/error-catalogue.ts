/**
 * The one error catalogue: for each stable error code, a short English text (what APIs and
 * reports may show next to the detailed message) and its Hungarian text (what the UI shows to
 * Hungarian staff, code kept visible). The detailed English message of each refusal stays where
 * it is raised; this is the code's meaning, in both languages. Codes are added next to related
 * ones. docs/errors.md describes it.
 *
 * @example
 * ```ts
 * errorText('TOKEN_ISSUED_BEFORE_RESET', 'hu'); // 'A SAML-jegyet a környezet visszaállítása előtt …'
 * ```
 */

/** The texts of one error code. */
export interface ErrorText {
  en: string;
  hu: string;
}

/** Every catalogued code with its English and Hungarian text. */
export const ERROR_CATALOGUE: Readonly<Record<string, ErrorText>> = Object.freeze({
  // --- tokens and environments
  TOKEN_FOREIGN_ENVIRONMENT: {
    en: "The SAML token was issued by another environment of the simulator (the default one or another isolated run); get a token from this environment's STS.",
    hu: 'A SAML-jegyet a szimulátor egy másik környezete (az alapkörnyezet vagy egy másik elkülönített futás) állította ki; kérjen jegyet ennek a környezetnek az STS-étől.',
  },
  TOKEN_ISSUED_BEFORE_RESET: {
    en: 'The SAML token was issued before this environment was reset, which drops every issued token; get a new one.',
    hu: 'A SAML-jegyet a környezet visszaállítása előtt állították ki, a visszaállítás pedig minden kiadott jegyet érvénytelenít; kérjen újat.',
  },
});

/** The text of a code in a language; undefined for a code not (yet) in the catalogue. */
export function errorText(code: string, lang: 'en' | 'hu'): string | undefined {
  return ERROR_CATALOGUE[code]?.[lang];
}
