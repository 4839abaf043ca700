// @ts-check
/**
 * The labels of the page's language, embedded by the server from the UI's one dictionary
 * (simulator/ui/i18n/dictionary.ts). Every text the scripts show goes through `t()`.
 */

/** @type {Record<string, string>} */
const labels = JSON.parse(document.getElementById('ui-labels')?.textContent ?? '{}');

/** The page's language (`hu` or `en`). */
export const lang = document.body.dataset.lang ?? 'hu';

/**
 * A label with its `{placeholders}` filled.
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 * @returns {string}
 */
export function t(key, values = {}) {
  const text = labels[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
