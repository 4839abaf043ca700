// @ts-check
/**
 * `/ui/portal/waf`: download the institution's WAF-SSL certificate (`POST /portal/waf-certificate`).
 * Seed 001: the download needs the eSzemélyi, so only the permission admin's card login works;
 * the password (an SMS in production) is shown next to the file.
 */
import '../common.js';
import { api } from '../core/api.js';
import { busy, byId, h, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { requirePortalSession, samlAuthorization } from '../portal-session.js';

const button = /** @type {HTMLButtonElement} */ (byId('waf-download'));
const result = byId('waf-result');

button.addEventListener('click', () =>
  busy(button, async () => {
    result.replaceChildren();
    if (requirePortalSession('waf') === null) return;
    try {
      const d = await api('/portal/waf-certificate', { method: 'POST', headers: samlAuthorization() });
      const bytes = Uint8Array.from(atob(d.pkcs12), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/x-pkcs12' }));
      result.append(
        h('p', {}, h('a', { href: url, download: d.fileName, id: 'waf-file', text: t('waf.file', { file: d.fileName }) })),
        h('p', {}, t('waf.password'), ' ', h('code', { id: 'waf-password', text: d.password })),
        h('p', { class: 'muted', text: t('waf.subject', { subject: d.certificateSubject, notAfter: d.notAfter }) }),
      );
      showStatus('waf', t('waf.done', { institution: d.institutionId }));
    } catch (err) {
      showProblem('waf', err);
    }
  }),
);
