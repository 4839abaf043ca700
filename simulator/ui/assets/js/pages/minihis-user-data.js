// @ts-check
/** `/ui/minihis/user-data`: e-mail, name used in care, a doctor's specialties (`/minihis/api/user-data`). */
import '../common.js';
import { busy, byId, h, showFieldErrors, showProblem } from '../core/dom.js';
import { goNext, miniHis, requireMiniHisSession } from '../minihis-session.js';

const form = /** @type {HTMLFormElement} */ (byId('user-data-form'));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));
let doctor = false;

async function init() {
  const [reference, current, session] = await Promise.all([miniHis('/reference-data'), miniHis('/user-data'), miniHis('/session')]);
  doctor = session.kind === 'doctor';
  const data = current.userData ?? current.defaults;
  input('ud-email').value = data.email ?? '';
  input('ud-name').value = data.nameInCare ?? '';
  byId('ud-specialties-group').hidden = !doctor;
  if (doctor) {
    const list = reference.lists.find((/** @type {any} */ l) => l.field === 'specialties');
    const held = new Set(data.specialties ?? []);
    byId('ud-specialties').replaceChildren(
      ...(list?.choices ?? []).map((/** @type {any} */ c, /** @type {number} */ i) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'specialty', value: c.code, id: `ud-sp-${i}`, checked: held.has(c.code) }), ` ${c.label}`),
      ),
    );
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('ud-save')), async () => {
    /** @type {Record<string, unknown>} */
    const body = { email: input('ud-email').value.trim(), nameInCare: input('ud-name').value };
    if (doctor) body.specialties = [...form.querySelectorAll('input[name="specialty"]:checked')].map((el) => /** @type {HTMLInputElement} */ (el).value);
    try {
      const saved = await miniHis('/user-data', { body });
      goNext(saved.setup);
    } catch (err) {
      showProblem('ud', err);
      showFieldErrors(form, err);
    }
  });
});

if (requireMiniHisSession('ud') !== null) init().catch((err) => showProblem('ud', err));
