/**
 * miniHIS user data, the page after the first-use configuration, per user (bucket
 * `minihis.user-data`, key username):
 *
 * | field | rule |
 * |---|---|
 * | `email` | the user's e-mail address (`checkEmail`) |
 * | `nameInCare` | the name used in care (e.g. `Dr. Kovács Anna`), 1–100 characters |
 * | `specialties` | doctors only, required for them: at least one specialty (szakvizsga) code, each one the doctor holds in the registry (the fixtures) |
 *
 * `GET /minihis/api/user-data` offers the registry's values as a pre-filled form.
 *
 * @example
 * ```ts
 * saveUserData(deps, session, user, { email: 'dr.kovacs@rendelo.hu', nameInCare: 'Dr. Kovács Anna', specialties: ['háziorvos'] });
 * ```
 */
import type { User } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { checkEmail } from '../identifiers/identifiers.js';
import type { Body } from './body.js';
import { FieldErrors, missing } from './field-errors.js';
import { checkChoice, SPECIALTIES } from './reference-data.js';
import type { MiniHisSession } from './sessions.js';
import { kindWords } from './user-kinds.js';

/** Store bucket of user data. */
export const MINIHIS_USER_DATA_BUCKET = 'minihis.user-data';
/** The fields `POST /minihis/api/user-data` takes. */
export const USER_DATA_FIELDS = ['email', 'nameInCare', 'specialties'] as const;
/** Longest name in care. */
export const NAME_IN_CARE_MAX = 100;

/** Saved user data. */
export interface SavedUserData {
  username: string;
  email: string;
  nameInCare: string;
  /** Doctors only. */
  specialties?: string[];
  savedAt: string;
}

type Deps = Pick<SimDeps, 'store' | 'clock'>;

/** The user data saved for `username`, if any. */
export function savedUserData(store: Deps['store'], username: string): SavedUserData | undefined {
  return store.bucket<SavedUserData>(MINIHIS_USER_DATA_BUCKET).get(username);
}

/** The registry's values, offered as the form's defaults. */
export function userDataDefaults(user: User, isDoctor: boolean): { email: string | null; nameInCare: string; specialties?: string[] } {
  return {
    email: user.email ?? null,
    nameInCare: [user.title, user.familyName, user.givenName].filter((x) => x !== undefined && x !== '').join(' '),
    ...(isDoctor ? { specialties: [...(user.specialties ?? [])] } : {}),
  };
}

function checkNameInCare(errors: FieldErrors, value: unknown): void {
  if (value === undefined || value === null || value === '') {
    errors.add('nameInCare', 'FIELD_MISSING', missing('nameInCare', 'enter the name you use in care (the name patients see), e.g. `Dr. Kovács Anna`'));
  } else if (typeof value !== 'string' || value.trim() === '') {
    // rule: MINIHIS-USER-DATA (docs/rules.md)
    errors.add('nameInCare', 'NAME_INVALID', '`nameInCare` must be text: the name you use in care, e.g. `Dr. Kovács Anna`');
  } else if (value !== value.trim()) {
    errors.add('nameInCare', 'NAME_INVALID', `\`nameInCare\` has surrounding white space; send \`${value.trim()}\``);
  } else if (value.length > NAME_IN_CARE_MAX) {
    errors.add('nameInCare', 'NAME_INVALID', `\`nameInCare\` has ${value.length} characters; at most ${NAME_IN_CARE_MAX} are allowed`);
  }
}

function checkSpecialties(errors: FieldErrors, value: unknown, user: User): void {
  const held = user.specialties ?? [];
  const heldText = held.length > 0 ? ` (the registry has ${held.map((s) => `\`${s}\``).join(', ')} for \`${user.username}\`)` : '';
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    errors.add('specialties', 'FIELD_MISSING', missing('specialties', `doctors list at least one specialty (szakvizsga) code${heldText}; GET /minihis/api/reference-data lists the codes`));
    return;
  }
  if (!Array.isArray(value)) {
    errors.add('specialties', 'SPECIALTIES_INVALID', `\`specialties\` must be a JSON array of specialty codes, e.g. ["háziorvos"]${heldText}`);
    return;
  }
  const seen = new Set<string>();
  value.forEach((v: unknown, i) => {
    const path = `specialties[${i}]`;
    if (typeof v === 'string' && seen.has(v)) {
      errors.add(path, 'SPECIALTIES_INVALID', `\`${path}\` \`${v}\` is listed twice; list each specialty once`);
      return;
    }
    if (typeof v === 'string') seen.add(v);
    if (typeof v === 'string' && held.includes(v)) return;
    const r = checkChoice(SPECIALTIES, v, path);
    if (!r.ok) {
      errors.add(path, r.code === 'FIELD_MISSING' ? 'CHOICE_INVALID' : r.code, r.code === 'FIELD_MISSING' ? `\`${path}\` is empty; send a specialty code, e.g. \`háziorvos\`` : r.message);
      return;
    }
    if (held.length > 0) {
      errors.add(path, 'SPECIALTY_NOT_HELD', `\`${path}\` \`${r.choice.code}\` is not a specialty of \`${user.username}\`${heldText}; list only the specialties you hold`);
    }
  });
}

/**
 * Validate and save the session user's data. Throws `VALIDATION_FAILED` (422) listing every
 * refused field.
 */
export function saveUserData(deps: Deps, session: MiniHisSession, user: User, body: Body): SavedUserData {
  const errors = new FieldErrors();
  if (body.email === undefined || body.email === null || body.email === '') {
    errors.add('email', 'FIELD_MISSING', missing('email', 'enter your e-mail address, e.g. `dr.kovacs@rendelo.hu`'));
  } else {
    const r = checkEmail(body.email);
    if (!r.ok) errors.add('email', 'EMAIL_INVALID', r.message);
  }
  checkNameInCare(errors, body.nameInCare);
  if (session.kind === 'doctor') checkSpecialties(errors, body.specialties, user);
  else if (body.specialties !== undefined) {
    errors.add('specialties', 'FIELD_NOT_ALLOWED', `\`specialties\` (szakvizsgák) are entered by doctors only; \`${session.username}\` is ${kindWords(session.kind)}: leave it out`);
  }
  errors.throwIfAny('the user data were not saved');
  const saved: SavedUserData = {
    username: session.username,
    email: body.email as string,
    nameInCare: body.nameInCare as string,
    ...(session.kind === 'doctor' ? { specialties: [...(body.specialties as string[])] } : {}),
    savedAt: deps.clock.now().toISOString(),
  };
  deps.store.bucket<SavedUserData>(MINIHIS_USER_DATA_BUCKET).set(session.username, saved);
  return saved;
}
