/**
 * `eeszt-sim reader --pcsc` through a real pcscd + vsmartcard vpcd: the card client works the
 * card through PC/SC. Every APDU goes card client → PC/SC helper (python3-pyscard) → pcscd →
 * vpcd → the vpcd bridge → the virtual card, and the tests prove it from the bridge's side (it
 * counts what pcscd delivered), with the in-process path watched and never used. Also: the
 * card leaving pcscd before or during a login, a wrong PIN, and a PIN-pad reader whose PIN
 * never crosses PC/SC. Skips only when pcscd / vpcd are not installed
 * (apt-get install -y pcscd vsmartcard-vpcd pcsc-tools python3-pyscard), which CI installs.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReader, type ReaderOptions, type RunningReader } from '../../cli/commands/reader.js';
import { main } from '../../cli/main.js';
import { SAML } from '../../simulator/saml/namespaces.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { asciiBytes, toHex } from '../../virtual-reader/card/apdu.js';
import * as cmd from '../../virtual-reader/card/commands.js';
import type { PcscApduTrace } from '../../virtual-reader/card-client/pcsc-link.js';
import { json, testSimulator } from '../helpers/sim.js';
import { missingPcscTools, startPcscd, SYSTEM_PYTHON, type PcscdHandle } from '../pcsc/pcscd-harness.js';
import { postSts, principalOf } from '../sts/sts-helpers.js';
import { CONTEXT } from './card-login-helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

const RUNNER = fileURLToPath(new URL('../pcsc/pcsc_apdu_runner.py', import.meta.url));
const skipReason = missingPcscTools();
if (skipReason !== undefined) console.warn(skipReason);
const run = promisify(execFile);

/** Hex of an APDU's first bytes, for matching the trace. */
const head = (apdu: Uint8Array, bytes = 4): string => toHex(apdu.slice(0, bytes), '');

describe.skipIf(skipReason !== undefined)('eeszt-sim reader --pcsc: the card client works the card through pcscd + vpcd', () => {
  let sim: Simulator;
  let listeners: Listeners;
  let pcscd: PcscdHandle;

  beforeAll(async () => {
    pcscd = await startPcscd();
    sim = await testSimulator();
    listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
  }, 150_000);

  afterAll(async () => {
    await listeners?.close();
    await pcscd?.stop();
  });

  /** `eeszt-sim reader --pcsc …` (the command's own code path), retried while vpcd opens its port. */
  async function startPcscReader(extra: Partial<ReaderOptions>): Promise<RunningReader> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        return await startReader(
          { host: '127.0.0.1', port: '0', target: listeners.httpOrigin!, pcsc: true, vpcdHost: '127.0.0.1', vpcdPort: '35963', promptTimeout: '60', quiet: true, ...extra },
          () => undefined,
        );
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${(err as Error).message}\npcscd log:\n${pcscd.log()}`);
        await delay(200);
      }
    }
  }

  const call = async (url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const requestPackage = async (): Promise<{ requestPackage: string; nonce: string }> => json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
  const cardOf = (documentId: string) => sim.deps.store.state.cards.find((c) => c.documentId === documentId)!;

  describe('a reader without PIN pad: "Virtual PCD 00 00"', () => {
    let reader: RunningReader;
    const trace: PcscApduTrace[] = [];

    beforeAll(async () => {
      reader = await startPcscReader({ card: '123456AB' });
      reader.pcsc!.on('apdu', (t) => trace.push(t));
    }, 60_000);
    afterAll(async () => {
      await reader?.close();
    });

    /** Put the card back into pcscd: out of the card client's reader and in again (a new bridge). */
    const reinsert = async (): Promise<void> => {
      await reader.client.readers.remove(0);
      await reader.client.readers.insert(0, '123456AB');
    };

    it('runs the whole card login (request package → card client → eID server → rID → STS) with every APDU through pcscd', async () => {
      expect(reader.pcsc!.readerName(0)).toBe('Virtual PCD 00 00');
      const inProcess = vi.spyOn(reader.client.readers.get(0).reader, 'transmit');
      trace.length = 0;
      const pkg = await requestPackage();
      const res = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
      expect(res.status, `${res.body?.code}: ${res.body?.detail}`).toBe(200);
      expect(res.body).toMatchObject({ requestNonce: pkg.nonce, pinChanged: false, reader: 0 });
      const answer = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(res.body.ridPackage, 'base64').toString('utf8'), now: sim.deps.clock.now() }));
      expect(principalOf(sim, answer)).toMatchObject({ username: 'O50123', authMethod: 'card' });
      expect(answer.assertion).toContain(`<saml:AuthnContextClassRef>${SAML.acSmartcardPki}</saml:AuthnContextClassRef>`);

      // The bridge received the card client's whole dialogue from pcscd, in order ...
      const commands = trace.map((t) => toHex(t.command, ''));
      const responses = trace.map((t) => toHex(t.response, ''));
      expect(commands[0]).toBe(toHex(cmd.selectEid(), ''));
      expect(commands[1]).toBe(toHex(cmd.getPinStatus(), ''));
      const verify = commands.indexOf(toHex(cmd.verify('pin', '123456'), ''));
      const sign = commands.findIndex((c) => c.startsWith('00880000'));
      const ri = commands.findIndex((c) => c.startsWith('00860000'));
      expect(commands.some((c) => c.startsWith('00A4020C'))).toBe(true); // SELECT EF (certificate)
      expect(commands.some((c) => c.startsWith('00B0'))).toBe(true); // READ BINARY
      expect(verify).toBeGreaterThan(1);
      expect(sign).toBeGreaterThan(verify);
      expect(ri).toBeGreaterThan(sign);
      expect(responses[verify]).toBe('9000');
      expect(responses[sign]).toMatch(/^[0-9A-F]{128}9000$/); // r || s
      expect(responses[ri]?.endsWith('9000')).toBe(true);
      expect(trace.every((t) => t.reader === 0 && !t.readerCommand)).toBe(true);
      // ... and never went to the virtual reader in-process.
      expect(inProcess).not.toHaveBeenCalled();
      inProcess.mockRestore();
    });

    it('the authentic readout of TAJ and tax id (seed 003) with every APDU through pcscd: PIN, EF.PersonalData, the card\'s signature over it', async () => {
      trace.length = 0;
      const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K', purpose: 'readout' }));
      const res = await call(`${reader.url}/readout`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
      expect(res.status, `${res.body?.code}: ${res.body?.detail}`).toBe(200);
      expect(res.body).toMatchObject({ taj: '035742513', taxId: '8395581238', requestNonce: pkg.nonce });
      expect(res.body.electronicId).toMatch(/^[0-9A-F]{32}$/);
      const commands = trace.map((t) => toHex(t.command, ''));
      const verify = commands.indexOf(toHex(cmd.verify('pin', '123456'), ''));
      const selectPersonal = commands.indexOf('00A4020C020103');
      const signed = commands.findIndex((c) => c.startsWith('00880083'));
      expect(verify).toBeGreaterThan(0);
      expect(selectPersonal).toBeGreaterThan(verify);
      expect(signed).toBeGreaterThan(selectPersonal);
      expect(toHex(trace[signed]!.response, '')).toMatch(/^[0-9A-F]{128}9000$/);
      // TAJ travelled in EF.PersonalData's READ BINARY answer through pcscd (C7 09 "035742513").
      expect(trace.some((t) => toHex(t.response, '').includes(`C709${Buffer.from('035742513').toString('hex').toUpperCase()}`))).toBe(true);
    });

    it('a wrong PIN through PC/SC → PIN_WRONG with 2 tries left; the card answered 63C2 through pcscd', async () => {
      trace.length = 0;
      const pkg = await requestPackage();
      const res = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ wrongPin: true }] });
      expect(res).toMatchObject({ status: 401, body: { code: 'PIN_WRONG', details: { triesLeft: 2 } } });
      const verify = trace.find((t) => head(t.command) === '00200003' && t.command.length > 5);
      expect(verify && toHex(verify.response, '')).toBe('63C2');
      expect(cardOf('123456AB').pinTriesLeft).toBe(2); // answered by the simulator, on its record
      const ok = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
      expect(ok.status).toBe(200);
      expect(cardOf('123456AB').pinTriesLeft).toBe(3);
    });

    it('the card out of pcscd (its bridge disconnected) while the card client\'s reader still holds it → NO_CARD from PC/SC', async () => {
      await reader.pcsc!.disconnect(0);
      await reader.pcsc!.waitForCard(0, false);
      expect(reader.client.readers.get(0).material?.card.documentId).toBe('123456AB');
      trace.length = 0;
      const pkg = await requestPackage();
      const res = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
      expect(res).toMatchObject({ status: 409, body: { code: 'NO_CARD', detail: 'no card in the PC/SC reader "Virtual PCD 00 00"; insert the eID card and try again' } });
      expect(trace).toEqual([]);
      await reinsert();
      const again = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] });
      expect(again.status).toBe(200);
    });

    it('the card leaving pcscd during the login (bridge closed at the PIN prompt) → CARD_REMOVED; no PIN try is spent', async () => {
      expect((await call(`${reader.url}/cardholder`, 'PUT', { mode: 'interactive' })).status).toBe(200);
      const pkg = await requestPackage();
      const pending = call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage });
      const prompt = await call(`${reader.url}/prompts/next?waitSeconds=20`, 'GET');
      expect(prompt).toMatchObject({ status: 200, body: { kind: 'pin', where: 'host' } });
      await reader.pcsc!.disconnect(0);
      await reader.pcsc!.waitForCard(0, false);
      expect((await call(`${reader.url}/prompts/${prompt.body.id}/answer`, 'POST', { pin: '123456' })).status).toBeLessThan(300);
      const res = await pending;
      expect(res).toMatchObject({ status: 409, body: { code: 'CARD_REMOVED', details: { pcscReader: 'Virtual PCD 00 00' } } });
      expect(cardOf('123456AB').pinTriesLeft).toBe(3);
      await reinsert();
    });

    it('shows the card to other PC/SC applications', async () => {
      const { stdout } = await run(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '10', toHex(cmd.selectEid(), '')], { timeout: 30_000 });
      const out = JSON.parse(stdout) as { reader: string; exchanges: Array<{ response: string }> };
      expect(out.reader).toMatch(/^Virtual PCD 00 00/);
      expect(out.exchanges[0]?.response).toBe('9000');
    });

    it('takes the card out of pcscd when it leaves the card client\'s reader, and back in', async () => {
      await reader.client.readers.remove(0);
      const gone = await run(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '2', toHex(cmd.selectEid(), '')], { timeout: 30_000 }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      expect((JSON.parse(gone.stdout) as { error?: string }).error).toMatch(/no card in a reader/);
      await reader.client.readers.insert(0, '123456AB');
      const { stdout } = await run(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '10', toHex(cmd.selectEid(), '')], { timeout: 30_000 });
      expect((JSON.parse(stdout) as { exchanges: Array<{ response: string }> }).exchanges[0]?.response).toBe('9000');
    });
  });

  describe('a PIN-pad reader: "Virtual PCD 00 01" (--pin-pad --vpcd-port 35964)', () => {
    let reader: RunningReader;
    const trace: PcscApduTrace[] = [];
    const readerTrace: string[] = [];

    beforeAll(async () => {
      reader = await startPcscReader({ card: '678901FG', pinPad: true, vpcdPort: '35964' });
      reader.pcsc!.on('apdu', (t) => trace.push(t));
      reader.client.readers.get(0).reader.on('apdu', (t) => readerTrace.push(`${toHex(t.command, '')}>${toHex(t.response, '')}${t.secure ? ' secure' : ''}`));
    }, 60_000);
    afterAll(async () => {
      await reader?.close();
    });

    it('secure PIN entry: the host sends FF 20 00 03 (no PIN) through pcscd, the PIN pad builds the VERIFY on the reader side', async () => {
      expect(reader.pcsc!.readerName(0)).toBe('Virtual PCD 00 01');
      trace.length = 0;
      readerTrace.length = 0;
      const pkg = await requestPackage();
      const res = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '678901' }] });
      expect(res.status, `${res.body?.code}: ${res.body?.detail}`).toBe(200);
      const secure = trace.filter((t) => t.readerCommand);
      expect(secure.map((t) => `${toHex(t.command, '')}>${toHex(t.response, '')}`)).toEqual(['FF20000303800103>9000']);
      expect(trace.some((t) => head(t.command, 2) === '0020')).toBe(false); // no VERIFY came through pcscd
      expect(trace.some((t) => head(t.command, 2) === '0088')).toBe(true); // the rest did
      expect(readerTrace).toContain('00200003>9000 secure'); // the pad's own VERIFY, header only
      // Nothing the host sent through PC/SC carries the PIN (the certificate in the responses holds
      // the document id 678901FG, whose digits this persona's PIN happens to repeat).
      const sentThroughPcsc = JSON.stringify(trace.map((t) => toHex(t.command, '')));
      expect(sentThroughPcsc).not.toContain(toHex(asciiBytes('678901'), ''));
    });

    it('Cancel on the PIN pad → PIN_CANCELLED (the reader answered 6401 through pcscd); a wrong PIN on the pad → PIN_WRONG', async () => {
      trace.length = 0;
      const pkg = await requestPackage();
      const cancelled = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ cancel: true }] });
      expect(cancelled).toMatchObject({ status: 409, body: { code: 'PIN_CANCELLED' } });
      const wrong = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ wrongPin: true }] });
      expect(wrong).toMatchObject({ status: 401, body: { code: 'PIN_WRONG', details: { triesLeft: 2 } } });
      expect(trace.filter((t) => t.readerCommand).map((t) => toHex(t.response, ''))).toEqual(['6401', '63C2']);
      const ok = await call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder: [{ pin: '678901' }] });
      expect(ok.status).toBe(200);
      expect(cardOf('678901FG').pinTriesLeft).toBe(3);
    });
  });
  describe('when PC/SC cannot be used', () => {
    it('`eeszt-sim reader --pcsc` exits 1 with one line when pcscd cannot be reached', async () => {
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const saved = process.env.PCSCLITE_CSOCK_NAME;
      // The PC/SC helper inherits this: libpcsclite then looks for pcscd at a socket nobody serves.
      process.env.PCSCLITE_CSOCK_NAME = join(mkdtempSync(join(tmpdir(), 'no-pcscd-')), 'pcscd.comm');
      try {
        expect(await main(['reader', '--pcsc', '--target', listeners.httpOrigin!, '--port', '0', '--card', '123456AB'])).toBe(1);
        const lines = err.mock.calls.map((c) => String(c[0]));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^eeszt-sim: --pcsc: pcscd cannot be reached .*0x8010001D.*start it with the vsmartcard-vpcd driver \(pcscd --foreground &\), or run without --pcsc\n$/);
      } finally {
        if (saved === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
        else process.env.PCSCLITE_CSOCK_NAME = saved;
        err.mockRestore();
      }
    });
  });
});
