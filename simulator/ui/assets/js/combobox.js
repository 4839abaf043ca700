// @ts-check
/**
 * A drop-down that only accepts a picked value: an ARIA 1.2 combobox over a listbox. Typing asks
 * `search(q)` (the back end's look-up) for matches; a value counts only once picked from the list
 * (click, or arrow keys and Enter). Typing again drops the pick. The UI does not judge what is
 * typed: a form sends the pick if there is one, otherwise the typed text, and the back end says
 * what is wrong (e.g. `PICK_REQUIRED`).
 */
import { Problem } from './core/api.js';
import { clear, h } from './core/dom.js';
import { problemLine } from './core/errors.js';
import { t } from './core/labels.js';

/**
 * @typedef {object} Option
 * @property {string} label what the list shows and the input takes when picked
 * @property {string} value what the form sends (a pick id, or an id)
 */

/**
 * @typedef {object} Combobox
 * @property {() => Option | null} picked
 * @property {() => string} typed
 * @property {(option: Option) => void} pick
 * @property {() => void} reset
 * @property {(listener: (option: Option | null) => void) => void} onChange
 * @property {HTMLInputElement} input
 */

/**
 * @param {string} id the input's id (the server renders the frame: `<id>-list`, `<id>-state`)
 * @param {(q: string) => Promise<{ options: Option[], truncated?: boolean }>} search
 * @param {{ minChars?: number, openOnFocus?: boolean }} [settings]
 * @returns {Combobox}
 */
export function createCombobox(id, search, settings = {}) {
  const input = /** @type {HTMLInputElement} */ (document.getElementById(id));
  const list = /** @type {HTMLUListElement} */ (document.getElementById(`${id}-list`));
  const state = /** @type {HTMLElement} */ (document.getElementById(`${id}-state`));
  const minChars = settings.minChars ?? 1;
  /** @type {Option | null} */
  let current = null;
  /** @type {Option[]} */
  let options = [];
  let active = -1;
  let seq = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Array<(option: Option | null) => void>} */
  const listeners = [];

  const setState = () => {
    state.textContent = current === null ? t('common.notPicked') : t('common.picked', { label: current.label });
    state.dataset.picked = String(current !== null);
    input.dataset.picked = String(current !== null);
  };

  const close = () => {
    // A look-up still on its way must not open the list again (it would cover the next field).
    clearTimeout(timer);
    seq++;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (/** @type {number} */ index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((el, i) => el.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-opt-${index}`);
      document.getElementById(`${id}-opt-${index}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const choose = (/** @type {Option} */ option) => {
    current = option;
    input.value = option.label;
    close();
    setState();
    for (const l of listeners) l(option);
  };

  const render = (/** @type {boolean} */ truncated) => {
    clear(list);
    if (options.length === 0) list.append(h('li', { class: 'combo-empty', role: 'presentation', text: t('common.noMatches') }));
    options.forEach((option, i) => {
      list.append(
        h('li', {
          id: `${id}-opt-${i}`,
          role: 'option',
          'aria-selected': 'false',
          text: option.label,
          onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(),
          onclick: () => choose(option),
        }),
      );
    });
    if (truncated) list.append(h('li', { class: 'combo-more', role: 'presentation', text: t('common.truncated') }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  };

  const lookUp = async () => {
    const q = input.value.trim();
    if (q.length < minChars) {
      options = [];
      close();
      return;
    }
    const mine = ++seq;
    try {
      const found = await search(q);
      if (mine !== seq || document.activeElement !== input) return;
      options = found.options;
      render(found.truncated === true);
    } catch (err) {
      if (mine !== seq || document.activeElement !== input) return;
      options = [];
      clear(list);
      list.append(h('li', { class: 'combo-empty', role: 'presentation', text: err instanceof Problem ? problemLine(err) : err instanceof Error ? err.message : String(err) }));
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  };

  input.addEventListener('input', () => {
    if (current !== null) {
      current = null;
      setState();
      for (const l of listeners) l(null);
    }
    clearTimeout(timer);
    timer = setTimeout(lookUp, 150);
  });
  input.addEventListener('focus', () => {
    if (settings.openOnFocus === true && current === null) void lookUp();
  });
  input.addEventListener('blur', () => setTimeout(close, 120));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) void lookUp();
      else highlight(Math.min(active + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      const option = options[active];
      if (option !== undefined) choose(option);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  setState();

  return {
    input,
    picked: () => current,
    typed: () => input.value.trim(),
    pick: choose,
    reset() {
      current = null;
      input.value = '';
      setState();
    },
    onChange: (listener) => {
      listeners.push(listener);
    },
  };
}
