/**
 * miniHIS first-use configuration ("Befejezés" saves it), per user and unit (bucket
 * `minihis.configurations`, key `<institution>|<unit>|<username>`):
 *
 * | field | rule |
 * |---|---|
 * | `institutionId` | the 6-character ÁNTSZ/NNK id of the institution logged in to (the EESZT id without its `E`) |
 * | `providerCode` | the 9-digit ÁNTSZ/NNK permit code of the unit logged in to (szolgáltató kódja) |
 * | `contact` | `{ phone, email, address?, visible }`: the unit's contact details; `visible` is the switch that puts them on the outpatient sheet (Ambuláns lap) |
 * | `careType` | a code of Ellátás típusa |
 * | `referralInstitutionType` | a code of Beutaló intézmény típusa |
 * | `prescriptionCategory` | a code of Vényírási kategória |
 * | `prescriptionCertificateFormat` | doctors only, required for them: a code of Nyomtatott Felírási Igazolás formátuma |
 *
 * Every field is checked and all problems are reported together (`VALIDATION_FAILED`, one entry
 * per field in `details.errors`, each with its own code).
 *
 * @example
 * ```ts
 * const saved = saveConfiguration(deps, session, body); // throws ValidationFailed listing every bad field
 * ```
 */
import type { Institution, Unit } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { checkDigitCode, checkEmail, checkMiniHisInstitution, checkPhoneNumber } from '../identifiers/identifiers.js';
import type { Body } from './body.js';
import { FieldErrors, missing } from './field-errors.js';
import { miniHisInstitutionId } from './picks.js';
import {
  CARE_TYPES,
  checkChoice,
  PRESCRIPTION_CATEGORIES,
  PRESCRIPTION_CERTIFICATE_FORMATS,
  REFERRAL_INSTITUTION_TYPES,
  type Choice,
  type ChoiceList,
} from './reference-data.js';
import type { MiniHisSession } from './sessions.js';
import { kindWords } from './user-kinds.js';

/** Store bucket of saved configurations. */
export const MINIHIS_CONFIGURATIONS_BUCKET = 'minihis.configurations';

/** The fields `POST /minihis/api/configuration` takes. */
export const CONFIGURATION_FIELDS = ['institutionId', 'providerCode', 'contact', 'careType', 'referralInstitutionType', 'prescriptionCategory', 'prescriptionCertificateFormat'] as const;
/** The fields of `contact`. */
export const CONTACT_FIELDS = ['phone', 'email', 'address', 'visible'] as const;

/** Longest accepted address. */
export const ADDRESS_MAX = 200;

/** The unit's contact details. */
export interface ContactDetails {
  phone: string;
  email: string;
  address?: string;
  /** The visibility switch: on = the details print on the outpatient sheet. */
  visible: boolean;
}

/** A saved configuration. */
export interface SavedConfiguration {
  /** The 6-character ÁNTSZ/NNK institution id entered. */
  institutionId: string;
  /** The EESZT institution id it stands for. */
  eesztInstitutionId: string;
  providerCode: string;
  contact: ContactDetails;
  careType: Choice;
  referralInstitutionType: Choice;
  prescriptionCategory: Choice;
  /** Doctors only. */
  prescriptionCertificateFormat?: Choice;
  savedBy: string;
  savedAt: string;
}

type Deps = Pick<SimDeps, 'store' | 'clock'>;

const keyOf = (s: Pick<MiniHisSession, 'institutionId' | 'unitCode' | 'username'>): string => `${s.institutionId}|${s.unitCode}|${s.username}`;

/** The configuration the session's user saved for the unit, if any. */
export function savedConfiguration(store: Deps['store'], session: Pick<MiniHisSession, 'institutionId' | 'unitCode' | 'username'>): SavedConfiguration | undefined {
  return store.bucket<SavedConfiguration>(MINIHIS_CONFIGURATIONS_BUCKET).get(keyOf(session));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

function checkInstitutionField(errors: FieldErrors, value: unknown, institution: Institution): void {
  const expected = miniHisInstitutionId(institution.id);
  const loggedIn = `\`${expected}\` (${institution.name})`;
  if (absent(value)) {
    errors.add('institutionId', 'FIELD_MISSING', missing('institutionId', `enter the 6-character ÁNTSZ/NNK id of the institution you logged in to: ${loggedIn}`));
    return;
  }
  if (value === expected) return;
  if (typeof value !== 'string') {
    // rule: MINIHIS-CONFIGURATION (docs/rules.md)
    errors.add('institutionId', 'INSTITUTION_ID_INVALID', `\`institutionId\` must be sent as a string (JSON text); enter ${loggedIn}`);
    return;
  }
  const format = checkMiniHisInstitution(value);
  if (!format.ok) {
    errors.add('institutionId', 'INSTITUTION_ID_INVALID', `${format.message}; you logged in to ${loggedIn}`);
    return;
  }
  errors.add('institutionId', 'INSTITUTION_MISMATCH', `\`institutionId\` \`${value}\` is not the institution you logged in to; enter ${loggedIn}`);
}

function checkProviderCodeField(errors: FieldErrors, value: unknown, unit: Unit): void {
  const loggedIn = `\`${unit.code}\` (${unit.name})`;
  if (absent(value)) {
    errors.add('providerCode', 'FIELD_MISSING', missing('providerCode', `enter the 9-digit ÁNTSZ/NNK permit code of the unit you logged in to: ${loggedIn}`));
    return;
  }
  const format = checkDigitCode('providerCode', value);
  if (!format.ok) {
    errors.add('providerCode', 'PROVIDER_CODE_INVALID', `${format.message}; the unit you logged in to has ${loggedIn}`);
    return;
  }
  if (value !== unit.code) {
    errors.add('providerCode', 'PROVIDER_CODE_MISMATCH', `\`providerCode\` \`${String(value)}\` is not the unit you logged in to; enter ${loggedIn}`);
  }
}

function checkContactField(errors: FieldErrors, value: unknown): ContactDetails | undefined {
  const example = '{"phone":"+36 1 234 5678","email":"rendeles@rendelo.hu","visible":true}';
  if (value === undefined || value === null) {
    errors.add('contact', 'FIELD_MISSING', missing('contact', `send the unit's contact details (Kapcsolattartási adatok), e.g. ${example}`));
    return undefined;
  }
  if (!isObject(value)) {
    errors.add('contact', 'CONTACT_INVALID', `\`contact\` must be a JSON object such as ${example}`);
    return undefined;
  }
  for (const k of Object.keys(value).filter((k) => !(CONTACT_FIELDS as readonly string[]).includes(k))) {
    errors.add(`contact.${k}`, 'FIELD_UNKNOWN', `\`contact\` has no field \`${k}\`; it takes ${CONTACT_FIELDS.map((f) => `\`${f}\``).join(', ')}`);
  }
  const { phone, email, address, visible } = value;
  if (absent(phone)) errors.add('contact.phone', 'FIELD_MISSING', missing('contact.phone', "enter the unit's phone number, e.g. `+36 1 234 5678`"));
  else {
    const r = checkPhoneNumber(phone);
    if (!r.ok) errors.add('contact.phone', 'PHONE_INVALID', r.message);
  }
  if (absent(email)) errors.add('contact.email', 'FIELD_MISSING', missing('contact.email', "enter the unit's e-mail address, e.g. `rendeles@rendelo.hu`"));
  else {
    const r = checkEmail(email);
    if (!r.ok) errors.add('contact.email', 'EMAIL_INVALID', r.message);
  }
  if (address !== undefined && (typeof address !== 'string' || address.trim() === '' || address.length > ADDRESS_MAX || address !== address.trim())) {
    errors.add('contact.address', 'ADDRESS_INVALID', `\`contact.address\` is optional; when sent it must be text of 1 to ${ADDRESS_MAX} characters without surrounding white space, e.g. \`6720 Szeged, Fő utca 1.\``);
  }
  if (visible === undefined || visible === null) {
    errors.add(
      'contact.visible',
      'FIELD_MISSING',
      missing('contact.visible', 'set the visibility switch: `true` puts the contact details on the outpatient sheet (Ambuláns lap), `false` keeps them off'),
    );
  } else if (typeof visible !== 'boolean') {
    errors.add('contact.visible', 'VISIBILITY_INVALID', '`contact.visible` is the visibility switch: send `true` or `false` (a JSON boolean, not text)');
  }
  if (errors.list.some((e) => e.path.startsWith('contact'))) return undefined;
  return {
    phone: phone as string,
    email: email as string,
    ...(address === undefined ? {} : { address: address as string }),
    visible: visible as boolean,
  };
}

function choiceField(errors: FieldErrors, list: ChoiceList, value: unknown): Choice | undefined {
  const r = checkChoice(list, value);
  if (r.ok) return r.choice;
  errors.add(list.field, r.code, r.message);
  return undefined;
}

/**
 * Validate and save the configuration of the session's user for the unit ("Befejezés").
 * Saving again replaces it. Throws `VALIDATION_FAILED` (422) listing every refused field.
 */
export function saveConfiguration(deps: Deps, session: MiniHisSession, institution: Institution, unit: Unit, body: Body): SavedConfiguration {
  const errors = new FieldErrors();
  checkInstitutionField(errors, body.institutionId, institution);
  checkProviderCodeField(errors, body.providerCode, unit);
  const contact = checkContactField(errors, body.contact);
  const careType = choiceField(errors, CARE_TYPES, body.careType);
  const referralInstitutionType = choiceField(errors, REFERRAL_INSTITUTION_TYPES, body.referralInstitutionType);
  const prescriptionCategory = choiceField(errors, PRESCRIPTION_CATEGORIES, body.prescriptionCategory);
  let prescriptionCertificateFormat: Choice | undefined;
  if (session.kind === 'doctor') prescriptionCertificateFormat = choiceField(errors, PRESCRIPTION_CERTIFICATE_FORMATS, body.prescriptionCertificateFormat);
  else if (body.prescriptionCertificateFormat !== undefined) {
    errors.add(
      'prescriptionCertificateFormat',
      'FIELD_NOT_ALLOWED',
      `\`prescriptionCertificateFormat\` (Nyomtatott Felírási Igazolás formátuma) is chosen by doctors only; \`${session.username}\` is ${kindWords(session.kind)}: leave it out`,
    );
  }
  errors.throwIfAny('the first-use configuration was not saved (Befejezés)');
  const saved: SavedConfiguration = {
    institutionId: miniHisInstitutionId(institution.id),
    eesztInstitutionId: institution.id,
    providerCode: unit.code,
    contact: contact as ContactDetails,
    careType: careType as Choice,
    referralInstitutionType: referralInstitutionType as Choice,
    prescriptionCategory: prescriptionCategory as Choice,
    ...(prescriptionCertificateFormat === undefined ? {} : { prescriptionCertificateFormat }),
    savedBy: session.username,
    savedAt: deps.clock.now().toISOString(),
  };
  deps.store.bucket<SavedConfiguration>(MINIHIS_CONFIGURATIONS_BUCKET).set(keyOf(session), saved);
  return saved;
}
