/**
 * The role catalogue, as data (see docs/identifiers.md, "Roles").
 *
 * Two kinds of role exist:
 * - **V-MÁTRIX roles**: EESZT institution roles, granted per organisational unit by the
 *   institution's permission admin. Without one, login succeeds but every operation is refused.
 * - **IAM+SSO roles**: per partner and system; the only system simulated is `1 – miniHIS` of
 *   partner `1 – ÁEEK EESZT`.
 *
 * Which username prefixes may hold a role is part of the role (a nurse cannot hold `ORVOS`).
 * {@link checkRoleForUser} is the one place that rule is checked.
 *
 * @example
 * ```ts
 * checkRoleForUser('miniHIS Orvos', 'S12345', 'iam');
 * // { ok: false, message: 'role `miniHIS Orvos` is for doctors (`O` usernames); `S12345` is a nurse: assign `miniHIS Szakdolgozó`' }
 * ```
 */
import { checkUsername, type CheckResult, type UserKind } from './identifiers.js';

/** Where a role is granted: the V-MÁTRIX (per unit) or IAM+SSO (per partner, system and unit). */
export type RoleScope = 'vmatrix' | 'iam';

/** One role of the catalogue. */
export interface RoleDefinition {
  /** The role name exactly as granted, e.g. `ORVOS` or `miniHIS Orvos`. */
  readonly name: string;
  readonly scope: RoleScope;
  /** For IAM roles: the system id the role belongs to (1 = miniHIS). */
  readonly system?: number;
  /** Username prefixes whose holders may get the role. */
  readonly prefixes: readonly string[];
  /** Who the role is for, in words (used in messages): e.g. `doctors`. */
  readonly holders: string;
  /** What the role allows, one sentence. */
  readonly description: string;
}

/** An IAM+SSO partner. */
export interface IamPartner {
  readonly id: number;
  readonly name: string;
}

/** An IAM+SSO system of a partner. */
export interface IamSystem {
  readonly id: number;
  readonly name: string;
  /** The partner the system belongs to. */
  readonly partner: number;
}

const ALL_PREFIXES = ['O', 'S', 'G', 'C', 'X'] as const;

/** V-MÁTRIX institution role names. */
export const VMATRIX_ROLE = Object.freeze({
  ORVOS: 'ORVOS',
  SZAKDOLGOZO: 'SZAKDOLGOZO',
  GYOGYSZERESZ: 'GYOGYSZERESZ',
  KLINIKAI_SZAKPSZICHOLOGUS: 'KLINIKAI_SZAKPSZICHOLOGUS',
  ADATROGZITO: 'ADATROGZITO',
  INTEZMENYI_RENDSZER: 'INTEZMENYI_RENDSZER',
  JOGOSULTSAG_ADMIN: 'JOGOSULTSAG_ADMIN',
} as const);

/** miniHIS (IAM system 1) role names. */
export const MINIHIS_ROLE = Object.freeze({
  ORVOS: 'miniHIS Orvos',
  SZAKDOLGOZO: 'miniHIS Szakdolgozó',
  ADATROGZITO: 'miniHIS Adatrögzítő',
} as const);

/** V-MÁTRIX institution roles, granted per organisational unit. */
export const VMATRIX_ROLES: readonly RoleDefinition[] = Object.freeze([
  {
    name: VMATRIX_ROLE.ORVOS,
    scope: 'vmatrix',
    prefixes: ['O'],
    holders: 'doctors',
    description: 'Doctor: reports for the institution from the unit (Eseménykatalógus care events, EHR documents), writes eProfil, eRecept and eBeutaló entries and reads the records of patients they treat; needed in every unit the doctor reports from, and enough for reporting (seed 002).',
  },
  {
    name: VMATRIX_ROLE.SZAKDOLGOZO,
    scope: 'vmatrix',
    prefixes: ['S'],
    holders: 'nurses and other health professionals',
    description: 'Nurse or other health professional (szakdolgozó).',
  },
  {
    name: VMATRIX_ROLE.GYOGYSZERESZ,
    scope: 'vmatrix',
    prefixes: ['G'],
    holders: 'pharmacists',
    description: 'Pharmacist: reads and dispenses eRecept prescriptions on behalf of the pharmacy.',
  },
  {
    name: VMATRIX_ROLE.KLINIKAI_SZAKPSZICHOLOGUS,
    scope: 'vmatrix',
    prefixes: ['C'],
    holders: 'clinical psychologists',
    description: 'Clinical psychologist (klinikai szakpszichológus).',
  },
  {
    name: VMATRIX_ROLE.ADATROGZITO,
    scope: 'vmatrix',
    prefixes: ['X'],
    holders: 'data-entry staff',
    description: 'Data entry (adatrögzítő): non-health staff who record data on behalf of the institution.',
  },
  {
    name: VMATRIX_ROLE.INTEZMENYI_RENDSZER,
    scope: 'vmatrix',
    prefixes: ['X'],
    holders: "institution system users",
    description: "The institution's own system user (intézményi felhasználó), which authenticates only with the institutional certificate; acts as the institution (Eseménykatalógus, EHR, eBeutaló reads). Not for natural persons: a doctor reports with ORVOS.",
  },
  {
    name: VMATRIX_ROLE.JOGOSULTSAG_ADMIN,
    scope: 'vmatrix',
    prefixes: ALL_PREFIXES,
    holders: 'permission admins',
    description: "The institution's permission admin (intézményi jogosultság adminisztrátor): grants V-MÁTRIX roles and IAM+SSO records for the institution's staff.",
  },
] satisfies RoleDefinition[]);

/** IAM+SSO roles of the miniHIS system (partner 1, system 1). */
export const MINIHIS_ROLES: readonly RoleDefinition[] = Object.freeze([
  { name: MINIHIS_ROLE.ORVOS, scope: 'iam', system: 1, prefixes: ['O'], holders: 'doctors', description: 'Doctor access to miniHIS.' },
  {
    name: MINIHIS_ROLE.SZAKDOLGOZO,
    scope: 'iam',
    system: 1,
    prefixes: ['S'],
    holders: 'nurses and other health professionals',
    description: 'Nurse (szakdolgozó) access to miniHIS.',
  },
  { name: MINIHIS_ROLE.ADATROGZITO, scope: 'iam', system: 1, prefixes: ['X'], holders: 'data-entry staff', description: 'Data-entry access to miniHIS.' },
] satisfies RoleDefinition[]);

/** Every role of the catalogue. */
export const ROLES: readonly RoleDefinition[] = Object.freeze([...VMATRIX_ROLES, ...MINIHIS_ROLES]);

/** IAM+SSO partners (portal drop-down "Partner"). */
export const IAM_PARTNERS: readonly IamPartner[] = Object.freeze([{ id: 1, name: 'ÁEEK EESZT' }]);

/** IAM+SSO systems (portal drop-down "Rendszer"). */
export const IAM_SYSTEMS: readonly IamSystem[] = Object.freeze([{ id: 1, name: 'miniHIS', partner: 1 }]);

/** The role with this exact name, if any. */
export function findRole(name: string): RoleDefinition | undefined {
  return ROLES.find((r) => r.name === name);
}

/** The roles of a scope (and, for IAM, of a system) a user with this prefix may hold. */
export function rolesForPrefix(prefix: string, scope: RoleScope, system?: number): RoleDefinition[] {
  return ROLES.filter((r) => r.scope === scope && (system === undefined || r.system === undefined || r.system === system) && r.prefixes.includes(prefix));
}

const KIND_WORDS: Readonly<Record<UserKind, string>> = {
  doctor: 'a doctor',
  nurse: 'a nurse',
  pharmacist: 'a pharmacist',
  psychologist: 'a clinical psychologist',
  staff: 'non-health staff',
};

const KIND_PLURALS: Readonly<Record<UserKind, string>> = {
  doctor: 'doctors',
  nurse: 'nurses',
  pharmacist: 'pharmacists',
  psychologist: 'clinical psychologists',
  staff: 'non-health staff',
};

const SCOPE_WORDS: Readonly<Record<RoleScope, string>> = {
  vmatrix: 'a V-MÁTRIX institution role',
  iam: 'an IAM+SSO (miniHIS) role',
};

const prefixList = (prefixes: readonly string[]): string => prefixes.map((p) => `\`${p}\``).join(', ');
const names = (roles: readonly RoleDefinition[]): string => roles.map((r) => `\`${r.name}\``).join(', ');

/** Roles of a scope, as a list for messages. */
function catalogue(scope?: RoleScope): string {
  if (scope === 'vmatrix') return `V-MÁTRIX roles: ${names(VMATRIX_ROLES)}`;
  if (scope === 'iam') return `miniHIS roles: ${names(MINIHIS_ROLES)}`;
  return `V-MÁTRIX roles: ${names(VMATRIX_ROLES)}; miniHIS roles: ${names(MINIHIS_ROLES)}`;
}

/** Fold case, accents, blanks and punctuation, to recognise near-miss role names. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Check that a role exists (in the given scope, if one is given) and fits the user's username
 * prefix. The message says what to assign instead.
 *
 * @example
 * ```ts
 * checkRoleForUser('ORVOS', 'O50123');            // ok
 * checkRoleForUser('miniHIS Orvos', 'S12345');    // refused: assign `miniHIS Szakdolgozó`
 * checkRoleForUser('orvos', 'O50123');            // refused: role names are exact, use `ORVOS`
 * ```
 */
export function checkRoleForUser(role: unknown, username: string, scope?: RoleScope): CheckResult<RoleDefinition> {
  if (typeof role !== 'string' || role.length === 0) {
    return { ok: false, message: `role is missing; pick one from the catalogue (${catalogue(scope)})` };
  }
  const def = findRole(role);
  if (def === undefined) {
    const near = ROLES.find((r) => fold(r.name) === fold(role) && (scope === undefined || r.scope === scope));
    if (near !== undefined) return { ok: false, message: `role \`${role}\` is not spelled as in the catalogue; role names are exact: use \`${near.name}\`` };
    return { ok: false, message: `role \`${role}\` is not in the role catalogue; ${catalogue(scope)}` };
  }
  if (scope !== undefined && def.scope !== scope) {
    const fits = rolesForPrefix(username[0] ?? '', scope);
    const hint = fits.length > 0 ? `; for \`${username}\` use ${fits.map((r) => `\`${r.name}\``).join(' or ')}` : '';
    return { ok: false, message: `role \`${role}\` is ${SCOPE_WORDS[def.scope]}, not ${SCOPE_WORDS[scope]}${hint}` };
  }
  const user = checkUsername(username);
  if (!user.ok) return user;
  const { kind } = user.value;
  const prefix = username[0] ?? '';
  if (def.prefixes.includes(prefix)) return { ok: true, value: def };
  const who = `\`${username}\` is ${KIND_WORDS[kind]}`;
  const alternatives = rolesForPrefix(prefix, def.scope, def.system).filter((r) => r.prefixes.length === 1);
  const suggestion =
    alternatives.length > 0
      ? `: assign ${alternatives.map((r) => `\`${r.name}\``).join(' or ')}`
      : def.scope === 'iam'
        ? `, and miniHIS has no role for ${KIND_PLURALS[kind]}`
        : `, and no V-MÁTRIX role is meant for ${KIND_PLURALS[kind]}`;
  const why =
    def.name === VMATRIX_ROLE.INTEZMENYI_RENDSZER && kind !== 'staff'
      ? ` (it is the role of the institution's system user, which logs in only with the institutional certificate; ORVOS alone lets a doctor report for the institution from the unit: RegisterCareEvent, SubmitHealthDocument)`
      : '';
  return { ok: false, message: `role \`${role}\` is for ${def.holders} (${prefixList(def.prefixes)} usernames); ${who}${suggestion}${why}` };
}
