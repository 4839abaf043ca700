// @ts-check
/** `/ui/minihis/ojote`: NEAK OJOTE credentials and the simulated eligibility check. */
import '../common.js';
import { base } from '../core/api.js';
import { busy, byId, fillFacts, formatTime, h, showFieldErrors, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { miniHis, requireMiniHisSession } from '../minihis-session.js';

const form = /** @type {HTMLFormElement} */ (byId('ojote-form'));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('oj-save')), async () => {
    try {
      await miniHis('/ojote', { body: { ojoteUsername: input('oj-username').value.trim(), ojotePassword: input('oj-password').value.trim() } });
      input('oj-password').value = '';
      showFieldErrors(form, null);
      showStatus('oj', t('minihis.ojote.saved'));
    } catch (err) {
      showProblem('oj', err);
      showFieldErrors(form, err);
    }
  });
});
byId('oj-skip').addEventListener('click', () => (location.href = `${base}/ui/minihis/home`));

byId('ojote-check-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('oj-check')), async () => {
    try {
      const r = await miniHis(`/ojote/check?taj=${encodeURIComponent(input('oj-taj').value.trim())}`);
      const key = r.eligibility === null ? 'minihis.ojote.unknown' : `minihis.ojote.${r.eligibility}`;
      fillFacts(byId('oj-result'), [
        [t('minihis.ojote.taj'), r.taj],
        [t('reader.holder'), `${r.patient.familyName} ${r.patient.givenName} (${r.patient.birthDate})`],
        [t('minihis.ojote.check'), h('span', { class: `badge eligibility-${r.eligibility ?? 'none'}`, text: t(key) })],
        [t('minihis.ojote.username'), r.checkedAs],
        [t('inspector.time'), formatTime(r.checkedAt)],
      ]);
      showStatus('oj-check', '');
    } catch (err) {
      byId('oj-result').replaceChildren();
      showProblem('oj-check', err);
    }
  });
});

if (requireMiniHisSession('oj') !== null) {
  miniHis('/ojote')
    .then((current) => {
      input('oj-username').value = current.credentials?.ojoteUsername ?? current.suggestedUsername ?? '';
    })
    .catch((err) => showProblem('oj', err));
}
