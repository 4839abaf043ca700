/**
 * Who may log in to miniHIS in a unit: a user holding, in an IAM+SSO record of partner
 * `1 – ÁEEK EESZT`, system `1 – miniHIS`, for exactly that institution and unit, the miniHIS role
 * of their username prefix (`miniHIS Orvos` for `O`, `miniHIS Szakdolgozó` for `S`,
 * `miniHIS Adatrögzítő` for `X`). Records are read from the working fixtures
 * (`store.state.iam`), where the IAM+SSO admin API saves its grants. A refusal says exactly what
 * is missing and who can grant it.
 *
 * @example
 * ```ts
 * requireMiniHisRole(store.state, 'O50123', institution, unit); // 'miniHIS Orvos'
 * ```
 */
import type { FixtureSet, Institution, Unit } from '../../fixtures/schema.js';
import { Forbidden } from '../core/errors.js';
import { checkRoleForUser, IAM_PARTNERS, IAM_SYSTEMS, MINIHIS_ROLES, rolesForPrefix } from '../identifiers/roles.js';

/** The IAM+SSO partner and system of miniHIS. */
const PARTNER = IAM_PARTNERS[0] ?? { id: 1, name: 'ÁEEK EESZT' };
const SYSTEM = IAM_SYSTEMS.find((s) => s.name === 'miniHIS') ?? { id: 1, name: 'miniHIS', partner: 1 };

const WHERE = `the institution's permission admin grants it at the Ágazati portál (E-EGÉSZSÉGÜGY → IAM + SSO Adminisztráció → Új felhasználó jogosultság létrehozás, Partner ${PARTNER.id} – ${PARTNER.name}, Rendszer ${SYSTEM.id} – ${SYSTEM.name})`;

const list = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(', ');

/**
 * The miniHIS role `username` holds in the unit, or {@link Forbidden} `MINIHIS_ROLE_MISSING` (403).
 * The username must be valid (checked before).
 */
export function requireMiniHisRole(state: FixtureSet, username: string, institution: Institution, unit: Unit): string {
  const prefix = username[0] ?? '';
  const expected = rolesForPrefix(prefix, 'iam', SYSTEM.id).map((r) => r.name);
  const place = `unit \`${unit.code}\` (${unit.name}) of \`${institution.id}\` (${institution.name})`;
  // rule: MINIHIS-ROLE (docs/rules.md)
  const refuse = (message: string): Forbidden =>
    new Forbidden(message, { details: { username, institutionId: institution.id, unitCode: unit.code, expectedRoles: expected } }, 'MINIHIS_ROLE_MISSING');
  if (expected.length === 0) {
    const fit = checkRoleForUser(MINIHIS_ROLES[0]?.name, username, 'iam');
    const why = fit.ok ? '' : `${fit.message.slice(fit.message.indexOf(';') + 2)}; `;
    throw refuse(`\`${username}\` cannot use miniHIS: ${why}miniHIS roles exist for doctors (\`O\`), nurses (\`S\`) and non-health staff (\`X\`) only`);
  }
  const records = state.iam.filter((r) => r.partner === PARTNER.id && r.system === SYSTEM.id && r.username === username && r.institutionId === institution.id);
  const here = records.filter((r) => r.unitCode === unit.code).flatMap((r) => r.roles);
  const held = here.find((role) => expected.includes(role));
  if (held !== undefined) return held;
  const misfit = here.find((role) => MINIHIS_ROLES.some((r) => r.name === role));
  if (misfit !== undefined) {
    const fit = checkRoleForUser(misfit, username, 'iam');
    const why = fit.ok ? `\`${misfit}\` is not the role for \`${username}\`` : fit.message;
    throw refuse(`\`${username}\` holds \`${misfit}\` in ${place}, which does not let them in: ${why}; ${WHERE}`);
  }
  const elsewhere = [...new Set(records.filter((r) => r.unitCode !== unit.code && r.roles.some((role) => expected.includes(role))).map((r) => r.unitCode))].sort();
  if (elsewhere.length > 0) {
    throw refuse(
      `\`${username}\` holds ${list(expected)} in ${elsewhere.length === 1 ? 'unit' : 'units'} ${list(elsewhere)} of \`${institution.id}\` but not in ${place}: log in to ${elsewhere.length === 1 ? 'that unit' : 'one of those units'}, or have ${list(expected)} granted in \`${unit.code}\`: ${WHERE}`,
    );
  }
  throw refuse(`\`${username}\` has no miniHIS role in ${place}; miniHIS needs ${list(expected)} there: ${WHERE}`);
}
