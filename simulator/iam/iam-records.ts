/**
 * IAM+SSO permission records ("Új felhasználó jogosultság létrehozás"): partner, system, user,
 * institution and unit, with the roles the user owns there (at least one, as in the fixtures). Saved records live in the store's working
 * copy (`store.state.iam`), so a reset restores the fixtures. A record's id is derived from its
 * key: `<partner>-<system>-<username>-<institutionId>-<unitCode>`.
 *
 * @example
 * ```ts
 * putIamRecord(store.state, { partner: 1, system: 1, username: 'O83456', institutionId: 'E01620K', unitCode: '016200101', roles: ['miniHIS Orvos'] });
 * iamRecordId({ partner: 1, system: 1, username: 'O83456', institutionId: 'E01620K', unitCode: '016200101' }); // '1-1-O83456-E01620K-016200101'
 * ```
 */
import type { FixtureSet, IamRecord } from '../../fixtures/schema.js';
import { BadRequest, Conflict, NotFound } from '../core/errors.js';
import { IAM_PARTNERS, IAM_SYSTEMS, type IamPartner, type IamSystem } from '../identifiers/roles.js';

/** The key fields of a record. */
export type IamRecordKey = Omit<IamRecord, 'roles'>;

/** A record as the API shows it. */
export interface IamRecordView extends IamRecord {
  id: string;
  partnerName: string;
  systemName: string;
}

/** The id of a record. */
export function iamRecordId(r: IamRecordKey): string {
  return `${r.partner}-${r.system}-${r.username}-${r.institutionId}-${r.unitCode}`;
}

/** A record with its id and reference-data names. */
export function viewOfRecord(r: IamRecord): IamRecordView {
  return {
    id: iamRecordId(r),
    partner: r.partner,
    partnerName: IAM_PARTNERS.find((p) => p.id === r.partner)?.name ?? String(r.partner),
    system: r.system,
    systemName: IAM_SYSTEMS.find((s) => s.id === r.system)?.name ?? String(r.system),
    username: r.username,
    institutionId: r.institutionId,
    unitCode: r.unitCode,
    roles: [...r.roles],
  };
}

/** The partner with this id, or a `PARTNER_UNKNOWN` error naming the valid ones. */
export function requirePartner(id: unknown): IamPartner {
  const p = IAM_PARTNERS.find((x) => x.id === id);
  if (p === undefined) {
    // rule: PORTAL-IAM-RECORD (docs/rules.md)
    throw new BadRequest(
      `${id === undefined ? 'partner is missing' : `partner \`${String(id)}\` does not exist`}; pick one of GET /iam/api/partners: ${IAM_PARTNERS.map((x) => `${x.id} – ${x.name}`).join(', ')}`,
      { details: { field: 'partner' } },
      'PARTNER_UNKNOWN',
    );
  }
  return p;
}

/** The system with this id of the partner, or a `SYSTEM_UNKNOWN` error naming the valid ones. */
export function requireSystem(partner: IamPartner, id: unknown): IamSystem {
  const systems = IAM_SYSTEMS.filter((s) => s.partner === partner.id);
  const s = systems.find((x) => x.id === id);
  if (s === undefined) {
    throw new BadRequest(
      `${id === undefined ? 'system is missing' : `system \`${String(id)}\` is not a system of partner \`${partner.id} – ${partner.name}\``}; pick one of GET /iam/api/systems?partner=${partner.id}: ${systems.map((x) => `${x.id} – ${x.name}`).join(', ')}`,
      { details: { field: 'system' } },
      'SYSTEM_UNKNOWN',
    );
  }
  return s;
}

/** Records of an institution, optionally filtered by user and unit, sorted by id. */
export function listIamRecords(state: FixtureSet, institutionId: string, filter: { username?: string; unitCode?: string } = {}): IamRecord[] {
  return state.iam
    .filter(
      (r) =>
        r.institutionId === institutionId &&
        (filter.username === undefined || r.username === filter.username) &&
        (filter.unitCode === undefined || r.unitCode === filter.unitCode),
    )
    .sort((a, b) => iamRecordId(a).localeCompare(iamRecordId(b)));
}

/**
 * The record with this id in the admin's institution, or `IAM_RECORD_NOT_FOUND`. Records of other
 * institutions are not visible to this admin and are reported the same way.
 */
export function findIamRecord(state: FixtureSet, institutionId: string, id: string): IamRecord {
  const r = state.iam.find((x) => x.institutionId === institutionId && iamRecordId(x) === id);
  if (r === undefined) {
    throw new NotFound(
      `no IAM+SSO record \`${id}\` in institution \`${institutionId}\`; list the institution's records with GET /iam/api/records`,
      { details: { id } },
      'IAM_RECORD_NOT_FOUND',
    );
  }
  return r;
}

/** `IAM_RECORD_EXISTS` (409) when a saved record has this key. */
export function assertNoIamRecord(state: FixtureSet, key: IamRecordKey): void {
  const id = iamRecordId(key);
  if (state.iam.some((r) => iamRecordId(r) === id)) {
    throw new Conflict(
      `user \`${key.username}\` already has an IAM+SSO record for system ${key.system} in unit \`${key.unitCode}\` of \`${key.institutionId}\`; change its roles instead (GET /iam/api/records/${id}/roles)`,
      { details: { id } },
      'IAM_RECORD_EXISTS',
    );
  }
}

/** Store a record with its roles (replacing a saved record with the same key). */
export function putIamRecord(state: FixtureSet, record: IamRecord): void {
  const id = iamRecordId(record);
  const index = state.iam.findIndex((r) => iamRecordId(r) === id);
  const copy: IamRecord = { ...record, roles: [...record.roles] };
  if (index === -1) state.iam.push(copy);
  else state.iam[index] = copy;
}

/** Remove a record (it must exist in the institution). */
export function deleteIamRecord(state: FixtureSet, institutionId: string, id: string): IamRecord {
  const record = findIamRecord(state, institutionId, id);
  state.iam.splice(state.iam.indexOf(record), 1);
  return record;
}

/** The saved record with this id in the institution, or undefined. */
export function savedIamRecord(state: FixtureSet, institutionId: string, id: string): IamRecord | undefined {
  return state.iam.find((x) => x.institutionId === institutionId && iamRecordId(x) === id);
}
