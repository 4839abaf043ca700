// @ts-check
/**
 * `/ui/portal/iam/records/{id}`: the role assignment. Two lists — available and owned roles —
 * with the move arrows (`POST …/roles/move`), "TÁROL ÉS VISSZA" (`POST …/roles/save`) and leaving
 * without saving (`DELETE …/roles/draft`). The role rules (which prefix may hold which role) are
 * the back end's: its notes and refusals are shown as they are.
 */
import '../common.js';
import { api, base } from '../core/api.js';
import { busy, byId, fillFacts, h, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { flash } from '../core/session.js';
import { requirePortalSession, samlAuthorization } from '../portal-session.js';

const id = decodeURIComponent(location.pathname.split('/records/')[1] ?? '');
const path = `/iam/api/records/${encodeURIComponent(id)}/roles`;
const available = /** @type {HTMLSelectElement} */ (byId('roles-available'));
const owned = /** @type {HTMLSelectElement} */ (byId('roles-owned'));
/** @type {any} */
let screen = null;

/** @param {any} next */
function render(next) {
  screen = next;
  const r = next.record;
  fillFacts(byId('iam-record'), [
    [t('iam.partner'), `${r.partner} – ${r.partnerName}`],
    [t('iam.system'), `${r.system} – ${r.systemName}`],
    [t('iam.user'), r.username],
    [t('iam.institution'), r.institutionId],
    [t('iam.unit'), r.unitCode],
  ]);
  byId('iam-unsaved').hidden = next.unsavedChanges !== true;
  available.replaceChildren(...next.available.map((/** @type {any} */ role) => h('option', { value: role.name, text: role.fitsUser === false ? `${role.name} ${t('iam.notFitting')}` : role.name })));
  owned.replaceChildren(...next.owned.map((/** @type {any} */ role) => h('option', { value: typeof role === 'string' ? role : role.name, text: typeof role === 'string' ? role : role.name })));
  byId('roles-note').textContent = '';
}

function showNote() {
  const name = available.value;
  const role = screen?.available.find((/** @type {any} */ x) => x.name === name);
  byId('roles-note').textContent = role?.note ?? '';
}

/** @param {'in' | 'out'} direction */
async function move(direction) {
  const from = direction === 'in' ? available : owned;
  const roles = [...from.selectedOptions].map((o) => o.value);
  if (roles.length === 0 && from.options.length === 1) roles.push(from.options[0]?.value ?? '');
  try {
    for (const role of roles) render(await api(`${path}/move`, { body: { role, direction }, headers: samlAuthorization() }));
    const to = direction === 'in' ? owned : available;
    for (const o of to.options) o.selected = roles.includes(o.value);
    // The move went through: an earlier refusal (e.g. ROLE_PREFIX_MISMATCH of another role) no longer applies.
    showStatus('iam-roles', t(direction === 'in' ? 'iam.movedIn' : 'iam.movedOut', { roles: roles.join(', ') }));
  } catch (err) {
    showProblem('iam-roles', err);
  }
}

byId('role-in').addEventListener('click', () => void move('in'));
byId('role-out').addEventListener('click', () => void move('out'));
available.addEventListener('change', showNote);
available.addEventListener('dblclick', () => void move('in'));
owned.addEventListener('dblclick', () => void move('out'));
available.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    void move('in');
  }
});
owned.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === 'Delete') {
    e.preventDefault();
    void move('out');
  }
});

byId('iam-save').addEventListener('click', (e) => {
  void busy(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
    try {
      const saved = await api(`${path}/save`, { body: {}, headers: samlAuthorization() });
      const r = saved.record;
      flash(r === null ? t('iam.deleted', { id }) : t('iam.saved', { username: r.username, unit: r.unitCode, roles: r.roles.join(', ') }));
      location.href = `${base}/ui/portal/iam`;
    } catch (err) {
      showProblem('iam-roles', err);
    }
  });
});

byId('iam-discard').addEventListener('click', async () => {
  try {
    await api(`${path}/draft`, { method: 'DELETE', headers: samlAuthorization() });
  } catch {
    // nothing open to discard
  }
  location.href = `${base}/ui/portal/iam`;
});

if (requirePortalSession('iam-roles') !== null) {
  api(path, { headers: samlAuthorization() })
    .then(render)
    .catch((err) => showProblem('iam-roles', err));
}
