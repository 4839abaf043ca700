/**
 * The people and institutions scenarios log in as, taken from the simulator's fixture set by
 * persona name (docs/fixtures.md), and turned into adapter login parameters in the form a HIS
 * holds them: the institution's registry id (not the EESZT id), the 9-digit unit.
 *
 * @example
 * ```ts
 * const personas = personasOf(fixtures);
 * const doctor = personas.get('doctor-activated');
 * passwordLogin(doctor); // { method: 'password', user: 'O50123', institution: '01620K', ... }
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import type { LoginParams, Pkcs12Material } from '../adapter/protocol.js';
import { SuiteError } from './suite-error.js';

/** A persona, resolved. */
export interface Persona {
  name: string;
  username: string;
  password: string;
  /** EESZT institution id (`E01620K`, `P012345`). */
  institutionId: string;
  /** The registry id a HIS is configured with (`01620K`; OGYEI ids without the padding `0`: `12345`). */
  registryId: string;
  institutionType: 'provider' | 'pharmacy';
  unit: string;
  card?: { documentId: string; pin?: string; can: string; activationPin: string };
}

/** Personas of a fixture set. */
export interface Personas {
  get(name: string): Persona;
  /** TAJ of a registered patient, for service calls. */
  patientTaj(): string;
}

/** The registry id behind an EESZT institution id. */
export function registryIdOf(institutionId: string): { registryId: string; type: 'provider' | 'pharmacy' } {
  const prefix = institutionId[0];
  const rest = institutionId.slice(1);
  if (prefix === 'P') return { registryId: rest.startsWith('0') ? rest.slice(1) : rest, type: 'pharmacy' };
  return { registryId: rest, type: 'provider' };
}

/** Resolve personas from a fixture set. */
export function personasOf(set: FixtureSet): Personas {
  return {
    get(name) {
      const p = set.personas.find((x) => x.name === name);
      const user = p?.username === undefined ? undefined : set.users.find((u) => u.username === p.username);
      if (p === undefined || user === undefined) throw new SuiteError(`the simulator's fixture set has no persona \`${name}\` with a user; run the suite against the default fixtures (docs/fixtures.md)`);
      const institutionId = p.institutionId ?? user.memberships[0]?.institutionId ?? '';
      const unit = user.memberships.find((m) => m.institutionId === institutionId)?.units[0] ?? '';
      const card = set.cards.find((c) => c.documentId === p.cardDocumentId);
      const { registryId, type } = registryIdOf(institutionId);
      return {
        name,
        username: user.username,
        password: user.password,
        institutionId,
        registryId,
        institutionType: type,
        unit,
        ...(card === undefined ? {} : { card: { documentId: card.documentId, ...(card.pin === undefined ? {} : { pin: card.pin }), can: card.can, activationPin: card.activationPin } }),
      };
    },
    patientTaj() {
      const taj = set.patients[0]?.taj;
      if (taj === undefined) throw new SuiteError('the fixture set has no patient; service calls need one');
      return taj;
    },
  };
}

/** Login parameters: username and password. */
export function passwordLogin(p: Persona, password = p.password): LoginParams {
  return { method: 'password', user: p.username, password, institution: p.registryId, institutionType: p.institutionType, unit: p.unit };
}

/** Login parameters: eID card in reader 0 (with the PIN only when the HIS's own dialog collected it). */
export function cardLogin(p: Persona, pin?: string): LoginParams {
  return { method: 'card', user: p.username, institution: p.registryId, institutionType: p.institutionType, unit: p.unit, card: { reader: 0, ...(pin === undefined ? {} : { pin }) } };
}

/** Login parameters: the institution's certificate. */
export function certificateLogin(p: Persona, certificate: Pkcs12Material): LoginParams {
  return { method: 'certificate', institution: p.registryId, institutionType: p.institutionType, unit: p.unit, certificate };
}
