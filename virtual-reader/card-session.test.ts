import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asciiBytes, fromHex, toHex } from './card/apdu.js';
import { ecPublicPoint, restrictedIdentifier } from './card/card-crypto.js';
import { CardSession } from './card-session.js';
import { NoCard, PinWrong, PukWrong } from './errors.js';
import { isReaderCommand, PinPadDesk, pseudoApduPinPad } from './pcsc/secure-pin-entry.js';
import type { CardChannel } from './reader/card-channel.js';
import { createInteractiveCardholder } from './reader/interactive-cardholder.js';
import { createScriptedCardholder, type ScriptStep } from './reader/scripted-cardholder.js';
import { createManualTimer, type ManualTimer } from './reader/timer.js';
import { VirtualReader } from './reader/virtual-reader.js';
import { makeTestCard } from './test-support.js';
import type { Card } from '../fixtures/schema.js';

const PIN = '246810';
const service = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const challenge = fromHex('C0FFEE00112233445566778899');

/**
 * The card reached over a byte wire, as through PC/SC (pcscd + vpcd, minus the processes): each
 * APDU is copied and answered after an asynchronous hop, by the card itself (not the reader's
 * host API) or, for reader pseudo-APDUs, by the PIN pad desk. `log` records the wire.
 */
function wireChannel(reader: VirtualReader, desk: PinPadDesk | undefined, log: string[] = []): CardChannel {
  const wire = async (apdu: Uint8Array): Promise<Uint8Array> => {
    const bytes = Uint8Array.from(apdu);
    await Promise.resolve();
    const card = reader.cardIn(0);
    if (card === undefined) throw new NoCard('the wire has no card');
    const response = desk !== undefined && isReaderCommand(bytes) ? await desk.answer(bytes) : await card.transmit(bytes);
    log.push(`${toHex(bytes, '')}>${toHex(response, '')}`);
    return response;
  };
  return {
    description: 'a test wire',
    async connect() {
      const card = reader.cardIn(0);
      if (card === undefined) throw new NoCard('the wire has no card');
      card.reset();
      return { transmit: wire, pinPad: desk === undefined ? undefined : pseudoApduPinPad(wire, desk), close: () => Promise.resolve() };
    },
  };
}

describe.each([
  { model: 'without PIN pad', pinPad: false, wire: false },
  { model: 'with PIN pad', pinPad: true, wire: false },
  { model: 'without PIN pad, over a wire (as through PC/SC)', pinPad: false, wire: true },
  { model: 'with PIN pad, over a wire (secure PIN entry by pseudo-APDUs, as through PC/SC)', pinPad: true, wire: true },
])('CardSession, reader $model', ({ pinPad, wire }) => {
  const where = pinPad ? 'pin-pad' : 'host';

  function setup(overrides: Partial<Card> = { pin: PIN, pinState: 'active' }): {
    t: ReturnType<typeof makeTestCard>;
    reader: VirtualReader;
    session: CardSession;
    timer: ManualTimer;
  } {
    const timer = createManualTimer();
    const reader = new VirtualReader({ pinPad, timer, promptTimeoutMs: 30_000 });
    const t = makeTestCard(overrides);
    reader.insert(t.virtualCard);
    const channel = wire ? wireChannel(reader, pinPad ? new PinPadDesk(reader) : undefined) : undefined;
    return { t, reader, session: new CardSession({ reader, timer, promptTimeoutMs: 30_000, ...(channel === undefined ? {} : { channel }) }), timer };
  }
  const auth = (session: CardSession, steps: ScriptStep[], timer?: ManualTimer) => {
    const cardholder = createScriptedCardholder(steps, timer === undefined ? {} : { timer });
    return { cardholder, result: session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder }) };
  };

  it('authenticates: certificate, signature over the challenge, RID for the service', async () => {
    const { t, session } = setup();
    const { cardholder, result } = auth(session, [{ expect: 'pin', enter: PIN }]);
    const { certificateDer, signature, rid } = await result;
    expect(certificateDer).toEqual(t.certificateDer);
    expect(verify('sha256', challenge, { key: t.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(toHex(rid)).toBe(toHex(restrictedIdentifier(t.card.ridSecret, ecPublicPoint(service.publicKey))));
    expect(cardholder.seen.map((p) => [p.kind, p.label, p.where, p.triesLeft])).toEqual([['pin', 'eAzonosítás PIN', where, 3]]);
    // The service key may also be given as the raw point; the RID is the same.
    const again = session.authenticate({ serviceRidPublicKey: ecPublicPoint(service.publicKey), challenge, cardholder: createScriptedCardholder([{ enter: PIN }]) });
    expect(toHex((await again).rid)).toBe(toHex(rid));
  });

  it('asks the PIN again in every operation (each starts a new card session)', async () => {
    const { session } = setup();
    await auth(session, [{ enter: PIN }]).result;
    const { cardholder, result } = auth(session, [{ enter: PIN }]);
    await result;
    expect(cardholder.seen).toHaveLength(1);
  });

  it('wrong PIN twice → PIN_WRONG (2, 1); then the CAN is asked before the last try; a right PIN succeeds', async () => {
    const { t, session } = setup();
    const e1 = await auth(session, [{ enter: '000000' }]).result.catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(PinWrong);
    expect(e1).toMatchObject({ code: 'PIN_WRONG', triesLeft: 2, details: { triesLeft: 2 } });
    await expect(auth(session, [{ enter: '000000' }]).result).rejects.toMatchObject({ code: 'PIN_WRONG', triesLeft: 1 });
    expect(t.card.pinState).toBe('suspended');
    const { cardholder, result } = auth(session, [{ expect: 'can', enter: t.card.can }, { expect: 'pin', enter: PIN }]);
    await result;
    expect(cardholder.seen.map((p) => [p.label, p.triesLeft])).toEqual([
      ['CAN', undefined],
      ['eAzonosítás PIN', 1],
    ]);
    expect(t.card).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
  });

  it('wrong CAN → CAN_REQUIRED; third wrong PIN → PIN_BLOCKED; PUK unblocks with a new PIN', async () => {
    const { t, session } = setup({ pin: PIN, pinState: 'suspended', pinTriesLeft: 1 });
    await expect(auth(session, [{ enter: '000000' }]).result).rejects.toMatchObject({ code: 'CAN_REQUIRED' });
    expect(t.card.pinTriesLeft).toBe(1);
    await expect(auth(session, [{ enter: t.card.can }, { enter: '000000' }]).result).rejects.toMatchObject({ code: 'PIN_BLOCKED', status: 403 });
    expect(t.card.pinState).toBe('blocked');
    const none = auth(session, []);
    await expect(none.result).rejects.toMatchObject({ code: 'PIN_BLOCKED', details: { pukTriesLeft: 10 } });
    expect(none.cardholder.seen).toHaveLength(0);

    const wrongPuk = await session.unblockWithPuk({ cardholder: createScriptedCardholder([{ enter: '00000000' }, { enter: '135790' }, { enter: '135790' }]) }).catch((e: unknown) => e);
    expect(wrongPuk).toBeInstanceOf(PukWrong);
    expect(wrongPuk).toMatchObject({ code: 'PUK_WRONG', triesLeft: 9 });
    const unblock = createScriptedCardholder([{ expect: 'puk', enter: t.card.puk }, { expect: 'new-pin', enter: '135790' }, { expect: 'new-pin-repeat', enter: '135790' }]);
    await session.unblockWithPuk({ cardholder: unblock });
    expect(unblock.seen.map((p) => [p.label, p.where])).toEqual([
      ['PUK', where],
      ['Új eAzonosítás PIN', where],
      ['Új eAzonosítás PIN újra', where],
    ]);
    expect(t.card).toMatchObject({ pinState: 'active', pin: '135790', pukTriesLeft: 10 });
    await auth(session, [{ enter: '135790' }]).result;
  });

  it('the card is dead after the last PUK try: CARD_DEAD, also for authentication', async () => {
    const { t, session } = setup({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0, pukTriesLeft: 1 });
    await expect(session.unblockWithPuk({ cardholder: createScriptedCardholder([{ enter: '00000000' }]), newPin: false })).rejects.toMatchObject({ code: 'CARD_DEAD' });
    expect(t.card.pinState).toBe('dead');
    await expect(session.unblockWithPuk({ cardholder: createScriptedCardholder([]) })).rejects.toMatchObject({ code: 'CARD_DEAD' });
    await expect(auth(session, []).result).rejects.toMatchObject({ code: 'CARD_DEAD' });
  });

  it('a card with the activation PIN → ACTIVATION_PIN_NOT_CHANGED before any prompt; changeActivationPin fixes it', async () => {
    const { t, session } = setup({});
    const first = auth(session, []);
    await expect(first.result).rejects.toMatchObject({ code: 'ACTIVATION_PIN_NOT_CHANGED' });
    expect(first.cardholder.seen).toHaveLength(0);

    const mismatch = createScriptedCardholder([{ enter: t.card.activationPin }, { enter: '135790' }, { enter: '135799' }]);
    await expect(session.changeActivationPin({ cardholder: mismatch })).rejects.toMatchObject({ code: 'PIN_MISMATCH' });
    expect(t.card).toMatchObject({ pinState: 'activation', pinTriesLeft: 3 });
    const invalid = createScriptedCardholder([{ enter: t.card.activationPin }, { enter: '1357' }, { enter: '1357' }]);
    await expect(session.changeActivationPin({ cardholder: invalid })).rejects.toMatchObject({ code: 'NEW_PIN_INVALID' });
    const wrong = createScriptedCardholder([{ enter: '00000' }, { enter: '135790' }, { enter: '135790' }]);
    await expect(session.changeActivationPin({ cardholder: wrong })).rejects.toMatchObject({ code: 'PIN_WRONG', triesLeft: 2 });

    const ok = createScriptedCardholder([
      { expect: 'activation-pin', enter: t.card.activationPin },
      { expect: 'new-pin', enter: '135790' },
      { expect: 'new-pin-repeat', enter: '135790' },
    ]);
    await session.changeActivationPin({ cardholder: ok });
    expect(ok.seen.map((p) => [p.label, p.where])).toEqual([
      ['Aktiváló PIN', where],
      ['Új eAzonosítás PIN', where],
      ['Új eAzonosítás PIN újra', where],
    ]);
    expect(t.card).toMatchObject({ pinState: 'active', pin: '135790', pinTriesLeft: 3 });
    await auth(session, [{ enter: '135790' }]).result;
    await expect(session.changeActivationPin({ cardholder: createScriptedCardholder([]) })).rejects.toMatchObject({ code: 'PIN_ALREADY_CHANGED' });
  });

  it('changeActivationPin asks the CAN first when the activation PIN is suspended', async () => {
    const { t, session } = setup({ pinState: 'suspended', pinTriesLeft: 1 });
    const cardholder = createScriptedCardholder([{ enter: t.card.can }, { enter: t.card.activationPin }, { enter: '135790' }, { enter: '135790' }]);
    await session.changeActivationPin({ cardholder });
    expect(cardholder.seen.map((p) => p.kind)).toEqual(['can', 'activation-pin', 'new-pin', 'new-pin-repeat']);
    expect(t.card.pinState).toBe('active');
  });

  it('cancel → PIN_CANCELLED; no answer in time → TIMEOUT; the card pulled or swapped during the prompt → CARD_REMOVED', async () => {
    const { t, reader, session, timer } = setup();
    await expect(auth(session, [{ cancel: true }]).result).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    const slow = auth(session, [{ wait: 45_000 }, { enter: PIN }], timer).result;
    const check = expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
    await timer.advance(30_000);
    await check;
    await expect(auth(session, [{ remove: true }]).result).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(reader.isPresent()).toBe(false);
    await expect(auth(session, []).result).rejects.toMatchObject({ code: 'NO_CARD' });

    reader.insert(t.virtualCard);
    const interactive = createInteractiveCardholder();
    const pending = session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: interactive });
    const prompt = await interactive.nextPrompt();
    reader.swap(makeTestCard({ pin: PIN, pinState: 'active' }).virtualCard);
    await expect(pending).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(interactive.pendingPrompt()).toBeUndefined();
    expect(() => interactive.answer(prompt, PIN)).toThrow(expect.objectContaining({ code: 'PROMPT_NOT_PENDING' }));
    expect(t.card.pinTriesLeft).toBe(3);
  });

  it('an interactive cardholder answers through the API', async () => {
    const { session } = setup();
    const cardholder = createInteractiveCardholder();
    const pending = session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder });
    const prompt = await cardholder.nextPrompt();
    expect(prompt).toMatchObject({ kind: 'pin', label: 'eAzonosítás PIN', where, triesLeft: 3 });
    cardholder.answer(prompt, PIN);
    expect((await pending).signature).toHaveLength(64);
  });

  it('an expired card → CARD_EXPIRED without asking the PIN', async () => {
    const { t, session } = setup({ pin: PIN, pinState: 'active', expiry: '2025-12-31' });
    const r = auth(session, []);
    await expect(r.result).rejects.toMatchObject({ code: 'CARD_EXPIRED' });
    expect(r.cardholder.seen).toHaveLength(0);
    t.clock.set('2025-12-31T12:00:00Z');
    await auth(session, [{ enter: PIN }]).result;
  });

  it('reads the printed data and the certificate without a PIN', async () => {
    const { t, session } = setup();
    expect(await session.readDocumentData()).toMatchObject({ documentId: t.card.documentId, can: t.card.can, holderName: t.card.holderName });
    expect(await session.readCertificate()).toEqual(t.certificateDer);
    expect(await session.readPinStatus()).toMatchObject({ state: 'active', pinTriesLeft: 3, pukTriesLeft: 10 });
  });
});

describe('CardSession without reader or card, and the PIN-pad privacy', () => {
  it('NO_READER and NO_CARD', async () => {
    const cardholder = createScriptedCardholder([]);
    await expect(new CardSession({ reader: undefined }).authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder })).rejects.toMatchObject({
      code: 'NO_READER',
    });
    await expect(new CardSession({ reader: null }).readCertificate()).rejects.toMatchObject({ code: 'NO_READER' });
    await expect(new CardSession({ reader: new VirtualReader() }).authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder })).rejects.toMatchObject({
      code: 'NO_CARD',
    });
  });

  it('refuses a bad service key or empty challenge before touching the card', async () => {
    const reader = new VirtualReader();
    reader.insert(makeTestCard({ pin: PIN, pinState: 'active' }).virtualCard);
    const session = new CardSession({ reader });
    const cardholder = createScriptedCardholder([]);
    await expect(session.authenticate({ serviceRidPublicKey: new Uint8Array(10), challenge, cardholder })).rejects.toThrow(RangeError);
    await expect(session.authenticate({ serviceRidPublicKey: service.publicKey, challenge: new Uint8Array(0), cardholder })).rejects.toThrow(RangeError);
  });

  it('with a PIN pad, nothing the host sees (APDU trace, results, errors) contains the PIN', async () => {
    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    const hostView: unknown[] = [];
    reader.on('apdu', (trace) => hostView.push(toHex(trace.command, ''), toHex(trace.response, '')));
    const session = new CardSession({ reader });
    const err = await session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: createScriptedCardholder([{ enter: '864209' }]) }).catch((e: unknown) => e);
    hostView.push(JSON.stringify(err), String(err));
    const result = await session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: createScriptedCardholder([{ enter: PIN }]) });
    hostView.push(JSON.stringify(result));
    const text = JSON.stringify(hostView);
    expect(text).toContain('00200003'); // the host sees that a VERIFY happened ...
    for (const secret of [PIN, '864209', toHex(asciiBytes(PIN), ''), toHex(asciiBytes('864209'), '')]) expect(text).not.toContain(secret); // ... never the PIN
  });

  it('over a wire with a PIN pad, the PIN never crosses it: the host sends the pseudo-APDU FF 20 00 03, the pad builds VERIFY', async () => {
    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    const onWire: string[] = [];
    const secure: string[] = [];
    reader.on('apdu', (trace) => secure.push(`${toHex(trace.command, '')}>${toHex(trace.response, '')}:${trace.secure}`));
    const session = new CardSession({ reader, channel: wireChannel(reader, new PinPadDesk(reader), onWire) });
    await expect(session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: createScriptedCardholder([{ enter: '864209' }]) })).rejects.toMatchObject({
      code: 'PIN_WRONG',
      triesLeft: 2,
    });
    await session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: createScriptedCardholder([{ enter: PIN }]) });
    // The pseudo-APDU carries the tries left for the display (80 01 03, then 80 01 02), no digits.
    expect(onWire.filter((x) => x.startsWith('FF'))).toEqual(['FF20000303800103>63C2', 'FF20000303800102>9000']);
    expect(onWire.some((x) => x.startsWith('0020'))).toBe(false); // the host never sent a VERIFY
    expect(secure).toEqual(['00200003>63C2:true', '00200003>9000:true']); // the pad did, on its secure path
    const text = JSON.stringify(onWire);
    for (const secret of [PIN, '864209', toHex(asciiBytes(PIN), ''), toHex(asciiBytes('864209'), '')]) expect(text).not.toContain(secret);
  });

  it('over a wire with a PIN pad: Cancel, timeout, new PINs differing are the reader\'s own status words (6401, 6400, 6402), mapped back', async () => {
    const timer = createManualTimer();
    const reader = new VirtualReader({ pinPad: true, timer, promptTimeoutMs: 1_000 });
    const t = makeTestCard({});
    reader.insert(t.virtualCard);
    const onWire: string[] = [];
    const session = new CardSession({ reader, timer, channel: wireChannel(reader, new PinPadDesk(reader), onWire) });
    await expect(session.changeActivationPin({ cardholder: createScriptedCardholder([{ cancel: true }]) })).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    const slow = session.changeActivationPin({ cardholder: createScriptedCardholder([{ wait: 5_000 }], { timer }) });
    const check = expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
    await timer.advance(1_000);
    await check;
    await expect(session.changeActivationPin({ cardholder: createScriptedCardholder([{ enter: t.card.activationPin }, { enter: '135790' }, { enter: '135799' }]) })).rejects.toMatchObject({
      code: 'PIN_MISMATCH',
    });
    // A simulation failure on the pad (the script ran out) answers 6F00; the host rethrows the reason behind it.
    await expect(session.changeActivationPin({ cardholder: createScriptedCardholder([]) })).rejects.toMatchObject({ name: 'ScriptError' });
    expect(onWire.filter((x) => x.startsWith('FF')).map((x) => x.slice(-4))).toEqual(['6401', '6400', '6402', '6F00']);
    expect(t.card).toMatchObject({ pinState: 'activation', pinTriesLeft: 3 });
  });

  it('a card that leaves the wire (not the reader) during an operation → CARD_REMOVED; before it → NO_CARD', async () => {
    const reader = new VirtualReader();
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    let connected = true;
    const inner = wireChannel(reader, undefined);
    const flaky: CardChannel = {
      description: 'a wire that can be cut',
      async connect() {
        if (!connected) throw new NoCard('no card on the wire');
        const c = await inner.connect();
        return { ...c, transmit: (apdu) => (connected ? c.transmit(apdu) : Promise.reject(new NoCard('the wire was cut'))) };
      },
    };
    const session = new CardSession({ reader, channel: flaky });
    const cardholder = createInteractiveCardholder();
    const pending = session.authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder });
    const prompt = await cardholder.nextPrompt();
    connected = false;
    cardholder.answer(prompt, PIN);
    await expect(pending).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(reader.isPresent()).toBe(true); // the reader never noticed: only the wire failed
    await expect(session.readPinStatus()).rejects.toMatchObject({ code: 'NO_CARD', message: 'no card on the wire' });
    expect(t.card.pinTriesLeft).toBe(3);
  });

  it('without a PIN pad, the host builds VERIFY itself (the PIN is in its trace)', async () => {
    const reader = new VirtualReader();
    reader.insert(makeTestCard({ pin: PIN, pinState: 'active' }).virtualCard);
    const commands: string[] = [];
    reader.on('apdu', (trace) => commands.push(toHex(trace.command, '')));
    await new CardSession({ reader }).authenticate({ serviceRidPublicKey: service.publicKey, challenge, cardholder: createScriptedCardholder([{ enter: PIN }]) });
    expect(commands).toContain(`0020000306${toHex(asciiBytes(PIN), '')}`);
  });
});
