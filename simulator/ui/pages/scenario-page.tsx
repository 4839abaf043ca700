/**
 * `/ui/scenario`: the trainer's switches over the control API (`/_sim`): the clock (+7 hours to
 * show expiry), reset, loading a persona set, and the personas of the loaded set.
 */
import { Card, Field, SelectField, Status } from '../components/fields.js';
import { raw } from 'hono/html';
import { Layout, scriptJson } from '../components/layout.js';
import { personaTextsFor } from '../i18n/persona-texts.js';
import type { PageContext, UiNode } from './page-context.js';

/** The scenario page. */
export function ScenarioPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('scenario.title')} script="scenario" section="scenario" readerPanel={false}>
      <p class="muted">{t('scenario.intro')}</p>
      <div class="grid-2">
        <Card title={t('scenario.clock')} id="clock">
          <p id="clock-now" class="big-time"></p>
          <p id="clock-state" class="muted"></p>
          <div class="buttons">
            <button type="button" class="primary" id="clock-plus-7h">
              {t('scenario.plus7h')}
            </button>
            <button type="button" id="clock-plus-1h">
              {t('scenario.plus1h')}
            </button>
            <button type="button" id="clock-plus-5m">
              {t('scenario.plus5m')}
            </button>
          </div>
          <p class="hint">{t('scenario.expiryHint')}</p>
          <form id="clock-form" class="form inline" novalidate>
            <Field id="clock-duration" label={t('scenario.duration')} path="advance" />
            <div class="buttons">
              <button type="submit" id="clock-advance">
                {t('scenario.advance')}
              </button>
              <button type="button" id="clock-freeze">
                {t('scenario.freeze')}
              </button>
              <button type="button" id="clock-resume">
                {t('scenario.resume')}
              </button>
            </div>
          </form>
          <Status id="clock" />
        </Card>
        <Card title={t('scenario.reset')} id="reset">
          <p class="muted">{t('scenario.resetIntro')}</p>
          <form id="reset-form" class="form" novalidate>
            <label class="check">
              <input type="checkbox" id="reset-keep-journal" /> {t('scenario.keepJournal')}
            </label>
            <label class="check">
              <input type="checkbox" id="reset-keep-clock" /> {t('scenario.keepClock')}
            </label>
            <div class="buttons">
              <button type="submit" class="primary" id="reset-submit">
                {t('scenario.resetButton')}
              </button>
            </div>
          </form>
          <Status id="reset" />
        </Card>
      </div>
      <Card title={t('scenario.fixtures')} id="fixtures">
        <form id="fixtures-form" class="form inline" novalidate>
          <SelectField
            id="fixtures-set"
            label={t('scenario.set')}
            options={[
              ['default', t('scenario.setDefault')],
              ['generated', t('scenario.setGenerated')],
              ['file', t('scenario.setFile')],
            ]}
          />
          <Field id="fixtures-seed" label={t('scenario.seed')} inputmode="numeric" value="7" />
          <Field id="fixtures-file" type="file" label={t('scenario.file')} accept=".json,application/json" />
          <div class="buttons">
            <button type="submit" class="primary" id="fixtures-load">
              {t('scenario.load')}
            </button>
          </div>
        </form>
        <Status id="fixtures" />
      </Card>
      <Card title={t('scenario.personas')} id="personas">
        <div class="table-wrap">
          <table id="personas-table" class="data compact">
            <thead>
              <tr>
                <th scope="col">{t('scenario.col.persona')}</th>
                <th scope="col">{t('scenario.col.username')}</th>
                <th scope="col">{t('scenario.col.password')}</th>
                <th scope="col">{t('scenario.col.place')}</th>
                <th scope="col">{t('scenario.col.card')}</th>
                <th scope="col">{t('scenario.col.secrets')}</th>
                <th scope="col">{t('scenario.col.purpose')}</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
        <script type="application/json" id="persona-texts">
          {raw(scriptJson(personaTextsFor(ctx.lang)))}
        </script>
      </Card>
    </Layout>
  );
}
