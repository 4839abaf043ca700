// @ts-check
/**
 * `/ui/minihis`: Bejelentkezés. Intézmény and Szervezeti egység are pick-only drop-downs over
 * miniHIS's look-ups; "Belépés" logs in with a mobilToken code or the eID card (card request,
 * the card client, then the rID package) — docs/minihis.md.
 */
import '../common.js';
import { busy, byId, showFieldErrors, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { presentCard } from '../card-flow.js';
import { createCombobox } from '../combobox.js';
import { wireMobilTokenHelper } from '../mobiltoken-helper.js';
import { goNext, miniHis, setMiniHisSession } from '../minihis-session.js';

const institution = createCombobox('mh-institution', async (q) => {
  const found = await miniHis(`/lookup/institutions?q=${encodeURIComponent(q)}`);
  return { options: found.matches.map((/** @type {any} */ m) => ({ label: `${m.institution} – ${m.name} (${m.city})`, value: m.pick })) };
});
const unit = createCombobox('mh-unit', async (q) => {
  const found = await miniHis(`/lookup/units?institution=${encodeURIComponent(institution.picked()?.value ?? '')}&q=${encodeURIComponent(q)}`);
  return { options: found.matches.map((/** @type {any} */ m) => ({ label: `${m.unitCode} – ${m.name}`, value: m.pick })) };
});
institution.onChange(() => unit.reset());

const form = /** @type {HTMLFormElement} */ (byId('minihis-login-form'));
const method = () => /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="mh-method"]:checked'))?.value ?? 'card';
const username = () => /** @type {HTMLInputElement} */ (byId('mh-username')).value.trim();

function syncMethod() {
  byId('mh-token-group').hidden = method() !== 'token';
  byId('mh-reader-group').hidden = method() !== 'card';
}
for (const radio of form.querySelectorAll('input[name="mh-method"]')) radio.addEventListener('change', syncMethod);
syncMethod();

wireMobilTokenHelper('mh-token', 'mh-username');

/** The form as miniHIS takes it: picks, or what was typed (which miniHIS refuses, saying why). */
function loginBody() {
  /** @type {Record<string, unknown>} */
  const body = { username: username() };
  const i = institution.picked();
  if (i !== null) body.institutionPick = i.value;
  else if (institution.typed() !== '') body.institution = institution.typed();
  const u = unit.picked();
  if (u !== null) body.unitPick = u.value;
  else if (unit.typed() !== '') body.unitCode = unit.typed();
  return body;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('mh-enter')), async () => {
    showFieldErrors(form, null);
    try {
      const body = loginBody();
      if (method() === 'token') body.mobilTokenCode = /** @type {HTMLInputElement} */ (byId('mh-token')).value.trim();
      else {
        const request = await miniHis('/login/card-request', { body: { institutionPick: body.institutionPick } });
        showStatus('mh-login', t('common.waitCard'));
        const rid = await presentCard(request.requestPackage, /** @type {HTMLSelectElement} */ (byId('mh-reader')));
        body.ridPackage = rid.ridPackage;
      }
      const session = await miniHis('/login', { body });
      setMiniHisSession({ sessionToken: session.sessionToken, username: session.username, name: session.name, kind: session.kind, institution: session.institution, unit: session.unit, expiresAt: session.expiresAt });
      goNext(session.setup);
    } catch (err) {
      showProblem('mh-login', err);
      showFieldErrors(form, err);
    }
  });
});
