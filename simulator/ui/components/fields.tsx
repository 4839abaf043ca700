/**
 * Labelled form controls. Every input has a `<label>`; hints and field errors are tied to it
 * with `aria-describedby` (the error slot is filled by the browser script from the back end's
 * problem JSON, never by rules of the UI's own).
 *
 * @example
 * ```tsx
 * <Field id="username" label={t('portal.username')} hint={t('portal.usernameHint')} autocomplete="username" />
 * <Combobox id="iam-user" label={t('iam.user')} hint={t('iam.userHint')} notPicked={t('common.notPicked')} />
 * ```
 */
import type { Child } from 'hono/jsx';
import type { UiNode } from '../pages/page-context.js';

/** Props of {@link Field}. */
export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'date' | 'number' | 'file';
  value?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  required?: boolean;
  /** Name the back end's `details.errors[].path` uses for this field (default: the id). */
  path?: string;
  maxlength?: number;
  accept?: string;
  class?: string;
}

/** A labelled text input with hint and error slot. */
export function Field(props: FieldProps): UiNode {
  const describedBy = [props.hint === undefined ? '' : `${props.id}-hint`, `${props.id}-error`].filter((x) => x !== '').join(' ');
  return (
    <div class={`field${props.class === undefined ? '' : ` ${props.class}`}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete ?? 'off'}
        inputmode={props.inputmode}
        required={props.required}
        maxlength={props.maxlength}
        accept={props.accept}
        aria-describedby={describedBy}
        data-path={props.path ?? props.id}
      />
      {props.hint === undefined ? null : (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <p id={`${props.id}-error`} class="field-error" data-error-for={props.path ?? props.id}></p>
    </div>
  );
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps {
  id: string;
  label: string;
  hint?: string;
  /** Options as `[value, label]`; more can be added by the script. */
  options?: ReadonlyArray<readonly [string, string]>;
  placeholder?: string;
  path?: string;
}

/** A labelled `<select>` with hint and error slot. */
export function SelectField(props: SelectFieldProps): UiNode {
  const describedBy = [props.hint === undefined ? '' : `${props.id}-hint`, `${props.id}-error`].filter((x) => x !== '').join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id} aria-describedby={describedBy} data-path={props.path ?? props.id}>
        {props.placeholder === undefined ? null : <option value="">{props.placeholder}</option>}
        {(props.options ?? []).map(([value, label]) => (
          <option value={value}>{label}</option>
        ))}
      </select>
      {props.hint === undefined ? null : (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <p id={`${props.id}-error`} class="field-error" data-error-for={props.path ?? props.id}></p>
    </div>
  );
}

/** Props of {@link Combobox}. */
export interface ComboboxProps {
  id: string;
  label: string;
  hint: string;
  /** Text read out while nothing is picked. */
  notPicked: string;
  path?: string;
}

/**
 * A drop-down that only accepts a picked value (ARIA combobox with a listbox). The browser
 * script (`assets/js/combobox.js`) asks the back end's look-up for matches; typing after a pick
 * drops the pick.
 */
export function Combobox(props: ComboboxProps): UiNode {
  const list = `${props.id}-list`;
  return (
    <div class="field combo" data-combobox={props.id}>
      <label for={props.id} id={`${props.id}-label`}>
        {props.label}
      </label>
      <div class="combo-box">
        <input
          id={props.id}
          name={props.id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded="false"
          aria-controls={list}
          aria-describedby={`${props.id}-hint ${props.id}-state ${props.id}-error`}
          autocomplete="off"
          data-path={props.path ?? props.id}
        />
        <ul id={list} role="listbox" class="combo-list" aria-labelledby={`${props.id}-label`} hidden></ul>
      </div>
      <p id={`${props.id}-hint`} class="hint">
        {props.hint}
      </p>
      <p id={`${props.id}-state`} class="pick-state" aria-live="polite" data-picked="false">
        {props.notPicked}
      </p>
      <p id={`${props.id}-error`} class="field-error" data-error-for={props.path ?? props.id}></p>
    </div>
  );
}

/** Props of {@link MobilTokenField}. */
export interface MobilTokenFieldProps {
  /** Id of the code input; the helper button is `<id>-helper`, its result line `<id>-helper-status`. */
  id: string;
  label: string;
  hint: string;
  /** Label of the helper button ("the code the app shows now", from the simulator). */
  helper: string;
  /** Name the back end's `details.errors[].path` uses for this field. */
  path?: string;
}

/**
 * The mobilToken code input with the simulator's helper: a button that fills in the code the
 * user's mobilToken app shows now (`GET /_sim/mobiltoken/{username}`, wired by
 * `assets/js/mobiltoken-helper.js`), with its own result line.
 */
export function MobilTokenField(props: MobilTokenFieldProps): UiNode {
  return (
    <div class="mobiltoken">
      <Field id={props.id} label={props.label} hint={props.hint} inputmode="numeric" maxlength={6} autocomplete="one-time-code" path={props.path ?? 'mobilTokenCode'} />
      <div class="buttons">
        <button type="button" id={`${props.id}-helper`} class="secondary small" aria-describedby={`${props.id}-helper-status`}>
          {props.helper}
        </button>
      </div>
      <p id={`${props.id}-helper-status`} class="hint" role="status" aria-live="polite"></p>
    </div>
  );
}

/** A polite status line (results) and an alert slot (refusals) for a form or section. */
export function Status(props: { id: string }): UiNode {
  return (
    <div class="status-area">
      <p id={`${props.id}-status`} class="status" role="status" aria-live="polite"></p>
      <div id={`${props.id}-problem`} class="problem" role="alert"></div>
    </div>
  );
}

/** A titled card. */
export function Card(props: { title?: string; id?: string; class?: string; children?: Child }): UiNode {
  const headingId = props.id === undefined ? undefined : `${props.id}-title`;
  return (
    <section class={`card${props.class === undefined ? '' : ` ${props.class}`}`} id={props.id} aria-labelledby={props.title === undefined ? undefined : headingId}>
      {props.title === undefined ? null : <h2 id={headingId}>{props.title}</h2>}
      {props.children}
    </section>
  );
}

/** The reader choice for flows that run the card (default: the card client's own rule). */
export function ReaderChoice(props: { id: string; label: string; auto: string }): UiNode {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id} data-reader-choice="true">
        <option value="">{props.auto}</option>
      </select>
    </div>
  );
}
