/**
 * Every validation message of miniHIS's forms — first-use configuration ("Befejezés"), user data
 * and NEAK OJOTE credentials — checked field by field, by error code and exact message.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../fixtures/schema.js';
import type { Simulator } from '../../simulator/simulator.js';
import { expectProblem, fieldErrors, GOOD_CONFIGURATION, logIn, postAs, testSimulator } from './helpers.js';

const CONFIG = '/minihis/api/configuration';
const USER_DATA = '/minihis/api/user-data';
const OJOTE = '/minihis/api/ojote';

/** Log in and complete the setup up to (not including) `stage`. */
async function setUpTo(sim: Simulator, username: string, stage: 'configuration' | 'user-data' | 'ojote', unitCode = '016200101'): Promise<string> {
  const { token } = await logIn(sim, username, unitCode);
  await postAs(sim, token, '/minihis/api/terms', { accept: true });
  if (stage === 'configuration') return token;
  const doctor = username.startsWith('O');
  const config = await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, providerCode: unitCode, ...(doctor ? { prescriptionCertificateFormat: 'a5' } : {}) });
  expect(config.status).toBe(201);
  if (stage === 'user-data') return token;
  const data = await postAs(sim, token, USER_DATA, { email: 'user@rendelo.example', nameInCare: 'Teszt Elek', ...(doctor ? { specialties: ['belgyógyászat'] } : {}) });
  expect(data.status).toBe(201);
  return token;
}

const LISTS = {
  careType:
    'GET /minihis/api/reference-data lists the Ellátás típusa entries: `jarobeteg-szakellatas` (Járóbeteg-szakellátás), `fekvobeteg-szakellatas` (Fekvőbeteg-szakellátás), `haziorvosi-ellatas` (Háziorvosi ellátás), `hazi-gyermekorvosi-ellatas` (Házi gyermekorvosi ellátás), `fogorvosi-ellatas` (Fogorvosi ellátás), `foglalkozas-egeszsegugyi-ellatas` (Foglalkozás-egészségügyi ellátás), `otthoni-szakapolas` (Otthoni szakápolás)',
  referral: 'GET /minihis/api/reference-data lists the Beutaló intézmény típusa entries: `finanszirozott` (Finanszírozott egészségügyi szolgáltató), `nem-finanszirozott` (Nem finanszírozott egészségügyi szolgáltató)',
  category:
    'GET /minihis/api/reference-data lists the Vényírási kategória entries: `jarobeteg-szakrendeles` (Járóbeteg szakrendelés), `haziorvos` (Háziorvos), `hazi-gyermekorvos` (Házi gyermekorvos), `fekvobeteg-gyogyintezet` (Fekvőbeteg-gyógyintézet), `fogorvos` (Fogorvos), `foglalkozas-egeszsegugy` (Foglalkozás-egészségügy), `maganorvos` (Magánorvos)',
  format: 'GET /minihis/api/reference-data lists the Nyomtatott Felírási Igazolás formátuma entries: `a4` (A4), `a5` (A5), `blokk` (Blokk (80 mm hőpapír))',
};

describe('first-use configuration ("Befejezés")', () => {
  it('lists every missing field with what to enter', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'configuration');
    const res = await postAs(sim, token, CONFIG, {});
    const problem = await expectProblem(res.clone(), 422, 'VALIDATION_FAILED');
    expect(problem.detail).toBe(
      'the first-use configuration was not saved (Befejezés): 7 fields to correct (`institutionId`, `providerCode`, `contact`, `careType`, `referralInstitutionType`, `prescriptionCategory`, `prescriptionCertificateFormat`); each entry of details.errors says what to enter',
    );
    expect(await fieldErrors(res)).toEqual({
      institutionId: ['FIELD_MISSING', '`institutionId` is missing; enter the 6-character ÁNTSZ/NNK id of the institution you logged in to: `01620K` (Szent Margit Kórház)'],
      providerCode: ['FIELD_MISSING', '`providerCode` is missing; enter the 9-digit ÁNTSZ/NNK permit code of the unit you logged in to: `016200101` (Belgyógyászati Osztály)'],
      contact: ['FIELD_MISSING', '`contact` is missing; send the unit\'s contact details (Kapcsolattartási adatok), e.g. {"phone":"+36 1 234 5678","email":"rendeles@rendelo.hu","visible":true}'],
      careType: ['FIELD_MISSING', `\`careType\` is missing; pick the Ellátás típusa and send its code (${LISTS.careType})`],
      referralInstitutionType: ['FIELD_MISSING', `\`referralInstitutionType\` is missing; pick the Beutaló intézmény típusa and send its code (${LISTS.referral})`],
      prescriptionCategory: ['FIELD_MISSING', `\`prescriptionCategory\` is missing; pick the Vényírási kategória and send its code (${LISTS.category})`],
      prescriptionCertificateFormat: ['FIELD_MISSING', `\`prescriptionCertificateFormat\` is missing; pick the Nyomtatott Felírási Igazolás formátuma and send its code (${LISTS.format})`],
    });
  });

  it('refuses a wrong institution id and provider code', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'configuration');
    const check = async (institutionId: unknown, providerCode: unknown): Promise<Record<string, [string, string]>> =>
      fieldErrors(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4', institutionId, providerCode }));
    // Numbers where the form takes text: refused by the body's schema (400), field by field.
    const typed = await expectProblem(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4', institutionId: 1620, providerCode: 16200101 }), 400, 'BODY_INVALID');
    expect(typed.details.errors).toEqual([
      { path: 'institutionId', code: 'FIELD_INVALID', message: 'expected a string of at most 256 characters, got the number 1620' },
      { path: 'providerCode', code: 'FIELD_INVALID', message: 'expected a string of at most 256 characters, got the number 16200101' },
    ]);
    expect(await check('E01620K', '01620010')).toEqual({
      institutionId: ['INSTITUTION_ID_INVALID', 'miniHIS institution `E01620K` must be the 6-character ÁNTSZ/NNK institution id (digits and upper-case letters, e.g. `01620K`); drop the prefix: `01620K`; you logged in to `01620K` (Szent Margit Kórház)'],
      providerCode: ['PROVIDER_CODE_INVALID', 'provider code must be the 9-digit provider code (szolgáltató kód); got 8 characters; the unit you logged in to has `016200101` (Belgyógyászati Osztály)'],
    });
    expect(await check('123456', '016200102')).toEqual({
      institutionId: ['INSTITUTION_MISMATCH', '`institutionId` `123456` is not the institution you logged in to; enter `01620K` (Szent Margit Kórház)'],
      providerCode: ['PROVIDER_CODE_MISMATCH', '`providerCode` `016200102` is not the unit you logged in to; enter `016200101` (Belgyógyászati Osztály)'],
    });
  });

  it('checks each contact detail and the visibility switch', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'configuration');
    const check = async (contact: unknown): Promise<Record<string, [string, string]>> =>
      fieldErrors(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4', contact }));
    const text = await expectProblem(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4', contact: '+36 1 234 5678' }), 400, 'BODY_INVALID');
    expect(text.details.errors).toEqual([{ path: 'contact', code: 'FIELD_INVALID', message: 'expected an object, got the string "+36 1 234 5678"' }]);
    expect(await check({})).toEqual({
      'contact.phone': ['FIELD_MISSING', "`contact.phone` is missing; enter the unit's phone number, e.g. `+36 1 234 5678`"],
      'contact.email': ['FIELD_MISSING', "`contact.email` is missing; enter the unit's e-mail address, e.g. `rendeles@rendelo.hu`"],
      'contact.visible': ['FIELD_MISSING', '`contact.visible` is missing; set the visibility switch: `true` puts the contact details on the outpatient sheet (Ambuláns lap), `false` keeps them off'],
    });
    expect(await check({ phone: '12-34', email: 'rendeles@rendelo', address: ' Fő utca 1.', visible: 'igen', fax: '+36 1 234 5679' })).toEqual({
      'contact.fax': ['FIELD_UNKNOWN', '`contact` has no field `fax`; it takes `phone`, `email`, `address`, `visible`'],
      'contact.phone': ['PHONE_INVALID', 'phone number `12-34` has 4 digits; a phone number has 8 to 15, e.g. `+36 1 234 5678`'],
      'contact.email': ['EMAIL_INVALID', 'e-mail address `rendeles@rendelo`: the domain `rendelo` must be dot-separated names ending in a top-level domain of letters, e.g. `rendelo.hu`'],
      'contact.address': ['ADDRESS_INVALID', '`contact.address` is optional; when sent it must be text of 1 to 200 characters without surrounding white space, e.g. `6720 Szeged, Fő utca 1.`'],
      'contact.visible': ['VISIBILITY_INVALID', '`contact.visible` is the visibility switch: send `true` or `false` (a JSON boolean, not text)'],
    });
    expect(await check({ phone: '+36 (1) 234-5678 x', email: 'a b@rendelo.hu', visible: true })).toEqual({
      'contact.phone': ['PHONE_INVALID', 'phone number `+36 (1) 234-5678 x` may hold only digits, spaces, `-`, `/`, parentheses and a leading `+`, e.g. `+36 1 234 5678`'],
      'contact.email': ['EMAIL_INVALID', 'e-mail address `a b@rendelo.hu` contains white space; an address has none, e.g. `dr.kovacs@rendelo.hu`'],
    });
  });

  it('takes codes from the choice lists only', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'configuration');
    const res = await postAs(sim, token, CONFIG, {
      ...GOOD_CONFIGURATION,
      careType: 'Járóbeteg-szakellátás',
      referralInstitutionType: 'magan',
      prescriptionCertificateFormat: 'A4',
    });
    expect(await fieldErrors(res)).toEqual({
      careType: ['CHOICE_INVALID', '`careType` `Járóbeteg-szakellátás` is not a code of the Ellátás típusa list; send the code `jarobeteg-szakellatas` of the entry Járóbeteg-szakellátás'],
      referralInstitutionType: ['CHOICE_INVALID', `\`referralInstitutionType\` \`magan\` is not in the Beutaló intézmény típusa list; ${LISTS.referral}`],
      prescriptionCertificateFormat: ['CHOICE_INVALID', '`prescriptionCertificateFormat` `A4` is not a code of the Nyomtatott Felírási Igazolás formátuma list; send the code `a4` of the entry A4'],
    });
  });

  it('leaves the certificate format to doctors, and refuses unknown fields', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'S12345', 'configuration');
    expect(await fieldErrors(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4' }))).toEqual({
      prescriptionCertificateFormat: ['FIELD_NOT_ALLOWED', '`prescriptionCertificateFormat` (Nyomtatott Felírási Igazolás formátuma) is chosen by doctors only; `S12345` is a nurse: leave it out'],
    });
    const unknown = await expectProblem(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, unitCode: '016200101' }), 400, 'BODY_INVALID');
    expect(unknown.details.errors).toEqual([
      {
        path: 'unitCode',
        code: 'FIELD_UNKNOWN',
        message: 'unknown field; this body takes `institutionId`, `providerCode`, `contact`, `careType`, `referralInstitutionType`, `prescriptionCategory`, `prescriptionCertificateFormat`',
      },
    ]);
    const notObject = await expectProblem(await postAs(sim, token, CONFIG, [GOOD_CONFIGURATION]), 400, 'BODY_INVALID');
    expect(notObject.details.errors).toEqual([{ path: '(body)', code: 'FIELD_INVALID', message: 'expected an object, got an array (of 1 item)' }]);
    const category = await expectProblem(await postAs(sim, token, CONFIG, { ...GOOD_CONFIGURATION, prescriptionCategory: 7 }), 400, 'BODY_INVALID');
    expect(category.details.errors).toEqual([{ path: 'prescriptionCategory', code: 'FIELD_INVALID', message: 'expected a string of at most 256 characters, got the number 7' }]);
  });
});

describe('user data', () => {
  it('lists every missing field; doctors also need specialties', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'user-data');
    const res = await postAs(sim, token, USER_DATA, {});
    expect((await expectProblem(res.clone(), 422, 'VALIDATION_FAILED')).detail).toBe(
      'the user data were not saved: 3 fields to correct (`email`, `nameInCare`, `specialties`); each entry of details.errors says what to enter',
    );
    expect(await fieldErrors(res)).toEqual({
      email: ['FIELD_MISSING', '`email` is missing; enter your e-mail address, e.g. `dr.kovacs@rendelo.hu`'],
      nameInCare: ['FIELD_MISSING', '`nameInCare` is missing; enter the name you use in care (the name patients see), e.g. `Dr. Kovács Anna`'],
      specialties: [
        'FIELD_MISSING',
        '`specialties` is missing; doctors list at least one specialty (szakvizsga) code (the registry has `belgyógyászat`, `kardiológia` for `O50123`); GET /minihis/api/reference-data lists the codes',
      ],
    });
  });

  it('checks the e-mail, the name and each specialty', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'user-data');
    const check = async (body: unknown): Promise<Record<string, [string, string]>> => fieldErrors(await postAs(sim, token, USER_DATA, body));
    // JSON types first, by the body's schema (400): a string where the list belongs, a number in it, a number as the name.
    const typed = await expectProblem(await postAs(sim, token, USER_DATA, { email: 'eva@rendelo.hu', nameInCare: 42, specialties: 'belgyógyászat' }), 400, 'BODY_INVALID');
    expect(typed.details.errors).toEqual([
      { path: 'nameInCare', code: 'FIELD_INVALID', message: 'expected a string of at most 1000 characters, got the number 42' },
      { path: 'specialties', code: 'FIELD_INVALID', message: 'expected an array of at most 50 items, each a string of at most 256 characters, got the string "belgyógyászat"' },
    ]);
    const item = await expectProblem(await postAs(sim, token, USER_DATA, { email: 'eva@rendelo.hu', nameInCare: 'Kovács Éva', specialties: ['kardiológia', 5] }), 400, 'BODY_INVALID');
    expect(item.details.errors).toEqual([{ path: 'specialties[1]', code: 'FIELD_INVALID', message: 'expected a string of at most 256 characters, got the number 5' }]);
    expect(await check({ email: 'kovacs.eva', nameInCare: ' Dr. Kovács Éva ', specialties: ['belgyógyászat'] })).toEqual({
      email: ['EMAIL_INVALID', 'e-mail address `kovacs.eva` must contain exactly one `@` between the name and the domain, e.g. `dr.kovacs@rendelo.hu`'],
      nameInCare: ['NAME_INVALID', '`nameInCare` has surrounding white space; send `Dr. Kovács Éva`'],
    });
    expect(await check({ email: '.eva@rendelo.hu', nameInCare: 'x'.repeat(101), specialties: ['belgyógyászat', 'belgyógyászat', 'fogászat', 'Kardiológia', 'sebészet'] })).toEqual({
      email: ['EMAIL_INVALID', 'e-mail address `.eva@rendelo.hu`: the part before `@` must be letters, digits and . _ % + - (no leading, trailing or double dot), e.g. `dr.kovacs`'],
      nameInCare: ['NAME_INVALID', '`nameInCare` has 101 characters; at most 100 are allowed'],
      'specialties[1]': ['SPECIALTIES_INVALID', '`specialties[1]` `belgyógyászat` is listed twice; list each specialty once'],
      'specialties[2]': [
        'CHOICE_INVALID',
        '`specialties[2]` `fogászat` is not in the Szakvizsga list; GET /minihis/api/reference-data lists the Szakvizsga entries: `háziorvos` (Háziorvos), `belgyógyászat` (Belgyógyászat), `sebészet` (Sebészet), `kardiológia` (Kardiológia), `neurológia` (Neurológia), `gyermekgyógyászat` (Gyermekgyógyászat), `radiológia` (Radiológia), `szemészet` (Szemészet), `bőrgyógyászat` (Bőrgyógyászat), `fül-orr-gégészet` (Fül-orr-gégészet), `ortopédia` (Ortopédia), `pszichiátria` (Pszichiátria), `reumatológia` (Reumatológia), `szülészet-nőgyógyászat` (Szülészet-nőgyógyászat), `tüdőgyógyászat` (Tüdőgyógyászat), `urológia` (Urológia)',
      ],
      'specialties[3]': ['CHOICE_INVALID', '`specialties[3]` `Kardiológia` is not a code of the Szakvizsga list; send the code `kardiológia` of the entry Kardiológia'],
      'specialties[4]': ['SPECIALTY_NOT_HELD', '`specialties[4]` `sebészet` is not a specialty of `O50123` (the registry has `belgyógyászat`, `kardiológia` for `O50123`); list only the specialties you hold'],
    });
    expect(await check({ email: 'eva@rendelo.hu', nameInCare: 'Kovács Éva', specialties: ['kardiológia', ''] })).toEqual({
      'specialties[1]': ['CHOICE_INVALID', '`specialties[1]` is empty; send a specialty code, e.g. `háziorvos`'],
    });
  });

  it('leaves specialties to doctors', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'X12345', 'user-data', '016200103');
    expect(await fieldErrors(await postAs(sim, token, USER_DATA, { email: 'x@rendelo.hu', nameInCare: 'Tóth Péter', specialties: ['háziorvos'] }))).toEqual({
      specialties: ['FIELD_NOT_ALLOWED', '`specialties` (szakvizsgák) are entered by doctors only; `X12345` is non-health staff: leave it out'],
    });
  });
});

describe('NEAK OJOTE credentials', () => {
  it('a doctor enters their own: OBVN-<stamp>USER and the 10-digit contract id', async () => {
    const sim = await testSimulator();
    const token = await setUpTo(sim, 'O50123', 'ojote');
    const res = await postAs(sim, token, OJOTE, {});
    expect((await expectProblem(res.clone(), 422, 'VALIDATION_FAILED')).detail).toBe(
      'the NEAK OJOTE credentials were not saved: 2 fields to correct (`ojoteUsername`, `ojotePassword`); each entry of details.errors says what to enter',
    );
    expect(await fieldErrors(res)).toEqual({
      ojoteUsername: ['FIELD_MISSING', '`ojoteUsername` is missing; yours is `OBVN-50123USER` (OBVN-<stamp number>USER)'],
      ojotePassword: ['FIELD_MISSING', "`ojotePassword` is missing; enter the doctor's 10-digit prescription-contract id (vényírási szerződés azonosító)"],
    });
    expect(await fieldErrors(await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-12345USER', ojotePassword: '123456789' }))).toEqual({
      ojoteUsername: ['OJOTE_USERNAME_INVALID', "OJOTE username `OBVN-12345USER` names stamp number 12345, but the doctor's stamp number is 50123; use `OBVN-50123USER`"],
      ojotePassword: ['OJOTE_PASSWORD_INVALID', 'OJOTE password must be the 10-digit prescription-contract id (vényírási szerződés azonosító), digits only'],
    });
    // A password sent as a number is refused by the body's schema, and not echoed.
    const number = await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-50123USER', ojotePassword: 1234567890 });
    const text = await number.clone().text();
    expect((await expectProblem(number, 400, 'BODY_INVALID')).details.errors).toEqual([
      { path: 'ojotePassword', code: 'FIELD_INVALID', message: 'expected a string of at most 256 characters, got a number (not shown; send it as text)' },
    ]);
    expect(text).not.toContain('1234567890');
    expect(await fieldErrors(await postAs(sim, token, OJOTE, { ojoteUsername: 'obvn-50123user', ojotePassword: '12345' }))).toEqual({
      ojoteUsername: ['OJOTE_USERNAME_INVALID', 'OJOTE username `obvn-50123user` must read `OBVN-<stamp number>USER` with the upper-case letters as shown, e.g. `OBVN-12345USER`'],
      ojotePassword: ['OJOTE_PASSWORD_INVALID', 'OJOTE password must be the 10-digit prescription-contract id (vényírási szerződés azonosító), digits only'],
    });
  });

  it('a nurse enters the credentials of a doctor of the same provider', async () => {
    const sim = await testSimulator();
    const state = sim.deps.store.state;
    const template = state.users.find((u) => u.username === 'O123456') as User;
    state.users.push({ ...structuredClone(template), username: 'O77777', memberships: [{ institutionId: 'E30217B', units: ['302170101'] }] });
    const token = await setUpTo(sim, 'S12345', 'ojote');
    expect(await fieldErrors(await postAs(sim, token, OJOTE, {}))).toEqual({
      ojoteUsername: ['FIELD_MISSING', '`ojoteUsername` is missing; enter the OJOTE username of a doctor of this provider: `OBVN-<stamp number>USER`, e.g. `OBVN-12345USER`'],
      ojotePassword: ['FIELD_MISSING', "`ojotePassword` is missing; enter the doctor's 10-digit prescription-contract id (vényírási szerződés azonosító)"],
    });
    expect(await fieldErrors(await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-99999USER', ojotePassword: '1234567890' }))).toEqual({
      ojoteUsername: ['OJOTE_DOCTOR_UNKNOWN', '`ojoteUsername` `OBVN-99999USER` names stamp number 99999, but no doctor `O99999` exists; enter the credentials of a doctor you work with'],
    });
    expect(await fieldErrors(await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-77777USER', ojotePassword: '1234567890' }))).toEqual({
      ojoteUsername: ['OJOTE_DOCTOR_NOT_HERE', '`ojoteUsername` `OBVN-77777USER` belongs to doctor `O77777`, who does not work at `E01620K`; enter the credentials of a doctor of this provider'],
    });
    expect(await fieldErrors(await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-1234USER', ojotePassword: '12345678901' }))).toEqual({
      ojoteUsername: ['OJOTE_USERNAME_INVALID', 'OJOTE username `OBVN-1234USER` must read `OBVN-<stamp number>USER` with the upper-case letters as shown, e.g. `OBVN-12345USER`'],
      ojotePassword: ['OJOTE_PASSWORD_INVALID', 'OJOTE password must be the 10-digit prescription-contract id (vényírási szerződés azonosító), digits only'],
    });
    expect((await postAs(sim, token, OJOTE, { ojoteUsername: 'OBVN-123456USER', ojotePassword: '1234567890' })).status).toBe(201);
  });
});
