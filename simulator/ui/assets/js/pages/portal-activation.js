// @ts-check
/**
 * `/ui/portal/activation`: Aktiválás (docs/card-login.md, "Card activation"): the check code,
 * `POST /portal/activations`, the card with the card client (a new card's activation PIN is
 * changed on the way, the cardholder answers in the reader panel), and the completion.
 */
import '../common.js';
import { api } from '../core/api.js';
import { busy, byId, formatTime, markStep, showFieldErrors, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { presentCard } from '../card-flow.js';

const form = /** @type {HTMLFormElement} */ (byId('activation-form'));
const steps = byId('activation-steps');
let checkCodeId = '';

async function newCode() {
  try {
    const code = await api('/portal/activation/check-code');
    checkCodeId = code.checkCodeId;
    byId('check-code-value').textContent = code.checkCode;
    byId('check-code-expiry').textContent = t('activation.expires', { time: formatTime(code.expiresAt) });
  } catch (err) {
    showProblem('activation', err);
  }
}

byId('check-code-new').addEventListener('click', () => void newCode());
markStep(steps, null);
steps.hidden = false;
void newCode();

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('activation-submit')), async () => {
    showFieldErrors(form, null);
    let step = 'start';
    markStep(steps, step);
    try {
      const started = await api('/portal/activations', {
        body: {
          username: /** @type {HTMLInputElement} */ (byId('activation-username')).value.trim(),
          checkCodeId,
          checkCode: /** @type {HTMLInputElement} */ (byId('activation-code')).value.trim(),
        },
      });
      step = 'card';
      markStep(steps, step);
      showStatus('activation', t('common.waitCard'));
      const rid = await presentCard(started.requestPackage, /** @type {HTMLSelectElement} */ (byId('activation-reader')));
      step = 'complete';
      markStep(steps, step);
      const done = await api(`/portal/activations/${encodeURIComponent(started.activationId)}/complete`, { body: { ridPackage: rid.ridPackage } });
      markStep(steps, null);
      steps.hidden = false;
      for (const li of steps.querySelectorAll('li')) li.classList.add('done');
      const parts = [t('activation.done', { username: done.username, documentId: done.documentId })];
      if (rid.pinChanged) parts.push(t('activation.pinChanged'));
      if (done.alreadyActivated) parts.push(t('activation.already'));
      showStatus('activation', parts.join(' '));
    } catch (err) {
      markStep(steps, step, true);
      showProblem('activation', err);
      showFieldErrors(form, err);
      await newCode(); // a check code is good for one try
    }
  });
});
