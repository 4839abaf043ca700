// @ts-check
/**
 * Leg 2 of every card flow: hand the eID request package to the card client
 * (`POST /card-client/authenticate`). The call waits while the cardholder answers the reader's
 * prompts in the reader panel (told by a `card-flow` event to listen); the chosen reader (if any)
 * comes from a reader `<select>`.
 */
import { api } from './core/api.js';

/**
 * @param {string} requestPackage base64, as the back end issued it
 * @param {HTMLSelectElement | null} readerSelect `''` = the card client's default reader
 * @returns {Promise<{ ridPackage: string, pinChanged: boolean, reader: number }>}
 */
export function presentCard(requestPackage, readerSelect) {
  return runAtCardClient('/card-client/authenticate', requestPackage, readerSelect);
}

/**
 * The authentic readout of a `readout` package (`POST /card-client/readout`): the card's holder
 * types their PIN, the eID server certifies the TAJ and tax id.
 * @param {string} requestPackage
 * @param {HTMLSelectElement | null} readerSelect
 * @returns {Promise<{ readoutPackage: string, taj?: string, taxId?: string, electronicId: string, reader: number }>}
 */
export function readCard(requestPackage, readerSelect) {
  return runAtCardClient('/card-client/readout', requestPackage, readerSelect);
}

/**
 * @param {string} route
 * @param {string} requestPackage
 * @param {HTMLSelectElement | null} readerSelect
 */
function runAtCardClient(route, requestPackage, readerSelect) {
  const reader = readerSelect === null || readerSelect.value === '' ? undefined : Number(readerSelect.value);
  document.dispatchEvent(new CustomEvent('card-flow')); // the reader panel listens for prompts now
  return api(route, { body: { requestPackage, ...(reader === undefined ? {} : { reader }) } });
}
