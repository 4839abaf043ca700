// @ts-check
/** `/ui/minihis/home`: where the user stands in the setup (`GET /minihis/api/session`). */
import '../common.js';
import { base } from '../core/api.js';
import { byId, h, showProblem } from '../core/dom.js';
import { t } from '../core/labels.js';
import { miniHis, requireMiniHisSession } from '../minihis-session.js';

const STEPS = [
  ['terms', 'minihis.setup.terms', '/minihis/terms'],
  ['configuration', 'minihis.setup.configuration', '/minihis/configuration'],
  ['userData', 'minihis.setup.userData', '/minihis/user-data'],
  ['ojote', 'minihis.setup.ojote', '/minihis/ojote'],
];

if (requireMiniHisSession('home') !== null) {
  miniHis('/session')
    .then((session) => {
      const setup = session.setup;
      byId('setup-list').replaceChildren(
        ...STEPS.map(([field, label, path]) => {
          const value = setup[field];
          const done = typeof value === 'object' && value !== null ? value.accepted === true : value === true;
          return h('li', { class: done ? 'done' : 'pending' }, h('a', { href: `${base}/ui${path}`, text: t(label) }), ' ', h('span', { class: `badge ${done ? 'ok' : 'warn'}`, text: done ? t('common.done') : t('common.pending') }));
        }),
        h('li', {}, h('a', { href: `${base}/ui/minihis/erecept`, text: `${t('minihis.erecept')}: ${t('minihis.rx')}` })),
      );
      byId('setup-ready').hidden = setup.ready !== true;
    })
    .catch((err) => showProblem('home', err));
}
