/**
 * miniHIS first use, end to end, for the three user kinds of the setup guide: a doctor (O), a
 * nurse (S) and non-health staff (X), through login → ÁSZF → first-use configuration → user data
 * → NEAK OJOTE, plus the terms rules (first user of a provider accepts, later ones skip, refusal
 * ends the session) and the 7-hour session.
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { putIamRecord } from '../../simulator/iam/iam-records.js';
import { codeOf, expectProblem, getAs, GOOD_CONFIGURATION, json, logIn, pickInstitution, pickUnit, postAs, postJson, testSimulator } from './helpers.js';

describe('a doctor (O50123) sets miniHIS up', () => {
  it('goes through login, ÁSZF, configuration, user data and OJOTE, each step gated by the one before', async () => {
    const sim = await testSimulator();
    const { token, body: login } = await logIn(sim, 'O50123');
    expect(login).toMatchObject({
      tokenType: 'Bearer',
      termsRequired: true,
      username: 'O50123',
      name: 'Dr. Kovács Éva',
      kind: 'doctor',
      role: 'miniHIS Orvos',
      method: 'mobilToken',
      institution: { institution: '01620K', institutionId: 'E01620K', name: 'Szent Margit Kórház' },
      unit: { unitCode: '016200101', name: 'Belgyógyászati Osztály' },
      createdAt: '2026-03-02T08:00:00.000Z',
      expiresAt: '2026-03-02T15:00:00.000Z',
      setup: { terms: { accepted: false }, configuration: false, userData: false, ojote: false, ready: false, next: 'terms' },
    });
    expect(login.sessionToken).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);

    // The ÁSZF comes before anything else.
    const early = await expectProblem(await postAs(sim, token, '/minihis/api/configuration', GOOD_CONFIGURATION), 403, 'TERMS_NOT_ACCEPTED');
    expect(early.detail).toBe(
      'the ÁSZF (terms of use) of miniHIS must be accepted on behalf of `E01620K` before anything else: read them with GET /minihis/api/terms and accept with POST /minihis/api/terms {"accept":true}',
    );
    await expectProblem(await getAs(sim, token, '/minihis/api/user-data'), 403, 'TERMS_NOT_ACCEPTED');
    const terms = await json(await getAs(sim, token, '/minihis/api/terms'));
    expect(terms).toMatchObject({ title: 'Általános Szerződési Feltételek (ÁSZF)', version: '2022-08-31', institutionId: 'E01620K', accepted: false, acceptance: null });
    const accepted = await json(await postAs(sim, token, '/minihis/api/terms', { accept: true }));
    expect(accepted).toMatchObject({ accepted: true, alreadyAccepted: false, acceptance: { institutionId: 'E01620K', acceptedBy: 'O50123', acceptedAt: '2026-03-02T08:00:00.000Z' }, setup: { next: 'configuration' } });

    // Configuration before user data.
    const noConfig = await expectProblem(await getAs(sim, token, '/minihis/api/user-data'), 409, 'CONFIGURATION_REQUIRED');
    expect(noConfig.detail).toBe('finish the first-use configuration of unit `016200101` first ("Befejezés"): POST /minihis/api/configuration');
    expect(await json(await getAs(sim, token, '/minihis/api/configuration'))).toEqual({ configuration: null, fields: ['institutionId', 'providerCode', 'contact', 'careType', 'referralInstitutionType', 'prescriptionCategory', 'prescriptionCertificateFormat'] });
    const saved = await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a4' });
    expect(saved.status).toBe(201);
    expect(await json(saved)).toMatchObject({
      configuration: {
        institutionId: '01620K',
        eesztInstitutionId: 'E01620K',
        providerCode: '016200101',
        careType: { code: 'jarobeteg-szakellatas', label: 'Járóbeteg-szakellátás' },
        referralInstitutionType: { code: 'nem-finanszirozott', label: 'Nem finanszírozott egészségügyi szolgáltató' },
        prescriptionCategory: { code: 'jarobeteg-szakrendeles', label: 'Járóbeteg szakrendelés' },
        prescriptionCertificateFormat: { code: 'a4', label: 'A4' },
        savedBy: 'O50123',
      },
      setup: { configuration: true, next: 'user-data' },
    });

    // User data before OJOTE; the form is pre-filled from the registry.
    const noData = await expectProblem(await postAs(sim, token, '/minihis/api/ojote', { ojoteUsername: 'OBVN-50123USER', ojotePassword: '1234567890' }), 409, 'USER_DATA_REQUIRED');
    expect(noData.detail).toBe('enter your user data first (e-mail, name used in care, and for doctors the specialties): POST /minihis/api/user-data');
    expect(await json(await getAs(sim, token, '/minihis/api/user-data'))).toEqual({
      userData: null,
      defaults: { email: 'eva.kovacs@eeszt-sim.example', nameInCare: 'Dr. Kovács Éva', specialties: ['belgyógyászat', 'kardiológia'] },
    });
    const data = await postAs(sim, token, '/minihis/api/user-data', { email: 'kovacs.eva@szentmargit.example', nameInCare: 'Dr. Kovács Éva', specialties: ['belgyógyászat'] });
    expect(data.status).toBe(201);
    expect(await json(data)).toMatchObject({ userData: { username: 'O50123', specialties: ['belgyógyászat'] }, setup: { ready: true, ojote: false, next: 'ojote' } });

    // OJOTE: the check needs credentials; the doctor's own are suggested.
    const noCreds = await expectProblem(await getAs(sim, token, '/minihis/api/ojote/check?taj=123456788'), 409, 'OJOTE_NOT_CONFIGURED');
    expect(noCreds.detail).toBe(
      'the NEAK OJOTE eligibility check needs OJOTE credentials; set them first: POST /minihis/api/ojote {"ojoteUsername":"OBVN-50123USER","ojotePassword":"<10-digit prescription-contract id>"}',
    );
    expect(await json(await getAs(sim, token, '/minihis/api/ojote'))).toEqual({ credentials: null, suggestedUsername: 'OBVN-50123USER' });
    const creds = await postAs(sim, token, '/minihis/api/ojote', { ojoteUsername: 'OBVN-50123USER', ojotePassword: '1234567890' });
    expect(creds.status).toBe(201);
    const credsBody = await json(creds);
    expect(credsBody).toEqual({
      credentials: { ojoteUsername: 'OBVN-50123USER', doctorUsername: 'O50123', setBy: 'O50123', setAt: '2026-03-02T08:00:00.000Z' },
      setup: { terms: { accepted: true, acceptedBy: 'O50123', acceptedAt: '2026-03-02T08:00:00.000Z' }, configuration: true, userData: true, ojote: true, ready: true, next: 'ready' },
    });
    expect(JSON.stringify(credsBody)).not.toContain('1234567890');

    expect(await json(await getAs(sim, token, '/minihis/api/ojote/check?taj=123456788'))).toEqual({
      taj: '123456788',
      patient: { familyName: 'Nagy', givenName: 'Ferenc', birthDate: '1948-02-14' },
      eligibility: 'green',
      meaning: 'zöld: the patient has valid health-insurance eligibility (rendezett jogviszony)',
      checkedAs: 'OBVN-50123USER',
      checkedAt: '2026-03-02T08:00:00.000Z',
    });
    expect((await json(await getAs(sim, token, '/minihis/api/ojote/check?taj=037182540'))).eligibility).toBe('red');
    expect((await json(await getAs(sim, token, '/minihis/api/ojote/check?taj=193506277'))).eligibility).toBe('blue');
    const badTaj = await expectProblem(await getAs(sim, token, '/minihis/api/ojote/check?taj=123456789'), 400, 'IDENTIFIER_INVALID');
    expect(badTaj.detail).toBe('TAJ `123456789` has check digit 9, but its first eight digits give 8; check the number (with this check digit it would read `123456788`)');
    const noTaj = await expectProblem(await getAs(sim, token, '/minihis/api/ojote/check'), 400, 'IDENTIFIER_INVALID');
    expect(noTaj.detail).toBe('TAJ number is missing; send the 9-digit TAJ number');
    const unknown = await expectProblem(await getAs(sim, token, '/minihis/api/ojote/check?taj=000000000'), 404, 'PATIENT_UNKNOWN');
    expect(unknown.detail).toBe("NEAK has no patient with TAJ `000000000`; check the number with the patient (GET /_sim/fixtures lists the simulator's patients)");

    const session = await json(await getAs(sim, token, '/minihis/api/session'));
    expect(session.setup).toMatchObject({ ready: true, next: 'ready' });
  });

  it('puts the contact details on the outpatient sheet only while the visibility switch is on', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    await postAs(sim, token, '/minihis/api/terms', { accept: true });
    await expectProblem(await getAs(sim, token, '/minihis/api/outpatient-sheet'), 409, 'CONFIGURATION_REQUIRED');
    await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'blokk' });
    await expectProblem(await getAs(sim, token, '/minihis/api/outpatient-sheet'), 409, 'USER_DATA_REQUIRED');
    await postAs(sim, token, '/minihis/api/user-data', { email: 'kovacs.eva@szentmargit.example', nameInCare: 'Dr. Kovács Éva', specialties: ['kardiológia'] });
    const visible = await json(await getAs(sim, token, '/minihis/api/outpatient-sheet?taj=123456788'));
    expect(visible).toEqual({
      provider: {
        institution: '01620K',
        institutionId: 'E01620K',
        name: 'Szent Margit Kórház',
        city: 'Budapest',
        unit: { unitCode: '016200101', name: 'Belgyógyászati Osztály' },
        providerCode: '016200101',
        careType: 'Járóbeteg-szakellátás',
      },
      practitioner: { username: 'O50123', nameInCare: 'Dr. Kovács Éva', specialties: ['kardiológia'] },
      contactVisible: true,
      contact: { phone: '+36 1 234 5678', email: 'belgyogyaszat@szentmargit.example', address: '1021 Budapest, Margit utca 1.' },
      patient: { taj: '123456788', familyName: 'Nagy', givenName: 'Ferenc', birthDate: '1948-02-14' },
    });
    await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, contact: { ...GOOD_CONFIGURATION.contact, visible: false }, prescriptionCertificateFormat: 'blokk' });
    const hidden = await json(await getAs(sim, token, '/minihis/api/outpatient-sheet'));
    expect(hidden.contactVisible).toBe(false);
    expect(hidden).not.toHaveProperty('contact');
    expect(hidden).not.toHaveProperty('patient');
  });
});

describe('a nurse (S12345) after the doctor: the second user of the provider', () => {
  it('skips the ÁSZF, configures without the certificate format, enters no specialties, and may use the doctor\'s OJOTE credentials', async () => {
    const sim = await testSimulator();
    const doctor = await logIn(sim, 'O50123');
    await postAs(sim, doctor.token, '/minihis/api/terms', { accept: true });

    const { token, body } = await logIn(sim, 'S12345');
    expect(body).toMatchObject({ termsRequired: false, kind: 'nurse', role: 'miniHIS Szakdolgozó', setup: { terms: { accepted: true, acceptedBy: 'O50123' }, next: 'configuration' } });
    expect((await json(await getAs(sim, token, '/minihis/api/configuration'))).fields).not.toContain('prescriptionCertificateFormat');
    const again = await json(await postAs(sim, token, '/minihis/api/terms', { accept: true }));
    expect(again).toMatchObject({ accepted: true, alreadyAccepted: true, acceptance: { acceptedBy: 'O50123' } });

    const config = await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, prescriptionCategory: 'haziorvos' });
    expect(config.status).toBe(201);
    expect((await json(config)).configuration).not.toHaveProperty('prescriptionCertificateFormat');
    expect((await json(await getAs(sim, token, '/minihis/api/user-data'))).defaults).toEqual({ email: expect.stringMatching(/@eeszt-sim\.example$/), nameInCare: expect.any(String) });
    const data = await postAs(sim, token, '/minihis/api/user-data', { email: 'apolo@szentmargit.example', nameInCare: 'Szabó Anna' });
    expect(data.status).toBe(201);
    expect(await json(await getAs(sim, token, '/minihis/api/ojote'))).toEqual({ credentials: null, suggestedUsername: null });
    const creds = await postAs(sim, token, '/minihis/api/ojote', { ojoteUsername: 'OBVN-50123USER', ojotePassword: '1234567890' });
    expect(await json(creds)).toMatchObject({ credentials: { ojoteUsername: 'OBVN-50123USER', doctorUsername: 'O50123', setBy: 'S12345' }, setup: { next: 'ready' } });
    expect((await json(await getAs(sim, token, '/minihis/api/ojote/check?taj=037182540'))).eligibility).toBe('red');
  });

  it('still meets the ÁSZF at another provider', async () => {
    const sim = await testSimulator();
    const doctor = await logIn(sim, 'O50123');
    await postAs(sim, doctor.token, '/minihis/api/terms', { accept: true });
    // O50123 also works at the outpatient clinic E30217B; its permission admin grants miniHIS there.
    putIamRecord(sim.deps.store.state, { partner: 1, system: 1, username: 'O50123', institutionId: 'E30217B', unitCode: '302170101', roles: ['miniHIS Orvos'] });
    sim.deps.clock.advance(60_000);
    const institutionPick = await pickInstitution(sim, 'Kardiológiai Rendelő');
    const unitPick = await pickUnit(sim, institutionPick, '302170101');
    const res = await postJson(sim, '/minihis/api/login', { institutionPick, unitPick, username: 'O50123', mobilTokenCode: codeOf(sim, 'O50123') });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ termsRequired: true, institution: { institution: '30217B', institutionId: 'E30217B' }, setup: { next: 'terms' } });
  });
});

describe('non-health staff (X12345), the first user of the provider', () => {
  it('accepts the ÁSZF and goes through configuration, user data and a doctor\'s OJOTE credentials', async () => {
    const sim = await testSimulator();
    const { token, body } = await logIn(sim, 'X12345', '016200103');
    expect(body).toMatchObject({ termsRequired: true, kind: 'staff', role: 'miniHIS Adatrögzítő', unit: { unitCode: '016200103', name: 'Sürgősségi Betegellátó Osztály' } });
    await postAs(sim, token, '/minihis/api/terms', { accept: true });
    const config = await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, providerCode: '016200103', careType: 'fekvobeteg-szakellatas', referralInstitutionType: 'finanszirozott' });
    expect(config.status).toBe(201);
    const data = await postAs(sim, token, '/minihis/api/user-data', { email: 'adatrogzito@szentmargit.example', nameInCare: 'Tóth Péter' });
    const dataBody = await json(data);
    expect(dataBody).toMatchObject({ userData: { username: 'X12345', nameInCare: 'Tóth Péter' }, setup: { ready: true, next: 'ojote' } });
    expect(dataBody.userData).not.toHaveProperty('specialties');
    const creds = await postAs(sim, token, '/minihis/api/ojote', { ojoteUsername: 'OBVN-72345USER', ojotePassword: '9876543210' });
    expect(await json(creds)).toMatchObject({ credentials: { doctorUsername: 'O72345', setBy: 'X12345' }, setup: { next: 'ready' } });
    expect((await json(await getAs(sim, token, '/minihis/api/ojote/check?taj=193506277'))).eligibility).toBe('blue');
  });
});

describe('the ÁSZF refused', () => {
  it('ends the session, and the provider still has to accept at the next login', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    const invalid = await expectProblem(await postAs(sim, token, '/minihis/api/terms', { accept: 'yes' }), 400, 'TERMS_ANSWER_INVALID');
    expect(invalid.detail).toBe(
      'the request body was refused: accept: expected a boolean (true or false, not a string), got the string "yes"; send e.g. {"accept":true} to accept the ÁSZF ("Következő"), {"accept":false} to refuse it',
    );
    expect(invalid.details.errors).toEqual([{ path: 'accept', code: 'FIELD_INVALID', message: 'expected a boolean (true or false, not a string), got the string "yes"' }]);
    expect(await json(await postAs(sim, token, '/minihis/api/terms', { accept: false }))).toEqual({
      accepted: false,
      sessionEnded: true,
      message: 'the ÁSZF was refused: miniHIS cannot be used without accepting it, and this session has ended; log in again and accept the ÁSZF to continue',
    });
    for (const res of [await getAs(sim, token, '/minihis/api/session'), await postAs(sim, token, '/minihis/api/terms', { accept: true }), await getAs(sim, token, '/minihis/api/configuration')]) {
      const p = await expectProblem(res, 401, 'SESSION_ENDED');
      expect(p.detail).toBe(
        'this miniHIS session ended at 2026-03-02T08:00:00.000Z because the ÁSZF (terms) were refused, and miniHIS cannot be used without accepting them; log in again: POST /minihis/api/login',
      );
    }
    sim.deps.clock.advance(60_000);
    const next = await logIn(sim, 'S12345');
    expect(next.body).toMatchObject({ termsRequired: true, setup: { next: 'terms' } });
  });

  it('cannot be refused once the provider accepted it', async () => {
    const sim = await testSimulator();
    const doctor = await logIn(sim, 'O50123');
    await postAs(sim, doctor.token, '/minihis/api/terms', { accept: true });
    const nurse = await logIn(sim, 'S12345');
    const p = await expectProblem(await postAs(sim, nurse.token, '/minihis/api/terms', { accept: false }), 409, 'TERMS_ALREADY_ACCEPTED');
    expect(p.detail).toBe('the ÁSZF of `E01620K` was already accepted by `O50123` at 2026-03-02T08:00:00.000Z; there is nothing to refuse');
  });
});

describe('the session', () => {
  it('lasts 7 hours at the simulator clock', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    sim.deps.clock.advance(7 * 3_600_000 - 1);
    expect((await getAs(sim, token, '/minihis/api/session')).status).toBe(200);
    sim.deps.clock.advance(1);
    const p = await expectProblem(await getAs(sim, token, '/minihis/api/session'), 401, 'SESSION_EXPIRED');
    expect(p.detail).toBe(
      'your miniHIS session expired at 2026-03-02T15:00:00.000Z (a session lasts 7 hours at the simulator clock, now 2026-03-02T15:00:00.000Z); log in again: POST /minihis/api/login',
    );
  });

  it('lasts as many hours as the fixture setting miniHisSessionHours says (rule MINIHIS-SESSION)', async () => {
    const fixtures = loadDefaultFixtures();
    fixtures.settings = { ...fixtures.settings, miniHisSessionHours: 2 };
    const sim = await testSimulator({ fixtures });
    expect(await json(await sim.app.request('/minihis/api'))).toMatchObject({ sessionHours: 2 });
    const { token } = await logIn(sim, 'O50123');
    sim.deps.clock.advance(2 * 3_600_000 - 1);
    expect((await getAs(sim, token, '/minihis/api/session')).status).toBe(200);
    sim.deps.clock.advance(1);
    const p = await expectProblem(await getAs(sim, token, '/minihis/api/session'), 401, 'SESSION_EXPIRED');
    expect(p.detail).toBe(
      'your miniHIS session expired at 2026-03-02T10:00:00.000Z (a session lasts 2 hours at the simulator clock, now 2026-03-02T10:00:00.000Z); log in again: POST /minihis/api/login',
    );
  });

  it('needs the bearer token, and ends at logout', async () => {
    const sim = await testSimulator();
    const missing = await expectProblem(await sim.app.request('/minihis/api/session'), 401, 'SESSION_REQUIRED');
    expect(missing.detail).toBe('log in first (POST /minihis/api/login) and send the session token as `Authorization: Bearer <sessionToken>`');
    const unknown = await expectProblem(await getAs(sim, 'mh_not-a-session', '/minihis/api/session'), 401, 'SESSION_UNKNOWN');
    expect(unknown.detail).toBe('the bearer token is not a miniHIS session (mistyped, or cleared by a simulator reset); log in again: POST /minihis/api/login');
    const { token } = await logIn(sim, 'O50123');
    expect(await json(await postAs(sim, token, '/minihis/api/logout', {}))).toEqual({ loggedOut: true, endedAt: '2026-03-02T08:00:00.000Z' });
    const ended = await expectProblem(await getAs(sim, token, '/minihis/api/session'), 401, 'SESSION_ENDED');
    expect(ended.detail).toBe('this miniHIS session ended at 2026-03-02T08:00:00.000Z because you logged out; log in again: POST /minihis/api/login');
  });

  it('is forgotten by a reset, and never written to the journal', async () => {
    const sim = await testSimulator();
    const { token } = await logIn(sim, 'O50123');
    const journal = JSON.stringify(sim.deps.journal.list({}));
    expect(journal).toContain('minihis-login');
    expect(journal).not.toMatch(/"mobilTokenCode":"\d{6}"/);
    await sim.app.request('/_sim/reset', { method: 'POST' });
    await expectProblem(await getAs(sim, token, '/minihis/api/session'), 401, 'SESSION_UNKNOWN');
  });
});
