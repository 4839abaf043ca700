/**
 * `/ui/inspector`: the journal live, filtered by service; every exchange expands to its
 * (already redacted) headers and bodies and, when it carries a SAML token, the token decoded and
 * judged by the shared validator.
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
        <label class="check">
          <input type="checkbox" id="inspector-hide-ui" checked /> {t('inspector.hideUi')}
        </label>
        <p id="inspector-live" class="live-state" aria-live="polite"></p>
        <p id="inspector-count" class="muted" aria-live="polite"></p>
        <button type="button" id="inspector-clear" class="secondary">
          {t('inspector.clear')}
        </button>
      </form>
      <Status id="inspector" />
      <ol id="inspector-entries" class="entries" reversed></ol>
      <p id="inspector-empty" class="muted">
        {t('inspector.empty')}
      </p>
    </Layout>
  );
}
