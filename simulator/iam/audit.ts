/**
 * The permission audit trail: who granted or removed which role, for whom, where and when (at
 * the simulator clock). Both the IAM+SSO records and the V-MÁTRIX write here. Entries live in
 * the store bucket `iam.audit`, so a reset empties the trail along with the grants it explains.
 *
 * @example
 * ```ts
 * appendAudit(deps, { actor, action: 'grant', scope: 'iam', role: 'miniHIS Orvos', username: 'O50123',
 *   institutionId: 'E01620K', unitCode: '016200101', partner: 1, system: 1 });
 * listAudit(deps.store, { institutionId: 'E01620K' });
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import type { Store } from '../state/store.js';

/** The store bucket of the audit trail. */
export const AUDIT_BUCKET = 'iam.audit';
const AUDIT_COUNTER_BUCKET = 'iam.audit-counter';

/** What happened. */
export type AuditAction = 'grant' | 'revoke' | 'record-created' | 'record-deleted';

/** One audit entry. */
export interface AuditEntry {
  /** Sequence number, 1-based, in order of writing. */
  seq: number;
  /** Simulator clock time, ISO 8601. */
  at: string;
  /** The admin who acted: username and the institution and unit of their login. */
  actor: { username: string; institutionId: string; unitCode: string };
  action: AuditAction;
  /** `iam` (IAM+SSO record roles) or `vmatrix` (V-MÁTRIX institution roles). */
  scope: 'iam' | 'vmatrix';
  /** The role granted or removed (absent for record-created / record-deleted). */
  role?: string;
  /** For whom. */
  username: string;
  /** Where. */
  institutionId: string;
  unitCode: string;
  /** IAM+SSO partner and system (scope `iam` only). */
  partner?: number;
  system?: number;
}

/** Filters of {@link listAudit}; every given field must match. */
export interface AuditFilter {
  institutionId?: string;
  username?: string;
  unitCode?: string;
  scope?: 'iam' | 'vmatrix';
  actor?: string;
}

/** The actor of an entry: just username, institution and unit of the admin's login. */
export function auditActor(admin: { username: string; institutionId: string; unitCode: string }): AuditEntry['actor'] {
  return { username: admin.username, institutionId: admin.institutionId, unitCode: admin.unitCode };
}

/** Append an entry (seq and time are filled in). */
export function appendAudit(deps: Pick<SimDeps, 'store' | 'clock'>, entry: Omit<AuditEntry, 'seq' | 'at'>): AuditEntry {
  const bucket = deps.store.bucket<AuditEntry>(AUDIT_BUCKET);
  const counters = deps.store.bucket<number>(AUDIT_COUNTER_BUCKET);
  const seq = (counters.get('seq') ?? 0) + 1;
  counters.set('seq', seq);
  const full: AuditEntry = { seq, at: deps.clock.now().toISOString(), ...entry };
  bucket.set(String(full.seq).padStart(10, '0'), full);
  return full;
}

/** Audit entries matching the filter, oldest first. */
export function listAudit(store: Store, filter: AuditFilter = {}): AuditEntry[] {
  return [...store.bucket<AuditEntry>(AUDIT_BUCKET).values()]
    .filter(
      (e) =>
        (filter.institutionId === undefined || e.institutionId === filter.institutionId) &&
        (filter.username === undefined || e.username === filter.username) &&
        (filter.unitCode === undefined || e.unitCode === filter.unitCode) &&
        (filter.scope === undefined || e.scope === filter.scope) &&
        (filter.actor === undefined || e.actor.username === filter.actor),
    )
    .sort((a, b) => a.seq - b.seq);
}
