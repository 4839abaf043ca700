import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../card/apdu.js';
import { CARD_ATR } from '../card/atr.js';
import * as cmd from '../card/commands.js';
import { makeTestCard } from '../test-support.js';
import { connectToVpcd } from './vpcd-bridge.js';
import { answerVpcdMessage, encodeVpcdFrame, VPCD_CTRL, VpcdFrameReader } from './vpcd-protocol.js';

describe('vpcd framing', () => {
  it('frames with a 2-byte big-endian length and reassembles split and joined chunks', () => {
    expect(toHex(encodeVpcdFrame(fromHex('04')))).toBe('00 01 04');
    const reader = new VpcdFrameReader();
    const stream = Uint8Array.from([...encodeVpcdFrame(fromHex('01')), ...encodeVpcdFrame(cmd.selectEid()), ...encodeVpcdFrame(fromHex('04'))]);
    expect(reader.push(stream.slice(0, 1))).toEqual([]);
    expect(reader.push(stream.slice(1, 6)).map((p) => toHex(p))).toEqual(['01']);
    expect(reader.push(stream.slice(6)).map((p) => toHex(p))).toEqual([toHex(cmd.selectEid()), '04']);
    expect(() => encodeVpcdFrame(new Uint8Array(0x10000))).toThrow(RangeError);
  });

  it('answers ATR requests and APDUs, and applies power commands without answering', async () => {
    const { virtualCard: vc } = makeTestCard({ pin: '246810', pinState: 'active' });
    expect(await answerVpcdMessage(vc, Uint8Array.of(VPCD_CTRL.ATR))).toEqual(CARD_ATR);
    expect(await answerVpcdMessage(vc, Uint8Array.of(VPCD_CTRL.OFF))).toBeUndefined();
    expect(vc.powered).toBe(false);
    expect(await answerVpcdMessage(vc, Uint8Array.of(VPCD_CTRL.ATR))).toEqual(CARD_ATR); // presence check while unpowered
    expect(await answerVpcdMessage(vc, Uint8Array.of(VPCD_CTRL.ON))).toBeUndefined();
    expect(toHex((await answerVpcdMessage(vc, cmd.verify('pin', '246810')))!)).toBe('90 00');
    expect(await answerVpcdMessage(vc, Uint8Array.of(VPCD_CTRL.RESET))).toBeUndefined();
    expect(toHex((await answerVpcdMessage(vc, cmd.verify('pin')))!)).toBe('63 C3');
    vc.powerOff();
    expect(toHex((await answerVpcdMessage(vc, cmd.verify('pin')))!)).toBe('63 C3'); // an APDU powers the card up
    expect(await answerVpcdMessage(vc, new Uint8Array(0))).toBeUndefined();
  });
});

describe('connectToVpcd against a stand-in vpcd server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function fakeVpcd(): Promise<{ port: number; client: Promise<Socket> }> {
    let accept!: (s: Socket) => void;
    const client = new Promise<Socket>((resolve) => (accept = resolve));
    server = createServer((socket) => accept(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { port: address.port, client };
  }

  function exchange(socket: Socket, frames: Uint8Array[], expectAnswers: number): Promise<Uint8Array[]> {
    return new Promise((resolve) => {
      const reader = new VpcdFrameReader();
      const got: Uint8Array[] = [];
      const onData = (chunk: Buffer): void => {
        got.push(...reader.push(chunk));
        if (got.length >= expectAnswers) {
          socket.off('data', onData);
          resolve(got);
        }
      };
      socket.on('data', onData);
      socket.write(Buffer.concat(frames.map((f) => encodeVpcdFrame(f))));
    });
  }

  it('serves the card over the vpcd protocol and closes cleanly', async () => {
    const { port, client } = await fakeVpcd();
    const t = makeTestCard({ pin: '246810', pinState: 'active' });
    const seen: string[] = [];
    const bridge = await connectToVpcd({ port, card: t.virtualCard, onMessage: (m) => seen.push(toHex(m.request, '')) });
    const socket = await client;
    const answers = await exchange(socket, [Uint8Array.of(VPCD_CTRL.ON), Uint8Array.of(VPCD_CTRL.ATR), cmd.selectEid(), cmd.verify('pin', '000000')], 3);
    expect(answers.map((a) => toHex(a, ''))).toEqual([toHex(CARD_ATR, ''), '9000', '63C2']);
    expect(seen[0]).toBe('01');
    expect(t.card.pinTriesLeft).toBe(2);
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    await bridge.close();
    await bridge.close();
    await ended;
    await bridge.closed;
    expect(t.virtualCard.powered).toBe(false);
    socket.destroy();
  });

  it('ends (without reconnecting) when vpcd closes the connection', async () => {
    const { port, client } = await fakeVpcd();
    const t = makeTestCard();
    const bridge = await connectToVpcd({ port, card: t.virtualCard });
    (await client).destroy();
    await bridge.closed;
    expect(t.virtualCard.powered).toBe(false);
    await bridge.close();
  });

  it('answers a reader pseudo-APDU (CLA FF) asynchronously, and the messages after it in order', async () => {
    const { port, client } = await fakeVpcd();
    const t = makeTestCard({ pin: '246810', pinState: 'active' });
    let release!: (answer: Uint8Array) => void;
    const readerSaw: string[] = [];
    const bridge = await connectToVpcd({
      port,
      card: t.virtualCard,
      readerCommand: (apdu) => {
        readerSaw.push(toHex(apdu, ''));
        return new Promise<Uint8Array>((resolve) => (release = resolve));
      },
    });
    const socket = await client;
    const answered = exchange(socket, [fromHex('FF20000300'), cmd.selectEid(), Uint8Array.of(VPCD_CTRL.ATR)], 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(readerSaw).toEqual(['FF20000300']); // the pseudo-APDU went to the reader, not the card
    release(fromHex('6401')); // e.g. the cardholder pressed Cancel on the PIN pad
    expect((await answered).map((a) => toHex(a, ''))).toEqual(['6401', '9000', toHex(CARD_ATR, '')]);
    // Without a reader command, CLA FF goes to the card, which refuses the class.
    await bridge.close();
    socket.destroy();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const second = await fakeVpcd();
    const plain = await connectToVpcd({ port: second.port, card: t.virtualCard });
    const s2 = await second.client;
    expect((await exchange(s2, [fromHex('FF20000300')], 1)).map((a) => toHex(a, ''))).toEqual(['6E00']);
    await plain.close();
    s2.destroy();
  });

  it('rejects with a helpful message when nothing listens', async () => {
    const { port } = await fakeVpcd();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(connectToVpcd({ port, card: makeTestCard().virtualCard })).rejects.toThrow(/is pcscd running with the vsmartcard-vpcd driver/);
  });
});
