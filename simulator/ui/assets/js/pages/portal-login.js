// @ts-check
/**
 * `/ui/portal`: Bejelentkezés. With the eID card: the three legs of docs/card-login.md
 * (`POST /portal/login/card-request`, the card client, the STS); with a password: one WS-Trust Issue.
 * The token is kept in this tab for the IAM+SSO and V-MÁTRIX screens.
 */
import '../common.js';
import { api, base } from '../core/api.js';
import { busy, byId, markStep, showFieldErrors, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { presentCard } from '../card-flow.js';
import { createCombobox } from '../combobox.js';
import { wireMobilTokenHelper } from '../mobiltoken-helper.js';
import { setPortalSession } from '../portal-session.js';
import { cardIssueRequest, issueToken, passwordIssueRequest, tokenFacts } from '../soap-client.js';

// Intézmény and Szervezeti egység are chosen from drop-downs as on the portal (seed 000); a value
// typed but not picked is sent as typed, and the STS says what is wrong with it.
const institution = createCombobox('login-institution', async (q) => {
  const found = await api(`/portal/lookup/institutions?q=${encodeURIComponent(q)}`);
  return { options: found.matches.map((/** @type {any} */ m) => ({ label: `${m.institutionId} – ${m.name} (${m.city})`, value: m.institutionId })), truncated: found.truncated };
});
const unit = createCombobox('login-unit', async (q) => {
  const inst = institution.picked()?.value ?? institution.typed();
  const found = await api(`/portal/lookup/units?institution=${encodeURIComponent(inst)}&q=${encodeURIComponent(q)}`);
  return { options: found.matches.map((/** @type {any} */ m) => ({ label: `${m.code} – ${m.name}`, value: m.code })), truncated: found.truncated };
});
institution.onChange(() => unit.reset());

const form = /** @type {HTMLFormElement} */ (byId('portal-login-form'));
const steps = byId('login-steps');
const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
const method = () => /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="login-method"]:checked'))?.value ?? 'card';

function syncMethod() {
  byId('login-password-group').hidden = method() !== 'password';
  byId('login-reader-group').hidden = method() !== 'card';
}
for (const radio of form.querySelectorAll('input[name="login-method"]')) radio.addEventListener('change', syncMethod);
syncMethod();
wireMobilTokenHelper('login-mobiltoken', 'login-username');

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('login-submit')), async () => {
    const claims = { username: value('login-username'), institutionId: institution.picked()?.value ?? institution.typed(), unitCode: unit.picked()?.value ?? unit.typed() };
    showFieldErrors(form, null);
    let step = 'package';
    try {
      let assertion;
      if (method() === 'password') {
        markStep(steps, null);
        showStatus('login', t('common.loading'));
        const mobilTokenCode = value('login-mobiltoken');
        assertion = await issueToken(passwordIssueRequest({ ...claims, password: /** @type {HTMLInputElement} */ (byId('login-password')).value, mobilTokenCode }));
      } else {
        markStep(steps, 'package');
        const pkg = await api('/portal/login/card-request', { method: 'POST', body: {} }); // the portal's own card login: no HIS sector user
        step = 'card';
        markStep(steps, 'card');
        showStatus('login', t('common.waitCard'));
        const rid = await presentCard(pkg.requestPackage, /** @type {HTMLSelectElement} */ (byId('login-reader')));
        step = 'sts';
        markStep(steps, 'sts');
        assertion = await issueToken(cardIssueRequest({ ...claims, ridPackage: rid.ridPackage }));
      }
      const facts = tokenFacts(assertion);
      setPortalSession({ assertion, username: facts.nameId || claims.username, institutionId: facts.institutionId || claims.institutionId, unitCode: facts.unitCode || claims.unitCode, notOnOrAfter: facts.notOnOrAfter });
      location.href = `${base}/ui/portal/iam`;
    } catch (err) {
      if (method() === 'card') markStep(steps, step, true);
      showProblem('login', err);
      showFieldErrors(form, err);
    }
  });
});
