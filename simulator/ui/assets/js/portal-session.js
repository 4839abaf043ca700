// @ts-check
/**
 * The Ágazati portál session in this tab: the admin's SAML token (from `/sts`) and who it
 * speaks for. The IAM+SSO admin API takes it as `Authorization: SAML <base64>`.
 */
import { base } from './core/api.js';
import { formatTime, h } from './core/dom.js';
import { t } from './core/labels.js';
import { load, save } from './core/session.js';

/**
 * @typedef {{ assertion: string, username: string, institutionId: string, unitCode: string, notOnOrAfter: string }} PortalSession
 */

/** @returns {PortalSession | null} */
export function portalSession() {
  return load('portal');
}

/** @param {PortalSession | null} session */
export function setPortalSession(session) {
  save('portal', session);
  renderPortalSession();
}

/** @param {string} text UTF-8 text to base64 */
export function base64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The Authorization header for `/iam/api`, or an empty object when not logged in. */
export function samlAuthorization() {
  const s = portalSession();
  return s === null ? {} : { authorization: `SAML ${base64(s.assertion)}` };
}

/** Fill the session line of the portal's menu. */
export function renderPortalSession() {
  const line = document.getElementById('portal-session');
  if (line === null) return;
  const s = portalSession();
  line.replaceChildren();
  if (s === null) return;
  line.append(
    h('span', { text: t('portal.loggedIn', { username: s.username, institution: s.institutionId, unit: s.unitCode }) }),
    h('span', { class: 'muted', text: ` · ${t('portal.tokenUntil', { time: formatTime(s.notOnOrAfter) })} ` }),
    h('button', {
      type: 'button',
      class: 'link small',
      id: 'portal-logout',
      text: t('portal.logout'),
      onclick: () => {
        setPortalSession(null);
        location.href = `${base}/ui/portal`;
      },
    }),
  );
}

/**
 * The session, or null after telling the user to log in first (in the `<id>-problem` slot).
 * @param {string} areaId
 * @returns {PortalSession | null}
 */
export function requirePortalSession(areaId) {
  const s = portalSession();
  if (s !== null) return s;
  const slot = document.getElementById(`${areaId}-problem`);
  slot?.replaceChildren(h('p', {}, t('portal.needLogin'), ' ', h('a', { href: `${base}/ui/portal`, text: t('portal.toLogin') })));
  return null;
}

renderPortalSession();
