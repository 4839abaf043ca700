import { beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { certificateIssueRequest } from '../../simulator/sts/sts-client.js';
import { revoke } from '../../simulator/state/revocations.js';
import { issueCertificate } from '../../simulator/pki/issue-cert.js';
import { SAML } from '../../simulator/saml/namespaces.js';
import { postSts, principalOf, refusal } from './sts-helpers.js';

const CLINIC = { institutionId: 'E30217B', unitCode: '302170101' };

describe('STS: institutional certificate (X.509 token profile)', () => {
  let sim: Simulator;
  const now = (): Date => sim.deps.clock.now();
  beforeEach(async () => {
    sim = await testSimulator();
  });

  it('issues a token for the institution named by the certificate, acting as its system user', async () => {
    const answer = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: sim.deps.pki.institution('E30217B'), now: now() }));
    expect(answer.status).toBe(200);
    const p = principalOf(sim, answer);
    expect(p).toMatchObject({ nameId: 'E30217B', username: 'X90001', institutionId: 'E30217B', unitCode: '302170101', userKind: 'institution', roles: ['INTEZMENYI_RENDSZER'], authMethod: 'certificate' });
    expect(answer.assertion).toContain(`<saml:AuthnContextClassRef>${SAML.acX509}</saml:AuthnContextClassRef>`);
    expect(sim.deps.journal.list({ service: 'sts' }).at(-1)?.summary).toMatchObject({ method: 'certificate', institutionId: 'E30217B', username: 'X90001', outcome: 'issued' });
  });

  it('refuses an expired and a not-yet-valid certificate', async () => {
    const expired = sim.deps.pki.issue({ kind: 'institution', institutionId: 'E30217B', notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z'), label: 'test/expired' });
    const a = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: expired, now: now() }));
    expect(a.fault?.subcode).toBe('wsse:InvalidSecurityToken');
    expect(refusal(a)).toEqual({
      errorCode: 'CERTIFICATE_EXPIRED',
      message: `certificate \`${expired.subject}\` expired at 2026-01-01T00:00:00.000Z (checked at 2026-03-02T08:00:00.000Z); issue a new one`,
    });
    const future = sim.deps.pki.issue({ kind: 'institution', institutionId: 'E30217B', notBefore: new Date('2026-06-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:00Z'), label: 'test/future' });
    const b = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: future, now: now() }));
    expect(refusal(b).errorCode).toBe('CERTIFICATE_NOT_YET_VALID');
    expect(refusal(b).message).toMatch(/is not valid before 2026-06-01T00:00:00.000Z \(checked at 2026-03-02T08:00:00.000Z\)/);
  });

  it('refuses a revoked certificate (store bucket pki.revoked)', async () => {
    const cred = sim.deps.pki.institution('E30217B');
    revoke(sim.deps.store, cred.serialHex, 'keyCompromise', now());
    const a = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: cred, now: now() }));
    expect(refusal(a)).toEqual({
      errorCode: 'CERTIFICATE_REVOKED',
      message: `the certificate \`${cred.subject}\` (serial ${cred.serialHex}) was revoked at 2026-03-02T08:00:00.000Z (keyCompromise); use a new institutional certificate (or un-revoke it with DELETE /_sim/revocations/${cred.serialHex})`,
    });
  });

  it('refuses certificates from an unknown CA and from another CA of the test PKI', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = issueCertificate({
      profile: 'tls-client',
      subject: [['C', 'HU'], ['organizationIdentifier', 'E30217B'], ['CN', 'E30217B']],
      publicKey: privateKey,
      issuer: 'self',
      serial: Buffer.from([0x01, 0x02, 0x03]),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
    });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const a = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: { keyPem, certPem: foreign.certPem }, now: now() }));
    expect(refusal(a).errorCode).toBe('CERTIFICATE_UNKNOWN_CA');
    expect(refusal(a).message).toMatch(/^the certificate `CN=E30217B,organizationIdentifier=E30217B,C=HU` was not issued by the institutional test CA `CN=EESZT-SIM Test Institutional Authentication CA/);
    const waf = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: sim.deps.pki.waf('E30217B'), now: now() }));
    expect(refusal(waf).errorCode).toBe('CERTIFICATE_UNKNOWN_CA');
  });

  it('refuses a signature that does not cover the Body or the Timestamp', async () => {
    const credential = sim.deps.pki.institution('E30217B');
    const noBody = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential, cover: ['timestamp'], now: now() }));
    expect(refusal(noBody)).toEqual({
      errorCode: 'SIGNATURE_DOES_NOT_COVER_BODY',
      message: 'the signature does not cover the soap:Body (it covers #TS); give the Body a wsu:Id and add a ds:Reference to it',
    });
    const noTs = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential, cover: ['body'], now: now() }));
    expect(refusal(noTs)).toEqual({
      errorCode: 'SIGNATURE_DOES_NOT_COVER_TIMESTAMP',
      message: 'the signature does not cover the wsu:Timestamp (it covers #Body); give the Timestamp a wsu:Id and add a ds:Reference to it',
    });
  });

  it('refuses a Body changed after signing, a wrapped Body, and a key that does not match the certificate', async () => {
    const credential = sim.deps.pki.institution('E30217B');
    const signed = certificateIssueRequest({ ...CLINIC, credential, now: now() });
    const changed = await postSts(sim, signed.replace('>302170101</sim:UnitCode>', '>302170102</sim:UnitCode>'));
    expect(changed.fault?.subcode).toBe('wsse:FailedCheck');
    expect(refusal(changed).errorCode).toBe('SIGNATURE_INVALID');
    expect(refusal(changed).message).toMatch(/the digest of the element referenced as `#Body` does not match/);
    // Signature wrapping: the signed Body moved into a header, a new Body in its place with the same ID.
    const body = /<s:Body[\s\S]*<\/s:Body>/.exec(signed)?.[0] ?? '';
    const evilBody = body.replace('302170101', '302170102');
    const wrapped = signed.replace(body, evilBody).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${body.replace(/s:Body/g, 's:Body')}</x:Wrapper>`);
    const w = await postSts(sim, wrapped);
    expect(refusal(w).errorCode).toBe('DUPLICATE_ID');
    // The same, but the new Body carries no ID: the signature verifies over the moved copy, which is not the Body.
    const moved = signed.replace(body, evilBody.replace(/ wsu:Id="Body"/, '')).replace('<s:Header>', `<s:Header><x:Wrapper xmlns:x="urn:x">${body}</x:Wrapper>`);
    expect(refusal(await postSts(sim, moved)).errorCode).toBe('SIGNATURE_DOES_NOT_COVER_BODY');
    const wrongKey = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: { keyPem: sim.deps.pki.eidServer.keyPem, certPem: credential.certPem }, now: now() }));
    expect(refusal(wrongKey).errorCode).toBe('SIGNATURE_INVALID');
    expect(refusal(wrongKey).message).toMatch(/the SignatureValue does not verify with the expected key/);
  });

  it('refuses a certificate for another institution than the claims, an institution not set up for certificates, and a personal certificate', async () => {
    const mismatch = await postSts(sim, certificateIssueRequest({ institutionId: 'E01620K', unitCode: '016200101', credential: sim.deps.pki.institution('E30217B'), now: now() }));
    expect(refusal(mismatch)).toEqual({
      errorCode: 'CERTIFICATE_INSTITUTION_MISMATCH',
      message: 'the certificate belongs to institution `E30217B`, but the claims ask for `E01620K`; an institution can only get tokens for itself: send sim:InstitutionId E30217B',
    });
    const notEnabled = await postSts(sim, certificateIssueRequest({ institutionId: 'E01620K', unitCode: '016200101', credential: sim.deps.pki.institution('E01620K'), now: now() }));
    expect(refusal(notEnabled).errorCode).toBe('INSTITUTION_CERTIFICATE_NOT_ENABLED');
    const personal = sim.deps.pki.issue({ kind: 'user', subjectId: 'O50123', label: 'test/user' });
    const p = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential: personal, now: now() }));
    expect(refusal(p).errorCode).toBe('CERTIFICATE_NOT_INSTITUTIONAL');
  });

  it('requires a Timestamp and a Signature with the certificate', async () => {
    const credential = sim.deps.pki.institution('E30217B');
    const noTs = await postSts(sim, certificateIssueRequest({ ...CLINIC, credential, timestamp: false, cover: ['body'], now: now() }));
    expect(refusal(noTs).errorCode).toBe('TIMESTAMP_MISSING');
    const unsigned = certificateIssueRequest({ ...CLINIC, credential, now: now() }).replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    expect(refusal(await postSts(sim, unsigned)).errorCode).toBe('SIGNATURE_MISSING');
  });
});
