// @ts-check
/**
 * Reading the UI event stream (`GET /ui/api/events`, server-sent events: the card client's
 * prompts and the journal's entries). The UI's shared worker (`events-worker.js`) uses it for
 * the whole browser; a page uses it itself only where `SharedWorker` is missing. No DOM here:
 * it runs in the worker.
 *
 * @typedef {{ state: 'connecting' | 'live' | 'offline', journal: boolean, prompts: boolean }} FeedState
 *   `journal`/`prompts`: what the live stream carries (the journal only for a caller the control
 *   API's rule admits)
 * @typedef {{ onState(state: FeedState): void, onPrompts(prompts: any[]): void, onEntry(entry: any): void }} FeedHandlers
 */

/** Tries to open a stream that was refused or failed, before the feed stays offline. */
export const MAX_FAILURES = 3;
/** Wait between those tries. */
export const RETRY_MS = 3000;

/** @param {Event} e */
function dataOf(e) {
  try {
    return JSON.parse(/** @type {MessageEvent} */ (e).data);
  } catch {
    return undefined;
  }
}

/**
 * Open the stream and keep it open (EventSource reconnects by itself after a network blink; a
 * refused or ended stream is retried {@link MAX_FAILURES} times). Answers `close()`.
 * @param {string} url
 * @param {FeedHandlers} handlers
 * @returns {() => void}
 */
export function openEventFeed(url, handlers) {
  /** @type {EventSource | null} */
  let es = null;
  let failures = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retry;
  let stopped = false;
  const open = () => {
    const source = new EventSource(url);
    es = source;
    handlers.onState({ state: 'connecting', journal: false, prompts: false });
    source.addEventListener('ready', (e) => {
      failures = 0;
      const carries = dataOf(e) ?? {};
      handlers.onState({ state: 'live', journal: carries.journal === true, prompts: carries.prompts === true });
    });
    source.addEventListener('prompts', (e) => {
      const prompts = dataOf(e)?.prompts;
      if (Array.isArray(prompts)) handlers.onPrompts(prompts);
    });
    source.addEventListener('entry', (e) => {
      const entry = dataOf(e);
      if (entry !== undefined) handlers.onEntry(entry);
    });
    source.addEventListener('closed', () => {
      // The server ended it (UI_STREAM_REPLACED): EventSource must not reconnect on its own.
      source.close();
      if (es === source) es = null;
      handlers.onState({ state: 'offline', journal: false, prompts: false });
    });
    source.addEventListener('error', () => {
      if (es !== source || stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        es = null;
        failures += 1;
        handlers.onState({ state: 'offline', journal: false, prompts: false });
        if (failures < MAX_FAILURES) retry = setTimeout(() => !stopped && open(), RETRY_MS);
      } else handlers.onState({ state: 'connecting', journal: false, prompts: false });
    });
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    es?.close();
    es = null;
  };
}
