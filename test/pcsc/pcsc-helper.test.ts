/**
 * The card client's PC/SC path without the card client: the PC/SC helper (Debian's python3 +
 * pyscard, a child process) and the PC/SC channel, against a real pcscd with vsmartcard's vpcd
 * driver and our vpcd bridge in this same process. Proves the event loop stays free (the bridge
 * answers pcscd while the helper waits for it) and that every PC/SC failure becomes the card
 * client's documented error. Skips only when pcscd / vpcd are not installed
 * (CI: apt-get install -y pcscd vsmartcard-vpcd pcsc-tools python3-pyscard).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../virtual-reader/card/apdu.js';
import { CARD_ATR } from '../../virtual-reader/card/atr.js';
import * as cmd from '../../virtual-reader/card/commands.js';
import { pcscCardChannel } from '../../virtual-reader/pcsc/pcsc-channel.js';
import { PcscHelper, PcscHelperError } from '../../virtual-reader/pcsc/pcsc-helper-client.js';
import { connectToVpcd, type VpcdBridge } from '../../virtual-reader/pcsc/vpcd-bridge.js';
import { makeTestCard } from '../../virtual-reader/test-support.js';
import { missingPcscTools, startPcscd, SYSTEM_PYTHON, type PcscdHandle } from './pcscd-harness.js';

const skipReason = missingPcscTools();
if (skipReason !== undefined) console.warn(skipReason);

const READER = 'Virtual PCD 00 00';
const SPARE = 'Virtual PCD 00 01'; // vpcd's second slot: never holds a card in this file

describe.skipIf(skipReason !== undefined)('PC/SC helper and channel through pcscd + vpcd', () => {
  const PIN = '246810';
  const t = makeTestCard({ pin: PIN, pinState: 'active' });
  const fromPcscd: string[] = [];
  let pcscd: PcscdHandle;
  let bridge: VpcdBridge | undefined;
  /** Answers reader pseudo-APDUs (CLA FF); the default never answers (a PIN pad nobody types on). */
  let readerCommand: (apdu: Uint8Array) => Promise<Uint8Array> = () => new Promise<Uint8Array>(() => undefined);
  const helpers: PcscHelper[] = [];
  const newHelper = (options: ConstructorParameters<typeof PcscHelper>[0] = {}): PcscHelper => {
    const h = new PcscHelper(options);
    helpers.push(h);
    return h;
  };

  const connectBridge = async (): Promise<void> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        bridge = await connectToVpcd({
          card: t.virtualCard,
          connectTimeoutMs: 2_000,
          readerCommand: (apdu) => readerCommand(apdu),
          onMessage: ({ request, response }) => {
            if (response !== undefined && request.length >= 4) fromPcscd.push(`${toHex(request, '')}>${toHex(response, '')}`);
          },
        });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${(err as Error).message}\npcscd log:\n${pcscd.log()}`);
        await delay(200);
      }
    }
  };
  /** Wait until pcscd reports the card in READER as `present`. */
  const pcscdSees = async (helper: PcscHelper, present: boolean): Promise<void> => {
    const deadline = Date.now() + 5_000;
    while ((await helper.status(READER)).present !== present) {
      if (Date.now() > deadline) throw new Error(`pcscd still reports present=${!present}`);
      await delay(100);
    }
  };

  beforeAll(async () => {
    pcscd = await startPcscd();
    await connectBridge();
  }, 150_000);

  afterEach(() => {
    readerCommand = () => new Promise<Uint8Array>(() => undefined);
  });

  afterAll(async () => {
    await Promise.all(helpers.map((h) => h.close()));
    await bridge?.close();
    await pcscd?.stop();
  });

  it('lists the vpcd readers and exchanges APDUs asynchronously: the bridge in this process answers pcscd meanwhile', async () => {
    const helper = newHelper();
    const readers = await helper.readers();
    expect(readers).toEqual(expect.arrayContaining([READER, SPARE]));
    const conn = await helper.connect({ reader: 'Virtual PCD', reset: true, transaction: true, waitMs: 3_000 }); // a prefix finds the first reader
    expect(conn).toMatchObject({ reader: READER, atr: toHex(CARD_ATR, ''), protocol: 'T1' });
    fromPcscd.length = 0;
    expect(toHex(await helper.transmit(conn.handle, cmd.selectEid()), '')).toBe('9000');
    expect(toHex(await helper.transmit(conn.handle, cmd.verify('pin', PIN)), '')).toBe('9000');
    expect(toHex(await helper.transmit(conn.handle, cmd.verify('pin')), '')).toBe('9000');
    // Exactly these APDUs reached the card through pcscd and vpcd.
    expect(fromPcscd).toEqual([`${toHex(cmd.selectEid(), '')}>9000`, `${toHex(cmd.verify('pin', PIN), '')}>9000`, `${toHex(cmd.verify('pin'), '')}>9000`]);
    // Disconnecting with SCARD_RESET_CARD ends the card session: the PIN is no longer verified.
    await helper.disconnect(conn.handle, 'reset');
    const again = await helper.connect({ reader: READER });
    expect(toHex(await helper.transmit(again.handle, cmd.selectEid()), '')).toBe('9000');
    expect(toHex(await helper.transmit(again.handle, cmd.verify('pin')), '')).toBe('63C3');
    await helper.disconnect(again.handle);
  });

  it('errors: unknown reader NO_READER, empty reader NO_CARD, closed handle BAD_HANDLE, bad APDU BAD_REQUEST', async () => {
    const helper = newHelper();
    await expect(helper.connect({ reader: 'No Such Reader' })).rejects.toMatchObject({ code: 'NO_READER', message: expect.stringContaining(READER) });
    await expect(helper.connect({ reader: SPARE })).rejects.toMatchObject({ code: 'NO_CARD', scard: expect.stringMatching(/^0x8010000C$|^0x80100069$/) });
    await expect(helper.transmit(999, cmd.selectEid())).rejects.toMatchObject({ code: 'BAD_HANDLE' });
    const conn = await helper.connect({ reader: READER });
    await expect(helper.request('transmit', { handle: conn.handle, apdu: 'zz' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(helper.request('transmit', { handle: conn.handle, apdu: '00A4' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await helper.disconnect(conn.handle);
  });

  it('the channel maps them to the card client errors: NO_READER, NO_CARD', async () => {
    const helper = newHelper();
    await expect(pcscCardChannel({ helper, readerName: 'No Such Reader' }).connect()).rejects.toMatchObject({ code: 'NO_READER', status: 409 });
    await expect(pcscCardChannel({ helper, readerName: SPARE, cardWaitMs: 300 }).connect()).rejects.toMatchObject({
      code: 'NO_CARD',
      message: `no card in the PC/SC reader "${SPARE}"; insert the eID card and try again`,
    });
  });

  it('a card leaving pcscd during a connection: REMOVED from the helper, CARD_REMOVED from the channel; then NO_CARD', async () => {
    const helper = newHelper();
    const connection = await pcscCardChannel({ helper, readerName: READER }).connect();
    expect(toHex(await connection.transmit(cmd.selectEid()), '')).toBe('9000');
    await bridge!.close(); // the card is pulled out of the PC/SC reader
    bridge = undefined;
    await expect(connection.transmit(cmd.getPinStatus())).rejects.toMatchObject({ code: 'CARD_REMOVED', details: { pcscReader: READER } });
    await connection.close();
    await pcscdSees(helper, false);
    await expect(pcscCardChannel({ helper, readerName: READER, cardWaitMs: 0 }).connect()).rejects.toMatchObject({ code: 'NO_CARD' });
    await connectBridge();
    await pcscdSees(helper, true);
    const back = await pcscCardChannel({ helper, readerName: READER }).connect();
    expect(toHex(await back.transmit(cmd.selectEid()), '')).toBe('9000');
    await back.close();
  });

  it('a request with no answer in time stops the helper (HELPER_TIMEOUT); the next request starts a new one', async () => {
    const helper = newHelper();
    const conn = await helper.connect({ reader: READER });
    const firstPid = helper.pid;
    // The reader never answers this pseudo-APDU (its PIN pad waits for a cardholder who never types).
    const stuck = helper.transmit(conn.handle, fromHex('FF20000300'), 700);
    await expect(stuck).rejects.toMatchObject({ code: 'HELPER_TIMEOUT' });
    expect(helper.pid).toBeUndefined();
    // The killed helper's PC/SC context is gone; pcscd frees the reader once vpcd's pending exchange ends.
    readerCommand = async () => fromHex('6401');
    await bridge?.close();
    await connectBridge();
    await pcscdSees(helper, true);
    expect(helper.pid).not.toBe(firstPid);
    const next = await helper.connect({ reader: READER, waitMs: 3_000 });
    expect(toHex(await helper.transmit(next.handle, fromHex('FF20000300')), '')).toBe('6401');
    await helper.disconnect(next.handle);
  });

  it('pcscd not running: NO_SERVICE, and PCSC_UNAVAILABLE from the channel', async () => {
    const helper = newHelper({ env: { ...process.env, PCSCLITE_CSOCK_NAME: join(mkdtempSync(join(tmpdir(), 'no-pcscd-')), 'pcscd.comm') } });
    await expect(helper.readers()).rejects.toMatchObject({ code: 'NO_SERVICE', scard: '0x8010001D' });
    await expect(pcscCardChannel({ helper, readerName: READER }).connect()).rejects.toMatchObject({
      code: 'PCSC_UNAVAILABLE',
      status: 502,
      message: expect.stringMatching(/^pcscd cannot be reached .*start it with the vsmartcard-vpcd driver/),
    });
  });

  it('no Python or no pyscard: HELPER_UNAVAILABLE, and PCSC_UNAVAILABLE from the channel', async () => {
    const noPython = newHelper({ python: '/nonexistent/python3' });
    await expect(noPython.readers()).rejects.toMatchObject({ code: 'HELPER_UNAVAILABLE', message: expect.stringContaining('/nonexistent/python3') });
    await expect(pcscCardChannel({ helper: noPython, readerName: READER }).connect()).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE' });
    // A `smartcard` package that cannot be imported shadows Debian's pyscard.
    const fake = mkdtempSync(join(tmpdir(), 'no-pyscard-'));
    mkdirSync(join(fake, 'smartcard'));
    writeFileSync(join(fake, 'smartcard', '__init__.py'), 'raise ImportError("simulated: pyscard is missing")\n');
    const noPyscard = newHelper({ python: SYSTEM_PYTHON, env: { ...process.env, PYTHONPATH: fake } });
    const err = await noPyscard.readers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PcscHelperError);
    expect(err).toMatchObject({ code: 'HELPER_UNAVAILABLE', message: expect.stringMatching(/pyscard is not installed .*apt-get install python3-pyscard.*simulated/) });
  });
});
