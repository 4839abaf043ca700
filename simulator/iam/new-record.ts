/**
 * "Új felhasználó jogosultság létrehozás" + "LÉTREHOZÁS": the create request of the IAM form.
 * Partner and system are reference-data ids; the user and the organisational unit must be
 * **picks** from the look-ups (`userPick`, `unitPick`); the institution is the admin's login
 * institution (an optional `institutionPick` must name that same institution). Typed values
 * (`username`, `unitCode`, ...) are refused: the portal demands a pick from the drop-down.
 *
 * @example
 * ```ts
 * createRecordFromForm(deps, admin, { partner: 1, system: 1, userPick: 'pick-…', unitPick: 'pick-…' });
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { jsonBody, s } from '../core/body-schema.js';
import { BadRequest, Forbidden } from '../core/errors.js';
import { unitOfInstitution } from '../vmatrix/vmatrix-admin.js';
import type { UnitSeat } from '../vmatrix/vmatrix.js';
import { requirePartner, requireSystem } from './iam-records.js';
import { LOOKUP_PATH, resolvePick, type PickKind } from './picks.js';
import { openNewRecordDraft, type RoleScreen } from './role-editor.js';

type Deps = Pick<SimDeps, 'store' | 'clock' | 'config'>;

/**
 * The form's body. Partner, system and the picks stay optional here: a missing one is refused
 * by the form's own rule with its precise code (`PARTNER_UNKNOWN`, `PICK_REQUIRED`, ...).
 */
export const NEW_RECORD_BODY = jsonBody(
  s.object({ partner: s.integer(1, 9999), system: s.integer(1, 9999), userPick: s.string(256), unitPick: s.string(256), institutionPick: s.string(256) }).required(),
  'FORM_INVALID',
  '{"partner":1,"system":1,"userPick":"…","unitPick":"…"}',
);

/** Typed fields a client might send instead of a pick, and the drop-down they belong to. */
const TYPED: Readonly<Record<string, PickKind>> = {
  user: 'user',
  username: 'user',
  felhasznalo: 'user',
  unit: 'unit',
  unitCode: 'unit',
  szervezetiEgyseg: 'unit',
  institution: 'institution',
  institutionId: 'institution',
  intezmeny: 'institution',
};

/** Validate the form, resolve the picks and open the role-assignment draft of the new record. */
export function createRecordFromForm(deps: Deps, admin: UnitSeat, body: unknown): RoleScreen {
  // A typed value instead of a pick is the portal's own refusal (PICK_REQUIRED), named before the body's shape.
  for (const key of body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : []) {
    const kind = TYPED[key];
    if (kind !== undefined) {
      throw new BadRequest(
        `\`${key}\` was typed in; the portal demands a pick from the drop-down: look the value up with GET ${LOOKUP_PATH[kind]}?q=<prefix> and send the chosen match's \`pick\` as \`${kind}Pick\``,
        { details: { field: key } },
        'PICK_REQUIRED',
      );
    }
  }
  const form = NEW_RECORD_BODY.check(body);
  const partner = requirePartner(form.partner);
  const system = requireSystem(partner, form.system);
  if (form.institutionPick !== undefined) {
    const institutionId = resolvePick(deps, admin, 'institution', form.institutionPick, 'institutionPick');
    if (institutionId !== admin.institutionId) {
      throw new Forbidden(
        `the institution is pre-filled from your login (\`${admin.institutionId}\`) and cannot be \`${institutionId}\`; to manage \`${institutionId}\`, log in as its permission admin`,
        { details: { institutionId } },
        'INSTITUTION_NOT_ADMINISTERED',
      );
    }
  }
  const username = resolvePick(deps, admin, 'user', form.userPick, 'userPick');
  const unitCode = resolvePick(deps, admin, 'unit', form.unitPick, 'unitPick');
  const unit = unitOfInstitution(deps, admin.institutionId, unitCode);
  return openNewRecordDraft(deps, admin, { partner: partner.id, system: system.id, username, institutionId: admin.institutionId, unitCode: unit.code });
}
