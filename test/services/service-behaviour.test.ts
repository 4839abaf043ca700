/**
 * The business services beyond the matrix: the missing-role fault, live V-MÁTRIX changes, "as
 * institution" with a user token, token checks, identifier checks, persistence and reset,
 * modification by the author only, n/a operations, SOAP 1.1, WSDLs and the journal.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { parseUntrustedXml } from '../../simulator/soap/safe-xml.js';
import { callService, elementNames, institutionToken, requestBody, samlAuthorization, textIn, userToken } from './support/service-client.js';

const PATIENT = '123456788';
const NO_ROLE = { username: 'O83456', institutionId: 'E01620K', unitCode: '016200101' };
const ADMIN = { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' };
const DOCTOR_E30217B = { username: 'O50123', institutionId: 'E30217B', unitCode: '302170101' };
const prescription = { Taj: PATIENT, Medication: 'Amlodipin 5 mg', Dosage: '1x1' };

let sim: Simulator;
beforeEach(async () => {
  sim = await testSimulator();
});

describe('the missing-role fault', () => {
  it('names the role, the unit and the institution, and says who fixes it (SOAP 1.2)', async () => {
    const token = await userToken(sim, NO_ROLE);
    const answer = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token);
    expect(answer.status).toBe(400);
    expect(answer.fault?.code).toBe('s:Sender');
    expect(answer.fault?.errorCode).toBe('ROLE_MISSING');
    expect(answer.fault?.message).toBe(
      "user `O83456` has no V-MÁTRIX role `ORVOS` in unit `016200101` of `E01620K` (needed to write eRecept); the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)",
    );
    expect(answer.fault?.details).toMatchObject({ role: 'ORVOS', unitCode: '016200101', institutionId: 'E01620K', username: 'O83456' });
    expect(answer.text).toContain('wst:RequestFailed');
  });

  it('is refused for every operation of every service, also in SOAP 1.1', async () => {
    const token = await userToken(sim, NO_ROLE);
    const calls: Array<[string, string, Record<string, string>, string]> = [
      ['esemenykatalogus', 'ListCareEventsRequest', { Taj: PATIENT }, 'ORVOS'],
      ['ehr', 'SubmitHealthDocumentRequest', { Taj: PATIENT, DocumentType: 'lab-result', Title: 't', Body: 'b' }, 'ORVOS` or `INTEZMENYI_RENDSZER'],
      ['eprofil', 'GetProfileRequest', { Taj: PATIENT }, 'ORVOS'],
      ['erecept', 'ListPrescriptionsRequest', { Taj: PATIENT }, 'ORVOS'],
      ['ebeutalo', 'ListReferralsRequest', { Taj: PATIENT }, 'ORVOS` or `INTEZMENYI_RENDSZER'],
    ];
    for (const [service, op, fields, role] of calls) {
      const answer = await callService(sim, service, requestBody(op, fields), token, { version: '1.1' });
      expect(answer.status).toBe(500);
      expect(answer.text).toContain('<faultcode>wst:RequestFailed</faultcode>');
      expect(answer.fault?.errorCode).toBe('ROLE_MISSING');
      expect(answer.fault?.message).toContain(`has no V-MÁTRIX role \`${role}\` in unit \`016200101\` of \`E01620K\``);
    }
  });

  it('follows the V-MÁTRIX live: a grant works for a token issued before it, a revoke refuses again', async () => {
    const token = await userToken(sim, NO_ROLE);
    const admin = samlAuthorization(await userToken(sim, ADMIN));
    const granted = await postJson(sim, '/iam/api/vmatrix/units/016200101/grants', { username: 'O83456', role: 'ORVOS' }, admin);
    expect(granted.status).toBe(201);
    const ok = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token);
    expect(ok.fault, ok.fault?.message).toBeUndefined();
    const revoked = await sim.app.request('/iam/api/vmatrix/units/016200101/grants/O83456/ORVOS', { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    const again = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token);
    expect(again.fault?.errorCode).toBe('ROLE_MISSING');
  });
});

describe('acting as the institution', () => {
  const careEvent = (start: string): ReturnType<typeof requestBody> => requestBody('RegisterCareEventRequest', { Taj: PATIENT, EventType: 'outpatient', Start: start });

  it('a doctor holding only ORVOS reports for the institution from the unit (seed 002), and so becomes a treating doctor', async () => {
    const seat = { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' };
    expect(sim.deps.store.state.vmatrix.filter((g) => g.username === 'O50123' && g.unitCode === '016200101').flatMap((g) => g.roles)).toEqual(['ORVOS']);
    const token = await userToken(sim, seat);
    const event = await callService(sim, 'esemenykatalogus', careEvent('2026-03-02T07:00:00Z'), token);
    expect(event.fault, event.fault?.message).toBeUndefined();
    expect(textIn(event.result, 'AuthorUsername')).toBe('O50123');
    expect(textIn(event.result, 'AuthorInstitution')).toBe('E01620K');
    const doc = await callService(sim, 'ehr', requestBody('SubmitHealthDocumentRequest', { Taj: PATIENT, DocumentType: 'outpatient-sheet', Title: 'Ambuláns lap', Body: 'RR 130/80' }), token);
    expect(doc.fault, doc.fault?.message).toBeUndefined();
    const listed = await callService(sim, 'ehr', requestBody('ListHealthDocumentsRequest', { Taj: PATIENT }), token);
    expect(listed.fault, listed.fault?.message).toBeUndefined();
    expect(textIn(listed.result, 'Count')).toBe('1');
    const entry = sim.deps.journal.list({ service: 'esemenykatalogus' }).at(0);
    expect(entry?.summary).toMatchObject({ operation: 'RegisterCareEvent', actor: 'institution', username: 'O50123' });
  });

  it('an institutional user acts only with a token of the institutional certificate (seed 003); its password token gets a fault saying how to get one', async () => {
    const seat = { username: 'X90001', institutionId: 'E30217B', unitCode: '302170101' };
    const byPassword = await userToken(sim, seat); // two factors even: still not the certificate
    const refused = await callService(sim, 'esemenykatalogus', careEvent('2026-03-02T07:00:00Z'), byPassword);
    expect(refused.status).toBe(400);
    expect(refused.fault?.errorCode).toBe('INSTITUTION_CERTIFICATE_REQUIRED');
    expect(refused.fault?.message).toBe(
      '`X90001` is an institutional user of `E30217B` (V-MÁTRIX role INTEZMENYI_RENDSZER) and its token was obtained with password and mobilToken code (two factors); institutional users act only with the institutional certificate (seed 003: „Intézményi felhasználók … csak tanúsítvány használatával”), so it may not write Eseménykatalógus as the institution with this token: get a token from /sts with the institution\'s certificate (X.509 token profile: the certificate in a wsse:BinarySecurityToken and a signature over Body and Timestamp, docs/protocol.md), or let a doctor holding ORVOS in the unit report with a two-factor login; during early development only, an environment started with `--policy lenient` admits it (flagged, never conformance)',
    );
    expect(refused.fault?.details).toMatchObject({ username: 'X90001', institutionId: 'E30217B', authMethod: 'password-mobiltoken', rule: 'AUTH-INSTITUTION-CERTIFICATE' });
    expect(refused.text).toContain('wst:RequestFailed');
    const byCertificate = await institutionToken(sim, 'E30217B', '302170101');
    const accepted = await callService(sim, 'esemenykatalogus', careEvent('2026-03-02T07:00:00Z'), byCertificate);
    expect(accepted.fault, accepted.fault?.message).toBeUndefined();
    expect(textIn(accepted.result, 'AuthorUsername')).toBe('X90001');
  });

  it('a care event makes the doctors of that institution treating doctors of the patient', async () => {
    const doctor = await userToken(sim, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' });
    const list = requestBody('ListPrescriptionsRequest', { Taj: PATIENT });
    const refused = await callService(sim, 'erecept', list, doctor);
    expect(refused.fault?.errorCode).toBe('NOT_TREATING_DOCTOR');
    expect(refused.fault?.message).toBe(
      'doctor `O50123` is not a treating doctor of patient `123456788`: `E01620K` has no care event (Eseménykatalógus entry) for this patient, and only treating doctors may list eRecept; a doctor of the institution (ORVOS in the unit) or its institutional user records the care event first (Eseménykatalógus RegisterCareEvent)',
    );
    // A care event at another institution does not help.
    const other = await institutionToken(sim, 'E30217B', '302170101');
    await callService(sim, 'esemenykatalogus', careEvent('2026-03-02T07:00:00Z'), other);
    expect((await callService(sim, 'erecept', list, doctor)).fault?.errorCode).toBe('NOT_TREATING_DOCTOR');
    // A colleague's care event in another unit of the same institution does.
    const colleague = await userToken(sim, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200102' });
    const registered = await callService(sim, 'esemenykatalogus', careEvent('2026-03-02T07:10:00Z'), colleague);
    expect(registered.fault, registered.fault?.message).toBeUndefined();
    const listed = await callService(sim, 'erecept', list, doctor);
    expect(listed.fault, listed.fault?.message).toBeUndefined();
    expect(textIn(listed.result, 'Count')).toBe('0');
  });

  it('a pharmacy system user with INTEZMENYI_RENDSZER cannot act as a health provider', async () => {
    // Set up directly in the working copy (the catalogue keeps INTEZMENYI_RENDSZER for `X` users; this models a pharmacy's system).
    const grant = sim.deps.store.state.vmatrix.find((g) => g.username === 'G12345' && g.unitCode === '123450001');
    grant?.roles.push('INTEZMENYI_RENDSZER');
    const token = await userToken(sim, { username: 'G12345', institutionId: 'P012345', unitCode: '123450001' });
    const answer = await callService(sim, 'ehr', requestBody('SubmitHealthDocumentRequest', { Taj: PATIENT, DocumentType: 'lab-result', Title: 't', Body: 'b' }), token);
    expect(answer.fault?.errorCode).toBe('ACTOR_NOT_ALLOWED');
    expect(answer.fault?.message).toContain('`P012345` is a pharmacy');
  });
});

describe('tokens', () => {
  it('refuses a request without a token, with a tampered token, and with an expired token', async () => {
    const none = await callService(sim, 'erecept', requestBody('ListPrescriptionsRequest', { Taj: PATIENT }), undefined);
    expect(none.fault?.errorCode).toBe('TOKEN_MISSING');
    const token = await userToken(sim, DOCTOR_E30217B);
    const tampered = token.replace('<saml:AttributeValue>302170101</saml:AttributeValue>', '<saml:AttributeValue>302170102</saml:AttributeValue>');
    expect(tampered).not.toBe(token);
    expect((await callService(sim, 'erecept', requestBody('ListPrescriptionsRequest', { Taj: PATIENT }), tampered)).fault?.errorCode).toBe('TOKEN_SIGNATURE_INVALID');
    sim.deps.clock.advance(7 * 3600_000);
    const expired = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token);
    expect(expired.fault?.errorCode).toBe('TOKEN_EXPIRED');
  });
});

describe('requests', () => {
  it('checks the TAJ check digit, the patient, required and unknown elements, and the operation', async () => {
    const token = await userToken(sim, DOCTOR_E30217B);
    const badTaj = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { ...prescription, Taj: '123456789' }), token);
    expect(badTaj.fault?.errorCode).toBe('IDENTIFIER_INVALID');
    expect(badTaj.fault?.message).toBe('TAJ `123456789` has check digit 9, but its first eight digits give 8; check the number (with this check digit it would read `123456788`)');
    const unknown = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { ...prescription, Taj: '000000000' }), token);
    expect(unknown.fault?.errorCode).toBe('PATIENT_UNKNOWN');
    const missing = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { Taj: PATIENT, Medication: 'x' }), token);
    expect(missing.fault?.errorCode).toBe('FIELD_MISSING');
    expect(missing.fault?.message).toContain('`IssuePrescriptionRequest` needs `Dosage`');
    const extra = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { ...prescription, Colour: 'red' }), token);
    expect(extra.fault?.errorCode).toBe('FIELD_UNKNOWN');
    const op = await callService(sim, 'erecept', requestBody('DeletePrescriptionRequest', { Id: 'ER-000001' }), token);
    expect(op.fault?.errorCode).toBe('OPERATION_UNKNOWN');
    expect(op.fault?.message).toContain('`IssuePrescriptionRequest`, `GetPrescriptionRequest`, `ListPrescriptionsRequest`');
    const code = await callService(sim, 'ebeutalo', requestBody('IssueReferralRequest', { Taj: PATIENT, ReferralType: 'x', Diagnosis: 'd' }), token);
    expect(code.fault?.errorCode).toBe('FIELD_INVALID');
    const inst = await callService(sim, 'ebeutalo', requestBody('IssueReferralRequest', { Taj: PATIENT, ReferralType: 'specialist', Diagnosis: 'd', TargetInstitution: '30217B' }), token);
    expect(inst.fault?.errorCode).toBe('IDENTIFIER_INVALID');
    expect(inst.fault?.message).toContain('lacks the `E` prefix');
  });

  it('answers an n/a query (eProfil list) with what to use instead', async () => {
    const token = await userToken(sim, DOCTOR_E30217B);
    const answer = await callService(sim, 'eprofil', requestBody('ListProfilesRequest', { Taj: PATIENT }), token);
    expect(answer.fault?.errorCode).toBe('OPERATION_NOT_AVAILABLE');
    expect(answer.fault?.message).toBe('eProfil offers no list operation (the EESZT permission matrix marks it n/a); use GetProfile to read eProfil');
  });
});

describe('data', () => {
  it('survives across calls, is modified only by its author (version + 1), and is cleared by reset', async () => {
    const institution = await institutionToken(sim, 'E30217B', '302170101');
    await callService(sim, 'esemenykatalogus', requestBody('RegisterCareEventRequest', { Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z' }), institution);
    const author = await userToken(sim, DOCTOR_E30217B);
    const colleague = await userToken(sim, { username: 'O50665', institutionId: 'E30217B', unitCode: '302170102' });
    const issued = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), author);
    const id = textIn(issued.result, 'Id') ?? '';
    expect(id).toBe('ER-000001');
    expect(textIn(issued.result, 'Version')).toBe('1');
    const byColleague = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { Id: id, ...prescription, Dosage: '2x1' }), colleague);
    expect(byColleague.fault?.errorCode).toBe('NOT_AUTHOR');
    sim.deps.clock.advance(60_000);
    const modified = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', { Id: id, ...prescription, Dosage: '2x1' }), author);
    expect(textIn(modified.result, 'Version')).toBe('2');
    expect(textIn(modified.result, 'Modified')).toBe('2026-03-02T08:01:00.000Z');
    const read = await callService(sim, 'erecept', requestBody('GetPrescriptionRequest', { Id: id }), colleague);
    expect(textIn(read.result, 'Dosage')).toBe('2x1');
    expect(textIn(read.result, 'Created')).toBe('2026-03-02T08:00:00.000Z');
    expect((await postJson(sim, '/_sim/reset', { keepClock: true })).status).toBe(200);
    // the issued tokens are gone (TOKEN_ISSUED_BEFORE_RESET), and so is the data
    expect((await callService(sim, 'erecept', requestBody('GetPrescriptionRequest', { Id: id }), author)).fault?.errorCode).toBe('TOKEN_ISSUED_BEFORE_RESET');
    const author2 = await userToken(sim, DOCTOR_E30217B);
    const noCareEvent = await callService(sim, 'erecept', requestBody('ListPrescriptionsRequest', { Taj: PATIENT }), author2);
    expect(noCareEvent.fault?.errorCode).toBe('NOT_TREATING_DOCTOR'); // the care event is gone too
    await callService(sim, 'esemenykatalogus', requestBody('RegisterCareEventRequest', { Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z' }), await institutionToken(sim, 'E30217B', '302170101'));
    expect((await callService(sim, 'erecept', requestBody('GetPrescriptionRequest', { Id: id }), author2)).fault?.errorCode).toBe('DOCUMENT_NOT_FOUND');
  });

  it('eProfil keeps one profile per patient, written over by any doctor', async () => {
    const a = await userToken(sim, DOCTOR_E30217B);
    const b = await userToken(sim, { username: 'O75339', institutionId: 'E40515F', unitCode: '911831937' });
    const first = await callService(sim, 'eprofil', requestBody('SaveProfileRequest', { Taj: PATIENT, BloodGroup: 'A+' }), a);
    expect(textIn(first.result, 'Id')).toBe(`EP-${PATIENT}`);
    const second = await callService(sim, 'eprofil', requestBody('SaveProfileRequest', { Taj: PATIENT, BloodGroup: 'A+', Allergies: 'latex' }), b);
    expect(textIn(second.result, 'Version')).toBe('2');
    expect(textIn(second.result, 'AuthorUsername')).toBe('O50123');
  });

  it('writes a journal summary without health content', async () => {
    const token = await userToken(sim, DOCTOR_E30217B);
    await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token);
    const entry = sim.deps.journal.list({ service: 'erecept' }).at(-1);
    expect(entry?.summary).toMatchObject({ operation: 'IssuePrescription', username: 'O50123', institutionId: 'E30217B', unitCode: '302170101', access: 'write', actor: 'doctor', documentId: 'ER-000001' });
    expect(JSON.stringify(entry?.summary)).not.toContain('Amlodipin');
  });
});

describe('SOAP', () => {
  it('accepts SOAP 1.1 and answers in SOAP 1.1 with WS-Addressing RelatesTo', async () => {
    const token = await userToken(sim, DOCTOR_E30217B);
    const answer = await callService(sim, 'erecept', requestBody('IssuePrescriptionRequest', prescription), token, { version: '1.1' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(answer.text).toContain('<wsa:RelatesTo>urn:uuid:');
    expect(answer.text).toContain('<wsa:Action>urn:eeszt-sim:services:erecept:2026/IssuePrescriptionResponse</wsa:Action>');
  });

  it.each(['esemenykatalogus', 'ehr', 'eprofil', 'erecept', 'ebeutalo'])('%s serves a self-contained WSDL at ?wsdl naming the endpoint', async (service) => {
    const res = await sim.app.request(`http://127.0.0.1:8080/services/${service}?wsdl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const text = await res.text();
    const doc = parseUntrustedXml(text);
    expect(doc.documentElement?.localName).toBe('definitions');
    expect(text).not.toMatch(/schemaLocation|<wsdl:import|<xs:import|<xs:include/);
    expect(text).toContain(`<soap12:address location="http://127.0.0.1:8080/services/${service}"/>`);
    expect(text).toContain(`<soap:address location="http://127.0.0.1:8080/services/${service}"/>`);
    const discovery = await json(await sim.app.request('http://127.0.0.1:8080/.well-known/eeszt-sim'));
    expect(discovery.endpoints[`${service}Wsdl`]).toBe(`http://127.0.0.1:8080/services/${service}?wsdl`);
  });

  it('answers a plain GET with what to do', async () => {
    const res = await sim.app.request('/services/erecept');
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('SOAP_EXPECTED');
  });

  it('the list answer carries only metadata elements', async () => {
    const institution = await institutionToken(sim, 'E30217B', '302170101');
    await callService(sim, 'esemenykatalogus', requestBody('RegisterCareEventRequest', { Taj: PATIENT, EventType: 'outpatient', Start: '2026-03-02T07:00:00Z', Diagnosis: 'I10', Note: 'secret' }), institution);
    const doctor = await userToken(sim, DOCTOR_E30217B);
    const list = await callService(sim, 'esemenykatalogus', requestBody('ListCareEventsRequest', { Taj: PATIENT }), doctor);
    expect(new Set(elementNames(list.result))).toEqual(
      new Set(['Count', 'Total', 'More', 'CareEventSummary', 'Id', 'Version', 'Taj', 'Created', 'Modified', 'AuthorUsername', 'AuthorInstitution', 'AuthorUnit', 'EventType', 'Start']),
    );
    expect(list.text).not.toContain('secret');
  });
});
