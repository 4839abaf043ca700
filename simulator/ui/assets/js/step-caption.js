// @ts-check
/**
 * The presentation mode's caption (`#step-caption`, only rendered in that mode): it says, in the
 * page's language, what is happening now — the reader waiting for a PIN (PIN pad or the card
 * client's pop-up), else the flow step marked current (or failed) in the page's step list
 * (`ol.steps li[data-step]`), else what the page is for (the server-rendered text). It follows
 * the page with a MutationObserver; nothing here calls the simulator.
 */
import { t } from './core/labels.js';

const caption = document.getElementById('step-caption');

/** @param {Element | null} el */
function text(el) {
  return (el?.textContent ?? '').trim();
}

/** The caption for the page as it is now. */
function current(/** @type {string} */ pageCaption) {
  const asking = document.querySelector('.pinpad.asking');
  if (asking !== null) {
    const reader = asking.closest('section.reader');
    const name = text(reader?.querySelector('h3 > span') ?? null);
    return t('caption.pin', { label: text(asking.querySelector('.screen-label')), reader: name });
  }
  const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('host-prompt'));
  if (dialog?.open === true) return t('caption.hostPrompt', { label: text(document.getElementById('host-prompt-label')) });
  for (const list of document.querySelectorAll('ol.steps')) {
    if (/** @type {HTMLElement} */ (list).hidden) continue;
    const step = /** @type {HTMLElement | null} */ (list.querySelector('li.current, li.failed'));
    if (step === null) continue;
    const flow = list.id === 'activation-steps' ? 'activation' : 'login';
    const key = `caption.step.${flow}.${step.dataset.step ?? ''}`;
    const described = t(key);
    const line = described === key ? text(step) : described;
    return step.classList.contains('failed') ? t('caption.failed', { step: text(step) }) : line;
  }
  return pageCaption;
}

if (caption !== null) {
  const pageCaption = text(caption);
  let scheduled = false;
  const update = () => {
    scheduled = false;
    const next = current(pageCaption);
    if (caption.textContent !== next) caption.textContent = next;
  };
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'hidden', 'open'] });
  update();
}
