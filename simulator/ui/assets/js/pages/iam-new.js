// @ts-check
/**
 * `/ui/portal/iam/new`: "Új felhasználó jogosultság létrehozás". Every field is a drop-down
 * that only accepts a picked value: Partner and Rendszer from `/iam/api/partners` and
 * `/systems`, Felhasználó, Intézmény (pre-filled from the login) and Szervezeti egység from the
 * look-ups, which hand out pick ids. "LÉTREHOZÁS" sends the picks (`POST /iam/api/records`); an
 * unpicked field is sent as typed, and the back end refuses it (`PICK_REQUIRED`).
 */
import '../common.js';
import { api, base, Problem } from '../core/api.js';
import { busy, byId, showFieldErrors, showProblem } from '../core/dom.js';
import { createCombobox } from '../combobox.js';
import { requirePortalSession, samlAuthorization } from '../portal-session.js';

const auth = () => ({ headers: samlAuthorization() });

/**
 * @param {string} path
 * @param {string} q
 * @param {(m: any) => { label: string, value: string }} option
 */
async function lookup(path, q, option) {
  const found = await api(`${path}?q=${encodeURIComponent(q)}`, auth());
  return { options: found.matches.map(option), truncated: found.truncated };
}

/** @param {string} q @param {Array<{ label: string, id: number }>} items */
function filterList(q, items) {
  const needle = q.toLowerCase();
  return { options: items.filter((i) => i.label.toLowerCase().includes(needle)).map((i) => ({ label: i.label, value: String(i.id) })) };
}

const partner = createCombobox('iam-partner', async (q) => filterList(q, (await api('/iam/api/partners', auth())).partners), { minChars: 0, openOnFocus: true });
const system = createCombobox(
  'iam-system',
  async (q) => filterList(q, (await api(`/iam/api/systems?partner=${encodeURIComponent(partner.picked()?.value ?? partner.typed())}`, auth())).systems),
  { minChars: 0, openOnFocus: true },
);
const user = createCombobox('iam-user', (q) => lookup('/iam/api/lookup/users', q, (m) => ({ label: `${m.username} – ${m.name}`, value: m.pick })));
const institution = createCombobox('iam-institution', (q) => lookup('/iam/api/lookup/institutions', q, (m) => ({ label: `${m.institutionId} – ${m.name}`, value: m.pick })));
const unit = createCombobox('iam-unit', (q) => lookup('/iam/api/lookup/units', q, (m) => ({ label: `${m.code} – ${m.name}`, value: m.pick })));

/** Typed-field names the back end reports → the drop-down they belong to. */
const ALIASES = /** @type {Record<string, string>} */ ({ username: 'userPick', user: 'userPick', unitCode: 'unitPick', unit: 'unitPick', institutionId: 'institutionPick', institution: 'institutionPick' });

async function prefillInstitution() {
  const who = await api('/iam/api', auth());
  const found = await api(`/iam/api/lookup/institutions?q=${encodeURIComponent(who.admin.institutionId)}`, auth());
  const own = found.matches.find((/** @type {any} */ m) => m.institutionId === who.admin.institutionId);
  if (own !== undefined) institution.pick({ label: `${own.institutionId} – ${own.name}`, value: own.pick });
}

const form = /** @type {HTMLFormElement} */ (byId('iam-new-form'));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('iam-create')), async () => {
    /** @type {Record<string, unknown>} */
    const body = {};
    const p = partner.picked();
    if (p !== null) body.partner = Number(p.value);
    else if (partner.typed() !== '') body.partner = partner.typed();
    const s = system.picked();
    if (s !== null) body.system = Number(s.value);
    else if (system.typed() !== '') body.system = system.typed();
    if (user.picked() !== null) body.userPick = user.picked()?.value;
    else if (user.typed() !== '') body.username = user.typed();
    if (institution.picked() !== null) body.institutionPick = institution.picked()?.value;
    else if (institution.typed() !== '') body.institutionId = institution.typed();
    if (unit.picked() !== null) body.unitPick = unit.picked()?.value;
    else if (unit.typed() !== '') body.unitCode = unit.typed();
    try {
      const created = await api('/iam/api/records', { body, ...auth() });
      location.href = `${base}/ui/portal/iam/records/${encodeURIComponent(created.record.id)}`;
    } catch (err) {
      if (err instanceof Problem && typeof err.details?.field === 'string') err.details.field = ALIASES[err.details.field] ?? err.details.field;
      showProblem('iam-new', err);
      showFieldErrors(form, err);
    }
  });
});

if (requirePortalSession('iam-new') !== null) prefillInstitution().catch((err) => showProblem('iam-new', err));
