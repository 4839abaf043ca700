/**
 * The provider and practitioner data miniHIS prints on the outpatient sheet (Ambuláns lap):
 * institution, unit, provider code and care type from the configuration, the name used in care
 * (and a doctor's specialties) from the user data, and the unit's contact details only while
 * the configuration's visibility switch is on. With `taj`, the patient block is filled too.
 *
 * @example
 * ```ts
 * outpatientSheet(deps, ctx, '123456788').contact; // undefined when the switch is off
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { NotFound } from '../core/errors.js';
import { checkTaj, must } from '../identifiers/identifiers.js';
import { savedConfiguration, type ContactDetails } from './configuration.js';
import type { SessionContext } from './session-context.js';
import { requireUserData } from './setup.js';
import { savedUserData } from './user-data.js';

/** The outpatient sheet's data. */
export interface OutpatientSheet {
  provider: {
    institution: string;
    institutionId: string;
    name: string;
    city: string;
    unit: { unitCode: string; name: string };
    providerCode: string;
    careType: string;
  };
  practitioner: { username: string; nameInCare: string; specialties?: string[] };
  /** The state of the visibility switch. */
  contactVisible: boolean;
  /** Present only while the switch is on. */
  contact?: Omit<ContactDetails, 'visible'>;
  patient?: { taj: string; familyName: string; givenName: string; birthDate: string };
}

/**
 * Build the sheet's data. Needs terms, configuration and user data (`TERMS_NOT_ACCEPTED`,
 * `CONFIGURATION_REQUIRED`, `USER_DATA_REQUIRED`); a bad TAJ gives `IDENTIFIER_INVALID`, an
 * unknown one `PATIENT_UNKNOWN`.
 */
export function outpatientSheet(deps: Pick<SimDeps, 'store'>, ctx: SessionContext, taj: string | undefined): OutpatientSheet {
  const { session, institution, unit } = ctx;
  requireUserData(deps.store, session);
  const config = savedConfiguration(deps.store, session);
  const data = savedUserData(deps.store, session.username);
  if (config === undefined || data === undefined) throw new Error('setup checked above');
  let patient: OutpatientSheet['patient'];
  if (taj !== undefined) {
    const number = must(checkTaj(taj), 'taj');
    const p = deps.store.state.patients.find((x) => x.taj === number);
    if (p === undefined) throw new NotFound(`no patient with TAJ \`${number}\` is known; GET /_sim/fixtures lists the simulator's patients`, { details: { taj: number } }, 'PATIENT_UNKNOWN');
    patient = { taj: p.taj, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate };
  }
  const { visible, ...contact } = config.contact;
  return {
    provider: {
      institution: config.institutionId,
      institutionId: institution.id,
      name: institution.name,
      city: institution.city,
      unit: { unitCode: unit.code, name: unit.name },
      providerCode: config.providerCode,
      careType: config.careType.label,
    },
    practitioner: { username: session.username, nameInCare: data.nameInCare, ...(data.specialties === undefined ? {} : { specialties: [...data.specialties] }) },
    contactVisible: visible,
    ...(visible ? { contact } : {}),
    ...(patient === undefined ? {} : { patient }),
  };
}
