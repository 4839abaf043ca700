/**
 * Reading miniHIS JSON bodies: a JSON object whose fields are all known to the endpoint.
 * Unknown fields are refused (typos such as `mobiltoken` are caught), and the message lists the
 * fields the endpoint takes; values are never echoed, so a secret sent under a wrong name does
 * not appear in the answer.
 *
 * @example
 * ```ts
 * const body = await readObject(c, ['institutionPick', 'unitPick', 'username', 'mobilTokenCode', 'ridPackage'], 'POST /minihis/api/login');
 * ```
 */
import type { Context } from 'hono';
import type { SimHonoEnv } from '../core/deps.js';
import { BadRequest } from '../core/errors.js';
import { readJson } from '../control/control-app.js';

/** A JSON object body. */
export type Body = Record<string, unknown>;

/** Field names that were meant as something else: wrong name -> the name the API uses. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  mobiltoken: 'mobilTokenCode',
  mobiltokencode: 'mobilTokenCode',
  token: 'mobilTokenCode',
  otp: 'mobilTokenCode',
  code: 'mobilTokenCode',
  institution: 'institutionPick',
  unit: 'unitPick',
  unitcode: 'unitPick',
  password: 'ojotePassword',
};

function suggestionFor(key: string, allowed: readonly string[]): string | undefined {
  const folded = key.toLowerCase().replace(/[-_]/g, '');
  const exact = allowed.find((a) => a.toLowerCase() === folded);
  if (exact !== undefined) return exact;
  const s = SUGGESTIONS[folded];
  return s !== undefined && allowed.includes(s) ? s : undefined;
}

/**
 * Typed stand-ins of the login form's drop-downs: a field that carries the typed text of a
 * drop-down instead of its pick -> the pick field (the setup guide: "Ezen listából minden esetben
 * ki kell választani").
 */
export const TYPED_PICK_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  institution: 'institutionPick',
  institutionId: 'institutionPick',
  unit: 'unitPick',
  unitCode: 'unitPick',
});

/**
 * Read the body as a JSON object with only `allowed` fields. Throws `JSON_OBJECT_EXPECTED` or
 * `FIELD_UNKNOWN` (400); with `picks`, a typed value of one of those pick fields (see
 * {@link TYPED_PICK_FIELDS}) is refused with `PICK_REQUIRED` naming the pick field.
 */
export async function readObject(c: Context<SimHonoEnv>, allowed: readonly string[], endpoint: string, picks: readonly string[] = []): Promise<Body> {
  const parsed = await readJson(c);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequest(`${endpoint} takes a JSON object with the fields ${allowed.map((f) => `\`${f}\``).join(', ')}`, {}, 'JSON_OBJECT_EXPECTED');
  }
  const body = parsed as Body;
  for (const key of Object.keys(body)) {
    const pick = TYPED_PICK_FIELDS[key];
    if (pick !== undefined && picks.includes(pick) && !allowed.includes(key)) {
      throw new BadRequest(
        `\`${key}\` was typed in; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the value up (GET /minihis/api/lookup/…?q=) and send the chosen match's \`pick\` as \`${pick}\``,
        { details: { field: pick, typed: key } },
        'PICK_REQUIRED',
      );
    }
  }
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const hints = unknown.map((k) => {
      const s = suggestionFor(k, allowed);
      return s === undefined ? `\`${k}\`` : `\`${k}\` (did you mean \`${s}\`?)`;
    });
    throw new BadRequest(
      `${endpoint} does not take the field${unknown.length === 1 ? '' : 's'} ${hints.join(', ')}; it takes ${allowed.map((f) => `\`${f}\``).join(', ')}`,
      { details: { fields: unknown } },
      'FIELD_UNKNOWN',
    );
  }
  return body;
}
