// @ts-check
/**
 * `/ui/portal/vmatrix`: the V-MÁTRIX per unit (`/iam/api/vmatrix/…`): the unit's grants, revoke
 * one role, grant a role to a username.
 */
import '../common.js';
import { api, apiAll } from '../core/api.js';
import { busy, byId, clear, h, showFieldErrors, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { requirePortalSession, samlAuthorization } from '../portal-session.js';

const unitSelect = /** @type {HTMLSelectElement} */ (byId('vmatrix-unit'));
const roleSelect = /** @type {HTMLSelectElement} */ (byId('vmatrix-role'));
const tbody = /** @type {HTMLTableSectionElement} */ (byId('vmatrix-table').querySelector('tbody'));
const auth = () => ({ headers: samlAuthorization() });

async function loadUnit() {
  const unit = unitSelect.value;
  if (unit === '') return;
  const data = await apiAll(`/iam/api/vmatrix/units/${encodeURIComponent(unit)}`, 'grants', auth());
  clear(tbody);
  const grants = data.grants ?? [];
  if (grants.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '2', class: 'muted', text: t('vmatrix.none') })));
  for (const g of grants) {
    tbody.append(
      h(
        'tr',
        {},
        h('td', {}, h('code', { text: g.username })),
        h(
          'td',
          { class: 'chips' },
          ...g.roles.map((/** @type {string} */ role) =>
            h(
              'span',
              { class: 'chip' },
              role,
              h('button', {
                type: 'button',
                class: 'chip-remove',
                'aria-label': t('vmatrix.revoke', { role, username: g.username }),
                title: t('vmatrix.revoke', { role, username: g.username }),
                text: '×',
                onclick: async () => {
                  try {
                    await api(`/iam/api/vmatrix/units/${encodeURIComponent(unit)}/grants/${encodeURIComponent(g.username)}/${encodeURIComponent(role)}`, { method: 'DELETE', ...auth() });
                    showStatus('vmatrix', t('vmatrix.revoked', { role, username: g.username }));
                    await loadUnit();
                  } catch (err) {
                    showProblem('vmatrix', err);
                  }
                },
              }),
            ),
          ),
        ),
      ),
    );
  }
}

async function init() {
  const [units, roles] = await Promise.all([apiAll('/iam/api/vmatrix/units', 'units', auth()), api('/iam/api/vmatrix/roles', auth())]);
  unitSelect.replaceChildren(...units.units.map((/** @type {any} */ u) => h('option', { value: u.unit.code, text: `${u.unit.code} – ${u.unit.name}` })));
  roleSelect.replaceChildren(...roles.roles.map((/** @type {any} */ r) => h('option', { value: r.name, text: r.name })));
  unitSelect.addEventListener('change', () => void loadUnit().catch((err) => showProblem('vmatrix', err)));
  await loadUnit();
}

const form = /** @type {HTMLFormElement} */ (byId('vmatrix-grant-form'));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('vmatrix-grant')), async () => {
    const username = /** @type {HTMLInputElement} */ (byId('vmatrix-username')).value.trim();
    try {
      await api(`/iam/api/vmatrix/units/${encodeURIComponent(unitSelect.value)}/grants`, { body: { username, role: roleSelect.value }, ...auth() });
      showFieldErrors(form, null);
      showStatus('vmatrix', t('vmatrix.granted', { role: roleSelect.value, username }));
      await loadUnit();
    } catch (err) {
      showProblem('vmatrix', err);
      showFieldErrors(form, err);
    }
  });
});

if (requirePortalSession('vmatrix') !== null) init().catch((err) => showProblem('vmatrix', err));
