/**
 * The JSON bodies of the IAM+SSO and V-MÁTRIX admin API: one declaration per route, used by the
 * route (validation, field-level errors) and by the OpenAPI document (`openapi.ts`), so the
 * document says exactly what the route takes.
 *
 * @example
 * ```ts
 * app.post('/records/:id/roles/move', MOVE_BODY.declare, async (c) => { const body = await MOVE_BODY.read(c); … });
 * MOVE_BODY.schema.jsonSchema(); // { type: 'object', properties: { role: …, direction: … }, required: […], additionalProperties: false }
 * ```
 */
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';

/** `POST /records/{id}/roles/move`: one role, into the owned list or out of it. */
export const MOVE_BODY = jsonBody(s.object({ role: s.string(64).required(), direction: s.oneOf('in', 'out').required() }).required(), 'MOVE_INVALID', '{"role":"ORVOS","direction":"in"}');
/** `POST /records/{id}/roles/save` takes no body. */
export const SAVE_BODY = jsonBody(s.object({}).required(), BODY_INVALID, 'no body');
/** `POST /vmatrix/units/{unit}/grants`: whom to grant which role (the identifier rules are checked next, by the domain). */
export const GRANT_BODY = jsonBody(s.object({ username: s.string(32).required(), role: s.string(64).required() }).required(), BODY_INVALID, '{"username":"O83456","role":"ORVOS"}');
