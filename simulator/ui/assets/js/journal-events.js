// @ts-check
/**
 * What a page hears from the simulator without asking: the journal's new entries and the card
 * client's open prompts, from the UI event stream (`GET /ui/api/events`). The browser keeps one
 * such connection for all its UI tabs, in a shared worker (`events-worker.js`); a page opens its
 * own stream only where `SharedWorker` is missing. On `pagehide` the page lets go of it (a page in
 * the back/forward cache holds no connection) and takes it up again on `pageshow`.
 *
 * The journal part needs the control API's rule (loopback, or the control token, which
 * `EventSource` cannot send): when the stream does not carry it, the journal state is `offline`
 * and the inspector polls `GET /_sim/journal` instead. Entries come only from now on: the
 * inspector reads the past (and what came while the page was hidden) from `GET /_sim/journal`.
 * When the stream carries no prompts, the reader panel falls back to its long poll.
 */
import { base } from './core/api.js';
import { openEventFeed } from './core/event-feed.js';

/** @typedef {'connecting' | 'live' | 'offline'} StreamState */

/** @type {Set<(entry: any) => void>} */
const entryListeners = new Set();
/** @type {Set<(state: StreamState) => void>} */
const stateListeners = new Set();
/** @type {Set<(prompts: any[]) => void>} */
const promptListeners = new Set();
/** @type {Set<(state: StreamState) => void>} */
const promptFeedListeners = new Set();

/** @type {import('./core/event-feed.js').FeedState} */
let feed = { state: 'connecting', journal: false, prompts: false };
/** @type {(() => void) | null} */
let detach = null;

/** @returns {StreamState} */
function journalState() {
  return feed.state === 'live' ? (feed.journal ? 'live' : 'offline') : feed.state;
}

/** @returns {StreamState} */
function promptState() {
  return feed.state === 'live' ? (feed.prompts ? 'live' : 'offline') : feed.state;
}

/** @param {import('./core/event-feed.js').FeedState} next */
function setFeed(next) {
  const before = { journal: journalState(), prompts: promptState() };
  feed = next;
  const journal = journalState();
  const prompts = promptState();
  if (journal !== before.journal) for (const l of stateListeners) l(journal);
  if (prompts !== before.prompts) for (const l of promptFeedListeners) l(prompts);
}

/** @param {any} entry */
function deliver(entry) {
  for (const l of entryListeners) l(entry);
}

/** @param {any[]} prompts */
function deliverPrompts(prompts) {
  for (const l of promptListeners) l(prompts);
}

/** Take up the shared connection (or, without SharedWorker, open this page's own). */
function attach() {
  if (detach !== null) return;
  if (typeof SharedWorker === 'function') {
    try {
      const worker = new SharedWorker(`${base}/ui/assets/js/events-worker.js`, { type: 'module', name: 'eeszt-sim-ui-events' });
      const port = worker.port;
      port.addEventListener('message', (e) => {
        const m = e.data;
        if (m?.type === 'state') setFeed({ state: m.state, journal: m.journal === true, prompts: m.prompts === true });
        else if (m?.type === 'prompts') deliverPrompts(m.prompts);
        else if (m?.type === 'entry') deliver(m.entry);
      });
      port.start();
      detach = () => {
        port.postMessage({ type: 'bye' });
        port.close();
      };
      return;
    } catch {
      // no module SharedWorker here: this page keeps its own stream
    }
  }
  detach = openEventFeed(`${base}/ui/api/events`, { onState: setFeed, onPrompts: deliverPrompts, onEntry: deliver });
}

function release() {
  detach?.();
  detach = null;
  setFeed({ state: 'connecting', journal: false, prompts: false });
}

window.addEventListener('pagehide', release);
window.addEventListener('pageshow', (e) => {
  if (!e.persisted || entryListeners.size + promptListeners.size === 0) return;
  attach();
});

function ensureAttached() {
  if (detach === null) attach();
}

/**
 * Listen to new journal entries (takes up the connection on first use).
 * @param {(entry: any) => void} listener
 */
export function onJournalEntry(listener) {
  entryListeners.add(listener);
  ensureAttached();
}

/**
 * Be told whether the journal is live (the stream carries it) or offline.
 * @param {(state: StreamState) => void} listener
 */
export function onStreamState(listener) {
  stateListeners.add(listener);
  listener(journalState());
}

/**
 * Listen to the card client's open prompts (the whole list, each time it changes).
 * @param {(prompts: any[]) => void} listener
 */
export function onPrompts(listener) {
  promptListeners.add(listener);
  ensureAttached();
}

/**
 * Be told whether prompts arrive on the stream (`live`), must be asked for (`offline`), or the
 * stream is still opening (`connecting`).
 * @param {(state: StreamState) => void} listener
 */
export function onPromptFeed(listener) {
  promptFeedListeners.add(listener);
  listener(promptState());
}
