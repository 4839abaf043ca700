// @ts-check
/**
 * The virtual card reader panel, over the card client's API (`/card-client`, docs/card-login.md):
 * readers and their cards (insert, swap, remove), the card's state, the PIN-pad reader's display
 * and keypad, and the host pop-up for a reader without PIN pad. When a flow waits for the
 * cardholder, the card client's interactive cardholder opens a prompt; the panel hears of it on
 * the UI event stream (`journal-events.js`; the long poll `GET /card-client/prompts/next` only
 * when the stream carries no prompts) and answers it with `POST /prompts/{id}/answer`. The PIN
 * pad asking takes the keyboard focus. The typed digits stay in the browser until OK; the journal
 * masks them.
 */
import { api, base, control, Problem } from './core/api.js';
import { simNow } from './core/clock.js';
import { byId, clear, h } from './core/dom.js';
import { problemLine } from './core/errors.js';
import { t } from './core/labels.js';
import { onJournalEntry, onPromptFeed, onPrompts, onStreamState } from './journal-events.js';

/**
 * @typedef {{ documentId: string, holderName: string, expiry: string, pinState: string, pinTriesLeft: number, pukTriesLeft: number }} ReaderCard
 * @typedef {{ id: number, name: string, pinPad: boolean, busy: boolean, card: ReaderCard | null }} Reader
 * @typedef {{ id: number, kind: string, label: string, where: string, reader?: string, triesLeft?: number, message?: string, answerField: string }} Prompt
 * @typedef {{ documentId: string, holderName: string, holderUsername: string | null, activatedFor: string | null, expiry: string }} CardRecord
 */

/** @type {Reader[]} */
let readers = [];
/** @type {CardRecord[]} */
let cards = [];
/** @type {Prompt[]} */
let prompts = [];
/** Digits typed on each PIN pad, by prompt id (never sent before OK). @type {Map<number, string>} */
const typed = new Map();
/** @type {(() => void) | null} */
let wake = null;
/** Id of the prompt last brought into view. */
let shownPrompt = 0;
/** The card chosen in each reader's card list, kept across re-renders. @type {Map<string, string>} */
let chosenCards = new Map();

const list = document.getElementById('reader-list');
const status = document.getElementById('reader-panel-status');

/*
 * The browser runs a card operation over several connections at once (the operation itself, one
 * answer per prompt, the panel's refreshes, the event stream), and on a slow machine their replies
 * come in any order. Two rules keep the panel true whatever the order:
 * - a prompt this page knows is over (it answered or cancelled it, or the operation it belonged
 *   to ended) is never shown again, even if a prompt list read before that arrives afterwards;
 * - the status line shows either the waiting line of the open PIN-pad prompt, which follows the
 *   prompts, or a message (an outcome or a problem), which stays until a newer message or a
 *   prompt that opened after it.
 */

/** Ids of prompts this page knows are over (prompt ids only grow while the simulator runs). @type {Set<number>} */
const settled = new Set();
/** Highest prompt id this page has seen. */
let newestPrompt = 0;
/** Whether the status line shows the waiting line (follows the prompts) rather than a message. */
let statusFollowsPrompts = true;
/** The newest prompt id when the message on the status line was said. */
let messageAfterPrompt = 0;
/** Counts the messages said (an answer's reply clears the line only if no newer message came). */
let messages = 0;

/** @param {string} text */
function showStatus(text) {
  if (status === null) return;
  status.textContent = text;
  if (text !== '') status.scrollIntoView({ block: 'nearest' });
}

/**
 * Say a message on the panel's status line (a live region): announced, and brought into view.
 * @param {string} text
 */
function say(text) {
  messages += 1;
  statusFollowsPrompts = text === '';
  messageAfterPrompt = newestPrompt;
  showStatus(text);
}

/** The status line goes back to following the prompts (shows the waiting line, or nothing). */
function clearStatus() {
  statusFollowsPrompts = true;
  showStatus('');
}

/** @param {number} id a prompt this page knows is over */
function settle(id) {
  settled.add(id);
  if (settled.size > 256) settled.delete(settled.values().next().value ?? id);
}

/** Forget what was settled (the stream dropped: the simulator may have restarted its prompt ids). */
function forgetSettled() {
  settled.clear();
  newestPrompt = 0;
  messageAfterPrompt = 0;
}

/** @param {unknown} err */
function sayProblem(err) {
  say(err instanceof Problem ? problemLine(err) : String(err));
}

/** Let the prompt loop look again now. */
function poke() {
  const w = wake;
  wake = null;
  w?.();
}

/** @param {number} ms */
function waitForPoke(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      wake = null;
      resolve(undefined);
    }, ms);
    wake = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
  });
}

/** The readers as the last refresh saw them. */
export function currentReaders() {
  return readers;
}

async function refreshReaders() {
  try {
    readers = (await api('/card-client/readers', { housekeeping: true })).readers;
  } catch (err) {
    sayProblem(err);
  }
  render();
  document.dispatchEvent(new CustomEvent('readers-changed', { detail: readers }));
}

async function refreshCards() {
  try {
    cards = (await control('/cards', { housekeeping: true })).cards;
  } catch {
    cards = []; // the control API may be closed to this browser; the panel then lists no cards
  }
}

/** @param {Prompt[]} open the card client's open prompts (as the simulator said, maybe some time ago) */
function showPrompts(open) {
  prompts = open.filter((p) => !settled.has(p.id));
  for (const p of prompts) newestPrompt = Math.max(newestPrompt, p.id);
  for (const id of [...typed.keys()]) if (!prompts.some((p) => p.id === id)) typed.delete(id);
  render();
  syncHostDialog();
}

async function refreshPrompts() {
  try {
    showPrompts((await api('/card-client/prompts', { housekeeping: true })).prompts);
  } catch (err) {
    sayProblem(err);
    forgetSettled();
    showPrompts([]);
  }
}

/**
 * An operation of this panel on `reader` ended (done or refused): every prompt it opened is over.
 * @param {Reader} reader
 */
function operationOver(reader) {
  for (const p of prompts) if (p.reader === reader.name) settle(p.id);
  showPrompts(prompts);
}

/** Refresh everything (after an action of this page or a card client call seen in the journal). */
export async function refreshAll() {
  await Promise.all([refreshCards(), refreshReaders(), refreshPrompts()]);
  render();
}

/** @param {ReaderCard} card */
function isExpired(card) {
  return card.expiry < new Date(simNow()).toISOString().slice(0, 10);
}

/** @param {string} state */
function stateLabel(state) {
  const key = `reader.state.${state}`;
  const text = t(key);
  return text === key ? state : text;
}

/** @param {Reader} reader */
function promptFor(reader) {
  if (!reader.pinPad) return undefined;
  const onPad = prompts.filter((p) => p.where === 'pin-pad');
  return onPad.find((p) => p.reader === reader.name) ?? (onPad.length === 1 && reader.busy ? onPad[0] : undefined);
}

/**
 * @param {string} label
 * @param {() => Promise<void>} action
 * @param {{ disabled?: boolean, cls?: string, key?: string }} [opts]
 */
function button(label, action, opts = {}) {
  return h('button', {
    type: 'button',
    class: opts.cls ?? 'secondary small',
    disabled: opts.disabled === true,
    'data-focus-key': opts.key,
    text: label,
    onclick: async (/** @type {Event} */ e) => {
      const b = /** @type {HTMLButtonElement} */ (e.currentTarget);
      b.disabled = true;
      try {
        await action();
      } catch (err) {
        sayProblem(err);
      } finally {
        b.disabled = false;
        await refreshAll();
      }
    },
  });
}

/** @param {Reader} reader */
function cardBlock(reader) {
  const card = reader.card;
  if (card === null) return h('p', { class: 'muted no-card', text: t('reader.noCard') });
  const record = cards.find((c) => c.documentId === card.documentId);
  const expired = isExpired(card);
  return h(
    'dl',
    { class: 'card-facts' },
    h('dt', { text: t('reader.holder') }),
    h('dd', { text: card.holderName }),
    h('dt', { text: t('reader.documentId') }),
    h('dd', {}, h('code', { text: card.documentId })),
    h('dt', { text: t('reader.expiry') }),
    h('dd', {}, card.expiry, expired ? h('span', { class: 'badge bad', text: t('reader.expired') }) : null),
    h('dt', { text: t('reader.pinState') }),
    h('dd', {}, h('span', { class: `badge pin-${card.pinState}`, 'data-pin-state': card.pinState, text: stateLabel(card.pinState) })),
    h('dt', { text: t('reader.tries') }),
    h('dd', { text: t('reader.triesValue', { pin: card.pinTriesLeft, puk: card.pukTriesLeft }) }),
    record === undefined ? null : h('dt', { text: t('reader.activatedFor') }),
    record === undefined ? null : h('dd', { text: record.activatedFor ?? t('reader.notActivated') }),
  );
}

/** @param {Reader} reader */
function cardControls(reader) {
  const selectId = `reader-${reader.id}-card`;
  const select = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: selectId, 'data-focus-key': selectId },
      ...cards.map((c) => h('option', { value: c.documentId, text: `${c.documentId} – ${c.holderName}${c.holderUsername === null ? '' : ` (${c.holderUsername})`}` })),
    )
  );
  const keep = chosenCards.get(selectId);
  if (keep !== undefined && keep !== '') select.value = keep;
  else if (reader.card !== null) select.value = reader.card.documentId;
  const insert = async () => {
    await api(`/card-client/readers/${reader.id}/card`, { body: { documentId: select.value } });
  };
  const remove = async () => {
    await api(`/card-client/readers/${reader.id}/card`, { method: 'DELETE' });
  };
  return h(
    'div',
    { class: 'card-controls' },
    cards.length === 0 ? null : h('label', { for: selectId, text: t('reader.cardSelect') }),
    cards.length === 0 ? null : select,
    h(
      'div',
      { class: 'buttons' },
      reader.card === null
        ? button(t('reader.insert'), insert, { disabled: cards.length === 0, key: `insert-${reader.id}`, cls: 'small' })
        : button(
            t('reader.swap'),
            async () => {
              await remove();
              await insert();
            },
            { disabled: reader.busy, key: `swap-${reader.id}` },
          ),
      reader.card === null ? null : button(t('reader.remove'), remove, { key: `remove-${reader.id}` }),
    ),
  );
}

/** @param {Reader} reader */
function operations(reader) {
  if (reader.card === null) return null;
  const state = reader.card.pinState;
  return h(
    'div',
    { class: 'buttons card-ops' },
    state === 'activation'
      ? button(
          t('reader.changePin'),
          async () => {
            const run = api('/card-client/change-pin', { body: { reader: reader.id } });
            armPrompts();
            try {
              await run;
            } finally {
              operationOver(reader);
            }
            say(t('reader.changed'));
          },
          { disabled: reader.busy, key: `change-${reader.id}` },
        )
      : null,
    state === 'blocked' || state === 'suspended'
      ? button(
          t('reader.unblock'),
          async () => {
            armPrompts();
            let result;
            try {
              result = await api('/card-client/unblock', { body: { reader: reader.id } });
            } finally {
              operationOver(reader);
            }
            say(t('reader.unblocked', { state: stateLabel(result.pinState) }));
          },
          { disabled: reader.busy, key: `unblock-${reader.id}` },
        )
      : null,
  );
}

/**
 * @param {Prompt} prompt
 * @param {string} value
 */
async function answer(prompt, value) {
  const before = messages;
  settle(prompt.id); // answered: a list read before the answer arrived must not bring it back
  try {
    await api(`/card-client/prompts/${prompt.id}/answer`, { body: { [prompt.answerField]: value } });
    // Clears a problem of an earlier try; the operation's outcome, if it came first, stays.
    if (messages === before) clearStatus();
  } catch (err) {
    if (!(err instanceof Problem && err.code === 'PROMPT_NOT_PENDING')) settled.delete(prompt.id); // still open
    sayProblem(err);
  }
  typed.delete(prompt.id);
  poke();
  await refreshPrompts();
}

/** @param {Prompt} prompt */
async function cancel(prompt) {
  try {
    await api(`/card-client/prompts/${prompt.id}/cancel`, { method: 'POST' });
    settle(prompt.id);
  } catch (err) {
    sayProblem(err);
  }
  typed.delete(prompt.id);
  poke();
  await refreshAll();
}

/**
 * The PIN pad: display and keypad. Keyboard: digits, Backspace (correct), Enter (OK), Esc (cancel).
 * @param {Reader} reader
 */
function pinPad(reader) {
  const prompt = promptFor(reader);
  const digits = prompt === undefined ? '' : (typed.get(prompt.id) ?? '');
  const press = (/** @type {string} */ key) => {
    if (prompt === undefined) return;
    if (/^\d$/.test(key)) {
      if (digits.length < 16) typed.set(prompt.id, digits + key);
      render();
    } else if (key === 'clear') {
      typed.set(prompt.id, digits.slice(0, -1));
      render();
    } else if (key === 'ok') void answer(prompt, digits);
    else if (key === 'cancel') void cancel(prompt);
  };
  const key = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ cls) =>
    h('button', {
      type: 'button',
      class: `key ${cls}`,
      disabled: prompt === undefined,
      'data-key': value,
      'data-focus-key': `pad-${reader.id}-${value}`,
      text: label,
      onclick: () => press(value),
    });
  const screenLabel = prompt !== undefined ? prompt.label : reader.card === null ? t('reader.displayInsert') : t('reader.displayReady');
  const group = h(
    'div',
    {
      class: `pinpad${prompt === undefined ? '' : ' asking'}`,
      role: 'group',
      'aria-label': t('reader.pinPad', { name: reader.name }),
      'data-reader': String(reader.id),
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        const onButton = e.target instanceof HTMLButtonElement;
        if (/^\d$/.test(e.key)) press(e.key);
        else if (e.key === 'Backspace') press('clear');
        else if (e.key === 'Enter' && !onButton) press('ok');
        else if (e.key === 'Escape') press('cancel');
        else return;
        e.preventDefault();
      },
    },
    h(
      'div',
      { class: 'pinpad-screen', tabindex: '0', role: 'status', 'aria-label': t('reader.display'), 'aria-live': 'polite', 'data-focus-key': `screen-${reader.id}` },
      h('span', { class: 'screen-label', text: screenLabel }),
      h('span', { class: 'screen-digits', 'aria-label': t('reader.typed', { n: digits.length }), text: prompt === undefined ? '' : '*'.repeat(digits.length) || '_' }),
      h('span', { class: 'screen-info', text: prompt?.triesLeft === undefined ? '' : t('reader.triesLeft', { n: prompt.triesLeft }) }),
    ),
    h(
      'div',
      { class: 'keys' },
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, d, 'digit')),
      key(t('reader.keyCancel'), 'cancel', 'cancel'),
      key('0', '0', 'digit'),
      key(t('reader.keyClear'), 'clear', 'clear'),
      key(t('reader.keyOk'), 'ok', 'ok'),
    ),
    h('p', { class: 'hint', text: t('reader.keyboardHint') }),
  );
  return group;
}

/** @param {Reader} reader */
function readerSection(reader) {
  const titleId = `reader-${reader.id}-title`;
  return h(
    'section',
    { class: `reader${reader.busy ? ' busy' : ''}`, 'aria-labelledby': titleId, 'data-reader-id': String(reader.id) },
    h(
      'h3',
      { id: titleId },
      h('span', { text: reader.name }),
      h('span', { class: 'badge', text: reader.pinPad ? t('reader.withPinPad') : t('reader.withoutPinPad') }),
      reader.busy ? h('span', { class: 'badge warn', text: t('reader.busy') }) : null,
    ),
    reader.pinPad ? pinPad(reader) : null,
    cardBlock(reader),
    cardControls(reader),
    operations(reader),
    h('div', { class: 'buttons' }, button(t('reader.detach'), async () => void (await api(`/card-client/readers/${reader.id}`, { method: 'DELETE' })), { cls: 'link small', key: `detach-${reader.id}` })),
  );
}

/** On a page without the panel, a PIN-pad prompt is announced with a link to the readers. */
function renderToast() {
  const open = prompts.find((p) => p.where === 'pin-pad');
  let toast = document.getElementById('prompt-toast');
  if (open === undefined) {
    toast?.remove();
    return;
  }
  if (toast === null) {
    toast = h('div', { id: 'prompt-toast', class: 'prompt-toast', role: 'alert' });
    document.body.append(toast);
  }
  toast.replaceChildren(h('p', { text: t('reader.toast', { label: open.label }) }), h('a', { href: `${base}/ui/readers`, text: t('reader.toastLink') }));
}

function render() {
  if (list === null) {
    renderToast();
    return;
  }
  const focused = /** @type {HTMLElement | null} */ (document.activeElement);
  const focusKey = focused !== null && list.contains(focused) ? focused.dataset.focusKey : undefined;
  chosenCards = new Map([...list.querySelectorAll('select')].map((s) => [s.id, s.value]));
  clear(list);
  if (readers.length === 0) list.append(h('p', { class: 'muted', text: t('reader.noReaders') }));
  for (const reader of readers) list.append(readerSection(reader));
  const open = prompts[0];
  if (open !== undefined && open.where === 'pin-pad') {
    if (statusFollowsPrompts || open.id > messageAfterPrompt) {
      statusFollowsPrompts = true;
      showStatus(t('reader.waiting', { label: open.label }) + (open.message === undefined ? '' : ` – ${open.message}`));
    }
  } else if (statusFollowsPrompts) showStatus('');
  if (open !== undefined && open.id !== shownPrompt) {
    shownPrompt = open.id;
    // A new question on a PIN pad: the pad takes the keyboard (digits, Backspace, Enter, Esc).
    const screen = /** @type {HTMLElement | null} */ (list.querySelector('.pinpad.asking .pinpad-screen'));
    if (screen !== null) {
      screen.scrollIntoView({ block: 'nearest' });
      screen.focus({ preventScroll: true });
      return;
    }
  }
  if (focusKey !== undefined) {
    const again = /** @type {HTMLElement | null} */ (list.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`));
    if (again !== null && !(again instanceof HTMLButtonElement && again.disabled)) again.focus();
    else /** @type {HTMLElement | null} */ (list.querySelector('.pinpad-screen'))?.focus();
  }
}

// --- the host pop-up (reader without PIN pad)

/** @type {Prompt | null} */
let hostPrompt = null;

function syncHostDialog() {
  const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('host-prompt'));
  if (dialog === null) return;
  const next = prompts.find((p) => p.where === 'host') ?? null;
  if (next === null) {
    hostPrompt = null;
    if (dialog.open) dialog.close();
    return;
  }
  if (hostPrompt?.id === next.id && dialog.open) return;
  hostPrompt = next;
  byId('host-prompt-intro').textContent = t('reader.hostIntro', { reader: next.reader ?? '' });
  byId('host-prompt-message').textContent = next.message ?? '';
  byId('host-prompt-label').textContent = next.label;
  byId('host-prompt-tries').textContent = next.triesLeft === undefined ? '' : t('reader.triesLeft', { n: next.triesLeft });
  byId('host-prompt-error').textContent = '';
  const input = /** @type {HTMLInputElement} */ (byId('host-prompt-input'));
  input.value = '';
  if (!dialog.open) dialog.showModal();
  input.focus();
}

function wireHostDialog() {
  const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('host-prompt'));
  if (dialog === null) return;
  const form = byId('host-prompt-form');
  const input = /** @type {HTMLInputElement} */ (byId('host-prompt-input'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const prompt = hostPrompt;
    if (prompt === null) return;
    settle(prompt.id); // answered: a list read before the answer arrived must not bring it back
    // The next prompt may be on the pop-up before this reply comes: it is left as it is.
    const stillShown = () => hostPrompt === null || hostPrompt.id === prompt.id;
    try {
      await api(`/card-client/prompts/${prompt.id}/answer`, { body: { [prompt.answerField]: input.value } });
      if (stillShown()) {
        input.value = '';
        hostPrompt = null;
        dialog.close();
      }
    } catch (err) {
      const gone = err instanceof Problem && err.code === 'PROMPT_NOT_PENDING';
      if (!gone) settled.delete(prompt.id); // refused: the prompt is still open
      if (stillShown()) {
        byId('host-prompt-error').textContent = err instanceof Problem ? problemLine(err) : String(err);
        if (gone) dialog.close();
      }
    }
    poke();
    await refreshPrompts();
  });
  byId('host-prompt-cancel').addEventListener('click', async () => {
    const prompt = hostPrompt;
    dialog.close();
    if (prompt !== null) await cancel(prompt);
  });
  byId('host-prompt-remove').addEventListener('click', async () => {
    const prompt = hostPrompt;
    dialog.close();
    if (prompt !== null) {
      try {
        await api(`/card-client/prompts/${prompt.id}/remove-card`, { method: 'POST' });
        settle(prompt.id);
      } catch (err) {
        sayProblem(err);
      }
      poke();
      await refreshAll();
    }
  });
  dialog.addEventListener('cancel', (e) => {
    // Esc on the pop-up presses Cancel, as on the card client's window.
    e.preventDefault();
    byId('host-prompt-cancel').click();
  });
}

// --- prompts: pushed on the UI event stream; the long poll only where the stream carries none

/** A prompt needs a valid eID request package (5 minutes) or an operation of this panel. */
const ARM_MS = 330_000;
let armedUntil = 0;
/** Without the journal stream the panel cannot tell when a flow starts: it then always listens. */
let alwaysArmed = false;
/** Whether the stream brings the prompts (`live`: no long poll) — `connecting` while it opens. */
let promptFeed = /** @type {'connecting' | 'live' | 'offline'} */ ('connecting');
/** Aborts the long poll in flight (on `pagehide`: a page in the back/forward cache holds nothing). */
let longPoll = /** @type {AbortController | null} */ (null);
/** Read anew each time (the stream's listener changes it while the loop waits). */
const promptsPushed = () => promptFeed === 'live';
/** The stream took more than a moment to open: poll meanwhile. */
let feedSlow = false;

/** Listen for prompts for the next few minutes (a flow with the card is starting). */
export function armPrompts() {
  armedUntil = Date.now() + ARM_MS;
  poke();
}

/** Journal entries that hand out an eID request package: a card prompt may follow. */
function issuesPackage(/** @type {any} */ entry) {
  if (entry.request?.method !== 'POST' || entry.response?.status !== 201) return false;
  const path = String(entry.request?.path ?? '');
  return path.endsWith('/eid/request-package') || path.endsWith('/minihis/api/login/card-request') || path.endsWith('/minihis/api/eeszt/card-request') || path.endsWith('/portal/login/card-request') || path.endsWith('/portal/activations');
}

/** The fallback: long-poll the card client for the next prompt, only while one can come. */
async function promptLoop() {
  for (;;) {
    if (promptFeed === 'live') {
      await waitForPoke(60_000);
      continue;
    }
    if (promptFeed === 'connecting' && !feedSlow) {
      // The stream is opening (the shared worker answers within milliseconds): give it a moment.
      await waitForPoke(5000);
      feedSlow = !promptsPushed();
      continue;
    }
    if (document.visibilityState === 'hidden') {
      await new Promise((resolve) => document.addEventListener('visibilitychange', resolve, { once: true }));
      continue;
    }
    if (prompts.length > 0) {
      await waitForPoke(8000);
      if (!promptsPushed()) await refreshPrompts();
      continue;
    }
    if (!alwaysArmed && Date.now() > armedUntil && !readers.some((r) => r.busy)) {
      await waitForPoke(60_000); // idle: no requests at all
      continue;
    }
    const abort = new AbortController();
    longPoll = abort;
    try {
      const next = await api('/card-client/prompts/next?waitSeconds=20', { housekeeping: true, signal: abort.signal });
      if (next !== null) await Promise.all([refreshPrompts(), refreshReaders()]);
    } catch {
      if (!abort.signal.aborted) await waitForPoke(3000);
    } finally {
      longPoll = null;
    }
  }
}

/** Update every reader choice (`select[data-reader-choice]`) of the page. */
function syncReaderChoices() {
  for (const select of /** @type {NodeListOf<HTMLSelectElement>} */ (document.querySelectorAll('select[data-reader-choice]'))) {
    const chosen = select.value;
    const auto = select.options[0];
    select.replaceChildren(...(auto === undefined ? [] : [auto]));
    for (const r of readers) {
      const what = r.card === null ? t('reader.noCard') : `${r.card.documentId} – ${r.card.holderName}`;
      select.append(h('option', { value: String(r.id), text: `${r.name} (${r.pinPad ? t('reader.withPinPad') : t('reader.withoutPinPad')}): ${what}` }));
    }
    select.value = readers.some((r) => String(r.id) === chosen) ? chosen : '';
  }
}

/** Start the panel (every page has the host pop-up; most also show the panel). */
export function initReaderPanel() {
  wireHostDialog();
  document.addEventListener('readers-changed', syncReaderChoices);
  const addPinPad = document.getElementById('reader-add-pinpad');
  const addPlain = document.getElementById('reader-add-plain');
  const nextNumber = () => readers.reduce((max, r) => Math.max(max, r.id), 0) + 1;
  addPinPad?.addEventListener('click', async () => {
    try {
      await api('/card-client/readers', { body: { pinPad: true, name: `${t('reader.pinPadName')} ${nextNumber()}` } });
    } catch (err) {
      sayProblem(err);
    }
    await refreshReaders();
  });
  addPlain?.addEventListener('click', async () => {
    try {
      await api('/card-client/readers', { body: { pinPad: false, name: `${t('reader.plainName')} ${nextNumber()}` } });
    } catch (err) {
      sayProblem(err);
    }
    await refreshReaders();
  });
  document.addEventListener('card-flow', armPrompts);
  armedUntil = Date.now() + 25_000; // a flow may have started just before this page opened
  onStreamState((state) => {
    alwaysArmed = state === 'offline';
    if (alwaysArmed) poke();
  });
  let promptIds = '';
  onPrompts((open) => {
    const ids = open.map((p) => p.id).join(',');
    showPrompts(open);
    // A prompt opened or closed: the reader it concerns changed its state (busy, tries left).
    if (ids !== promptIds) void refreshReaders();
    promptIds = ids;
  });
  onPromptFeed((state) => {
    if (state !== 'live') forgetSettled();
    promptFeed = state;
    if (state === 'live') {
      feedSlow = false;
      longPoll?.abort();
    }
    poke();
  });
  window.addEventListener('pagehide', () => longPoll?.abort());
  window.addEventListener('pageshow', (e) => {
    // Back from the back/forward cache: the readers may have changed meanwhile.
    if (e.persisted) void refreshAll();
  });
  let pending = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  onJournalEntry((entry) => {
    if (issuesPackage(entry)) armPrompts();
    const write = entry.request?.method !== 'GET';
    if (!write || !['card-client', 'portal', 'control', 'eid-server'].includes(entry.service)) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      poke();
      void refreshAll();
    }, 200);
  });
  void refreshAll().then(promptLoop);
}
