// @ts-check
/**
 * One live connection per page to the journal (`GET /ui/api/journal/stream`, server-sent
 * events). The inspector shows the entries; the reader panel only listens for card client
 * activity to refresh itself. When the stream is refused (e.g. a control token is needed), the
 * state becomes `offline` and the inspector falls back to polling `GET /_sim/journal`.
 */
import { base } from './core/api.js';

/** @typedef {'connecting' | 'live' | 'offline'} StreamState */

/** @type {Set<(entry: any) => void>} */
const entryListeners = new Set();
/** @type {Set<(state: StreamState) => void>} */
const stateListeners = new Set();
/** @type {EventSource | null} */
let source = null;
/** @type {StreamState} */
let state = 'connecting';
let failures = 0;

/** @param {StreamState} next */
function setState(next) {
  state = next;
  for (const l of stateListeners) l(next);
}

function open() {
  // The inspector wants the recent past; every other page only what happens from now on.
  const backlog = document.body.dataset.page === 'inspector' ? 300 : 0;
  source = new EventSource(`${base}/ui/api/journal/stream?backlog=${backlog}`);
  source.addEventListener('ready', () => {
    failures = 0;
    setState('live');
  });
  source.addEventListener('entry', (e) => {
    let entry;
    try {
      entry = JSON.parse(/** @type {MessageEvent} */ (e).data);
    } catch {
      return;
    }
    for (const l of entryListeners) l(entry);
  });
  source.addEventListener('error', () => {
    if (source?.readyState === EventSource.CLOSED) {
      failures += 1;
      source = null;
      setState('offline');
      if (failures < 3) setTimeout(open, 5000);
    } else setState('connecting');
  });
}

/**
 * Listen to new journal entries (opens the stream on first use).
 * @param {(entry: any) => void} listener
 */
export function onJournalEntry(listener) {
  entryListeners.add(listener);
  if (source === null && failures === 0) open();
}

/**
 * Be told when the stream goes live or offline.
 * @param {(state: StreamState) => void} listener
 */
export function onStreamState(listener) {
  stateListeners.add(listener);
  listener(state);
}
