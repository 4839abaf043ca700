/**
 * `/ui/inspector`: the journal, filtered on the server (`GET /_sim/journal`: service, error code,
 * user, text; the UI's own requests left out unless asked for), kept up to date from the live
 * journal events; every exchange expands to its (already redacted) headers and bodies and, when it
 * carries a SAML token or an eID package (request, rID, readout), to it decoded and judged by the
 * verifier the services use.
 */
import { Status } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import type { PageContext, UiNode } from './page-context.js';

/** The inspector page; `services` are the journal's service names for the filter. */
export function InspectorPage(ctx: PageContext, services: readonly string[]): UiNode {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('inspector.title')} script="inspector" section="inspector" wide={true}>
      <p class="muted">{t('inspector.intro')}</p>
      <form id="inspector-controls" class="toolbar" novalidate>
        <div class="field">
          <label for="inspector-service">{t('inspector.service')}</label>
          <select id="inspector-service">
            <option value="">{t('inspector.all')}</option>
            {services.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field narrow">
          <label for="inspector-code">{t('inspector.code')}</label>
          <input id="inspector-code" type="text" autocomplete="off" spellcheck={false} placeholder="TOKEN_EXPIRED" />
        </div>
        <div class="field narrow">
          <label for="inspector-user">{t('inspector.user')}</label>
          <input id="inspector-user" type="text" autocomplete="off" spellcheck={false} placeholder="O61234" />
        </div>
        <div class="field">
          <label for="inspector-text">{t('inspector.text')}</label>
          <input id="inspector-text" type="search" autocomplete="off" spellcheck={false} maxlength={200} />
        </div>
        <label class="check">
          <input type="checkbox" id="inspector-show-ui" /> {t('inspector.showUi')}
        </label>
        <p id="inspector-live" class="live-state" aria-live="polite"></p>
        <p id="inspector-count" class="muted" aria-live="polite"></p>
        <button type="button" id="inspector-clear" class="secondary">
          {t('inspector.clear')}
        </button>
      </form>
      <Status id="inspector" />
      <ol id="inspector-entries" class="entries" reversed></ol>
      <p id="inspector-empty" class="muted" hidden>
        {t('inspector.empty')}
      </p>
      <div class="buttons">
        <button type="button" id="inspector-older" class="secondary" hidden>
          {t('inspector.older')}
        </button>
      </div>
    </Layout>
  );
}
