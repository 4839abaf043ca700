// @ts-check
/**
 * `/ui/minihis/erecept`: the EESZT connection and one business service call with it. "Activating
 * the connection" gets a SAML token from the STS for the session's user, institution and unit —
 * with the eID card (the three legs of docs/card-login.md) or a password — and the prescription
 * form sends eRecept's `IssuePrescriptionRequest` with that token in `wsse:Security`
 * (docs/services.md). After 7 hours at the simulator clock the token is refused (`TOKEN_EXPIRED`).
 */
import '../common.js';
import { api } from '../core/api.js';
import { busy, byId, fillFacts, formatTime, markStep, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { load, save } from '../core/session.js';
import { presentCard, readCard } from '../card-flow.js';
import { bearer, requireMiniHisSession } from '../minihis-session.js';
import { wireMobilTokenHelper } from '../mobiltoken-helper.js';
import { callService, cardIssueRequest, escapeXml, issueToken, passwordIssueRequest, tokenFacts } from '../soap-client.js';

const ERECEPT = 'urn:eeszt-sim:services:erecept:2026';
const session = requireMiniHisSession('eeszt');
const steps = byId('eeszt-steps');
wireMobilTokenHelper('eeszt-mobiltoken', () => session?.username ?? '');

function renderConnection() {
  const c = load('eeszt');
  byId('eeszt-state').textContent = c === null ? t('minihis.eesztNone') : t('minihis.eesztActive', { username: c.nameId, time: formatTime(c.notOnOrAfter) });
  byId('eeszt-state').classList.toggle('active', c !== null);
}

/** @param {string} assertion */
function keep(assertion) {
  const facts = tokenFacts(assertion);
  save('eeszt', { assertion, nameId: facts.nameId, notOnOrAfter: facts.notOnOrAfter });
  renderConnection();
  showStatus('eeszt', '');
}

byId('eeszt-card-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (session === null) return;
  void busy(/** @type {HTMLButtonElement} */ (byId('eeszt-card')), async () => {
    let step = 'package';
    try {
      markStep(steps, step);
      const pkg = await api('/minihis/api/eeszt/card-request', { method: 'POST', body: {}, headers: bearer() }); // miniHIS asks as its sector user
      step = 'card';
      markStep(steps, step);
      showStatus('eeszt', t('common.waitCard'));
      const rid = await presentCard(pkg.requestPackage, /** @type {HTMLSelectElement} */ (byId('eeszt-reader')));
      step = 'sts';
      markStep(steps, step);
      keep(await issueToken(cardIssueRequest({ username: session.username, ridPackage: rid.ridPackage, institutionId: session.institution.institutionId, unitCode: session.unit.unitCode })));
      markStep(steps, null);
    } catch (err) {
      markStep(steps, step, true);
      showProblem('eeszt', err);
    }
  });
});

byId('eeszt-password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (session === null) return;
  void busy(/** @type {HTMLButtonElement} */ (byId('eeszt-password-submit')), async () => {
    const password = /** @type {HTMLInputElement} */ (byId('eeszt-password'));
    try {
      const code = /** @type {HTMLInputElement} */ (byId('eeszt-mobiltoken'));
      keep(await issueToken(passwordIssueRequest({ username: session.username, password: password.value, institutionId: session.institution.institutionId, unitCode: session.unit.unitCode, mobilTokenCode: code.value.trim() })));
      password.value = '';
      code.value = '';
    } catch (err) {
      showProblem('eeszt', err);
    }
  });
});

/** @param {string} name @param {string} value */
const el = (name, value) => (value === '' ? '' : `<svc:${name}>${escapeXml(value)}</svc:${name}>`);
const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();

byId('rx-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('rx-submit')), async () => {
    const connection = load('eeszt');
    byId('rx-result').replaceChildren();
    byId('rx-result-title').hidden = true;
    try {
      const request =
        `<svc:IssuePrescriptionRequest xmlns:svc="${ERECEPT}">` +
        el('Taj', value('rx-taj')) +
        el('ValidUntil', value('rx-valid')) +
        el('Medication', value('rx-medication')) +
        el('Dosage', value('rx-dosage')) +
        el('Quantity', value('rx-quantity')) +
        `</svc:IssuePrescriptionRequest>`;
      // Without a connection the request goes without a token, and eRecept says so (TOKEN_MISSING).
      const answer = await callService('erecept', connection?.assertion ?? '', request);
      const summary = answer.firstElementChild;
      fillFacts(
        byId('rx-result'),
        [...(summary?.children ?? [])].map((child) => {
          const text = child.textContent ?? '';
          return [child.localName, /^\d{4}-\d\d-\d\dT/.test(text) ? formatTime(text) : text];
        }),
      );
      byId('rx-result-title').hidden = false;
      showStatus('rx', '');
    } catch (err) {
      showProblem('rx', err);
    }
  });
});

renderConnection();

// The patient identified by their eSzemélyi (seed 004): the patient's card in the reader, the
// patient's PIN, the TAJ from the eID server's signed readout instead of a typed one.
byId('rx-patient-card').addEventListener('click', () =>
  busy(/** @type {HTMLButtonElement} */ (byId('rx-patient-card')), async () => {
    try {
      const start = await api('/minihis/api/patient-card/request', { method: 'POST', body: {}, headers: bearer() });
      const read = await readCard(start.requestPackage, null);
      const found = await api('/minihis/api/patient-card', { body: { readoutPackage: read.readoutPackage }, headers: bearer() });
      /** @type {HTMLInputElement} */ (byId('rx-taj')).value = found.taj;
      const name = found.patient === null ? '?' : `${found.patient.familyName} ${found.patient.givenName}`;
      showStatus('rx', t('minihis.rx.patientFound', { name, taj: found.taj }));
    } catch (err) {
      showProblem('rx', err);
    }
  }),
);
