/**
 * The Ágazati portál's entry pages: `/ui/portal` (Bejelentkezés: eID card or password, giving
 * the admin a SAML token from the STS) and `/ui/portal/activation` (Aktiválás: username, check
 * code, card with activation PIN change).
 */
import type { Child } from 'hono/jsx';
import { Card, Combobox, Field, MobilTokenField, ReaderChoice, Status } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { PORTAL_MENU, SubNav } from '../components/sub-nav.js';
import type { PageContext, UiNode } from './page-context.js';

/** The portal's frame: layout plus the portal menu and session line. */
export function PortalFrame(props: { ctx: PageContext; title: string; script: string; children?: Child }): UiNode {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title} script={props.script} section="portal">
      <SubNav ctx={ctx} label={ctx.t('portal.title')} items={PORTAL_MENU} current={ctx.path.replace(/^.*\/ui/, '')} sessionId="portal-session" />
      {props.children}
    </Layout>
  );
}

/** `/ui/portal`: login. */
export function PortalLoginPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('portal.title')} script="portal-login">
      <Card title={t('portal.login')} id="portal-login">
        <p class="muted">{t('portal.loginIntro')}</p>
        <form id="portal-login-form" class="form" novalidate>
          <Field id="login-username" label={t('portal.username')} hint={t('portal.usernameHint')} autocomplete="username" path="username" />
          <Combobox id="login-institution" label={t('portal.institution')} hint={t('portal.institutionHint')} notPicked={t('common.notPicked')} path="institutionId" />
          <Combobox id="login-unit" label={t('portal.unit')} hint={t('portal.unitHint')} notPicked={t('common.notPicked')} path="unitCode" />
          <fieldset class="choice">
            <legend>{t('portal.method')}</legend>
            <label>
              <input type="radio" name="login-method" value="card" checked /> {t('portal.methodCard')}
            </label>
            <label>
              <input type="radio" name="login-method" value="password" /> {t('portal.methodPassword')}
            </label>
          </fieldset>
          <div id="login-password-group" hidden>
            <Field id="login-password" type="password" label={t('portal.password')} autocomplete="current-password" path="password" />
            <MobilTokenField id="login-mobiltoken" label={t('portal.mobilToken')} hint={t('portal.mobilTokenHint')} helper={t('minihis.tokenHelper')} />
            <p class="hint">{t('mobiltoken.howTo')}</p>
          </div>
          <div id="login-reader-group">
            <ReaderChoice id="login-reader" label={t('common.reader')} auto={t('common.readerAuto')} />
          </div>
          <ol id="login-steps" class="steps" hidden>
            <li data-step="package">{t('portal.step.package')}</li>
            <li data-step="card">{t('portal.step.card')}</li>
            <li data-step="sts">{t('portal.step.sts')}</li>
          </ol>
          <div class="buttons">
            <button type="submit" class="primary" id="login-submit">
              {t('portal.login')}
            </button>
          </div>
          <Status id="login" />
        </form>
      </Card>
    </PortalFrame>
  );
}

/** `/ui/portal/waf`: the WAF-SSL certificate download (card login of the permission admin). */
export function WafPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('waf.title')} script="portal-waf">
      <Card title={t('waf.title')} id="waf">
        <p class="muted">{t('waf.intro')}</p>
        <div class="buttons">
          <button type="button" class="primary" id="waf-download">
            {t('waf.download')}
          </button>
        </div>
        <div id="waf-result"></div>
        <Status id="waf" />
        <p class="hint">{t('waf.shortcut')}</p>
      </Card>
    </PortalFrame>
  );
}

/** `/ui/portal/activation`: card activation. */
export function ActivationPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('activation.title')} script="portal-activation">
      <Card title={t('portal.activate')} id="activation">
        <p class="muted">{t('activation.intro')}</p>
        <div class="check-code" aria-labelledby="check-code-label">
          <p id="check-code-label" class="check-code-label">
            {t('activation.shown')}
          </p>
          <p id="check-code-value" class="check-code-value">
            …
          </p>
          <p id="check-code-expiry" class="hint"></p>
          <button type="button" id="check-code-new" class="secondary">
            {t('activation.newCode')}
          </button>
        </div>
        <form id="activation-form" class="form" novalidate>
          <Field id="activation-username" label={t('portal.username')} hint={t('minihis.usernameHint')} autocomplete="username" path="username" />
          <Field id="activation-code" label={t('activation.checkCode')} path="checkCode" />
          <ReaderChoice id="activation-reader" label={t('common.reader')} auto={t('common.readerAuto')} />
          <ol id="activation-steps" class="steps">
            <li data-step="start">{t('activation.step1')}</li>
            <li data-step="card">{t('activation.step2')}</li>
            <li data-step="complete">{t('activation.step3')}</li>
          </ol>
          <div class="buttons">
            <button type="submit" class="primary" id="activation-submit">
              {t('activation.submit')}
            </button>
          </div>
          <Status id="activation" />
        </form>
      </Card>
    </PortalFrame>
  );
}
