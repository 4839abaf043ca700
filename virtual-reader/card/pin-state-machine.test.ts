import { describe, expect, it } from 'vitest';
import { makeTestCard } from '../test-support.js';
import { fromHex } from './apdu.js';
import * as cmd from './commands.js';
import { sw } from './test-helpers.js';

const PIN = '246810';

describe('PIN state machine', () => {
  it('2 wrong → suspended → CAN → 3rd wrong → blocked → PUK with new PIN → active', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    const { card } = t;
    expect(sw(vc, cmd.verify('pin'))).toBe('63C3');

    expect(sw(vc, cmd.verify('pin', '000000'))).toBe('63C2');
    expect(card).toMatchObject({ pinState: 'active', pinTriesLeft: 2 });
    expect(sw(vc, cmd.verify('pin', '111111'))).toBe('63C1');
    expect(card).toMatchObject({ pinState: 'suspended', pinTriesLeft: 1 });

    // Suspended: the PIN is refused (even the right one) until the CAN is verified; nothing is counted.
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('6985');
    expect(sw(vc, cmd.verify('pin'))).toBe('63C1');
    expect(card.pinTriesLeft).toBe(1);
    expect(sw(vc, cmd.verify('can'))).toBe('6300');
    expect(sw(vc, cmd.verify('can', '000000'))).toBe('6300');
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('6985');
    expect(sw(vc, cmd.verify('can', card.can))).toBe('9000');
    expect(sw(vc, cmd.verify('can'))).toBe('9000');

    // The CAN opened the 3rd try; it fails: blocked (63C0, then 6983 for ever).
    expect(sw(vc, cmd.verify('pin', '222222'))).toBe('63C0');
    expect(card).toMatchObject({ pinState: 'blocked', pinTriesLeft: 0 });
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('6983');
    expect(sw(vc, cmd.verify('pin'))).toBe('6983');
    expect(sw(vc, cmd.changePin('135790', PIN))).toBe('6983');

    // A new card session does not help.
    vc.reset();
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('6983');

    // PUK with a new PIN: wrong PUK counts, right PUK unblocks and sets the PIN.
    expect(sw(vc, cmd.verify('puk'))).toBe('63CA');
    expect(sw(vc, cmd.resetRetryCounter('87654321', '135790'))).toBe('63C9');
    expect(card.pukTriesLeft).toBe(9);
    expect(sw(vc, cmd.resetRetryCounter(card.puk, '135790'))).toBe('9000');
    expect(card).toMatchObject({ pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10, pin: '135790' });
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('63C2');
    expect(sw(vc, cmd.verify('pin', '135790'))).toBe('9000');
    expect(card.pinTriesLeft).toBe(3);
  });

  it('a right PIN before suspension restores 3 tries; a CAN verified while not suspended is harmless', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    expect(sw(vc, cmd.verify('can', t.card.can))).toBe('9000');
    expect(sw(vc, cmd.verify('pin', '000000'))).toBe('63C2');
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('9000');
    expect(t.card).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
  });

  it('the suspension survives a reset (the CAN must be entered in the new session); the right PIN after CAN ends it', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    sw(vc, cmd.verify('pin', '000000'));
    sw(vc, cmd.verify('pin', '000000'));
    sw(vc, cmd.verify('can', t.card.can));
    vc.reset();
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('6985');
    sw(vc, cmd.verify('can', t.card.can));
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('9000');
    expect(t.card).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
  });

  it('a failed VERIFY clears an earlier verification', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    sw(vc, cmd.verify('pin', PIN));
    expect(sw(vc, cmd.verify('pin'))).toBe('9000');
    sw(vc, cmd.verify('pin', '000000'));
    expect(sw(vc, cmd.verify('pin'))).toBe('63C2');
  });

  it('RESET RETRY COUNTER without a new PIN keeps the old one; P1=02/03 need a PUK verified in the session', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0 });
    const vc = t.virtualCard;
    expect(sw(vc, fromHex('00 2C 03 03'))).toBe('6982');
    expect(sw(vc, fromHex('00 2C 02 03 06 31 33 35 37 39 30'))).toBe('6982');
    expect(sw(vc, cmd.resetRetryCounter(t.card.puk))).toBe('9000');
    expect(t.card).toMatchObject({ pinState: 'active', pinTriesLeft: 3, pin: PIN });

    t.card.pinState = 'blocked';
    t.card.pinTriesLeft = 0;
    expect(sw(vc, cmd.verify('puk', t.card.puk))).toBe('9000');
    expect(sw(vc, cmd.verify('puk'))).toBe('9000');
    expect(sw(vc, fromHex('00 2C 03 03'))).toBe('9000');
    expect(t.card.pinState).toBe('active');
    expect(sw(vc, fromHex('00 2C 02 03 06 31 33 35 37 39 30'))).toBe('9000');
    expect(t.card.pin).toBe('135790');
  });

  it('RESET RETRY COUNTER checks parameters and the new PIN before using a PUK try', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0 });
    const vc = t.virtualCard;
    expect(sw(vc, fromHex('00 2C 00 02 0E 31 32 33 34 35 36 37 38 31 32 33 34 35 36'))).toBe('6A88');
    expect(sw(vc, fromHex('00 2C 04 03'))).toBe('6A86');
    expect(sw(vc, fromHex('00 2C 00 03 03 31 32 33'))).toBe('6700');
    expect(sw(vc, fromHex('00 2C 01 03'))).toBe('6700');
    expect(sw(vc, fromHex('00 2C 02 03'))).toBe('6700');
    expect(sw(vc, fromHex('00 2C 02 03 02 31 32'))).toBe('6A80');
    expect(sw(vc, fromHex('00 2C 03 03 01 31'))).toBe('6700');
    expect(sw(vc, cmd.resetRetryCounter(t.card.puk, '12345a'))).toBe('6A80');
    expect(t.card.pukTriesLeft).toBe(10);
  });

  it('PUK exhaustion kills the card: 6983 for ever, for every PIN, CAN and PUK command and authentication', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0 });
    const vc = t.virtualCard;
    for (let left = 9; left >= 1; left--) {
      expect(sw(vc, cmd.verify('puk', '00000000'))).toBe(`63C${left}`);
    }
    expect(sw(vc, cmd.resetRetryCounter('00000000', '135790'))).toBe('63C0');
    expect(t.card).toMatchObject({ pinState: 'dead', pukTriesLeft: 0 });
    vc.reset();
    for (const apdu of [
      cmd.verify('puk', t.card.puk),
      cmd.verify('puk'),
      cmd.resetRetryCounter(t.card.puk, '135790'),
      cmd.resetRetryCounter(t.card.puk),
      cmd.verify('pin', PIN),
      cmd.verify('pin'),
      cmd.verify('can', t.card.can),
      cmd.changePin('135790', PIN),
      cmd.internalAuthenticate(fromHex('01')),
    ]) {
      expect(sw(vc, apdu)).toBe('6983');
    }
    expect(t.card.pinState).toBe('dead');
  });

  it('VERIFY checks P1, the reference and the length', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    expect(sw(vc, fromHex('00 20 01 03'))).toBe('6A86');
    expect(sw(vc, fromHex('00 20 00 05'))).toBe('6A88');
    expect(sw(vc, fromHex('00 20 00 03 11 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31'))).toBe('6700');
    expect(t.card.pinTriesLeft).toBe(3);
  });
});

describe('activation PIN', () => {
  it('must be changed to a 6-digit PIN before authentication works (6984 until then)', () => {
    const t = makeTestCard();
    const vc = t.virtualCard;
    const { card } = t;
    expect(sw(vc, cmd.verify('pin', card.activationPin))).toBe('9000');
    expect(sw(vc, cmd.internalAuthenticate(fromHex('01')))).toBe('6984');
    // The new PIN must be 6 digits; a bad one is refused before the current PIN is checked.
    expect(sw(vc, cmd.changePin('12345', card.activationPin))).toBe('6A80');
    expect(sw(vc, cmd.changePin('1234567', '00000'))).toBe('6A80');
    expect(sw(vc, cmd.changePin('12345a', card.activationPin))).toBe('6A80');
    expect(card.pinTriesLeft).toBe(3);
    expect(sw(vc, cmd.changePin('135790', '97531'))).toBe('63C2');
    expect(sw(vc, cmd.changePin('135790', '00000'))).toBe('63C1');
    expect(card.pinState).toBe('suspended');
    expect(sw(vc, cmd.changePin('135790', card.activationPin))).toBe('6985');
    expect(sw(vc, cmd.verify('can', card.can))).toBe('9000');
    expect(sw(vc, cmd.changePin('135790', card.activationPin))).toBe('9000');
    expect(card).toMatchObject({ pinState: 'active', pin: '135790', pinTriesLeft: 3 });
    expect(sw(vc, cmd.verify('pin'))).toBe('9000'); // the change proves the PIN for this session
    expect(sw(vc, cmd.internalAuthenticate(fromHex('01')))).toBe('9000');
    vc.reset();
    expect(sw(vc, cmd.verify('pin', card.activationPin))).toBe('63C2');
  });

  it('CHANGE REFERENCE DATA P1=01 needs the PIN verified in the session', () => {
    const t = makeTestCard();
    const vc = t.virtualCard;
    expect(sw(vc, cmd.changePin('135790'))).toBe('6982');
    sw(vc, cmd.verify('pin', t.card.activationPin));
    expect(sw(vc, cmd.changePin('135790'))).toBe('9000');
    expect(t.card.pin).toBe('135790');
  });

  it('CHANGE REFERENCE DATA checks P1, P2 and lengths', () => {
    const t = makeTestCard();
    const vc = t.virtualCard;
    expect(sw(vc, fromHex('00 24 00 04 0B 31 33 35 37 39 31 33 35 37 39 30'))).toBe('6A88');
    expect(sw(vc, fromHex('00 24 02 03 06 31 33 35 37 39 30'))).toBe('6A86');
    expect(sw(vc, fromHex('00 24 00 03 05 31 33 35 37 39'))).toBe('6700'); // only the 5-digit current PIN
    expect(sw(vc, fromHex('00 24 01 03'))).toBe('6700');
    expect(sw(vc, fromHex('00 24 01 03 05 31 33 35 37 39'))).toBe('6A80');
    expect(t.card.pinTriesLeft).toBe(3);
  });

  it('blocking during activation and unblocking without a new PIN goes back to the activation PIN', () => {
    const t = makeTestCard();
    const vc = t.virtualCard;
    sw(vc, cmd.verify('pin', '00000'));
    sw(vc, cmd.verify('pin', '00000'));
    sw(vc, cmd.verify('can', t.card.can));
    expect(sw(vc, cmd.verify('pin', '00000'))).toBe('63C0');
    expect(t.card.pinState).toBe('blocked');
    expect(sw(vc, cmd.resetRetryCounter(t.card.puk))).toBe('9000');
    expect(t.card).toMatchObject({ pinState: 'activation', pinTriesLeft: 3 });
    expect(t.card.pin).toBeUndefined();
    expect(sw(vc, cmd.resetRetryCounter(t.card.puk, '135790'))).toBe('9000');
    expect(t.card).toMatchObject({ pinState: 'active', pin: '135790' });
  });
});
