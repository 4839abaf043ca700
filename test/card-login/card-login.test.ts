import { describe, expect, it } from 'vitest';
import { SAML } from '../../simulator/saml/namespaces.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { principalOf } from '../sts/sts-helpers.js';
import { cardLogin, CONTEXT, problem } from './card-login-helpers.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { postSts } from '../sts/sts-helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

describe('card login end to end: request package -> card client -> eID server -> rID -> STS', () => {
  it('through the simulator-mounted card client: a two-factor card token for O50123', async () => {
    const sim = await testSimulator();
    const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
    expect(pkg).toMatchObject({ audience: 'urn:eeszt-sim:sector:eeszt', purpose: 'login', requester: 'E01620K' });
    expect(Date.parse(pkg.notOnOrAfter) - Date.parse(pkg.issueInstant)).toBe(300_000);
    expect((await postJson(sim, '/card-client/readers/0/card', { documentId: '123456AB' })).status).toBe(201);
    const auth = await postJson(sim, '/card-client/authenticate', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
    expect(auth.status).toBe(200);
    const rid = await json(auth);
    expect(rid).toMatchObject({ requestNonce: pkg.nonce, audience: 'urn:eeszt-sim:sector:eeszt', pinChanged: false, reader: 0 });
    const answer = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(rid.ridPackage, 'base64').toString('utf8'), now: sim.deps.clock.now() }));
    expect(principalOf(sim, answer)).toMatchObject({ username: 'O50123', authMethod: 'card' });
    expect(answer.assertion).toContain(`<saml:AuthnContextClassRef>${SAML.acSmartcardPki}</saml:AuthnContextClassRef>`);
    const services = sim.deps.journal.list().map((e) => e.service);
    expect(services).toEqual(expect.arrayContaining(['eid', 'card-client', 'eid-server', 'sts']));
    const journalText = JSON.stringify(sim.deps.journal.list());
    expect(journalText).not.toContain('123456"');
  });

  it('through a standalone in-process card client with a PIN-pad reader', async () => {
    const t = await cardLogin({ readers: [{ pinPad: true }], card: '123456AB' });
    const res = await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] });
    expect(res.status).toBe(200);
    const answer = await t.sts('O50123', (await json(res)).ridPackage);
    expect(principalOf(t.sim, answer)).toMatchObject({ username: 'O50123', authMethod: 'card' });
  });

  it('refuses a card that is not activated at the STS', async () => {
    const t = await cardLogin({ card: '234567BC' });
    const res = await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '234567' }] });
    expect(res.status).toBe(200);
    const answer = await t.sts('O123456', (await json(res)).ridPackage);
    expect(answer.fault?.errorCode).toBe('CARD_NOT_ACTIVATED');
  });

  it('problem JSON for a wrong PIN', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const res = await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ wrongPin: true }] });
    expect(await problem(res)).toMatchObject({ status: 401, code: 'PIN_WRONG', details: { triesLeft: 2 } });
  });
});

describe('card login in an isolated run, and the journal', () => {
  it('works under /run/<id> with the run\'s own card client and store', async () => {
    const sim = await testSimulator();
    const run = await json(await postJson(sim, '/_sim/runs', {}));
    const base = `/run/${run.id}`;
    const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }, base));
    expect((await postJson(sim, `${base}/card-client/readers/0/card`, { documentId: '123456AB' })).status).toBe(201);
    const auth = await postJson(sim, `${base}/card-client/authenticate`, { requestPackage: pkg.requestPackage, cardholder: [{ wrongPin: true }] });
    expect((await json(auth)).code).toBe('PIN_WRONG');
    // The run's card lost a try; the default environment's did not.
    expect(sim.runs.get(run.id)?.deps.store.state.cards[0]?.pinTriesLeft).toBe(2);
    expect(sim.deps.store.state.cards[0]?.pinTriesLeft).toBe(3);
  });

  it('never journals a PIN, CAN, PUK or card secret', async () => {
    const sim = await testSimulator();
    await postJson(sim, '/card-client/readers/0/card', { documentId: '123456AB' });
    const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
    await postJson(sim, '/card-client/authenticate', { requestPackage: pkg.requestPackage, cardholder: [{ wrongPin: true }] });
    await postJson(sim, '/card-client/authenticate', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
    await sim.app.request('/card-client/cardholder', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'scripted', steps: [{ can: '482915' }, { puk: '12345678' }, { newPin: '135790' }] }) });
    await postJson(sim, '/card-client/unblock', { cardholder: [{ puk: '12345678' }, { newPin: '135792' }, { newPinRepeat: '135792' }] });
    await sim.app.request('/card-client/cardholder', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'interactive' }) });
    const pending = postJson(sim, '/card-client/authenticate', { requestPackage: (await json(await postRequestPackage(sim, { institutionId: 'E01620K' }))).requestPackage });
    const prompt = await json(await sim.app.request('/card-client/prompts/next?waitSeconds=5'));
    await postJson(sim, `/card-client/prompts/${prompt.id}/answer`, { pin: '135792' });
    expect((await pending).status).toBe(200);
    await sim.app.request('/_sim/cards/123456AB');
    await sim.app.request('/_sim/cards/123456AB/pin-state', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10, pin: '135794' }) });
    const text = JSON.stringify(sim.deps.journal.list());
    for (const secret of ['123456', '482915', '12345678', '135790', '135792', '135794', '13579', sim.deps.store.state.cards[0]!.ridSecret]) {
      expect(text, `journal holds ${secret}`).not.toMatch(new RegExp(`\\\\?"${secret}\\\\?"`));
    }
    expect(text).not.toMatch(/BEGIN PRIVATE KEY-----\\n?M/);
  });
});
