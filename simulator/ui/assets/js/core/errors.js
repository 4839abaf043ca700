// @ts-check
/**
 * Refusals in the page's language: the texts of the one error catalogue
 * (simulator/core/error-catalogue.ts), embedded by the server for the page's language, with the
 * error's details filled in by the catalogue's rule (`{name}` only inside an optional `[…]`
 * part, dropped when the detail is missing). The code always stays visible next to the text.
 */

/** @type {Record<string, string>} */
const texts = JSON.parse(document.getElementById('ui-errors')?.textContent ?? '{}');

/**
 * Fill a catalogue text with an error's details (the same rule as `fillErrorText` on the server).
 * @param {string} text
 * @param {Record<string, any>} [details]
 * @returns {string}
 */
export function fillErrorText(text, details = {}) {
  /** @param {string} name */
  const value = (name) => {
    const v = details?.[name];
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : undefined;
  };
  return text.replace(/\[([^[\]]*)\]/g, (_whole, /** @type {string} */ part) => {
    const names = [...part.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (names.some((n) => value(n) === undefined)) return '';
    return part.replace(/\{(\w+)\}/g, (_m, /** @type {string} */ n) => /** @type {string} */ (value(n)));
  });
}

/**
 * The catalogue text of a code in the page's language, or undefined when the code is not in
 * the catalogue (the UI then shows the back end's own English message).
 * @param {string} code
 * @param {Record<string, any>} [details]
 * @returns {string | undefined}
 */
export function errorText(code, details = {}) {
  const text = texts[code];
  return text === undefined ? undefined : fillErrorText(text, details);
}

/**
 * One line for a refusal: the catalogue text and the code, e.g.
 * „Hibás PIN. Még 2 próbálkozás maradt. (PIN_WRONG)”; the back end's message when uncatalogued.
 * @param {{ code: string, detail: string, details?: Record<string, any> }} problem
 * @returns {string}
 */
export function problemLine(problem) {
  return `${errorText(problem.code, problem.details) ?? problem.detail} (${problem.code})`;
}
