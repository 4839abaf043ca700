import { describe, expect, it } from 'vitest';
import { asciiBytes, toHex } from '../card/apdu.js';
import * as cmd from '../card/commands.js';
import { sw } from '../card/test-helpers.js';
import { makeTestCard } from '../test-support.js';
import { NoCard, PinMismatch } from '../errors.js';
import { createScriptedCardholder } from './scripted-cardholder.js';
import { createManualTimer } from './timer.js';
import { VirtualReader, type ApduTrace, type SlotEvent } from './virtual-reader.js';

const PIN = '246810';

describe('VirtualReader slots', () => {
  it('insert / remove / swap emit events, count insertions and power the card up and down', async () => {
    const reader = new VirtualReader({ slots: 2 });
    const a = makeTestCard({ pin: PIN, pinState: 'active' }).virtualCard;
    const b = makeTestCard({ pin: PIN, pinState: 'active', documentId: '654321BA' }).virtualCard;
    const c = makeTestCard({ pin: PIN, pinState: 'active', documentId: '111111CC' }).virtualCard;
    const events: string[] = [];
    reader.on('inserted', (e: SlotEvent) => events.push(`in ${e.slot} #${e.insertion} ${toHex(e.atr!, '').slice(0, 4)}`));
    reader.on('removed', (e: SlotEvent) => events.push(`out ${e.slot} #${e.insertion}`));
    expect(reader.isPresent()).toBe(false);
    await expect(reader.transmit(cmd.selectEid())).rejects.toThrow(NoCard);
    reader.insert(a);
    expect(() => reader.insert(b)).toThrow(expect.objectContaining({ code: 'SLOT_OCCUPIED' }));
    reader.insert(b, 1);
    expect(reader.swap(c, 0)).toBe(a);
    expect(a.powered).toBe(false);
    expect(reader.cardIn(0)).toBe(c);
    expect(reader.remove(1)).toBe(b);
    expect(b.powered).toBe(false);
    expect(reader.remove(1)).toBeUndefined();
    expect(events).toEqual(['in 0 #1 3B8B', 'in 1 #1 3B8B', 'out 0 #1', 'in 0 #2 3B8B', 'out 1 #1']);
    expect(reader.insertion(0)).toBe(2);
    expect(() => reader.cardIn(2)).toThrow(RangeError);
  });

  it('removing the card ends its session: the PIN must be verified again', async () => {
    const reader = new VirtualReader();
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    expect(sw(t.virtualCard, cmd.verify('pin', PIN))).toBe('9000');
    expect(sw(t.virtualCard, cmd.internalAuthenticate(asciiBytes('x')))).toBe('9000');
    const signal = reader.removalSignal();
    reader.remove();
    expect(signal.aborted).toBe(true);
    reader.insert(t.virtualCard);
    expect(reader.removalSignal().aborted).toBe(false);
    expect(toHex(await reader.transmit(cmd.verify('pin')))).toBe('63 C3');
    expect(toHex(await reader.transmit(cmd.internalAuthenticate(asciiBytes('x'))))).toBe('69 82');
    reader.reset();
    expect(toHex(await reader.transmit(cmd.verify('pin')))).toBe('63 C3');
  });

  it('traces host APDUs', async () => {
    const reader = new VirtualReader();
    reader.insert(makeTestCard().virtualCard);
    const traces: ApduTrace[] = [];
    reader.on('apdu', (t) => traces.push(t));
    await reader.transmit(cmd.selectEid());
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ slot: 0, secure: false });
    expect(toHex(traces[0]!.response)).toBe('90 00');
  });
});

describe('PIN-pad reader', () => {
  it('verifies the PIN typed on the pad; the host API never sees the PIN', async () => {
    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    const seenByHost: unknown[] = [];
    reader.on('apdu', (trace) => seenByHost.push({ command: toHex(trace.command), response: toHex(trace.response), secure: trace.secure }));
    const cardholder = createScriptedCardholder([{ expect: 'pin', enter: '000000' }, { expect: 'pin', enter: PIN }]);
    const first = await reader.pinPad!.verify({ kind: 'pin', cardholder, triesLeft: 3 });
    const second = await reader.pinPad!.verify({ kind: 'pin', cardholder, triesLeft: 2 });
    seenByHost.push(first, second);
    expect(first).toBe(0x63c2);
    expect(second).toBe(0x9000);
    expect(cardholder.seen.map((p) => [p.label, p.where, p.reader, p.triesLeft])).toEqual([
      ['eAzonosítás PIN', 'pin-pad', 'eeszt-sim Virtual PIN Pad Reader', 3],
      ['eAzonosítás PIN', 'pin-pad', 'eeszt-sim Virtual PIN Pad Reader', 2],
    ]);
    expect(seenByHost.slice(0, 2)).toEqual([
      { command: '00 20 00 03', response: '63 C2', secure: true },
      { command: '00 20 00 03', response: '90 00', secure: true },
    ]);
    const everything = JSON.stringify(seenByHost);
    for (const secret of [PIN, '000000', toHex(asciiBytes(PIN)), toHex(asciiBytes(PIN), '')]) expect(everything).not.toContain(secret);
    expect(sw(t.virtualCard, cmd.verify('pin'))).toBe('9000');
  });

  it('changes the PIN on the pad and refuses a mismatched repeat without touching the card', async () => {
    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard();
    reader.insert(t.virtualCard);
    const mismatch = createScriptedCardholder([{ enter: t.card.activationPin }, { enter: '135790' }, { enter: '135791' }]);
    await expect(reader.pinPad!.changePin({ cardholder: mismatch, current: 'activation-pin' })).rejects.toBeInstanceOf(PinMismatch);
    expect(t.card).toMatchObject({ pinState: 'activation', pinTriesLeft: 3 });
    const ok = createScriptedCardholder([{ enter: t.card.activationPin }, { enter: '135790' }, { enter: '135790' }]);
    expect(await reader.pinPad!.changePin({ cardholder: ok, current: 'activation-pin' })).toBe(0x9000);
    expect(ok.seen.map((p) => p.label)).toEqual(['Aktiváló PIN', 'Új eAzonosítás PIN', 'Új eAzonosítás PIN újra']);
    expect(t.card).toMatchObject({ pinState: 'active', pin: '135790' });
    const short = createScriptedCardholder([{ enter: '135790' }, { enter: '1234' }, { enter: '1234' }]);
    await expect(reader.pinPad!.changePin({ cardholder: short, current: 'pin' })).rejects.toMatchObject({ code: 'NEW_PIN_INVALID' });
  });

  it('unblocks with the PUK on the pad', async () => {
    const reader = new VirtualReader({ pinPad: true });
    const t = makeTestCard({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0 });
    reader.insert(t.virtualCard);
    const cardholder = createScriptedCardholder([{ expect: 'puk', enter: t.card.puk }, { enter: '135790' }, { enter: '135790' }]);
    expect(await reader.pinPad!.unblock({ cardholder })).toBe(0x9000);
    expect(t.card).toMatchObject({ pinState: 'active', pin: '135790', pinTriesLeft: 3 });
    t.card.pinState = 'blocked';
    const keep = createScriptedCardholder([{ enter: t.card.puk }]);
    expect(await reader.pinPad!.unblock({ cardholder: keep, newPin: false })).toBe(0x9000);
    expect(keep.seen.map((p) => p.kind)).toEqual(['puk']);
  });

  it('times out on its own timer and notices the card being pulled during the prompt', async () => {
    const timer = createManualTimer();
    const reader = new VirtualReader({ pinPad: true, timer, promptTimeoutMs: 30_000 });
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    reader.insert(t.virtualCard);
    const slow = createScriptedCardholder([{ wait: 31_000 }, { enter: PIN }], { timer });
    const pending = expect(reader.pinPad!.verify({ kind: 'pin', cardholder: slow })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await timer.advance(30_000);
    await pending;
    const puller = createScriptedCardholder([{ remove: true }]);
    await expect(reader.pinPad!.verify({ kind: 'pin', cardholder: puller })).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(reader.isPresent()).toBe(false);
    await expect(reader.pinPad!.verify({ kind: 'pin', cardholder: puller })).rejects.toBeInstanceOf(NoCard);
    expect(t.card.pinTriesLeft).toBe(3);
  });

  it('exists only on PIN-pad readers', () => {
    expect(new VirtualReader().pinPad).toBeUndefined();
    expect(new VirtualReader({ pinPad: true }).hasPinPad).toBe(true);
  });
});
