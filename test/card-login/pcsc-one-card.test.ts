/**
 * One card, whichever way its APDUs arrive (issue 15). The card behind pcscd of a standalone
 * `eeszt-sim reader --pcsc` is the simulator's card: another PC/SC program (pyscard through
 * pcscd, `test/pcsc/pcsc_apdu_runner.py`) that spends PIN tries changes the card in the
 * simulator's store at once (`GET /_sim/cards`), and the next card-client login sees it; the card
 * answers by the simulator clock (an expired card answers `6283` to SELECT). Skips only when
 * pcscd / vpcd are not installed (apt-get install -y pcscd vsmartcard-vpcd pcsc-tools
 * python3-pyscard), which CI installs.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReader, type ReaderOptions, type RunningReader } from '../../cli/commands/reader.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { asciiBytes, toHex } from '../../virtual-reader/card/apdu.js';
import * as cmd from '../../virtual-reader/card/commands.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { validateFixtureSet } from '../../fixtures/validate.js';
import { json, testSimulator } from '../helpers/sim.js';
import { missingPcscTools, startPcscd, SYSTEM_PYTHON, type PcscdHandle } from '../pcsc/pcscd-harness.js';
import { postRequestPackage } from '../helpers/eid.js';

const RUNNER = fileURLToPath(new URL('../pcsc/pcsc_apdu_runner.py', import.meta.url));
const skipReason = missingPcscTools();
if (skipReason !== undefined) console.warn(skipReason);
const run = promisify(execFile);
const hex = (apdu: Uint8Array): string => toHex(apdu, '');

describe.skipIf(skipReason !== undefined)('one card state: the card in pcscd is the simulator\'s card', () => {
  let sim: Simulator;
  let listeners: Listeners;
  let pcscd: PcscdHandle;
  let reader: RunningReader;
  const DOC = '123456AB';

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

  beforeAll(async () => {
    pcscd = await startPcscd();
    sim = await testSimulator();
    listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    reader = await startPcscReader({ card: DOC });
  }, 150_000);

  afterAll(async () => {
    await reader?.close();
    await listeners?.close();
    await pcscd?.stop();
  });

  /** Another PC/SC program: pyscard through pcscd, one connection, these APDUs. */
  async function otherPcscProgram(...apdus: Uint8Array[]): Promise<string[]> {
    return otherPcscProgramOn('Virtual PCD 00 00', ...apdus);
  }
  async function otherPcscProgramOn(pcscReader: string, ...apdus: Uint8Array[]): Promise<string[]> {
    const { stdout } = await run(SYSTEM_PYTHON, [RUNNER, '--reader', pcscReader, '--timeout', '10', ...apdus.map(hex)], { timeout: 30_000 });
    return (JSON.parse(stdout) as { exchanges: Array<{ response: string }> }).exchanges.map((e) => e.response);
  }
  const call = async (url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const login = async (cardholder: unknown[]): Promise<{ status: number; body: any }> => {
    const pkg = (await json(await postRequestPackage(sim, { institutionId: 'E01620K' }))) as { requestPackage: string };
    return call(`${reader.url}/authenticate`, 'POST', { requestPackage: pkg.requestPackage, cardholder });
  };
  /** The card as the simulator's control API shows it. */
  const listed = async (): Promise<{ pinState: string; pinTriesLeft: number; pukTriesLeft: number }> => {
    const res = await call(`${listeners.httpOrigin!}/_sim/cards`, 'GET');
    return (res.body.cards as Array<{ documentId: string; pinState: string; pinTriesLeft: number; pukTriesLeft: number }>).find((c) => c.documentId === DOC)!;
  };
  const record = () => sim.deps.store.state.cards.find((c) => c.documentId === DOC)!;
  const WRONG = cmd.verify('pin', '000000');

  it('two wrong PINs from another PC/SC program suspend the PIN in the simulator at once; the next card-client login → CAN_REQUIRED', async () => {
    expect(await otherPcscProgram(cmd.selectEid(), WRONG, WRONG)).toEqual(['9000', '63C2', '63C1']);
    expect(await listed()).toMatchObject({ pinState: 'suspended', pinTriesLeft: 1 });
    const res = await login([{ pin: '123456' }]);
    expect(res).toMatchObject({ status: 401, body: { code: 'CAN_REQUIRED' } });
    expect(await listed()).toMatchObject({ pinState: 'suspended', pinTriesLeft: 1 });
    // With the CAN the login works, and the card is active again everywhere.
    const ok = await login([{ can: record().can }, { pin: '123456' }]);
    expect(ok.status, `${ok.body?.code}: ${ok.body?.detail}`).toBe(200);
    expect(await listed()).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
    expect(await otherPcscProgram(cmd.selectEid(), cmd.verify('pin'))).toEqual(['9000', '63C3']);
  });

  it('a PIN blocked by another PC/SC program stays blocked for the card client (PIN_BLOCKED), and a PIN state set through the control API reaches pcscd', async () => {
    const can = cmd.verify('can', record().can);
    expect(await otherPcscProgram(cmd.selectEid(), WRONG, WRONG, can, WRONG)).toEqual(['9000', '63C2', '63C1', '9000', '63C0']);
    expect(await listed()).toMatchObject({ pinState: 'blocked', pinTriesLeft: 0 });
    expect(await login([{ pin: '123456' }])).toMatchObject({ body: { code: 'PIN_BLOCKED' } });
    const put = await call(`${listeners.httpOrigin!}/_sim/cards/${DOC}/pin-state`, 'PUT', { pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10 });
    expect(put.status).toBe(200);
    expect(await otherPcscProgram(cmd.selectEid(), cmd.verify('pin'))).toEqual(['9000', '63C3']);
    expect((await login([{ pin: '123456' }])).status).toBe(200);
  });

  it('the card in pcscd follows the simulator clock: past its expiry, SELECT through pcscd answers 6283 at once', async () => {
    const before = sim.deps.clock.nowMs();
    try {
      const moved = await call(`${listeners.httpOrigin!}/_sim/clock`, 'POST', { set: '2031-06-02T10:00:00Z' }); // expiry 2031-05-31
      expect(moved.status).toBe(200);
      expect(await otherPcscProgram(cmd.selectEid())).toEqual(['6283']);
      expect(await login([{ pin: '123456' }])).toMatchObject({ body: { code: 'CARD_EXPIRED' } });
    } finally {
      sim.deps.clock.set(before);
    }
    expect(await otherPcscProgram(cmd.selectEid())).toEqual(['9000']);
  });

  it('the PIN typed by another PC/SC program never reaches the simulator\'s journal', async () => {
    await otherPcscProgram(cmd.selectEid(), cmd.verify('pin', '123456'));
    const apdus = sim.deps.journal.list({ service: 'control' }).filter((e) => e.request.path === `/_sim/cards/${DOC}/apdu`);
    const verify = apdus.filter((e) => e.summary.command === '00200003');
    expect(verify.length).toBeGreaterThan(0);
    for (const e of verify) {
      expect(e.summary).toMatchObject({ operation: 'card-apdu', documentId: DOC });
      expect(e.request.body.includes(hex(asciiBytes('123456'))), 'the PIN is in the journal').toBe(false);
      expect(e.request.body).toContain('"apdu":"***"');
    }
  });

  it('re-inserting the card right after it was pulled out works at any speed (10 quick cycles: pulled at the PIN prompt, or through the card client API), and pcscd sees it', async () => {
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 0) {
        // The cardholder pulls the card out at the PIN prompt: the login ends with CARD_REMOVED.
        expect(await login([{ removeCard: true }])).toMatchObject({ status: 409, body: { code: 'CARD_REMOVED' } });
      } else {
        const out = await call(`${reader.url}/readers/0/card`, 'DELETE');
        expect(out.status, JSON.stringify(out.body)).toBeLessThan(300);
      }
      const back = await call(`${reader.url}/readers/0/card`, 'POST', { documentId: DOC });
      expect(back.status, `cycle ${i}: ${back.body?.code}: ${back.body?.detail}`).toBeLessThan(300);
    }
    expect(await otherPcscProgram(cmd.selectEid())).toEqual(['9000']);
    expect((await login([{ pin: '123456' }])).status).toBe(200);
  });

  it('a dead card (PUK used up through pcscd) reports 0 PIN tries (DF20 04 05 00 00 00), the same rule the fixture validator and the control API apply', async () => {
    const wrongPuk = cmd.verify('puk', '00000000');
    const answers = await otherPcscProgram(cmd.selectEid(), ...Array.from({ length: 10 }, () => wrongPuk), cmd.verify('puk', record().puk), cmd.getPinStatus());
    expect(answers.slice(1, 11)).toEqual(['63C9', '63C8', '63C7', '63C6', '63C5', '63C4', '63C3', '63C2', '63C1', '63C0']);
    expect(answers[11]).toBe('6983'); // dead for ever, even with the right PUK
    expect(answers[12]).toBe('DF2004050000009000');
    expect(await listed()).toMatchObject({ pinState: 'dead', pinTriesLeft: 0, pukTriesLeft: 0 });
    expect(await login([{ pin: '123456' }])).toMatchObject({ body: { code: 'CARD_DEAD' } });
    // The fixture validator and the control API refuse a dead card with PIN tries, with one message.
    const set = loadDefaultFixtures();
    set.cards[0] = { ...set.cards[0]!, pinState: 'dead', pinTriesLeft: 3, pukTriesLeft: 0 };
    const validation = validateFixtureSet(set);
    const fromValidator = validation.ok ? undefined : validation.errors.find((e) => e.path === 'cards[0].pinTriesLeft');
    expect(fromValidator?.message).toMatch(/^a dead card \(PUK used up\) can never use its PIN again/);
    const put = await call(`${listeners.httpOrigin!}/_sim/cards/${DOC}/pin-state`, 'PUT', { pinState: 'dead', pinTriesLeft: 3, pukTriesLeft: 0 });
    expect(put).toMatchObject({ status: 400, body: { code: 'PIN_STATE_INVALID', detail: fromValidator?.message, details: { field: 'pinTriesLeft' } } });
    expect((await call(`${listeners.httpOrigin!}/_sim/cards/${DOC}/pin-state`, 'PUT', { pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10 })).status).toBe(200);
  });

  it('vpcd\'s two reader ports are reused when freed (detach/attach cycles), a reader beyond them gets PCSC_READER_LIMIT naming the ports, and READER_UNKNOWN lists the readers attached', async () => {
    for (let cycle = 0; cycle < 3; cycle++) {
      const attached = await call(`${reader.url}/readers`, 'POST', {});
      expect(attached.status, `cycle ${cycle}: ${attached.body?.code}: ${attached.body?.detail}`).toBe(201);
      const id = attached.body.id as number;
      const inserted = await call(`${reader.url}/readers/${id}/card`, 'POST', { documentId: '234567BC' });
      expect(inserted.status, `cycle ${cycle}: ${inserted.body?.code}: ${inserted.body?.detail}`).toBeLessThan(300);
      expect(reader.pcsc!.readerName(id)).toBe('Virtual PCD 00 01');
      expect(await otherPcscProgramOn('Virtual PCD 00 01', cmd.selectEid(), cmd.verify('pin'))).toEqual(['9000', '63C3']);
      if (cycle === 0) {
        const third = await call(`${reader.url}/readers`, 'POST', {});
        expect(third).toMatchObject({ status: 409, body: { code: 'PCSC_READER_LIMIT', details: { vpcdPorts: [35963, 35964], readers: [0, id] } } });
        expect(third.body.detail).toMatch(/^vpcd offers 2 reader ports \(35963, 35964\) and readers 0, \d+ already use them; detach one/);
      }
      expect((await call(`${reader.url}/readers/${id}`, 'DELETE')).status).toBe(200);
      const unknown = await call(`${reader.url}/readers/${id}`, 'GET');
      expect(unknown).toMatchObject({ status: 404, body: { code: 'READER_UNKNOWN', details: { readers: [0] } } });
      expect(unknown.body.detail).toBe(`there is no reader ${id}; this card client has reader 0 (GET /card-client/readers lists them)`);
    }
    // Reader 0 kept its card and its port all along.
    expect(await otherPcscProgram(cmd.selectEid())).toEqual(['9000']);
  });

  it('after a pcscd restart the card client recovers by itself: the card goes back into pcscd and the very next login works', async (ctx) => {
    if (!pcscd.startedHere) ctx.skip(); // a pcscd started by someone else is not restarted
    await pcscd.restart();
    const res = await login([{ pin: '123456' }]);
    expect(res.status, `${res.body?.code}: ${res.body?.detail}\npcscd log:\n${pcscd.log()}`).toBe(200);
    expect(await otherPcscProgram(cmd.selectEid())).toEqual(['9000']);
    expect(await listed()).toMatchObject({ pinState: 'active', pinTriesLeft: 3 });
  });
});
