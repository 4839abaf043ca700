// @ts-check
/** `/ui/minihis/terms`: the ÁSZF (`GET|POST /minihis/api/terms`). */
import '../common.js';
import { base } from '../core/api.js';
import { busy, byId, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { goNext, miniHis, requireMiniHisSession, setMiniHisSession } from '../minihis-session.js';

const form = /** @type {HTMLFormElement} */ (byId('terms-form'));

/** @param {boolean} accept */
async function answer(accept) {
  const result = await miniHis('/terms', { body: { accept } });
  if (accept) goNext(result.setup);
  else {
    setMiniHisSession(null);
    showStatus('terms', t('minihis.termsRejected'));
    setTimeout(() => (location.href = `${base}/ui/minihis`), 2500);
  }
}

const accept = /** @type {HTMLInputElement} */ (byId('terms-accept'));
const next = /** @type {HTMLButtonElement} */ (byId('terms-next'));
/** „Következő” only accepts: it waits for the box (refusing is „Nem fogadom el”'s job alone). */
function syncNext() {
  next.disabled = !accept.checked;
}
accept.addEventListener('change', syncNext);
syncNext();

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!accept.checked) return;
  void busy(next, async () => {
    try {
      await answer(true);
    } catch (err) {
      showProblem('terms', err);
    }
  }).finally(syncNext);
});
byId('terms-reject').addEventListener('click', () => void answer(false).catch((err) => showProblem('terms', err)));

if (requireMiniHisSession('terms') !== null) {
  miniHis('/terms')
    .then((terms) => {
      byId('terms-title').textContent = terms.title;
      byId('terms-version').textContent = terms.version;
      byId('terms-text').textContent = terms.summary;
      accept.checked = terms.accepted === true;
      syncNext();
    })
    .catch((err) => showProblem('terms', err));
}
