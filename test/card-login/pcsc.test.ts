/**
 * `eeszt-sim reader --pcsc` through a real pcscd + vsmartcard vpcd: the card in the card client's
 * reader is visible to PC/SC applications while the card client works with it, and leaves
 * pcscd when it is taken out. Skips only when pcscd / vpcd are
 * not installed (apt-get install -y pcscd vsmartcard-vpcd pcsc-tools python3-pyscard).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReader, type RunningReader } from '../../cli/commands/reader.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { toHex } from '../../virtual-reader/card/apdu.js';
import * as cmd from '../../virtual-reader/card/commands.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { missingPcscTools, startPcscd, SYSTEM_PYTHON, type PcscdHandle } from '../pcsc/pcscd-harness.js';
import { principalOf } from '../sts/sts-helpers.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { postSts } from '../sts/sts-helpers.js';
import { CONTEXT } from './card-login-helpers.js';

const RUNNER = fileURLToPath(new URL('../pcsc/pcsc_apdu_runner.py', import.meta.url));
const skipReason = missingPcscTools();

describe.skipIf(skipReason !== undefined)('eeszt-sim reader --pcsc (pcscd + vpcd)', () => {
  let sim: Simulator;
  let listeners: Listeners;
  let pcscd: PcscdHandle;
  let reader: RunningReader | undefined;

  beforeAll(async () => {
    pcscd = await startPcscd();
    sim = await testSimulator();
    listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    // vpcd opens its port a moment after pcscd's socket appears.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        reader = await startReader(
          { host: '127.0.0.1', port: '0', target: listeners.httpOrigin!, card: '123456AB', pcsc: true, vpcdHost: '127.0.0.1', vpcdPort: '35963', promptTimeout: '60', quiet: true },
          () => undefined,
        );
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${(err as Error).message}\npcscd log:\n${pcscd.log()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await listeners?.close();
    await pcscd?.stop();
  });

  it('runs the card login while the card is connected to pcscd', async () => {
    const pkg = await json(await postJson(sim, '/eid/request-package', { institutionId: 'E01620K' }));
    const res = await fetch(`${reader!.url}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestPackage: pkg.requestPackage, cardholder: [{ pin: '123456' }] }),
    });
    const body = (await res.json()) as { ridPackage: string; code?: string; detail?: string };
    expect(res.status, `${body.code}: ${body.detail}`).toBe(200);
    const answer = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(body.ridPackage, 'base64').toString('utf8'), now: sim.deps.clock.now() }));
    expect(principalOf(sim, answer).username).toBe('O50123');
  });

  it('shows the card to other PC/SC applications', async () => {
    const { stdout } = await promisify(execFile)(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '10', toHex(cmd.selectEid(), '')], { timeout: 30_000 });
    const out = JSON.parse(stdout) as { reader: string; exchanges: Array<{ response: string }> };
    expect(out.reader).toMatch(/^Virtual PCD 00 00/);
    expect(out.exchanges[0]?.response).toBe('9000');
  });

  it('takes the card out of pcscd when it leaves the card client\'s reader', async () => {
    await reader!.client.readers.remove(0);
    const gone = await promisify(execFile)(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '2', toHex(cmd.selectEid(), '')], { timeout: 30_000 }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    expect((JSON.parse(gone.stdout) as { error?: string }).error).toMatch(/no card in a reader/);
    await reader!.client.readers.insert(0, '123456AB');
    const { stdout } = await promisify(execFile)(SYSTEM_PYTHON, [RUNNER, '--reader', 'Virtual PCD 00 00', '--timeout', '10', toHex(cmd.selectEid(), '')], { timeout: 30_000 });
    expect((JSON.parse(stdout) as { exchanges: Array<{ response: string }> }).exchanges[0]?.response).toBe('9000');
  });
});
