/**
 * Field-by-field validation of miniHIS forms (first-use configuration, user data, OJOTE): every
 * problem is collected with its field path, its own error code and a message saying what to
 * enter, and the form is refused whole with `VALIDATION_FAILED` (422) listing them in
 * `details.errors`, so a form can mark each field at once.
 *
 * @example
 * ```ts
 * const errors = new FieldErrors();
 * errors.add('careType', 'CHOICE_INVALID', 'pick a care type from GET /minihis/api/reference-data');
 * errors.throwIfAny('the first-use configuration was not saved (Befejezés)');
 * ```
 */
import { ValidationFailed } from '../core/errors.js';

/** One refused field. */
export interface FieldError {
  /** Field path, e.g. `contact.email`. */
  path: string;
  /** Stable error code of this field's problem, e.g. `EMAIL_INVALID`. */
  code: string;
  message: string;
}

/** A collector of field errors. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  /** Record a problem of one field. */
  add(path: string, code: string, message: string): void {
    this.list.push({ path, code, message });
  }

  /** Has this field a problem already? */
  has(path: string): boolean {
    return this.list.some((e) => e.path === path);
  }

  /**
   * Throw `VALIDATION_FAILED` (422) when any field was refused. The message starts with `what`
   * and names the fields; `details.errors` holds one {@link FieldError} per field.
   */
  throwIfAny(what: string): void {
    const n = this.list.length;
    if (n === 0) return;
    const fields = this.list.map((e) => `\`${e.path}\``).join(', ');
    throw new ValidationFailed(`${what}: ${n} field${n === 1 ? '' : 's'} to correct (${fields}); each entry of details.errors says what to enter`, this.list);
  }
}

/** The exact message for a required field that was not sent. */
export function missing(path: string, what: string): string {
  return `\`${path}\` is missing; ${what}`;
}
