/**
 * miniHIS's screens over its JSON API (`/minihis/api`, docs/minihis.md), labelled as in the
 * operator's guide: Bejelentkezés (card or mobilToken, "Belépés"), ÁSZF, Konfiguráció
 * ("Befejezés"), Felhasználói adatok, NEAK OJOTE, the Kezdőlap, and eRecept — a screen that gets
 * the EESZT SAML token from the STS and uses it against one business service.
 */
import type { Child } from 'hono/jsx';
import { Card, Combobox, Field, MobilTokenField, ReaderChoice, SelectField, Status } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { MINIHIS_MENU, SubNav } from '../components/sub-nav.js';
import type { PageContext, UiNode } from './page-context.js';

/** miniHIS's frame: layout plus its menu and session line. */
export function MiniHisFrame(props: { ctx: PageContext; title: string; script: string; children?: Child }): UiNode {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title} script={props.script} section="minihis">
      <SubNav ctx={ctx} label={ctx.t('minihis.title')} items={MINIHIS_MENU} current={ctx.path.replace(/^.*\/ui/, '')} sessionId="minihis-session" />
      {props.children}
    </Layout>
  );
}

/** `/ui/minihis`: Bejelentkezés. */
export function MiniHisLoginPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  const np = t('common.notPicked');
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.title')} script="minihis-login">
      <Card title={t('minihis.login')} id="minihis-login">
        <form id="minihis-login-form" class="form" novalidate>
          <Combobox id="mh-institution" label={t('minihis.institution')} hint={t('minihis.institutionHint')} notPicked={np} path="institutionPick" />
          <Combobox id="mh-unit" label={t('minihis.unit')} hint={t('minihis.unitHint')} notPicked={np} path="unitPick" />
          <Field id="mh-username" label={t('minihis.username')} hint={t('minihis.usernameHint')} autocomplete="username" path="username" />
          <fieldset class="choice">
            <legend>{t('minihis.method')}</legend>
            <label>
              <input type="radio" name="mh-method" value="card" checked /> {t('minihis.methodCard')}
            </label>
            <label>
              <input type="radio" name="mh-method" value="token" /> {t('minihis.methodToken')}
            </label>
          </fieldset>
          <div id="mh-token-group" hidden>
            <MobilTokenField id="mh-token" label={t('minihis.token')} hint={t('minihis.tokenHint')} helper={t('minihis.tokenHelper')} />
            <p class="hint">{t('mobiltoken.howTo')}</p>
          </div>
          <div id="mh-reader-group">
            <ReaderChoice id="mh-reader" label={t('common.reader')} auto={t('common.readerAuto')} />
          </div>
          <div class="buttons">
            <button type="submit" class="primary" id="mh-enter">
              {t('minihis.enter')}
            </button>
          </div>
          <Status id="mh-login" />
        </form>
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/terms`: the ÁSZF. */
export function MiniHisTermsPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.terms')} script="minihis-terms">
      <Card id="terms">
        <h2 id="terms-title">{t('minihis.terms')}</h2>
        <p id="terms-version" class="muted"></p>
        <div id="terms-text" class="terms-text"></div>
        <form id="terms-form" class="form" novalidate>
          <label class="check">
            <input type="checkbox" id="terms-accept" /> {t('minihis.termsAccept')}
          </label>
          <p id="terms-next-hint" class="hint">
            {t('minihis.termsNextHint')}
          </p>
          <div class="buttons">
            <button type="submit" class="primary" id="terms-next" disabled aria-describedby="terms-next-hint">
              {t('common.next')}
            </button>
            <button type="button" id="terms-reject">
              {t('minihis.termsReject')}
            </button>
          </div>
          <Status id="terms" />
        </form>
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/configuration`: the first-use configuration. */
export function MiniHisConfigurationPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  const choose = t('common.choose');
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.config')} script="minihis-configuration">
      <Card id="configuration">
        <p class="muted">{t('minihis.configIntro')}</p>
        <form id="configuration-form" class="form" novalidate>
          <div class="grid-2">
            <Field id="cfg-institution" label={t('minihis.config.institutionId')} hint={t('minihis.config.institutionIdHint')} path="institutionId" />
            <Field id="cfg-provider" label={t('minihis.config.providerCode')} hint={t('minihis.config.providerCodeHint')} inputmode="numeric" path="providerCode" />
          </div>
          <fieldset class="group">
            <legend>{t('minihis.config.contact')}</legend>
            <p id="cfg-contact-error" class="field-error" data-error-for="contact"></p>
            <div class="grid-2">
              <Field id="cfg-phone" type="tel" label={t('minihis.config.phone')} path="contact.phone" autocomplete="tel" />
              <Field id="cfg-email" type="email" label={t('minihis.config.email')} path="contact.email" autocomplete="email" />
            </div>
            <Field id="cfg-address" label={`${t('minihis.config.address')} ${t('common.optional')}`} path="contact.address" />
            <label class="switch">
              <input type="checkbox" role="switch" id="cfg-visible" checked aria-describedby="cfg-visible-error" /> {t('minihis.config.visible')}
            </label>
            <p id="cfg-visible-error" class="field-error" data-error-for="contact.visible"></p>
          </fieldset>
          <div class="grid-2">
            <SelectField id="cfg-careType" label={t('minihis.config.careType')} placeholder={choose} path="careType" />
            <SelectField id="cfg-referralInstitutionType" label={t('minihis.config.referralInstitutionType')} placeholder={choose} path="referralInstitutionType" />
            <SelectField id="cfg-prescriptionCategory" label={t('minihis.config.prescriptionCategory')} placeholder={choose} path="prescriptionCategory" />
            <div id="cfg-format-group">
              <SelectField id="cfg-prescriptionCertificateFormat" label={t('minihis.config.prescriptionCertificateFormat')} placeholder={choose} path="prescriptionCertificateFormat" />
            </div>
          </div>
          <div class="buttons">
            <button type="submit" class="primary" id="cfg-finish">
              {t('minihis.config.finish')}
            </button>
          </div>
          <Status id="cfg" />
        </form>
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/user-data`: e-mail, name used in care, specialties. */
export function MiniHisUserDataPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.userData')} script="minihis-user-data">
      <Card id="user-data">
        <form id="user-data-form" class="form" novalidate>
          <Field id="ud-email" type="email" label={t('minihis.userData.email')} path="email" autocomplete="email" />
          <Field id="ud-name" label={t('minihis.userData.nameInCare')} path="nameInCare" autocomplete="name" />
          <fieldset class="group" id="ud-specialties-group" hidden>
            <legend>{t('minihis.userData.specialties')}</legend>
            <div id="ud-specialties" class="checks"></div>
            <p class="field-error" data-error-for="specialties"></p>
          </fieldset>
          <div class="buttons">
            <button type="submit" class="primary" id="ud-save">
              {t('common.next')}
            </button>
          </div>
          <Status id="ud" />
        </form>
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/ojote`: NEAK OJOTE credentials and the eligibility check. */
export function MiniHisOjotePage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.ojote')} script="minihis-ojote">
      <Card id="ojote">
        <p class="muted">{t('minihis.ojoteIntro')}</p>
        <form id="ojote-form" class="form" novalidate>
          <Field id="oj-username" label={t('minihis.ojote.username')} path="ojoteUsername" />
          <Field id="oj-password" type="password" label={t('minihis.ojote.password')} path="ojotePassword" autocomplete="off" />
          <div class="buttons">
            <button type="submit" class="primary" id="oj-save">
              {t('common.save')}
            </button>
            <button type="button" id="oj-skip">
              {t('common.skip')}
            </button>
          </div>
          <Status id="oj" />
        </form>
      </Card>
      <Card title={t('minihis.ojote.check')} id="ojote-check">
        <form id="ojote-check-form" class="form inline" novalidate>
          <Field id="oj-taj" label={t('minihis.ojote.taj')} inputmode="numeric" maxlength={9} path="taj" />
          <div class="buttons">
            <button type="submit" class="primary" id="oj-check">
              {t('minihis.ojote.run')}
            </button>
          </div>
        </form>
        <Status id="oj-check" />
        <dl id="oj-result" class="facts"></dl>
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/home`: the setup status and where to go next. */
export function MiniHisHomePage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.home')} script="minihis-home">
      <Card title={t('minihis.setup')} id="setup">
        <ul id="setup-list" class="checklist"></ul>
        <p id="setup-ready" class="badge ok" hidden>
          {t('minihis.setup.ready')}
        </p>
        <Status id="home" />
      </Card>
    </MiniHisFrame>
  );
}

/** `/ui/minihis/erecept`: EESZT connection (SAML token) and one eRecept call with it. */
export function MiniHisEreceptPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <MiniHisFrame ctx={ctx} title={t('minihis.erecept')} script="minihis-erecept">
      <Card title={t('minihis.eeszt')} id="eeszt">
        <p class="muted">{t('minihis.eesztIntro')}</p>
        <p id="eeszt-state" class="session-state">
          {t('minihis.eesztNone')}
        </p>
        <div class="grid-2">
          <form id="eeszt-card-form" class="form" novalidate>
            <ReaderChoice id="eeszt-reader" label={t('common.reader')} auto={t('common.readerAuto')} />
            <ol id="eeszt-steps" class="steps" hidden>
              <li data-step="package">{t('portal.step.package')}</li>
              <li data-step="card">{t('portal.step.card')}</li>
              <li data-step="sts">{t('portal.step.sts')}</li>
            </ol>
            <div class="buttons">
              <button type="submit" class="primary" id="eeszt-card">
                {t('minihis.eesztCard')}
              </button>
            </div>
          </form>
          <form id="eeszt-password-form" class="form" novalidate>
            <Field id="eeszt-password" type="password" label={t('minihis.eesztPassword')} autocomplete="current-password" path="password" />
            <MobilTokenField id="eeszt-mobiltoken" label={t('portal.mobilToken')} hint={t('portal.mobilTokenHint')} helper={t('minihis.tokenHelper')} />
            <div class="buttons">
              <button type="submit" id="eeszt-password-submit">
                {t('minihis.eesztPasswordButton')}
              </button>
            </div>
          </form>
        </div>
        <Status id="eeszt" />
      </Card>
      <Card title={t('minihis.rx')} id="rx">
        <form id="rx-form" class="form" novalidate>
          <div class="grid-2">
            <Field id="rx-taj" label={t('minihis.rx.taj')} inputmode="numeric" maxlength={9} value="123456788" path="Taj" />
            <Field id="rx-valid" label={`${t('minihis.rx.validUntil')} ${t('common.optional')}`} hint={t('minihis.rx.validUntilHint')} path="ValidUntil" />
            <Field id="rx-medication" label={t('minihis.rx.medication')} value="Amlodipin 5 mg tabletta" path="Medication" />
            <Field id="rx-dosage" label={t('minihis.rx.dosage')} value="1x1" path="Dosage" />
            <Field id="rx-quantity" label={`${t('minihis.rx.quantity')} ${t('common.optional')}`} value="30" path="Quantity" />
          </div>
          <div class="buttons">
            <button type="submit" class="primary" id="rx-submit">
              {t('minihis.rx.submit')}
            </button>
            <button type="button" class="secondary" id="rx-patient-card">
              {t('minihis.rx.patientCard')}
            </button>
          </div>
        </form>
        <Status id="rx" />
        <h3 id="rx-result-title" hidden>
          {t('minihis.rx.result')}
        </h3>
        <dl id="rx-result" class="facts" aria-labelledby="rx-result-title"></dl>
      </Card>
    </MiniHisFrame>
  );
}
