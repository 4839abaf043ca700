/**
 * The IAM role-assignment screen: after "LÉTREHOZÁS" (or when editing a record) the admin sees
 * the available and the owned roles, moves roles between the lists, and "TÁROL ÉS VISSZA" saves.
 * The lists being edited are a **draft** per admin and record (store bucket `iam.role-drafts`);
 * nothing reaches `store.state.iam` until save. A new record is only stored on save, with at
 * least one owned role, and saving an existing record with no owned role deletes it.
 *
 * The miniHIS role rules apply when a role is moved in (and again on save): `miniHIS Orvos` for
 * `O` users, `miniHIS Szakdolgozó` for `S`, `miniHIS Adatrögzítő` for `X`.
 *
 * @example
 * ```ts
 * openNewRecordDraft(deps, admin, key);
 * moveRole(deps, admin, id, 'miniHIS Orvos', 'in');
 * saveDraft(deps, admin, id); // { record, granted: ['miniHIS Orvos'], removed: [] }
 * ```
 */
import type { IamRecord } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Conflict } from '../core/errors.js';
import { checkRoleForUser, findRole, ROLES, type RoleDefinition } from '../identifiers/roles.js';
import type { UnitSeat } from '../vmatrix/vmatrix.js';
import { appendAudit, auditActor } from './audit.js';
import { assertNoIamRecord, deleteIamRecord, findIamRecord, iamRecordId, putIamRecord, savedIamRecord, viewOfRecord, type IamRecordKey, type IamRecordView } from './iam-records.js';
import { ensureMembership } from './membership.js';

const DRAFTS = 'iam.role-drafts';

type Deps = Pick<SimDeps, 'store' | 'clock'>;

interface Draft {
  key: IamRecordKey;
  owned: string[];
  /** True while the record has never been saved. */
  isNew: boolean;
}

/** One role in a list of the screen. */
export interface RoleEntry {
  name: string;
  /** Who the role is for, in words. */
  holders: string;
  /** Username prefixes that may hold it. */
  prefixes: readonly string[];
  /** Whether the record's user may hold it; when not, `note` says what to assign instead. */
  fitsUser: boolean;
  note?: string;
}

/** The role-assignment screen of one record. */
export interface RoleScreen {
  record: IamRecordView;
  /** False while the record exists only as a draft (never saved). */
  saved: boolean;
  /** True when the owned list differs from what is stored. */
  unsavedChanges: boolean;
  available: RoleEntry[];
  owned: RoleEntry[];
}

const draftKey = (admin: UnitSeat, id: string): string => `${admin.username}@${admin.institutionId}|${id}`;

function systemRoles(system: number): RoleDefinition[] {
  return ROLES.filter((r) => r.scope === 'iam' && r.system === system);
}

function entry(def: RoleDefinition, username: string): RoleEntry {
  const check = checkRoleForUser(def.name, username, 'iam');
  return { name: def.name, holders: def.holders, prefixes: def.prefixes, fitsUser: check.ok, ...(check.ok ? {} : { note: check.message }) };
}

function screen(deps: Deps, draft: Draft): RoleScreen {
  const id = iamRecordId(draft.key);
  const stored = savedIamRecord(deps.store.state, draft.key.institutionId, id);
  const roles = systemRoles(draft.key.system);
  const same = stored !== undefined && stored.roles.length === draft.owned.length && stored.roles.every((r) => draft.owned.includes(r));
  return {
    record: viewOfRecord({ ...draft.key, roles: [...draft.owned] }),
    saved: !draft.isNew,
    unsavedChanges: !same,
    available: roles.filter((r) => !draft.owned.includes(r.name)).map((r) => entry(r, draft.key.username)),
    owned: draft.owned.map((name) => {
      const def = findRole(name);
      return def === undefined ? { name, holders: '?', prefixes: [], fitsUser: false } : entry(def, draft.key.username);
    }),
  };
}

/** The admin's draft of a record, or one opened from the saved record. */
function draftOf(deps: Deps, admin: UnitSeat, id: string): Draft {
  const drafts = deps.store.bucket<Draft>(DRAFTS);
  const existing = drafts.get(draftKey(admin, id));
  if (existing !== undefined) return existing;
  const record = findIamRecord(deps.store.state, admin.institutionId, id);
  const { roles, ...key } = record;
  return { key, owned: [...roles], isNew: false };
}

/**
 * Open the draft of a new record ("LÉTREHOZÁS"). Refuses a key that is already saved; opening the
 * same new record again returns the same draft.
 */
export function openNewRecordDraft(deps: Deps, admin: UnitSeat, key: IamRecordKey): RoleScreen {
  assertNoIamRecord(deps.store.state, key);
  const drafts = deps.store.bucket<Draft>(DRAFTS);
  const k = draftKey(admin, iamRecordId(key));
  const draft = drafts.get(k) ?? { key, owned: [], isNew: true };
  drafts.set(k, draft);
  return screen(deps, draft);
}

/** The role screen of a record (saved or an open new draft). */
export function roleScreen(deps: Deps, admin: UnitSeat, id: string): RoleScreen {
  return screen(deps, draftOf(deps, admin, id));
}

/** Refuse a role that is not a role of the record's system, or one the user's prefix may not hold. */
function checkRoleFits(role: unknown, key: IamRecordKey): string {
  const def = typeof role === 'string' ? findRole(role) : undefined;
  if (def === undefined || def.scope !== 'iam' || def.system !== key.system) {
    const check = checkRoleForUser(role, key.username, 'iam');
    const why = check.ok ? `role \`${String(role)}\` is not a role of system ${key.system}` : check.message;
    const names = systemRoles(key.system).map((r) => `\`${r.name}\``).join(', ');
    throw new BadRequest(`${why}; the roles of system ${key.system} are ${names}`, { details: { role: String(role) } }, 'ROLE_UNKNOWN');
  }
  const check = checkRoleForUser(def.name, key.username, 'iam');
  if (!check.ok) {
    throw new BadRequest(check.message, { status: 422, details: { role: def.name, username: key.username } }, 'ROLE_PREFIX_MISMATCH');
  }
  return def.name;
}

/** Move a role into (`in`) or out of (`out`) the owned list of the draft. */
export function moveRole(deps: Deps, admin: UnitSeat, id: string, role: unknown, direction: unknown): RoleScreen {
  const draft = draftOf(deps, admin, id);
  if (direction !== 'in' && direction !== 'out') {
    throw new BadRequest('`direction` must be `in` (available → owned) or `out` (owned → available)', { details: { field: 'direction' } }, 'MOVE_INVALID');
  }
  if (direction === 'in') {
    const name = checkRoleFits(role, draft.key);
    if (!draft.owned.includes(name)) draft.owned.push(name);
  } else {
    if (typeof role !== 'string' || !draft.owned.includes(role)) {
      throw new BadRequest(
        `role \`${String(role)}\` is not in the owned list of \`${id}\`; owned: ${draft.owned.map((r) => `\`${r}\``).join(', ') || '(none)'}`,
        { details: { role: String(role) } },
        'ROLE_NOT_OWNED',
      );
    }
    draft.owned = draft.owned.filter((r) => r !== role);
  }
  deps.store.bucket<Draft>(DRAFTS).set(draftKey(admin, id), draft);
  return screen(deps, draft);
}

/** Drop the admin's draft of a record (leave the screen without saving). */
export function discardDraft(deps: Deps, admin: UnitSeat, id: string): void {
  deps.store.bucket<Draft>(DRAFTS).delete(draftKey(admin, id));
}

/** What a save did. */
export interface SaveResult {
  /** The stored record, or null when saving an empty owned list deleted it. */
  record: IamRecordView | null;
  granted: string[];
  removed: string[];
}

/**
 * "TÁROL ÉS VISSZA": store the draft's owned roles, write one audit entry per granted or removed
 * role (and for a created or deleted record), and close the draft.
 */
export function saveDraft(deps: Deps, admin: UnitSeat, id: string): SaveResult {
  const draft = draftOf(deps, admin, id);
  const state = deps.store.state;
  for (const role of draft.owned) checkRoleFits(role, draft.key);
  const stored = savedIamRecord(state, draft.key.institutionId, id);
  if (draft.isNew && stored !== undefined) {
    discardDraft(deps, admin, id);
    throw new Conflict(`another admin saved the record \`${id}\` meanwhile; open it again (GET /iam/api/records/${id}/roles)`, { details: { id } }, 'IAM_RECORD_EXISTS');
  }
  if (draft.isNew && draft.owned.length === 0) {
    throw new BadRequest(
      `the new record \`${id}\` owns no role; move at least one role into the owned list (POST /iam/api/records/${id}/roles/move) before saving`,
      { details: { id } },
      'ROLES_EMPTY',
    );
  }
  const before = stored?.roles ?? [];
  const granted = draft.owned.filter((r) => !before.includes(r));
  const removed = before.filter((r) => !draft.owned.includes(r));
  const base = { actor: auditActor(admin), scope: 'iam' as const, ...draft.key };
  if (draft.isNew) {
    ensureMembership(state, draft.key);
    appendAudit(deps, { ...base, action: 'record-created' });
  }
  for (const role of granted) appendAudit(deps, { ...base, action: 'grant', role });
  for (const role of removed) appendAudit(deps, { ...base, action: 'revoke', role });
  discardDraft(deps, admin, id);
  if (draft.owned.length === 0) {
    deleteIamRecord(state, draft.key.institutionId, id);
    appendAudit(deps, { ...base, action: 'record-deleted' });
    return { record: null, granted, removed };
  }
  const record: IamRecord = { ...draft.key, roles: [...draft.owned] };
  putIamRecord(state, record);
  return { record: viewOfRecord(record), granted, removed };
}
