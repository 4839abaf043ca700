/**
 * The EESZT permission matrix (who may write / read / list, per service), as data, and the actor
 * definitions that say what each "who" means for a token. All five business services are driven
 * by this one table (see docs/services.md).
 *
 * | | Eseménykatalógus | EHR | eProfil | eRecept | eBeutaló |
 * |---|---|---|---|---|---|
 * | write | institution | institution | doctor | doctor | doctor |
 * | read | treating doctor | treating doctor | treating doctor | treating doctor + pharmacy | institution |
 * | list | treating doctor | treating doctor | n/a | treating doctor | institution |
 *
 * @example
 * ```ts
 * PERMISSION_MATRIX.erecept.read; // ['treating-doctor', 'pharmacy']
 * PERMISSION_MATRIX.eprofil.list; // null (n/a)
 * ```
 */
import { VMATRIX_ROLE } from '../identifiers/roles.js';
import type { InstitutionKind } from '../identifiers/identifiers.js';

/** The five business services, in the order of the domain table. */
export const SERVICE_IDS = ['esemenykatalogus', 'ehr', 'eprofil', 'erecept', 'ebeutalo'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** write = create or modify; read = full content; list = metadata only. */
export const ACCESS_KINDS = ['write', 'read', 'list'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** The "who" of the matrix. */
export type ActorKind = 'institution' | 'doctor' | 'treating-doctor' | 'pharmacy';

/** What an actor kind means for a token. */
export interface ActorDefinition {
  readonly kind: ActorKind;
  /** V-MÁTRIX roles, any one of which qualifies, in the token's unit of the token's institution. */
  readonly roles: readonly string[];
  /** Institution kinds (by id prefix: `E` provider, `P` pharmacy) where the actor exists. */
  readonly institutionKinds: readonly InstitutionKind[];
  /** Whether the actor must also be the patient's treating doctor (care event at their institution). */
  readonly treating: boolean;
  /** Who this is, in words. */
  readonly description: string;
}

/** Every actor kind of the matrix. */
export const ACTORS: Readonly<Record<ActorKind, ActorDefinition>> = Object.freeze({
  institution: {
    kind: 'institution',
    roles: [VMATRIX_ROLE.INTEZMENYI_RENDSZER, VMATRIX_ROLE.ORVOS],
    institutionKinds: ['provider'],
    treating: false,
    description:
      'the health provider as an institution, acting through its HIS: its institutional user (INTEZMENYI_RENDSZER, institutional-certificate token), or a doctor holding ORVOS in the unit of the token, reporting for the institution from that unit',
  },
  doctor: {
    kind: 'doctor',
    roles: [VMATRIX_ROLE.ORVOS],
    institutionKinds: ['provider'],
    treating: false,
    description: 'a doctor holding ORVOS in the unit of the token',
  },
  'treating-doctor': {
    kind: 'treating-doctor',
    roles: [VMATRIX_ROLE.ORVOS],
    institutionKinds: ['provider'],
    treating: true,
    description: "a doctor holding ORVOS in the unit of the token whose institution has a care event (Eseménykatalógus entry) for the patient",
  },
  pharmacy: {
    kind: 'pharmacy',
    roles: [VMATRIX_ROLE.GYOGYSZERESZ, VMATRIX_ROLE.INTEZMENYI_RENDSZER],
    institutionKinds: ['pharmacy'],
    treating: false,
    description: 'a pharmacy (`P` institution) acting as an institution: its pharmacist (GYOGYSZERESZ) or its system user (INTEZMENYI_RENDSZER)',
  },
} satisfies Record<ActorKind, ActorDefinition>);

/** One column of the matrix: the actors allowed per access kind; `null` = n/a (no such query). */
export type MatrixColumn = Readonly<Record<AccessKind, readonly ActorKind[] | null>>;

/** The permission matrix of seed 003 (the „EESZT felhasználói” table), as data; rule: PERM-MATRIX (docs/rules.md). */
export const PERMISSION_MATRIX: Readonly<Record<ServiceId, MatrixColumn>> = Object.freeze({
  esemenykatalogus: { write: ['institution'], read: ['treating-doctor'], list: ['treating-doctor'] },
  ehr: { write: ['institution'], read: ['treating-doctor'], list: ['treating-doctor'] },
  eprofil: { write: ['doctor'], read: ['treating-doctor'], list: null },
  erecept: { write: ['doctor'], read: ['treating-doctor', 'pharmacy'], list: ['treating-doctor'] },
  ebeutalo: { write: ['doctor'], read: ['institution'], list: ['institution'] },
} satisfies Record<ServiceId, MatrixColumn>);

/** Human names of the services, as EESZT writes them. */
export const SERVICE_TITLES: Readonly<Record<ServiceId, string>> = Object.freeze({
  esemenykatalogus: 'Eseménykatalógus',
  ehr: 'EHR',
  eprofil: 'eProfil',
  erecept: 'eRecept',
  ebeutalo: 'eBeutaló',
});
