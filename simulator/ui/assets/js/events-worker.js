// @ts-check
/**
 * The UI's shared worker: the one connection of this browser to the simulator's UI event stream
 * (`GET /ui/api/events`: the card client's prompts and the journal's entries), shared by every
 * tab of the UI (docs/ui.md, "Connections"). Pages connect with a `MessagePort`
 * (`journal-events.js`), get the stream's state and the open prompts at once, then every event;
 * they say `bye` on `pagehide`, so a page in the back/forward cache holds nothing. With no page
 * left, the stream is closed after {@link IDLE_CLOSE_MS} (long enough for the next page of a
 * navigation to take it over).
 *
 * Messages to pages: `{ type: 'state', state, journal, prompts }`, `{ type: 'prompts', prompts }`,
 * `{ type: 'entry', entry }`. From pages: `{ type: 'bye' }`.
 */
import { openEventFeed } from './core/event-feed.js';

/**
 * The shared worker's global scope (typed by hand: the scripts are checked with the DOM library).
 * @type {{ location: { href: string }, addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void }}
 */
const scope = /** @type {any} */ (self);

/** With no page connected, close the stream after this long. */
export const IDLE_CLOSE_MS = 10_000;

/** `${base}/ui/api/events`, from this script's own URL (`${base}/ui/assets/js/events-worker.js`). */
const EVENTS_URL = new URL('../../api/events', scope.location.href).href;

/** @type {Set<MessagePort>} */
const ports = new Set();
/** @type {(() => void) | null} */
let stop = null;
/** @type {{ type: 'state', state: 'connecting' | 'live' | 'offline', journal: boolean, prompts: boolean }} */
let state = { type: 'state', state: 'connecting', journal: false, prompts: false };
/** @type {{ type: 'prompts', prompts: any[] } | null} */
let lastPrompts = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let idleTimer;

/** @param {any} message */
function broadcast(message) {
  for (const port of ports) port.postMessage(message);
}

function start() {
  stop?.();
  lastPrompts = null;
  stop = openEventFeed(EVENTS_URL, {
    onState(next) {
      state = { type: 'state', ...next };
      if (next.state !== 'live') lastPrompts = null;
      broadcast(state);
    },
    onPrompts(prompts) {
      lastPrompts = { type: 'prompts', prompts };
      broadcast(lastPrompts);
    },
    onEntry(entry) {
      broadcast({ type: 'entry', entry });
    },
  });
}

/** @param {MessagePort} port */
function drop(port) {
  if (!ports.delete(port)) return;
  port.close();
  if (ports.size > 0) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (ports.size > 0) return;
    stop?.();
    stop = null;
    lastPrompts = null;
    state = { type: 'state', state: 'connecting', journal: false, prompts: false };
  }, IDLE_CLOSE_MS);
}

scope.addEventListener('connect', (event) => {
  const port = event.ports[0];
  if (port === undefined) return;
  ports.add(port);
  clearTimeout(idleTimer);
  port.addEventListener('message', (e) => {
    if (e.data?.type === 'bye') drop(port);
  });
  // Chromium tells when the page's side is gone without a `bye` (a crashed or killed tab).
  port.addEventListener('close', () => drop(port));
  port.start();
  // A new page starts the stream, or tries again after it went offline.
  if (stop === null || state.state === 'offline') start();
  port.postMessage(state);
  if (lastPrompts !== null) port.postMessage(lastPrompts);
});
