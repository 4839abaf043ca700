// @ts-check
/**
 * `/ui/minihis/configuration`: the first-use configuration, "Befejezés"
 * (`GET|POST /minihis/api/configuration`; choice lists from `/reference-data`). Field refusals
 * come back per field and are shown next to each.
 */
import '../common.js';
import { busy, byId, h, showFieldErrors, showProblem } from '../core/dom.js';
import { goNext, miniHis, requireMiniHisSession } from '../minihis-session.js';

const form = /** @type {HTMLFormElement} */ (byId('configuration-form'));
const CHOICES = ['careType', 'referralInstitutionType', 'prescriptionCategory', 'prescriptionCertificateFormat'];
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));
let withFormat = true;

async function init() {
  const [reference, current] = await Promise.all([miniHis('/reference-data'), miniHis('/configuration')]);
  for (const list of reference.lists) {
    if (!CHOICES.includes(list.field)) continue;
    const select = /** @type {HTMLSelectElement} */ (byId(`cfg-${list.field}`));
    select.append(...list.choices.map((/** @type {any} */ c) => h('option', { value: c.code, text: c.label })));
  }
  withFormat = current.fields.includes('prescriptionCertificateFormat');
  byId('cfg-format-group').hidden = !withFormat;
  const saved = current.configuration;
  if (saved !== null) {
    input('cfg-institution').value = saved.institutionId;
    input('cfg-provider').value = saved.providerCode;
    input('cfg-phone').value = saved.contact?.phone ?? '';
    input('cfg-email').value = saved.contact?.email ?? '';
    input('cfg-address').value = saved.contact?.address ?? '';
    input('cfg-visible').checked = saved.contact?.visible === true;
    for (const field of CHOICES) {
      const value = saved[field];
      if (value !== undefined) /** @type {HTMLSelectElement} */ (byId(`cfg-${field}`)).value = typeof value === 'string' ? value : value.code;
    }
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('cfg-finish')), async () => {
    const address = input('cfg-address').value.trim();
    /** @type {Record<string, unknown>} */
    const body = {
      institutionId: input('cfg-institution').value.trim(),
      providerCode: input('cfg-provider').value.trim(),
      contact: { phone: input('cfg-phone').value.trim(), email: input('cfg-email').value.trim(), ...(address === '' ? {} : { address }), visible: input('cfg-visible').checked },
    };
    for (const field of CHOICES) {
      if (field === 'prescriptionCertificateFormat' && !withFormat) continue;
      body[field] = /** @type {HTMLSelectElement} */ (byId(`cfg-${field}`)).value;
    }
    try {
      const saved = await miniHis('/configuration', { body });
      goNext(saved.setup);
    } catch (err) {
      showProblem('cfg', err);
      showFieldErrors(form, err);
    }
  });
});

if (requireMiniHisSession('cfg') !== null) init().catch((err) => showProblem('cfg', err));
