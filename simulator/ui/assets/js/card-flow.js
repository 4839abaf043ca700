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
  const reader = readerSelect === null || readerSelect.value === '' ? undefined : Number(readerSelect.value);
  document.dispatchEvent(new CustomEvent('card-flow')); // the reader panel listens for prompts now
  return api('/card-client/authenticate', { body: { requestPackage, ...(reader === undefined ? {} : { reader }) } });
}
