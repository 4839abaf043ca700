/**
 * Authentic readout („hiteles adatkiolvasás”, seed 003: „Az eSzemélyihez kapcsolódó online
 * azonosítás, hitelesítés és az eSzemélyiről történő hiteles adatkiolvasás az eSzemélyi Kliens
 * és az online eID szerver segítségével érhető el. – TAJ és adóazonosító”): the chip holds the
 * TAJ, the tax id and the electronic unique id („A chip adattartalma”), read after the holder's
 * PIN and certified by the eID server.
 */
import { describe, expect, it } from 'vitest';
import { verifyRidPackage } from '../../simulator/eid/rid-package.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { electronicIdOf } from '../../virtual-reader/card/personal-data.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { postSts } from '../sts/sts-helpers.js';
import { cardLogin, CONTEXT, problem } from './card-login-helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

describe('authentic readout of TAJ and tax id through the card client and the eID server', () => {
  it('reads TAJ, tax id and the electronic unique id after the PIN, in a package the eID server signed', async () => {
    const sim = await testSimulator();
    const card = sim.deps.store.state.cards.find((c) => c.documentId === '123456AB')!;
    const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K', purpose: 'readout' }));
    expect(pkg.purpose).toBe('readout');
    expect((await postJson(sim, '/card-client/readers/0/card', { documentId: '123456AB' })).status).toBe(201);
    const res = await postJson(sim, '/card-client/readout', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
    expect(res.status).toBe(200);
    const answer = await json(res);
    expect(answer).toMatchObject({ taj: card.taj, taxId: card.taxId, electronicId: electronicIdOf(card), requestNonce: pkg.nonce, reader: 0 });
    expect(answer.electronicId).toMatch(/^[0-9A-F]{32}$/);
    const xml = Buffer.from(answer.readoutPackage, 'base64').toString('utf8');
    const verified = verifyRidPackage(xml, { eidServerCertPem: sim.deps.pki.eidServer.certPem, now: sim.deps.clock.now(), kind: 'readout' });
    expect(verified.readout).toEqual({ taj: '035742513', taxId: '8395581238', electronicId: electronicIdOf(card) });
    // A changed TAJ breaks the eID server's signature.
    expect(() => verifyRidPackage(xml.replace('035742513', '123456788'), { eidServerCertPem: sim.deps.pki.eidServer.certPem, now: sim.deps.clock.now(), kind: 'readout' })).toThrow(/signature/);
    // A readout package is no login.
    const sts = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: xml, now: sim.deps.clock.now() }));
    expect(sts.fault?.errorCode).toBe('RID_PACKAGE_MALFORMED');
    expect(sts.fault?.message).toContain('a readout package certifies chip data; it is no login');
    // The PIN is redacted from the journal; the readout is recorded.
    expect(sim.deps.journal.list({ service: 'eid-server' }).at(-1)?.summary).toMatchObject({ operation: 'eid-readout', documentId: '123456AB' });
    expect(JSON.stringify(sim.deps.journal.list({ service: 'card-client' }))).not.toContain('"123456"');
  });

  it('needs the PIN: a wrong one reads nothing; a login package is refused by /readout and vice versa', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const readoutPackage = async (): Promise<string> => (await json(await postRequestPackage(t.sim, { institutionId: 'E01620K', purpose: 'readout' }))).requestPackage;
    const wrong = await t.cc('POST', '/readout', { requestPackage: await readoutPackage(), cardholder: [{ wrongPin: true }] });
    expect(await problem(wrong)).toMatchObject({ status: 401, code: 'PIN_WRONG' });
    const login = await t.cc('POST', '/readout', { requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] });
    expect(await problem(login)).toMatchObject({ status: 400, code: 'REQUEST_PACKAGE_PURPOSE_MISMATCH' });
    const viaAuth = await t.authenticate({ requestPackage: await readoutPackage(), cardholder: [{ pin: '123456' }] });
    expect(await problem(viaAuth)).toMatchObject({ status: 400, code: 'REQUEST_PACKAGE_PURPOSE_MISMATCH' });
    expect((await problem(await postRequestPackage(t.sim, { institutionId: 'E01620K', purpose: 'activation' }))).code).toBe('REQUEST_PURPOSE_INVALID');
  });

  it('the eID server refuses data the card did not sign', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pkg = (await json(await postRequestPackage(t.sim, { institutionId: 'E01620K', purpose: 'readout' }))).requestPackage;
    const session = await t.client.eidServer.openSession(pkg);
    const entry = t.client.readers.get(0);
    expect(entry).toBeDefined();
    // Run the card part by hand, then swap the TAJ before answering the eID server.
    const { CardSession } = await import('../../virtual-reader/card-session.js');
    const { createScriptedCardholder } = await import('../../virtual-reader/reader/scripted-cardholder.js');
    const read = await new CardSession({ reader: entry!.reader }).readPersonalData({ challenge: session.challenge, cardholder: createScriptedCardholder([{ enter: '123456' }]) });
    const forged = Buffer.from(read.personalData).toString('latin1').replace('035742513', '123456788');
    const res = await postJson(t.sim, `/eid-server/sessions/${session.sessionId}/readout`, {
      certificate: Buffer.from(read.certificateDer).toString('base64'),
      personalData: Buffer.from(forged, 'latin1').toString('base64'),
      signature: Buffer.from(read.signature).toString('base64'),
    });
    expect(await problem(res)).toMatchObject({ status: 401, code: 'CARD_SIGNATURE_INVALID' });
  });
});
