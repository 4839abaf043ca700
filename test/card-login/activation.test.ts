import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { json, postJson } from '../helpers/sim.js';
import { principalOf, refusal } from '../sts/sts-helpers.js';
import { cardLogin, problem, type CardLogin } from './card-login-helpers.js';

/** Portal steps 1–2: check code, username → the activation's request package. */
async function startActivation(t: CardLogin, username: string): Promise<{ activationId: string; requestPackage: string; complete: string }> {
  const shown = await json(await t.sim.app.request('/portal/activation/check-code'));
  expect(shown.checkCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  const res = await postJson(t.sim, '/portal/activations', { username, checkCodeId: shown.checkCodeId, checkCode: shown.checkCode });
  expect(res.status).toBe(201);
  return json(res);
}

/** Present the card, then complete the activation with the rID package. */
async function activate(t: CardLogin, username: string, cardholder: unknown[]): Promise<{ auth: Response; done?: Response }> {
  const started = await startActivation(t, username);
  const auth = await t.authenticate({ requestPackage: started.requestPackage, cardholder });
  if (auth.status !== 200) return { auth };
  const { ridPackage } = await json(auth.clone());
  return { auth, done: await postJson(t.sim, started.complete, { ridPackage }) };
}

describe('card activation at the Ágazati portál', () => {
  it('binds a card with its eID PIN set to the username; then the card login works', async () => {
    const t = await cardLogin({ card: '234567BC' });
    const before = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '234567' }] }));
    expect(refusal(await t.sts('O123456', before.ridPackage)).errorCode).toBe('CARD_NOT_ACTIVATED');
    const { done } = await activate(t, 'O123456', [{ pin: '234567' }]);
    expect(await json(done!)).toMatchObject({ activated: true, username: 'O123456', documentId: '234567BC', alreadyActivated: false });
    expect(t.sim.deps.store.state.cards.find((c) => c.documentId === '234567BC')?.activatedFor).toBe('O123456');
    const after = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '234567' }] }));
    expect(principalOf(t.sim, await t.sts('O123456', after.ridPackage))).toMatchObject({ username: 'O123456', authMethod: 'card' });
  });

  it('switches a new card from its activation PIN to a 6-digit PIN (entered twice) as part of activation', async () => {
    const t = await cardLogin({ card: '345678CD' });
    const { auth, done } = await activate(t, 'O61234', [{ activationPin: '11223' }, { newPin: '246810' }, { newPinRepeat: '246810' }, { pin: '246810' }]);
    expect(await json(auth)).toMatchObject({ pinChanged: true });
    expect((await json(done!)).documentId).toBe('345678CD');
    expect(t.sim.deps.store.state.cards.find((c) => c.documentId === '345678CD')).toMatchObject({ pinState: 'active', pin: '246810', activatedFor: 'O61234' });
    const login = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '246810' }] }));
    expect(principalOf(t.sim, await t.sts('O61234', login.ridPackage)).username).toBe('O61234');
  });

  it('refuses new PINs that differ or are not 6 digits, without touching the card', async () => {
    const t = await cardLogin({ card: '345678CD' });
    const mismatch = await activate(t, 'O61234', [{ activationPin: '11223' }, { newPin: '246810' }, { newPinRepeat: '246811' }]);
    expect(await problem(mismatch.auth)).toMatchObject({ status: 400, code: 'PIN_MISMATCH' });
    const short = await activate(t, 'O61234', [{ activationPin: '11223' }, { newPin: '2468' }, { newPinRepeat: '2468' }]);
    expect(await problem(short.auth)).toMatchObject({ status: 400, code: 'NEW_PIN_INVALID' });
    expect(t.sim.deps.store.state.cards.find((c) => c.documentId === '345678CD')).toMatchObject({ pinState: 'activation', pinTriesLeft: 3 });
  });

  it('refuses an unknown username, a malformed one, and a wrong or reused check code', async () => {
    const t = await cardLogin();
    // The page shows the code (and its expiry); the form sends the id and the code typed, nothing else.
    const shown = async (): Promise<{ checkCodeId: string; checkCode: string }> => {
      const { checkCodeId, checkCode } = await json(await t.sim.app.request('/portal/activation/check-code'));
      return { checkCodeId, checkCode };
    };
    const a = await shown();
    const unknown = await problem(await postJson(t.sim, '/portal/activations', { username: 'O99999', ...a }));
    expect(unknown).toMatchObject({ status: 404, code: 'USER_UNKNOWN' });
    expect(unknown.detail).toContain('there is no EESZT user `O99999`');
    const b = await shown();
    expect(await problem(await postJson(t.sim, '/portal/activations', { username: 'o50123', ...b }))).toMatchObject({ status: 400, code: 'IDENTIFIER_INVALID' });
    const c = await shown();
    expect(await problem(await postJson(t.sim, '/portal/activations', { username: 'O50123', checkCodeId: c.checkCodeId, checkCode: 'AAAAAA' }))).toMatchObject({ code: 'CHECK_CODE_WRONG' });
    expect(await problem(await postJson(t.sim, '/portal/activations', { username: 'O50123', ...c }))).toMatchObject({ code: 'CHECK_CODE_UNKNOWN' });
    const d = await shown();
    t.sim.deps.clock.advance(11 * 60_000);
    expect(await problem(await postJson(t.sim, '/portal/activations', { username: 'O50123', ...d }))).toMatchObject({ code: 'CHECK_CODE_EXPIRED' });
  });

  it('refuses a card that belongs to someone else', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const { done } = await activate(t, 'O123456', [{ pin: '123456' }]);
    const p = await problem(done!);
    expect(p).toMatchObject({ status: 403, code: 'CARD_HOLDER_MISMATCH', details: { username: 'O123456', documentId: '123456AB' } });
    expect(p.detail).toBe("card 123456AB belongs to someone else, not to O123456; each user activates their own eID card: present O123456's card");
  });

  it('a new card needs a new activation', async () => {
    const t = await cardLogin({ card: '123456AB' });
    const old = t.sim.deps.store.state.cards.find((c) => c.documentId === '123456AB')!;
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    t.sim.deps.store.state.cards.push({ ...old, documentId: '111222ZZ', ridSecret: ecdh.getPrivateKey('hex').padStart(64, '0'), activatedFor: undefined } as typeof old);
    delete t.sim.deps.store.state.cards.at(-1)!.activatedFor;
    await t.client.readers.remove(0);
    await t.client.readers.insert(0, '111222ZZ');
    const first = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }));
    expect(refusal(await t.sts('O50123', first.ridPackage)).errorCode).toBe('CARD_NOT_ACTIVATED');
    const { done } = await activate(t, 'O50123', [{ pin: '123456' }]);
    expect((await json(done!)).documentId).toBe('111222ZZ');
    const second = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '123456' }] }));
    expect(principalOf(t.sim, await t.sts('O50123', second.ridPackage)).username).toBe('O50123');
  });

  it('keeps the packages apart: a login rID package does not activate, a portal one does not log in, and an activation completes once', async () => {
    const t = await cardLogin({ card: '234567BC' });
    const started = await startActivation(t, 'O123456');
    const login = await json(await t.authenticate({ requestPackage: await t.requestPackage(), cardholder: [{ pin: '234567' }] }));
    expect(await problem(await postJson(t.sim, started.complete, { ridPackage: login.ridPackage }))).toMatchObject({ code: 'RID_PACKAGE_AUDIENCE_MISMATCH' });
    const portal = await json(await t.authenticate({ requestPackage: started.requestPackage, cardholder: [{ pin: '234567' }] }));
    expect(refusal(await t.sts('O123456', portal.ridPackage)).errorCode).toBe('RID_PACKAGE_AUDIENCE_MISMATCH');
    const other = await startActivation(t, 'O123456');
    expect(await problem(await postJson(t.sim, other.complete, { ridPackage: portal.ridPackage }))).toMatchObject({ status: 403, code: 'RID_PACKAGE_NONCE_MISMATCH' });
    expect((await postJson(t.sim, started.complete, { ridPackage: portal.ridPackage })).status).toBe(200);
    expect(await problem(await postJson(t.sim, started.complete, { ridPackage: portal.ridPackage }))).toMatchObject({ status: 409, code: 'ACTIVATION_COMPLETED' });
    expect(await json(await t.sim.app.request(`/portal/activations/${started.activationId}`))).toMatchObject({ status: 'activated', documentId: '234567BC' });
  });
});
