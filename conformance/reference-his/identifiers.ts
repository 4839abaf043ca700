/**
 * How a HIS forms the identifiers EESZT expects from what its own configuration holds
 * (seed document 001, "EESZT Felhasználónév és Intézményazonosító képzése"):
 *
 * - **username**: prefix + registry number, sent exactly as registered: the prefix is upper
 *   case and the name is case-sensitive (`O50123`, never `o50123`);
 * - **institution id**: `E` + the 6-character OTH/NNK id for health providers (`01620K` →
 *   `E01620K`), `P` + the OGYEI id for pharmacies, a 5-character OGYEI id left-padded with one
 *   `0` (`12345` → `P012345`);
 * - **organisational unit**: the 9-digit permit code as text; leading zeros matter.
 *
 * @example
 * ```ts
 * eesztInstitutionId('01620K', 'provider'); // 'E01620K'
 * eesztInstitutionId('12345', 'pharmacy');  // 'P012345'
 * ```
 */

/** The EESZT institution id of a provider (OTH/NNK id) or pharmacy (OGYEI id). */
export function eesztInstitutionId(registryId: string, type: 'provider' | 'pharmacy'): string {
  const id = registryId.trim().toUpperCase();
  if (type === 'pharmacy') return `P${id.padStart(6, '0')}`;
  return `E${id}`;
}

/** The username as EESZT knows it: unchanged (it is case-sensitive). */
export function eesztUsername(user: string): string {
  return user.trim();
}

/** The organisational unit code: the 9 digits as text. */
export function eesztUnitCode(unit: string): string {
  return unit.trim();
}
