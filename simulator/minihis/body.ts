/**
 * The JSON bodies of the miniHIS API, declared for the one body validator
 * (simulator/core/body-schema.ts): each body is an object of known fields of the right JSON
 * types, refused whole as `BODY_INVALID` (400, `details.errors` naming each field) otherwise.
 * Unknown fields are refused (typos such as `mobiltoken` get a "did you mean"), and values of
 * secret fields are never echoed. What the forms check beyond the types — a missing field, a
 * value not on a list, an e-mail address — stays with the form (422 `VALIDATION_FAILED` listing
 * every field, or the login's own codes), as the real forms answer.
 *
 * @example
 * ```ts
 * app.post('/api/ojote', OJOTE_BODY.declare, async (c) => { const ctx = ctxOf(c); const body = await OJOTE_BODY.read(c); … });
 * ```
 */
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';
import { BadRequest } from '../core/errors.js';

/** A JSON object body as the form checks see it. */
export type Body = Record<string, unknown>;

/** Field names that were meant as something else: wrong name -> the name the API uses. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  mobiltoken: 'mobilTokenCode',
  token: 'mobilTokenCode',
  otp: 'mobilTokenCode',
  code: 'mobilTokenCode',
  institution: 'institutionPick',
  unit: 'unitPick',
  unitcode: 'unitPick',
  password: 'ojotePassword',
};

/** A pick from a look-up (`pick-…`), an identifier or a code typed in a form. */
const short = (): ReturnType<typeof s.string> => s.string(256);
/** A signed package in base64 (a few kilobytes; simulator assumption). */
const pkg = (): ReturnType<typeof s.string> => s.string(262_144);
/** A form's free text (the form itself applies the field's own, shorter limit). */
const text = (): ReturnType<typeof s.string> => s.string(1_000);

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
 * Refuse a typed value of a drop-down with `PICK_REQUIRED` naming the pick field (before the
 * body's schema, which would only call the field unknown). `picks`: the pick fields of the route.
 */
export function refuseTypedPicks(parsed: unknown, picks: readonly string[]): void {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  for (const key of Object.keys(parsed)) {
    const pick = TYPED_PICK_FIELDS[key];
    if (pick !== undefined && picks.includes(pick)) {
      throw new BadRequest(
        `\`${key}\` was typed in; miniHIS demands a value picked from the drop-down, typed values are not accepted: look the value up (GET /minihis/api/lookup/…?q=) and send the chosen match's \`pick\` as \`${pick}\``,
        { details: { field: pick, typed: key } },
        'PICK_REQUIRED',
      );
    }
  }
}

/** `POST /api/login/card-request`. */
export const CARD_REQUEST_BODY = jsonBody(s.object({ institutionPick: short() }, { suggestions: SUGGESTIONS }).required(), BODY_INVALID, '{"institutionPick":"pick-…"}');
/** `POST /api/login`: password + mobilToken code, or card (rID package). */
export const LOGIN_BODY = jsonBody(
  s.object({ institutionPick: short(), unitPick: short(), username: s.string(32), mobilTokenCode: s.string(16).secret(), ridPackage: pkg() }, { suggestions: SUGGESTIONS }).required(),
  BODY_INVALID,
  '{"institutionPick":"pick-…","unitPick":"pick-…","username":"O50123","mobilTokenCode":"123456"}',
);
/** Routes that take no body: `POST /api/logout`, `POST /api/patient-card/request`. */
export const NO_BODY = jsonBody(s.object({}).required(), BODY_INVALID, 'no body');
/** `POST /api/terms`: accept or refuse the ÁSZF. */
export const TERMS_BODY = jsonBody(s.object({ accept: s.boolean().required() }).required(), 'TERMS_ANSWER_INVALID', '{"accept":true} to accept the ÁSZF ("Következő"), {"accept":false} to refuse it');
/** `POST /api/configuration` ("Befejezés"). */
export const CONFIGURATION_BODY = jsonBody(
  s
    .object({
      institutionId: short(),
      providerCode: short(),
      contact: s.anyObject(),
      careType: short(),
      referralInstitutionType: short(),
      prescriptionCategory: short(),
      prescriptionCertificateFormat: short(),
    })
    .required(),
  BODY_INVALID,
  '{"institutionId":"01620K","providerCode":"016200101","contact":{"phone":"+36 1 234 5678","email":"rendeles@rendelo.hu","visible":true},"careType":"jarobeteg-szakellatas","referralInstitutionType":"finanszirozott","prescriptionCategory":"jarobeteg-szakrendeles"}',
);
/** `POST /api/user-data`. */
export const USER_DATA_BODY = jsonBody(
  s.object({ email: text(), nameInCare: text(), specialties: s.array(short(), 50) }).required(),
  BODY_INVALID,
  '{"email":"dr.kovacs@rendelo.hu","nameInCare":"Dr. Kovács Anna","specialties":["belgyógyászat"]}',
);
/** `POST /api/ojote`: the NEAK OJOTE credentials (the password is never echoed). */
export const OJOTE_BODY = jsonBody(s.object({ ojoteUsername: short(), ojotePassword: s.string(256).secret() }, { suggestions: SUGGESTIONS }).required(), BODY_INVALID, '{"ojoteUsername":"…","ojotePassword":"…"}');
/** `POST /api/patient-card`: the readout package of the patient's card. */
export const PATIENT_CARD_BODY = jsonBody(s.object({ readoutPackage: pkg() }).required(), BODY_INVALID, '{"readoutPackage":"<base64 from the card client>"}');
