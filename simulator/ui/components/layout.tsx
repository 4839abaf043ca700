/**
 * The page frame every UI screen shares: skip link, top bar (menu, simulator clock, language
 * toggle), the main area, the docked virtual card reader panel, the host PIN pop-up of the card
 * client, the labels of the page's language for the browser scripts, and the page's script.
 *
 * @example
 * ```tsx
 * <Layout ctx={ctx} title={ctx.t('portal.title')} script="portal-login">…</Layout>
 * ```
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { errorTextsFor } from '../../core/error-catalogue.js';
import { labelsFor, type Lang, type LabelKey } from '../i18n/dictionary.js';
import { otherLang } from '../i18n/language.js';
import { captionOfPage } from '../i18n/captions.js';
import { formatSimTime, uiUrl, type PageContext, type UiNode } from '../pages/page-context.js';
import { HostPromptDialog, ReaderPanel } from './reader-panel.js';

/** Props of {@link Layout}. */
export interface LayoutProps {
  ctx: PageContext;
  /** Page title (also the browser tab's). */
  title: string;
  /** Name of the page script in `assets/js/pages/` (without `.js`). */
  script: string;
  /** Which menu entry is current. */
  section: 'home' | 'readers' | 'portal' | 'minihis' | 'inspector' | 'scenario';
  /** Dock the reader panel at the side (default true; the readers page shows it as its main content). */
  readerPanel?: boolean;
  /** Wider main area (the inspector). */
  wide?: boolean;
  children?: Child;
}

const MENU: ReadonlyArray<{ section: LayoutProps['section']; path: string; label: LabelKey }> = [
  { section: 'home', path: '/', label: 'nav.home' },
  { section: 'readers', path: '/readers', label: 'nav.readers' },
  { section: 'portal', path: '/portal', label: 'nav.portal' },
  { section: 'minihis', path: '/minihis', label: 'nav.minihis' },
  { section: 'inspector', path: '/inspector', label: 'nav.inspector' },
  { section: 'scenario', path: '/scenario', label: 'nav.scenario' },
];

/** JSON for a `<script type="application/json">` block: `<` escaped so it cannot end the block. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const errorTextsJson = new Map<Lang, string>();

/** The error catalogue's texts of a language as embedded JSON (made once per language). */
function errorTextsScript(lang: Lang): string {
  let json = errorTextsJson.get(lang);
  if (json === undefined) {
    json = scriptJson(errorTextsFor(lang));
    errorTextsJson.set(lang, json);
  }
  return json;
}

/** Shown when the control API asks for the token the simulator was started with (`--control-token`). */
function ControlTokenBox(props: { ctx: PageContext }): UiNode {
  const { t } = props.ctx;
  return (
    <div class="control-token" id="control-token-box" role="alert" hidden>
      <p>{t('common.controlTokenNeeded')}</p>
      <form id="control-token-form" class="form inline" novalidate>
        <div class="field">
          <label for="control-token">{t('common.controlToken')}</label>
          <input id="control-token" type="password" autocomplete="off" />
        </div>
        <div class="buttons">
          <button type="submit">{t('common.controlTokenSave')}</button>
        </div>
      </form>
    </div>
  );
}

/** The page frame. */
export function Layout(props: LayoutProps): UiNode {
  const { ctx } = props;
  const { t } = ctx;
  const withPanel = props.readerPanel ?? true;
  const toggle = `${ctx.path}?lang=${otherLang(ctx.lang)}`;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – eeszt-sim`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={uiUrl(ctx, '/assets/ui.css')} />
      </head>
      <body data-base={ctx.basePath} data-lang={ctx.lang} data-page={props.script} class={ctx.presentation ? 'presentation' : undefined}>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="topbar">
          <a class="brand" href={uiUrl(ctx, '/')}>
            <span class="brand-name">eeszt-sim</span>
            <span class="brand-tagline">{t('app.tagline')}</span>
          </a>
          <nav aria-label={t('nav.label')}>
            <ul class="menu">
              {MENU.map((m) => (
                <li>
                  <a href={uiUrl(ctx, m.path)} aria-current={m.section === props.section ? 'page' : undefined}>
                    {t(m.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <p class="clock">
            <span class="clock-label">{t('layout.clock')}</span>{' '}
            <time id="sim-clock" datetime={new Date(ctx.clock.epochMs).toISOString()} data-epoch={String(ctx.clock.epochMs)} data-frozen={String(ctx.clock.frozen)} data-rendered={String(Date.now())}>
              {formatSimTime(ctx.clock.epochMs)}
            </time>
            <span id="sim-clock-frozen" class="clock-frozen" hidden={!ctx.clock.frozen}>
              {` (${t('layout.clockFrozen')})`}
            </span>
          </p>
          <a class={`mode-toggle${ctx.presentation ? ' active' : ''}`} id="presentation-toggle" href={`${ctx.path}?presentation=${ctx.presentation ? '0' : '1'}`} title={t('layout.presentationHint')}>
            {t(ctx.presentation ? 'layout.presentationOff' : 'layout.presentationOn')}
          </a>
          <a class="lang-toggle" href={toggle} lang={otherLang(ctx.lang)} aria-label={t('layout.langLabel')}>
            {t('layout.lang')}
          </a>
        </header>
        <div class={`frame${withPanel ? ' with-panel' : ''}${props.wide === true ? ' wide' : ''}`}>
          <main id="main" tabindex={-1}>
            <h1>{props.title}</h1>
            <ControlTokenBox ctx={ctx} />
            {props.children}
          </main>
          {withPanel ? <ReaderPanel ctx={ctx} docked={true} /> : null}
        </div>
        {ctx.presentation ? (
          <div id="step-caption" class="step-caption" role="status" aria-live="polite" aria-label={t('caption.label')}>
            {t(captionOfPage(props.script))}
          </div>
        ) : null}
        <HostPromptDialog ctx={ctx} />
        <script type="application/json" id="ui-labels">
          {raw(scriptJson(labelsFor(ctx.lang)))}
        </script>
        <script type="application/json" id="ui-errors">
          {raw(errorTextsScript(ctx.lang))}
        </script>
        <script type="module" src={uiUrl(ctx, `/assets/js/pages/${props.script}.js`)}></script>
      </body>
    </html>
  );
}
