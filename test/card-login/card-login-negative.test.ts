import { describe, expect, it } from 'vitest';
import { createManualTimer } from '../../virtual-reader/reader/timer.js';
import { json, postJson } from '../helpers/sim.js';
import { principalOf, refusal } from '../sts/sts-helpers.js';
import { cardLogin, problem } from './card-login-helpers.js';

describe('card login: the PIN, CAN and PUK', () => {
  it('two wrong PINs -> the CAN is demanded; with the CAN the right PIN still works', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pkg = await t.requestPackage();
    expect(await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ wrongPin: true }] }))).toMatchObject({ code: 'PIN_WRONG', details: { triesLeft: 2 } });
    const second = await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '000000' }] }));
    expect(second).toMatchObject({ status: 401, code: 'PIN_WRONG', details: { triesLeft: 1 } });
    expect(second.detail).toContain('the CAN printed on the card will be asked');
    // The cardholder only knows the PIN: the card asks the CAN first.
    const canDemanded = await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] }));
    expect(canDemanded).toMatchObject({ status: 401, code: 'CAN_REQUIRED' });
    // A wrong CAN is not counted: still CAN_REQUIRED.
    expect((await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ wrongCan: true }] }))).code).toBe('CAN_REQUIRED');
    const ok = await t.authenticate({ requestPackage: pkg, cardholder: [{ can: '482915' }, { pin: '123456' }] });
    expect(ok.status).toBe(200);
    expect(t.sim.deps.store.state.cards.find((c) => c.documentId === '123456AB')).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
    expect(principalOf(t.sim, await t.sts('O50123', (await json(ok)).ridPackage))).toMatchObject({ username: 'O50123', authMethod: 'card' });
  });

  it('the third wrong PIN blocks it; the PUK unblocks it (new PIN entered twice) and the login works again', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pkg = await t.requestPackage();
    await t.authenticate({ requestPackage: pkg, cardholder: [{ wrongPin: true }] });
    await t.authenticate({ requestPackage: pkg, cardholder: [{ wrongPin: true }] });
    const blocked = await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ can: '482915' }, { wrongPin: true }] }));
    expect(blocked).toMatchObject({ status: 403, code: 'PIN_BLOCKED' });
    expect(blocked.detail).toContain('PUK');
    // Blocked: refused before anything is asked, even with the right PIN.
    expect((await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] }))).code).toBe('PIN_BLOCKED');
    expect(await problem(await t.cc('POST', '/unblock', { cardholder: [{ wrongPuk: true }, { newPin: '654321' }, { newPinRepeat: '654321' }] }))).toMatchObject({ code: 'PUK_WRONG', details: { triesLeft: 9 } });
    const unblocked = await t.cc('POST', '/unblock', { cardholder: [{ puk: '12345678' }, { newPin: '654321' }, { newPinRepeat: '654321' }] });
    expect(await json(unblocked)).toEqual({ unblocked: true, reader: 0, pinState: 'active' });
    const ok = await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '654321' }] });
    expect(ok.status).toBe(200);
    expect(principalOf(t.sim, await t.sts('O50123', (await json(ok)).ridPackage)).username).toBe('O50123');
  });

  it('the doctor-pin-blocked persona: PIN_BLOCKED, and the PUK (keeping the old PIN) unblocks it', async () => {
    const t = await cardLogin({ card: '456789DE' });
    const pkg = await t.requestPackage();
    expect((await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '456789' }] }))).code).toBe('PIN_BLOCKED');
    expect((await t.cc('POST', '/unblock', { setNewPin: false, cardholder: [{ puk: '45678901' }] })).status).toBe(200);
    const ok = await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '456789' }] });
    expect(principalOf(t.sim, await t.sts('O72345', (await json(ok)).ridPackage, { institutionId: 'E01620K', unitCode: '016200103' })).username).toBe('O72345');
  });

  it('a card still on its activation PIN cannot log in: ACTIVATION_PIN_NOT_CHANGED', async () => {
    const t = await cardLogin({ card: '345678CD' });
    const res = await problem(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ activationPin: '11223' }] }));
    expect(res).toMatchObject({ status: 409, code: 'ACTIVATION_PIN_NOT_CHANGED' });
  });

  it('the cardholder cancels: PIN_CANCELLED; takes too long: TIMEOUT', async () => {
    const timer = createManualTimer();
    const t = await cardLogin({ card: '123456AB', timer, promptTimeoutMs: 30_000 });
    const pkg = await t.requestPackage();
    expect(await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ cancel: true }] }))).toMatchObject({ status: 409, code: 'PIN_CANCELLED' });
    const pending = t.authenticate({ requestPackage: pkg, cardholder: [{ waitSeconds: 45 }, { pin: '123456' }] });
    await timer.advance(30_000);
    expect(await problem(await pending)).toMatchObject({ status: 408, code: 'TIMEOUT' });
    // Nothing was counted.
    expect(t.sim.deps.store.state.cards.find((c) => c.documentId === '123456AB')?.pinTriesLeft).toBe(3);
  });
});

describe('card login: readers and cards', () => {
  it('no reader, no card', async () => {
    const t = await cardLogin();
    const pkg = await t.requestPackage();
    expect(await problem(await t.authenticate({ requestPackage: pkg, cardholder: [] }))).toMatchObject({ status: 409, code: 'NO_CARD' });
    await t.cc('DELETE', '/readers/0');
    expect(await problem(await t.authenticate({ requestPackage: pkg, cardholder: [] }))).toMatchObject({ status: 409, code: 'NO_READER' });
  });

  it('the card is pulled out at the PIN prompt (script): CARD_REMOVED, and the reader is empty', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const res = await problem(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ removeCard: true }] }));
    expect(res).toMatchObject({ status: 409, code: 'CARD_REMOVED' });
    expect((await json(await t.cc('GET', '/readers/0'))).card).toBeNull();
  });

  it('the card is pulled out through the API while the interactive prompt waits: CARD_REMOVED', async () => {
    const t = await cardLogin({ card: '123456AB', cardholder: { mode: 'interactive' } });
    const pending = t.authenticate({ requestPackage: await t.requestPackage() });
    const prompt = await json(await t.cc('GET', '/prompts/next?waitSeconds=5'));
    expect(prompt).toMatchObject({ kind: 'pin', label: 'eAzonosítás PIN', answerField: 'pin', where: 'host', triesLeft: 3 });
    expect((await json(await t.cc('GET', '/readers/0'))).busy).toBe(true);
    expect((await t.cc('DELETE', '/readers/0/card')).status).toBe(200);
    expect(await problem(await pending)).toMatchObject({ code: 'CARD_REMOVED' });
    expect((await json(await t.cc('GET', '/prompts'))).prompts).toEqual([]);
  });

  it('an interactive cardholder answers through the API', async () => {
    const t = await cardLogin({ card: '123456AB', cardholder: { mode: 'interactive' } });
    const pending = t.authenticate({ requestPackage: await t.requestPackage() });
    const prompt = await json(await t.cc('GET', '/prompts/next?waitSeconds=5'));
    expect(await problem(await t.cc('POST', `/prompts/${prompt.id}/answer`, { can: '482915' }))).toMatchObject({ code: 'PROMPT_ANSWER_INVALID' });
    expect((await t.cc('POST', `/prompts/${prompt.id}/answer`, { pin: '123456' })).status).toBe(200);
    expect((await pending).status).toBe(200);
    expect(await problem(await t.cc('POST', `/prompts/${prompt.id}/answer`, { pin: '123456' }))).toMatchObject({ status: 409, code: 'PROMPT_NOT_PENDING' });
  });

  it('the eID server cannot be reached: EID_SERVER_UNREACHABLE', async () => {
    const t = await cardLogin({
      card: '123456AB',
      eidServer: {
        url: 'http://127.0.0.1:9/eid-server',
        fetch: () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })),
      },
    });
    const res = await problem(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }));
    expect(res).toMatchObject({ status: 502, code: 'EID_SERVER_UNREACHABLE' });
    expect(res.detail).toContain('connect ECONNREFUSED');
  });
});

describe('card login: packages and cards the EESZT side refuses', () => {
  it('an rID package is used once at the STS: REPLAYED', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const rid = (await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }))).ridPackage;
    expect((await t.sts('O50123', rid)).status).toBe(200);
    expect(refusal(await t.sts('O50123', rid)).errorCode).toBe('REPLAYED');
  });

  it('a request package yields one rID package: REQUEST_PACKAGE_USED', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pkg = await t.requestPackage();
    expect((await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] })).status).toBe(200);
    const again = await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] }));
    expect(again).toMatchObject({ status: 409, code: 'REQUEST_PACKAGE_USED', details: { source: 'eid-server' } });
  });

  it('the request package expired (5 minutes): REQUEST_PACKAGE_EXPIRED', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const pkg = await t.requestPackage();
    t.sim.deps.clock.advance(5 * 60_000);
    const res = await problem(await t.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] }));
    expect(res).toMatchObject({ status: 400, code: 'REQUEST_PACKAGE_EXPIRED', details: { source: 'eid-server' } });
    expect(res.detail).toContain('get a new one from POST /eid/request-package');
  });

  it('the rID package expires after 5 minutes at the STS', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const rid = (await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }))).ridPackage;
    t.sim.deps.clock.advance(5 * 60_000);
    expect(refusal(await t.sts('O50123', rid)).errorCode).toBe('RID_PACKAGE_EXPIRED');
  });

  it('an expired card: CARD_EXPIRED (the card refuses before the PIN is asked)', async () => {
    const t = await cardLogin({ card: '567890EF' });
    const res = await problem(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [] }));
    expect(res).toMatchObject({ status: 403, code: 'CARD_EXPIRED' });
  });

  it('a revoked card (POST /_sim/revocations): CARD_REVOKED from the eID server', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const cards = await json(await t.sim.app.request('/_sim/cards'));
    const serial = cards.cards.find((c: { documentId: string }) => c.documentId === '123456AB').certificateSerial;
    expect((await postJson(t.sim, '/_sim/revocations', { serial, reason: 'keyCompromise' })).status).toBe(201);
    const res = await problem(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }));
    expect(res).toMatchObject({ status: 403, code: 'CARD_REVOKED', details: { source: 'eid-server', documentId: '123456AB' } });
    expect(res.detail).toContain('keyCompromise');
  });
});
