/**
 * The choice lists of miniHIS's first-use configuration and user data, as reference data
 * (`GET /minihis/api/reference-data`). The setup guide names one example of each list
 * (Járóbeteg-szakellátás; Nem finanszírozott egészségügyi szolgáltató; Járóbeteg szakrendelés,
 * Háziorvos; háziorvos); the other entries are the simulator's (docs/minihis.md). A form sends
 * an entry's `code`; a label sent instead is refused with the code to use.
 *
 * @example
 * ```ts
 * findChoice(CARE_TYPES, 'jarobeteg-szakellatas')?.label; // 'Járóbeteg-szakellátás'
 * ```
 */

/** One entry of a choice list. */
export interface Choice {
  /** What a form sends. */
  readonly code: string;
  /** What the drop-down shows (Hungarian). */
  readonly label: string;
}

/** A named choice list. */
export interface ChoiceList {
  /** The form field that takes it. */
  readonly field: string;
  /** The drop-down's Hungarian title. */
  readonly title: string;
  readonly choices: readonly Choice[];
}

const list = (field: string, title: string, choices: Choice[]): ChoiceList => Object.freeze({ field, title, choices: Object.freeze(choices.map((c) => Object.freeze(c))) });

/** Ellátás típusa: the kind of care given in the unit. */
export const CARE_TYPES: ChoiceList = list('careType', 'Ellátás típusa', [
  { code: 'jarobeteg-szakellatas', label: 'Járóbeteg-szakellátás' },
  { code: 'fekvobeteg-szakellatas', label: 'Fekvőbeteg-szakellátás' },
  { code: 'haziorvosi-ellatas', label: 'Háziorvosi ellátás' },
  { code: 'hazi-gyermekorvosi-ellatas', label: 'Házi gyermekorvosi ellátás' },
  { code: 'fogorvosi-ellatas', label: 'Fogorvosi ellátás' },
  { code: 'foglalkozas-egeszsegugyi-ellatas', label: 'Foglalkozás-egészségügyi ellátás' },
  { code: 'otthoni-szakapolas', label: 'Otthoni szakápolás' },
]);

/** Beutaló intézmény típusa: how referrals written in the unit are financed. */
export const REFERRAL_INSTITUTION_TYPES: ChoiceList = list('referralInstitutionType', 'Beutaló intézmény típusa', [
  { code: 'finanszirozott', label: 'Finanszírozott egészségügyi szolgáltató' },
  { code: 'nem-finanszirozott', label: 'Nem finanszírozott egészségügyi szolgáltató' },
]);

/** Vényírási kategória: the kind of care prescriptions written in the unit belong to. */
export const PRESCRIPTION_CATEGORIES: ChoiceList = list('prescriptionCategory', 'Vényírási kategória', [
  { code: 'jarobeteg-szakrendeles', label: 'Járóbeteg szakrendelés' },
  { code: 'haziorvos', label: 'Háziorvos' },
  { code: 'hazi-gyermekorvos', label: 'Házi gyermekorvos' },
  { code: 'fekvobeteg-gyogyintezet', label: 'Fekvőbeteg-gyógyintézet' },
  { code: 'fogorvos', label: 'Fogorvos' },
  { code: 'foglalkozas-egeszsegugy', label: 'Foglalkozás-egészségügy' },
  { code: 'maganorvos', label: 'Magánorvos' },
]);

/** Nyomtatott Felírási Igazolás formátuma: how the prescription certificate is printed (doctors only). */
export const PRESCRIPTION_CERTIFICATE_FORMATS: ChoiceList = list('prescriptionCertificateFormat', 'Nyomtatott Felírási Igazolás formátuma', [
  { code: 'a4', label: 'A4' },
  { code: 'a5', label: 'A5' },
  { code: 'blokk', label: 'Blokk (80 mm hőpapír)' },
]);

/** Szakvizsgák: doctors' specialties (user data). The code is the specialty name, as in the fixtures. */
export const SPECIALTIES: ChoiceList = list(
  'specialties',
  'Szakvizsga',
  [
    'háziorvos',
    'belgyógyászat',
    'sebészet',
    'kardiológia',
    'neurológia',
    'gyermekgyógyászat',
    'radiológia',
    'szemészet',
    'bőrgyógyászat',
    'fül-orr-gégészet',
    'ortopédia',
    'pszichiátria',
    'reumatológia',
    'szülészet-nőgyógyászat',
    'tüdőgyógyászat',
    'urológia',
  ].map((code) => ({ code, label: code.charAt(0).toUpperCase() + code.slice(1) })),
);

/** Every choice list, as `GET /minihis/api/reference-data` answers it. */
export const REFERENCE_DATA: readonly ChoiceList[] = Object.freeze([CARE_TYPES, REFERRAL_INSTITUTION_TYPES, PRESCRIPTION_CATEGORIES, PRESCRIPTION_CERTIFICATE_FORMATS, SPECIALTIES]);

/** The entry with this code, if any. */
export function findChoice(choices: ChoiceList, code: string): Choice | undefined {
  return choices.choices.find((c) => c.code === code);
}

/** Fold case, accents, blanks and punctuation. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The entry a near miss (a label, or the code in another case or without accents) means, if any. */
export function nearChoice(choices: ChoiceList, value: string): Choice | undefined {
  const f = fold(value);
  return choices.choices.find((c) => fold(c.code) === f || fold(c.label) === f);
}

/** The codes of a list, for messages: `` `a` (A), `b` (B) ``. */
export function choiceCodes(choices: ChoiceList): string {
  return choices.choices.map((c) => (c.code === c.label ? `\`${c.code}\`` : `\`${c.code}\` (${c.label})`)).join(', ');
}

/** The outcome of checking a choice field. */
export type ChoiceCheck = { ok: true; choice: Choice } | { ok: false; code: 'FIELD_MISSING' | 'CHOICE_INVALID'; message: string };

/**
 * Check the value of a choice field: it must be the `code` of an entry of `choices`.
 *
 * @example
 * ```ts
 * checkChoice(CARE_TYPES, 'Járóbeteg-szakellátás');
 * // { ok: false, code: 'CHOICE_INVALID', message: '`careType` `Járóbeteg-szakellátás` is the label of an entry; send its code `jarobeteg-szakellatas`' }
 * ```
 */
export function checkChoice(choices: ChoiceList, value: unknown, path: string = choices.field): ChoiceCheck {
  const from = `GET /minihis/api/reference-data lists the ${choices.title} entries: ${choiceCodes(choices)}`;
  if (value === undefined || value === null || value === '') {
    return { ok: false, code: 'FIELD_MISSING', message: `\`${path}\` is missing; pick the ${choices.title} and send its code (${from})` };
  }
  if (typeof value !== 'string') return { ok: false, code: 'CHOICE_INVALID', message: `\`${path}\` must be the code of a ${choices.title} entry, as a string (${from})` };
  const exact = findChoice(choices, value);
  if (exact !== undefined) return { ok: true, choice: exact };
  const near = nearChoice(choices, value);
  if (near !== undefined) {
    return { ok: false, code: 'CHOICE_INVALID', message: `\`${path}\` \`${value}\` is not a code of the ${choices.title} list; send the code \`${near.code}\` of the entry ${near.label}` };
  }
  return { ok: false, code: 'CHOICE_INVALID', message: `\`${path}\` \`${value}\` is not in the ${choices.title} list; ${from}` };
}
