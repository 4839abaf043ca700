/**
 * Server-rendered frames of the virtual card reader panel and of the card client's host PIN
 * pop-up. The browser script `assets/js/reader-panel.js` fills the panel from the card client
 * (`/card-client`) and answers its prompts.
 */
import { uiUrl, type PageContext, type UiNode } from '../pages/page-context.js';

/** The reader panel: docked at the side of a page, or the main content of the readers page. */
export function ReaderPanel(props: { ctx: PageContext; docked: boolean }): UiNode {
  const { t } = props.ctx;
  return (
    <aside class={`reader-panel${props.docked ? ' docked' : ' full'}`} aria-labelledby="reader-panel-title" data-reader-panel={props.docked ? 'docked' : 'full'}>
      <div class="panel-head">
        <h2 id="reader-panel-title">{t('layout.readerPanel')}</h2>
        {props.docked ? (
          <a class="panel-link" href={uiUrl(props.ctx, '/readers')}>
            {t('reader.fullPage')}
          </a>
        ) : null}
      </div>
      <p id="reader-panel-status" class="status" role="status" aria-live="polite"></p>
      <div id="reader-list" class="reader-list">
        <p class="muted">{t('common.loading')}</p>
      </div>
      <div class="reader-add">
        <button type="button" id="reader-add-pinpad" class="secondary">
          {t('reader.addPinPad')}
        </button>
        <button type="button" id="reader-add-plain" class="secondary">
          {t('reader.addPlain')}
        </button>
      </div>
    </aside>
  );
}

/** The card client's pop-up for a reader without PIN pad (the host asks for the secret). */
export function HostPromptDialog(props: { ctx: PageContext }): UiNode {
  const { t } = props.ctx;
  return (
    <dialog id="host-prompt" class="host-prompt" aria-labelledby="host-prompt-title" aria-describedby="host-prompt-intro">
      <form method="dialog" id="host-prompt-form">
        <h2 id="host-prompt-title">{t('reader.hostTitle')}</h2>
        <p id="host-prompt-intro"></p>
        <p id="host-prompt-message" class="muted"></p>
        <div class="field">
          <label for="host-prompt-input" id="host-prompt-label"></label>
          <input id="host-prompt-input" type="password" inputmode="numeric" autocomplete="off" pattern="[0-9]*" maxlength={16} aria-describedby="host-prompt-tries" />
          <p id="host-prompt-tries" class="hint"></p>
        </div>
        <p id="host-prompt-error" class="error" role="alert"></p>
        <div class="buttons">
          <button type="submit" class="primary" id="host-prompt-ok">
            {t('reader.keyOk')}
          </button>
          <button type="button" id="host-prompt-cancel">
            {t('reader.keyCancel')}
          </button>
          <button type="button" id="host-prompt-remove" class="secondary">
            {t('reader.hostRemove')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
