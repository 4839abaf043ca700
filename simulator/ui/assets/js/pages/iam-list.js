// @ts-check
/**
 * `/ui/portal/iam`: the institution's IAM+SSO records (`GET /iam/api/records`), with links to
 * each record's role screen and delete.
 */
import '../common.js';
import { api, apiAll, base } from '../core/api.js';
import { byId, clear, h, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { flash } from '../core/session.js';
import { requirePortalSession, samlAuthorization } from '../portal-session.js';

const tbody = /** @type {HTMLTableSectionElement} */ (byId('iam-table').querySelector('tbody'));

async function load() {
  const [who, list] = await Promise.all([api('/iam/api', { headers: samlAuthorization() }), apiAll('/iam/api/records', 'records', { headers: samlAuthorization() })]);
  byId('iam-admin').textContent = t('iam.admin', { username: who.admin.username, institution: who.admin.institutionId });
  clear(tbody);
  if (list.records.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '7', class: 'muted', text: t('iam.noRecords') })));
  for (const r of list.records) {
    tbody.append(
      h(
        'tr',
        { 'data-record': r.id },
        h('td', { text: `${r.partner} – ${r.partnerName}` }),
        h('td', { text: `${r.system} – ${r.systemName}` }),
        h('td', {}, h('code', { text: r.username })),
        h('td', { text: r.institutionId }),
        h('td', { text: r.unitCode }),
        h('td', { text: r.roles.join(', ') }),
        h(
          'td',
          { class: 'actions' },
          h('a', { href: `${base}/ui/portal/iam/records/${encodeURIComponent(r.id)}`, text: t('iam.edit') }),
          ' ',
          h('button', {
            type: 'button',
            class: 'link small danger',
            'aria-label': t('iam.deleteLabel', { id: r.id }),
            text: t('iam.delete'),
            onclick: async () => {
              try {
                await api(`/iam/api/records/${encodeURIComponent(r.id)}`, { method: 'DELETE', headers: samlAuthorization() });
                showStatus('iam-list', t('iam.deleted', { id: r.id }));
                await load();
              } catch (err) {
                showProblem('iam-list', err);
              }
            },
          }),
        ),
      ),
    );
  }
}

if (requirePortalSession('iam-list') !== null) {
  const message = flash();
  if (message !== null) showStatus('iam-list', message);
  load().catch((err) => showProblem('iam-list', err));
}
