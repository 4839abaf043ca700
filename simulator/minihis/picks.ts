/**
 * The miniHIS login form's drop-downs. "Intézmény" and "Szervezeti egység" list the matches of
 * what was typed, and a value must be picked from the list (the setup guide: "Ezen listából minden
 * esetben ki kell választani"). The simulator models this as in the portal's IAM form: each match
 * of a look-up carries an opaque **pick id**, valid for `config.pickMinutes` minutes (default 15, fixture setting `pickMinutes`) at
 * the simulator clock, and login takes pick ids, never typed values. The login form is used
 * before anyone is logged in, so picks are not bound to a person; a unit pick is bound to the
 * institution pick it was looked up under. Picks live in the bucket `minihis.picks`.
 *
 * - Institutions: health providers (`E` institutions) whose 6-character ÁNTSZ/NNK id (the EESZT
 *   id without its `E`) or a word of whose name starts with `q`.
 * - Units: units of the picked institution whose 9-digit code or a word of whose name starts
 *   with `q`.
 *
 * @example
 * ```ts
 * const [m] = lookupInstitutions(deps, 'Szent Margit'); // { pick: 'mhpick-…', institutionId: 'E01620K', … }
 * const inst = resolveInstitutionPick(deps, m.pick, 'institutionPick'); // { institutionId: 'E01620K', … }
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { Institution, Unit } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest } from '../core/errors.js';
import { checkMiniHisInstitution, must } from '../identifiers/identifiers.js';
import { searchInstitutions, searchUnits } from '../iam/lookups.js';

/** Most matches a look-up returns. */
export const MINIHIS_LOOKUP_LIMIT = 20;

/** Store bucket of picks: pick id -> {@link StoredPick}. */
export const MINIHIS_PICKS_BUCKET = 'minihis.picks';

/** The look-up paths, for messages. */
export const INSTITUTION_LOOKUP = '/minihis/api/lookup/institutions';
export const UNIT_LOOKUP = '/minihis/api/lookup/units';

type Deps = Pick<SimDeps, 'store' | 'clock' | 'config'>;

interface StoredPick {
  kind: 'institution' | 'unit';
  institutionId: string;
  unitCode?: string;
  expiresAtMs: number;
}

/** An institution match of the login form. */
export interface InstitutionMatch {
  pick: string;
  /** The 6-character ÁNTSZ/NNK id miniHIS shows (the EESZT id without its `E`). */
  institution: string;
  /** The EESZT institution id. */
  institutionId: string;
  name: string;
  city: string;
  expiresAt: string;
}

/** A unit match of the login form. */
export interface UnitMatch {
  pick: string;
  /** 9-digit ÁNTSZ/NNK permit code. */
  unitCode: string;
  name: string;
  institutionId: string;
  expiresAt: string;
}

/** The 6-character ÁNTSZ/NNK id of an EESZT institution id, as miniHIS shows it. */
export function miniHisInstitutionId(institutionId: string): string {
  return institutionId.slice(1);
}

function checkQ(q: string | undefined, example: string): string {
  const t = (q ?? '').trim();
  if (t === '') {
    throw new BadRequest(`query parameter \`q\` is missing; send the first characters of what you look for, e.g. \`?q=${example}\``, { details: { field: 'q' } }, 'LOOKUP_QUERY_MISSING');
  }
  if (t.length > 64) throw new BadRequest(`query \`q\` has ${t.length} characters; send at most 64`, { details: { field: 'q' } }, 'LOOKUP_QUERY_INVALID');
  return t;
}

function issue(deps: Deps, rec: Omit<StoredPick, 'expiresAtMs'>): { pick: string; expiresAt: string } {
  const expiresAtMs = deps.clock.nowMs() + deps.config.pickMinutes * 60_000;
  const pick = `mhpick-${randomBytes(12).toString('hex')}`;
  deps.store.bucket<StoredPick>(MINIHIS_PICKS_BUCKET).set(pick, { ...rec, expiresAtMs });
  return { pick, expiresAt: new Date(expiresAtMs).toISOString() };
}

/**
 * Institutions matching `q` (a prefix of the 6-character id, or of a word of the name). An id
 * typed with the EESZT prefix (`E01620K`) is refused with the hint to drop it, as miniHIS asks
 * for the ÁNTSZ/NNK id.
 */
export function lookupInstitutions(deps: Deps, q: string | undefined): InstitutionMatch[] {
  const query = checkQ(q, '123456` or `?q=Szent');
  if (/^[EP][0-9A-Z]{6}$/.test(query)) must(checkMiniHisInstitution(query), 'q');
  return searchInstitutions(deps.store.state, query)
    .filter((m) => m.institutionId.startsWith('E'))
    .slice(0, MINIHIS_LOOKUP_LIMIT)
    .map((m) => ({
      ...issue(deps, { kind: 'institution', institutionId: m.institutionId }),
      institution: miniHisInstitutionId(m.institutionId),
      institutionId: m.institutionId,
      name: m.name,
      city: m.city,
    }));
}

/** Units of the picked institution matching `q` (a prefix of the 9-digit code or of a word of the name). */
export function lookupUnits(deps: Deps, institutionPick: string | undefined, q: string | undefined): UnitMatch[] {
  const institution = resolveInstitutionPick(deps, institutionPick, 'institution');
  const query = checkQ(q, '0162` or `?q=Belgy');
  return searchUnits(deps.store.state, institution.id, query)
    .slice(0, MINIHIS_LOOKUP_LIMIT)
    .map((m) => ({
      ...issue(deps, { kind: 'unit', institutionId: m.institutionId, unitCode: m.code }),
      unitCode: m.code,
      name: m.name,
      institutionId: m.institutionId,
    }));
}

function resolve(deps: Deps, kind: StoredPick['kind'], pickId: unknown, field: string, how: string): StoredPick {
  if (typeof pickId !== 'string' || pickId === '') {
    throw new BadRequest(`\`${field}\` is missing; miniHIS demands a value picked from the drop-down, typed values are not accepted: ${how}`, { details: { field } }, 'PICK_REQUIRED');
  }
  const stored = deps.store.bucket<StoredPick>(MINIHIS_PICKS_BUCKET).get(pickId);
  if (stored === undefined) {
    throw new BadRequest(`\`${field}\` \`${pickId}\` is not a pick a miniHIS look-up returned (picks are cleared by a reset); ${how}`, { details: { field } }, 'PICK_INVALID');
  }
  if (stored.kind !== kind) {
    throw new BadRequest(`\`${field}\` \`${pickId}\` is a pick from the ${stored.kind} drop-down, not the ${kind} drop-down; ${how}`, { details: { field } }, 'PICK_INVALID');
  }
  if (deps.clock.nowMs() >= stored.expiresAtMs) {
    throw new BadRequest(
      `\`${field}\` \`${pickId}\` expired at ${new Date(stored.expiresAtMs).toISOString()} (picks are valid for ${deps.config.pickMinutes} minutes at the simulator clock); ${how}`,
      { details: { field } },
      'PICK_EXPIRED',
    );
  }
  return stored;
}

/** The institution behind an institution pick (`PICK_REQUIRED`, `PICK_INVALID`, `PICK_EXPIRED`). */
export function resolveInstitutionPick(deps: Deps, pickId: unknown, field: string): Institution {
  const how = `look the institution up with GET ${INSTITUTION_LOOKUP}?q=<6-character id or name> and send the chosen match's \`pick\` as \`${field}\``;
  const stored = resolve(deps, 'institution', pickId, field, how);
  const inst = deps.store.state.institutions.find((i) => i.id === stored.institutionId);
  if (inst === undefined) {
    throw new BadRequest(`\`${field}\`: institution \`${stored.institutionId}\` no longer exists (fixtures were replaced); ${how}`, { details: { field } }, 'PICK_INVALID');
  }
  return inst;
}

/**
 * The unit behind a unit pick, which must have been looked up under `institution`
 * (`UNIT_PICK_MISMATCH` otherwise).
 */
export function resolveUnitPick(deps: Deps, pickId: unknown, field: string, institution: Institution, institutionField: string): Unit {
  const how = `look the unit up with GET ${UNIT_LOOKUP}?institution=<the institution's pick>&q=<9-digit code or name> and send the chosen match's \`pick\` as \`${field}\``;
  const stored = resolve(deps, 'unit', pickId, field, how);
  if (stored.institutionId !== institution.id) {
    throw new BadRequest(
      `\`${field}\` is unit \`${stored.unitCode ?? ''}\` of institution \`${stored.institutionId}\`, but \`${institutionField}\` is \`${institution.id}\` (${institution.name}); ${how}`,
      { details: { field } },
      'UNIT_PICK_MISMATCH',
    );
  }
  const unit = deps.store.state.units.find((u) => u.code === stored.unitCode && u.institutionId === institution.id);
  if (unit === undefined) {
    throw new BadRequest(`\`${field}\`: unit \`${stored.unitCode ?? ''}\` no longer exists (fixtures were replaced); ${how}`, { details: { field } }, 'PICK_INVALID');
  }
  return unit;
}
