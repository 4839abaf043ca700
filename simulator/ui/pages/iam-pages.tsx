/**
 * The permission admin's screens of the Ágazati portál, over the IAM+SSO admin API
 * (`/iam/api`, docs/iam.md): the record list, "Új felhasználó jogosultság létrehozás" with
 * pick-only drop-downs and "LÉTREHOZÁS", the role assignment with move arrows and
 * "TÁROL ÉS VISSZA", and the V-MÁTRIX per unit.
 */
import { Card, Combobox, Field, SelectField, Status } from '../components/fields.js';
import { PortalFrame } from './portal-pages.js';
import { uiUrl, type PageContext, type UiNode } from './page-context.js';

/** `/ui/portal/iam`: the institution's records. */
export function IamListPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('iam.title')} script="iam-list">
      <Card title={t('iam.records')} id="iam-records">
        <p id="iam-admin" class="muted"></p>
        <div class="buttons">
          <a class="button primary" href={uiUrl(ctx, '/portal/iam/new')} id="iam-new-link">
            {t('iam.new')}
          </a>
        </div>
        <Status id="iam-list" />
        <div class="table-wrap">
          <table id="iam-table" class="data">
            <thead>
              <tr>
                <th scope="col">{t('iam.partner')}</th>
                <th scope="col">{t('iam.system')}</th>
                <th scope="col">{t('iam.user')}</th>
                <th scope="col">{t('iam.institution')}</th>
                <th scope="col">{t('iam.unit')}</th>
                <th scope="col">{t('iam.roles')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('iam.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </Card>
    </PortalFrame>
  );
}

/** `/ui/portal/iam/new`: "Új felhasználó jogosultság létrehozás". */
export function IamNewPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  const np = t('common.notPicked');
  return (
    <PortalFrame ctx={ctx} title={t('iam.title')} script="iam-new">
      <Card title={t('iam.new')} id="iam-new">
        <p class="note">{t('iam.pickRule')}</p>
        <form id="iam-new-form" class="form" novalidate>
          <div class="grid-2">
            <Combobox id="iam-partner" label={t('iam.partner')} hint={t('common.pickHint')} notPicked={np} path="partner" />
            <Combobox id="iam-system" label={t('iam.system')} hint={t('common.pickHint')} notPicked={np} path="system" />
            <Combobox id="iam-user" label={t('iam.user')} hint={t('iam.userHint')} notPicked={np} path="userPick" />
            <Combobox id="iam-institution" label={t('iam.institution')} hint={t('iam.institutionHint')} notPicked={np} path="institutionPick" />
            <Combobox id="iam-unit" label={t('iam.unit')} hint={t('iam.unitHint')} notPicked={np} path="unitPick" />
          </div>
          <div class="buttons">
            <button type="submit" class="primary caps" id="iam-create">
              {t('iam.create')}
            </button>
            <a class="button" href={uiUrl(ctx, '/portal/iam')}>
              {t('common.back')}
            </a>
          </div>
          <Status id="iam-new" />
        </form>
      </Card>
    </PortalFrame>
  );
}

/** `/ui/portal/iam/records/{id}`: the role assignment of one record. */
export function IamRolesPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('iam.title')} script="iam-roles">
      <Card title={t('iam.roleScreen')} id="iam-roles">
        <dl id="iam-record" class="facts"></dl>
        <p id="iam-unsaved" class="badge warn" hidden>
          {t('iam.unsaved')}
        </p>
        <div class="role-editor">
          <div class="field">
            <label for="roles-available">{t('iam.available')}</label>
            <select id="roles-available" multiple size={6} aria-describedby="roles-note"></select>
          </div>
          <div class="role-arrows" role="group" aria-label={t('iam.roles')}>
            <button type="button" id="role-in" aria-label={t('iam.moveIn')} title={t('iam.moveIn')}>
              <span aria-hidden="true">→</span>
            </button>
            <button type="button" id="role-out" aria-label={t('iam.moveOut')} title={t('iam.moveOut')}>
              <span aria-hidden="true">←</span>
            </button>
          </div>
          <div class="field">
            <label for="roles-owned">{t('iam.owned')}</label>
            <select id="roles-owned" multiple size={6} aria-describedby="roles-note"></select>
          </div>
        </div>
        <p id="roles-note" class="hint"></p>
        <div class="buttons">
          <button type="button" class="primary caps" id="iam-save">
            {t('iam.save')}
          </button>
          <button type="button" id="iam-discard">
            {t('iam.discard')}
          </button>
        </div>
        <Status id="iam-roles" />
      </Card>
    </PortalFrame>
  );
}

/** `/ui/portal/vmatrix`: the V-MÁTRIX, per unit. */
export function VmatrixPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <PortalFrame ctx={ctx} title={t('vmatrix.title')} script="vmatrix">
      <Card title={t('vmatrix.title')} id="vmatrix">
        <p class="muted">{t('vmatrix.intro')}</p>
        <SelectField id="vmatrix-unit" label={t('vmatrix.unit')} />
        <Status id="vmatrix" />
        <div class="table-wrap">
          <table id="vmatrix-table" class="data">
            <thead>
              <tr>
                <th scope="col">{t('vmatrix.user')}</th>
                <th scope="col">{t('vmatrix.roles')}</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
        <form id="vmatrix-grant-form" class="form inline" novalidate>
          <Field id="vmatrix-username" label={t('vmatrix.user')} hint={t('iam.userHint')} path="username" />
          <SelectField id="vmatrix-role" label={t('vmatrix.role')} path="role" />
          <div class="buttons">
            <button type="submit" class="primary" id="vmatrix-grant">
              {t('vmatrix.grant')}
            </button>
          </div>
        </form>
      </Card>
    </PortalFrame>
  );
}
