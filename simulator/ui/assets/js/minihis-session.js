// @ts-check
/**
 * The miniHIS session in this tab (`sessionToken` from `POST /minihis/api/login`), the session
 * line of miniHIS's menu, and the way to the next setup step the back end names (`setup.next`).
 */
import { api, base, Problem } from './core/api.js';
import { h } from './core/dom.js';
import { t } from './core/labels.js';
import { load, save } from './core/session.js';

/**
 * @typedef {{ sessionToken: string, username: string, name: string, kind: string, institution: { institution: string, institutionId: string, name: string }, unit: { unitCode: string, name: string }, expiresAt: string }} MiniHisSession
 */

/** @returns {MiniHisSession | null} */
export function miniHisSession() {
  return load('minihis');
}

/** @param {MiniHisSession | null} session */
export function setMiniHisSession(session) {
  save('minihis', session);
  if (session === null) save('eeszt', null);
  renderMiniHisSession();
}

/** The Authorization header of the session. */
export function bearer() {
  const s = miniHisSession();
  return s === null ? {} : { authorization: `Bearer ${s.sessionToken}` };
}

/**
 * Call miniHIS with the session; an ended or unknown session clears it here too.
 * @param {string} path below `/minihis/api`
 * @param {{ method?: string, body?: unknown }} [options]
 */
export async function miniHis(path, options = {}) {
  try {
    return await api(`/minihis/api${path}`, { ...options, headers: bearer() });
  } catch (err) {
    if (err instanceof Problem && err.status === 401 && err.code.startsWith('SESSION_')) setMiniHisSession(null);
    throw err;
  }
}

const NEXT_PAGE = /** @type {Record<string, string>} */ ({ terms: '/minihis/terms', configuration: '/minihis/configuration', 'user-data': '/minihis/user-data', ojote: '/minihis/ojote', ready: '/minihis/home' });

/**
 * Go to the page of the next setup step.
 * @param {{ next?: string } | undefined} setup
 */
export function goNext(setup) {
  location.href = `${base}/ui${NEXT_PAGE[setup?.next ?? 'ready'] ?? '/minihis/home'}`;
}

/** Fill the session line. */
export function renderMiniHisSession() {
  const line = document.getElementById('minihis-session');
  if (line === null) return;
  const s = miniHisSession();
  line.replaceChildren();
  if (s === null) return;
  line.append(
    h('span', { text: t('minihis.session', { name: s.name, username: s.username, institution: s.institution.name, unit: s.unit.name }) }),
    ' ',
    h('button', {
      type: 'button',
      class: 'link small',
      id: 'minihis-logout',
      text: t('minihis.logout'),
      onclick: async () => {
        try {
          await miniHis('/logout', { method: 'POST' });
        } catch {
          // already over
        }
        setMiniHisSession(null);
        location.href = `${base}/ui/minihis`;
      },
    }),
  );
}

/**
 * The session, or null after asking to log in (in the `<id>-problem` slot).
 * @param {string} areaId
 * @returns {MiniHisSession | null}
 */
export function requireMiniHisSession(areaId) {
  const s = miniHisSession();
  if (s !== null) return s;
  document.getElementById(`${areaId}-problem`)?.replaceChildren(h('p', {}, t('minihis.needLogin'), ' ', h('a', { href: `${base}/ui/minihis`, text: t('minihis.login') })));
  return null;
}

renderMiniHisSession();
