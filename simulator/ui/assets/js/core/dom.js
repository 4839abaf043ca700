// @ts-check
/**
 * Small DOM helpers: building elements (text always through textContent, never HTML), status
 * and problem areas, and field errors from a problem's `details.errors`.
 */
import { Problem } from './api.js';
import { errorText } from './errors.js';
import { t } from './labels.js';

/**
 * Get an element by id (throws when the page lacks it: a page/script mismatch).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return /** @type {T} */ (el);
}

/**
 * Build an element.
 * @param {string} tag
 * @param {Record<string, any>} [attrs] attributes; `text` sets textContent, `on<event>` adds listeners, `class` the class
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** @param {Element} el */
export function clear(el) {
  el.replaceChildren();
}

/**
 * Show a result in a section's status line (`<id>-status`) and clear its problem slot.
 * @param {string} id
 * @param {string} text
 */
export function showStatus(id, text) {
  const status = document.getElementById(`${id}-status`);
  const problem = document.getElementById(`${id}-problem`);
  if (problem !== null) clear(problem);
  if (status === null) return;
  status.textContent = text;
  // A result is announced (the line is a live region) and must be seen: bring it into view.
  if (text !== '') status.scrollIntoView({ block: 'nearest' });
}

/**
 * Show a refusal in a section's problem slot (`<id>-problem`): the catalogue's text in the page's
 * language with the code visible („Hibás PIN. Még 2 próbálkozás maradt. (PIN_WRONG)”), and the
 * back end's own (English) message under „Részletek”.
 * @param {string} id
 * @param {unknown} err
 */
export function showProblem(id, err) {
  const status = document.getElementById(`${id}-status`);
  const slot = document.getElementById(`${id}-problem`);
  if (status !== null) status.textContent = '';
  if (slot === null) return;
  clear(slot);
  if (err instanceof Problem) {
    slot.append(...problemNodes(err));
    // Errors shown next to their field on this page are not repeated here.
    const errors = (Array.isArray(err.details?.errors) ? err.details.errors : []).filter((/** @type {any} */ e) => document.querySelector(`[data-error-for="${CSS.escape(String(e.path))}"]`) === null);
    if (errors.length > 0) slot.append(h('ul', {}, ...errors.map((/** @type {any} */ e) => h('li', {}, h('code', { text: e.path }), ` ${fieldErrorText(e)}`))));
  } else {
    slot.append(h('p', { text: err instanceof Error ? err.message : String(err) }));
    console.error(err);
  }
}

/**
 * The nodes that show a refusal: the text with its code, then the back end's message.
 * @param {Problem} err
 * @returns {HTMLElement[]}
 */
export function problemNodes(err) {
  if (err.code === 'NETWORK') return [h('p', {}, t('common.network', { message: err.detail }), ' ', h('strong', { class: 'code', text: `(${err.code})` }))];
  const text = errorText(err.code, err.details);
  const line = h('p', {}, text === undefined ? h('span', { lang: 'en', text: err.detail }) : text, ' ', h('strong', { class: 'code', text: `(${err.code})` }));
  if (text === undefined || err.detail === '') return [line];
  return [line, h('details', { class: 'problem-detail' }, h('summary', { text: t('common.errorDetail') }), h('p', { lang: 'en', text: err.detail }))];
}

/**
 * A field's refusal: the catalogue text of its code (with the code) when it has one, else the back end's words.
 * @param {{ code?: unknown, message?: unknown }} e
 * @returns {string}
 */
function fieldErrorText(e) {
  const text = typeof e.code === 'string' ? errorText(e.code, /** @type {Record<string, any>} */ (e)) : undefined;
  return text === undefined ? String(e.message ?? '') : `${text} (${e.code})`;
}

/**
 * Mark the fields a problem names (`details.errors[].path` → `[data-error-for]`), clear the rest.
 * @param {HTMLElement} form
 * @param {unknown} err
 */
export function showFieldErrors(form, err) {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  if (!(err instanceof Problem)) return;
  const errors = Array.isArray(err.details?.errors) ? err.details.errors : [];
  const field = typeof err.details?.field === 'string' ? [{ ...err.details, path: err.details.field, code: err.code, message: err.detail }] : [];
  for (const e of [...errors, ...field]) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(e.path)}"]`);
    if (slot !== null) slot.textContent = fieldErrorText(e);
    const input = form.querySelector(`[data-path="${CSS.escape(e.path)}"]`);
    if (input !== null) input.setAttribute('aria-invalid', 'true');
  }
}

/**
 * Run an async action with its button disabled meanwhile.
 * @param {HTMLButtonElement | null} button
 * @param {() => Promise<void>} action
 */
export async function busy(button, action) {
  if (button !== null) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    await action();
  } finally {
    if (button !== null) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}

/**
 * A definition list from label/value pairs.
 * @param {HTMLElement} dl
 * @param {Array<[string, string | Node]>} rows
 */
export function fillFacts(dl, rows) {
  clear(dl);
  for (const [label, value] of rows) dl.append(h('dt', { text: label }), h('dd', {}, value));
}

/**
 * A simulator time for people: `2026-03-02 08:00:00 UTC`.
 * @param {string | number} time
 */
export function formatTime(time) {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Show or hide a status step list: marks the current step and those done.
 * @param {HTMLElement} list `<ol>` with `li[data-step]`
 * @param {string | null} current step name, or null to hide
 * @param {boolean} [failed]
 */
export function markStep(list, current, failed = false) {
  list.hidden = current === null;
  let seen = false;
  for (const li of list.querySelectorAll('li')) {
    const step = /** @type {HTMLElement} */ (li).dataset.step;
    li.classList.remove('current', 'done', 'failed');
    li.removeAttribute('aria-current');
    if (step === current) {
      seen = true;
      li.classList.add(failed ? 'failed' : 'current');
      li.setAttribute('aria-current', 'step');
    } else if (!seen && current !== null) li.classList.add('done');
  }
}
