// @ts-check
/**
 * What the browser remembers per tab (sessionStorage): the portal admin's SAML token, the
 * miniHIS session token, and miniHIS's EESZT connection (its SAML token). Cleared with the tab.
 */

const KEYS = {
  portal: 'eeszt-sim-ui.portal',
  minihis: 'eeszt-sim-ui.minihis',
  eeszt: 'eeszt-sim-ui.minihis-eeszt',
};

/**
 * @param {keyof typeof KEYS} name
 * @returns {any}
 */
export function load(name) {
  try {
    return JSON.parse(sessionStorage.getItem(KEYS[name]) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * @param {keyof typeof KEYS} name
 * @param {unknown} value null removes it
 */
export function save(name, value) {
  if (value === null) sessionStorage.removeItem(KEYS[name]);
  else sessionStorage.setItem(KEYS[name], JSON.stringify(value));
}

/**
 * A message to show on the next page (after a redirect).
 * @param {string} [text] sets it; without, reads and clears it
 * @returns {string | null}
 */
export function flash(text) {
  const key = 'eeszt-sim-ui.flash';
  if (text !== undefined) {
    sessionStorage.setItem(key, text);
    return text;
  }
  const value = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  return value;
}
