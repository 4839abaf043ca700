import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../card/apdu.js';
import { createScriptedCardholder } from '../reader/scripted-cardholder.js';
import { VirtualReader } from '../reader/virtual-reader.js';
import { makeTestCard } from '../test-support.js';
import { isReaderCommand, PIN_PAD_SW, PinPadDesk, pseudoApduPinPad, securePinApdu } from './secure-pin-entry.js';

describe('secure PIN entry pseudo-APDUs (CLA FF)', () => {
  it('encodes what the reader needs and never a PIN', () => {
    expect(toHex(securePinApdu.verify('pin'), '')).toBe('FF200003');
    expect(toHex(securePinApdu.verify('can', { message: 'CAN?' }), '')).toBe('FF20000206810443414E3F');
    expect(toHex(securePinApdu.verify('puk', { triesLeft: 9 }), '')).toBe('FF2000040380010' + '9');
    expect(toHex(securePinApdu.changePin('activation-pin', 3), '')).toBe('FF24000306820101800103');
    expect(toHex(securePinApdu.unblock(true), '')).toBe('FF2C0003');
    expect(toHex(securePinApdu.unblock(false, 10), '')).toBe('FF2C010303800' + '10A');
    expect(isReaderCommand(securePinApdu.verify('pin'))).toBe(true);
    expect(isReaderCommand(fromHex('00200003'))).toBe(false);
  });

  it('the desk answers the reader\'s own status words for what it cannot do', async () => {
    const padless = new VirtualReader();
    padless.insert(makeTestCard({ pin: '246810', pinState: 'active' }).virtualCard);
    expect(toHex(await new PinPadDesk(padless).answer(securePinApdu.verify('pin')), '')).toBe('6E00'); // no PIN pad

    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard({ pin: '246810', pinState: 'active' });
    reader.insert(t.virtualCard);
    const desk = new PinPadDesk(reader);
    // Nobody stands at the reader (another PC/SC application asked): nothing is asked, nothing sent.
    expect(toHex(await desk.answer(securePinApdu.verify('pin')), '')).toBe('6F00');
    expect(desk.takeError()?.message).toMatch(/nobody stands at the PIN pad/);
    const release = desk.attend(createScriptedCardholder([{ enter: '246810' }]));
    expect(toHex(await desk.answer(fromHex('FF20000900')), '')).toBe('6A88'); // unknown password reference
    expect(toHex(await desk.answer(fromHex('FFB00000')), '')).toBe('6D00'); // not a PIN pad command
    expect(toHex(await desk.answer(fromHex('FF2000030501')), '')).toBe('6700'); // Lc does not add up
    expect(toHex(await desk.answer(securePinApdu.verify('pin', { triesLeft: 3 })), '')).toBe('9000');
    release();
    expect(t.card.pinTriesLeft).toBe(3);
    expect(desk.answered).toBe(5);
  });

  it('the host side turns the reader\'s status words into the card client\'s errors', async () => {
    const reader = new VirtualReader({ pinPad: true });
    reader.insert(makeTestCard({ pin: '246810', pinState: 'active' }).virtualCard);
    const desk = new PinPadDesk(reader);
    const answers = [PIN_PAD_SW.TIMEOUT, PIN_PAD_SW.CANCELLED, PIN_PAD_SW.NEW_PINS_DIFFER, PIN_PAD_SW.PIN_LENGTH, 0x6f00, 0x63c2];
    const pad = pseudoApduPinPad(() => Promise.resolve(Uint8Array.of(answers[0]! >> 8, answers.shift()! & 0xff)), desk);
    const cardholder = createScriptedCardholder([]);
    await expect(pad.verify({ cardholder, kind: 'pin' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(pad.verify({ cardholder, kind: 'pin' })).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    await expect(pad.changePin({ cardholder, current: 'pin' })).rejects.toMatchObject({ code: 'PIN_MISMATCH' });
    await expect(pad.changePin({ cardholder, current: 'pin' })).rejects.toMatchObject({ code: 'NEW_PIN_INVALID' });
    expect(await pad.unblock({ cardholder })).toBe(0x6f00); // no reason behind it: the session reports CARD_ERROR
    expect(await pad.verify({ cardholder, kind: 'pin' })).toBe(0x63c2); // the card's own answer passes through
  });
});
