/**
 * NEAK OJOTE (patient eligibility check, betegjogviszony-ellenőrzés) in miniHIS. It is bound to a
 * doctor: the username is `OBVN-<stamp number>USER`, the password the doctor's 10-digit
 * prescription-contract id. Doctors enter their own credentials at the end of the configuration;
 * nurses (and data-entry staff) may enter the credentials of a doctor of the same provider.
 * Credentials are kept per user and institution (bucket `minihis.ojote`); the password is
 * checked and never stored.
 *
 * The simulated check (`GET /minihis/api/ojote/check?taj=`) answers from the fixtures'
 * patients (`Patient.eligibility`): `green`, `red` or `blue`.
 *
 * @example
 * ```ts
 * saveOjoteCredentials(deps, session, { ojoteUsername: 'OBVN-50123USER', ojotePassword: '1234567890' });
 * checkEligibility(deps, session, '123456788'); // { eligibility: 'green', ... }
 * ```
 */
import type { Patient } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { Conflict, NotFound } from '../core/errors.js';
import { checkOjotePassword, checkOjoteUsername, checkTaj, checkUsername, must, ojoteUsername } from '../identifiers/identifiers.js';
import type { Body } from './body.js';
import { FieldErrors, missing } from './field-errors.js';
import type { MiniHisSession } from './sessions.js';

/** Store bucket of credentials: `<institution>|<username>` -> {@link OjoteCredentials}. */
export const MINIHIS_OJOTE_BUCKET = 'minihis.ojote';
/** The fields `POST /minihis/api/ojote` takes. */
export const OJOTE_FIELDS = ['ojoteUsername', 'ojotePassword'] as const;

/** Credentials set for a user (the password is not kept). */
export interface OjoteCredentials {
  ojoteUsername: string;
  /** The doctor the credentials belong to. */
  doctorUsername: string;
  setBy: string;
  setAt: string;
}

/** What the eligibility check answers. */
export interface EligibilityAnswer {
  taj: string;
  patient: { familyName: string; givenName: string; birthDate: string };
  /** NEAK's traffic light, or null when NEAK holds no status for the patient. */
  eligibility: Patient['eligibility'] | null;
  /** The status in words (simulator wording). */
  meaning: string;
  checkedAs: string;
  checkedAt: string;
}

/** The simulator's wording of each status. */
export const ELIGIBILITY_MEANINGS: Readonly<Record<NonNullable<Patient['eligibility']>, string>> = {
  green: 'zöld: the patient has valid health-insurance eligibility (rendezett jogviszony)',
  red: 'piros: NEAK has no valid eligibility for the patient (nem rendezett jogviszony); the patient must settle it',
  blue: 'kék: eligibility on special grounds (e.g. EU or bilateral insurance); check the patient\'s documents',
};

type Deps = Pick<SimDeps, 'store' | 'clock'>;

const keyOf = (s: Pick<MiniHisSession, 'institutionId' | 'username'>): string => `${s.institutionId}|${s.username}`;

/** The credentials set for the session's user at its institution, if any. */
export function ojoteCredentials(store: Deps['store'], session: Pick<MiniHisSession, 'institutionId' | 'username'>): OjoteCredentials | undefined {
  return store.bucket<OjoteCredentials>(MINIHIS_OJOTE_BUCKET).get(keyOf(session));
}

/** A doctor's stamp number (undefined for others). */
function stampOf(session: MiniHisSession): string | undefined {
  if (session.kind !== 'doctor') return undefined;
  return must(checkUsername(session.username), 'username').registryNumber;
}

/** The OJOTE username a doctor's form is pre-filled with (undefined for others). */
export function suggestedOjoteUsername(session: MiniHisSession): string | undefined {
  const stamp = stampOf(session);
  return stamp === undefined ? undefined : ojoteUsername(stamp);
}

/**
 * Validate and save OJOTE credentials for the session's user. Throws `VALIDATION_FAILED` (422)
 * listing every refused field.
 */
export function saveOjoteCredentials(deps: Deps, session: MiniHisSession, body: Body): OjoteCredentials {
  const errors = new FieldErrors();
  const stamp = stampOf(session);
  const own = suggestedOjoteUsername(session);
  let doctorUsername = session.username;
  const name = body.ojoteUsername;
  if (name === undefined || name === null || name === '') {
    const what = own !== undefined ? `yours is \`${own}\` (OBVN-<stamp number>USER)` : 'enter the OJOTE username of a doctor of this provider: `OBVN-<stamp number>USER`, e.g. `OBVN-12345USER`';
    errors.add('ojoteUsername', 'FIELD_MISSING', missing('ojoteUsername', what));
  } else if (stamp !== undefined) {
    const r = checkOjoteUsername(name, stamp);
    // rule: MINIHIS-OJOTE (docs/rules.md)
    if (!r.ok) errors.add('ojoteUsername', 'OJOTE_USERNAME_INVALID', r.message);
  } else {
    const r = checkOjoteUsername(name);
    if (!r.ok) errors.add('ojoteUsername', 'OJOTE_USERNAME_INVALID', r.message);
    else {
      doctorUsername = `O${r.value.stampNumber}`;
      const doctor = deps.store.state.users.find((u) => u.username === doctorUsername);
      if (doctor === undefined) {
        errors.add(
          'ojoteUsername',
          'OJOTE_DOCTOR_UNKNOWN',
          `\`ojoteUsername\` \`${r.value.username}\` names stamp number ${r.value.stampNumber}, but no doctor \`${doctorUsername}\` exists; enter the credentials of a doctor you work with`,
        );
      } else if (!doctor.memberships.some((m) => m.institutionId === session.institutionId)) {
        errors.add(
          'ojoteUsername',
          'OJOTE_DOCTOR_NOT_HERE',
          `\`ojoteUsername\` \`${r.value.username}\` belongs to doctor \`${doctorUsername}\`, who does not work at \`${session.institutionId}\`; enter the credentials of a doctor of this provider`,
        );
      }
    }
  }
  const password = body.ojotePassword;
  if (password === undefined || password === null || password === '') {
    errors.add('ojotePassword', 'FIELD_MISSING', missing('ojotePassword', "enter the doctor's 10-digit prescription-contract id (vényírási szerződés azonosító)"));
  } else {
    const r = checkOjotePassword(password);
    if (!r.ok) errors.add('ojotePassword', 'OJOTE_PASSWORD_INVALID', r.message);
  }
  errors.throwIfAny('the NEAK OJOTE credentials were not saved');
  const rec: OjoteCredentials = { ojoteUsername: name as string, doctorUsername, setBy: session.username, setAt: deps.clock.now().toISOString() };
  deps.store.bucket<OjoteCredentials>(MINIHIS_OJOTE_BUCKET).set(keyOf(session), rec);
  return rec;
}

/**
 * The simulated eligibility check of a patient by TAJ. Throws `OJOTE_NOT_CONFIGURED` (409)
 * before credentials are set, `IDENTIFIER_INVALID` for a bad TAJ, `PATIENT_UNKNOWN` (404).
 */
export function checkEligibility(deps: Deps, session: MiniHisSession, taj: string | undefined): EligibilityAnswer {
  const creds = ojoteCredentials(deps.store, session);
  if (creds === undefined) {
    const own = suggestedOjoteUsername(session);
    throw new Conflict(
      `the NEAK OJOTE eligibility check needs OJOTE credentials; set them first: POST /minihis/api/ojote {"ojoteUsername":"${own ?? 'OBVN-<stamp number>USER'}","ojotePassword":"<10-digit prescription-contract id>"}`,
      {},
      'OJOTE_NOT_CONFIGURED',
    );
  }
  const number = must(checkTaj(taj), 'taj');
  const patient = deps.store.state.patients.find((p) => p.taj === number);
  if (patient === undefined) {
    throw new NotFound(`NEAK has no patient with TAJ \`${number}\`; check the number with the patient (GET /_sim/fixtures lists the simulator's patients)`, { details: { taj: number } }, 'PATIENT_UNKNOWN');
  }
  const status = patient.eligibility ?? null;
  return {
    taj: number,
    patient: { familyName: patient.familyName, givenName: patient.givenName, birthDate: patient.birthDate },
    eligibility: status,
    meaning: status === null ? 'NEAK holds no eligibility status for the patient' : ELIGIBILITY_MEANINGS[status],
    checkedAs: creds.ojoteUsername,
    checkedAt: deps.clock.now().toISOString(),
  };
}
