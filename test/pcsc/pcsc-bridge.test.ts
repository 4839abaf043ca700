/**
 * PC/SC integration: pcscd + vsmartcard's vpcd driver + the virtual card bridge, driven by
 * Debian's python3 with pyscard. Skips only when pcscd / vpcd are not installed.
 * CI: apt-get install -y pcscd vsmartcard-vpcd pcsc-tools python3-pyscard
 */
import { execFile } from 'node:child_process';
import { verify as verifySignature } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, parseResponseApdu, toHex } from '../../virtual-reader/card/apdu.js';
import { CARD_ATR } from '../../virtual-reader/card/atr.js';
import * as cmd from '../../virtual-reader/card/commands.js';
import { decodeDocumentData } from '../../virtual-reader/card/document-data.js';
import { EF } from '../../virtual-reader/card/eid-application.js';
import { connectToVpcd, type VpcdBridge } from '../../virtual-reader/pcsc/vpcd-bridge.js';
import { makeTestCard } from '../../virtual-reader/test-support.js';
import { missingPcscTools, startPcscd, SYSTEM_PYTHON, type PcscdHandle } from './pcscd-harness.js';

const RUNNER = fileURLToPath(new URL('./pcsc_apdu_runner.py', import.meta.url));
const run = promisify(execFile);
const skipReason = missingPcscTools();
if (skipReason !== undefined) console.warn(skipReason);

interface RunnerOutput {
  readers: string[];
  reader: string;
  atr: string;
  exchanges: Array<{ command: string; response: string }>;
  error?: string;
}

async function runPyscard(apdus: Uint8Array[]): Promise<RunnerOutput> {
  const args = [RUNNER, '--reader', 'Virtual PCD', '--timeout', '20', ...apdus.map((a) => toHex(a, ''))];
  try {
    const { stdout } = await run(SYSTEM_PYTHON, args, { timeout: 40_000 });
    return JSON.parse(stdout) as RunnerOutput;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pyscard runner failed: ${e.message}\nstdout: ${e.stdout ?? ''}\nstderr: ${e.stderr ?? ''}`);
  }
}

describe.skipIf(skipReason !== undefined)('PC/SC bridge through pcscd + vpcd', () => {
  const PIN = '246810';
  const t = makeTestCard({ pin: PIN, pinState: 'active' });
  let pcscd: PcscdHandle;
  let bridge: VpcdBridge | undefined;

  beforeAll(async () => {
    pcscd = await startPcscd();
    // vpcd opens its port a moment after pcscd's socket appears: retry the connection briefly.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        bridge = await connectToVpcd({ card: t.virtualCard, connectTimeoutMs: 2_000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${(err as Error).message}\npcscd log:\n${pcscd.log()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 150_000); // may wait for another PC/SC test file to release pcscd (the harness's lock)

  afterAll(async () => {
    await bridge?.close();
    await pcscd?.stop();
  });

  it('lists the Virtual PCD reader and answers SELECT, VERIFY, READ BINARY and INTERNAL AUTHENTICATE', async () => {
    const cert = t.certificateDer;
    const chunks = Math.ceil(cert.length / 256);
    const challenge = fromHex('0102030405060708090A0B0C0D0E0F10');
    const apdus = [
      cmd.selectEid(),
      cmd.verify('pin'),
      cmd.verify('pin', '000000'),
      cmd.verify('pin', PIN),
      cmd.selectEf(EF.AUTH_CERTIFICATE.fid),
      ...Array.from({ length: chunks }, (_, i) => cmd.readBinary(i * 256)),
      cmd.readBinarySfi(EF.DOCUMENT_DATA.sfi),
      cmd.internalAuthenticate(challenge),
    ];
    const out = await runPyscard(apdus);
    expect(out.error).toBeUndefined();
    expect(out.readers.some((r) => r.startsWith('Virtual PCD'))).toBe(true);
    expect(out.reader.startsWith('Virtual PCD')).toBe(true);
    expect(out.atr).toBe(toHex(CARD_ATR, ''));

    const responses = out.exchanges.map((e) => parseResponseApdu(fromHex(e.response)));
    const sw = responses.map((r) => r.sw.toString(16).toUpperCase());
    expect(sw.slice(0, 5)).toEqual(['9000', '63C3', '63C2', '9000', '9000']);

    const certReads = responses.slice(5, 5 + chunks);
    certReads.slice(0, -1).forEach((r) => expect(r.sw).toBe(0x9000));
    expect(certReads.at(-1)?.sw).toBe(cert.length % 256 === 0 ? 0x9000 : 0x6282);
    expect(Buffer.concat(certReads.map((r) => r.data))).toEqual(Buffer.from(cert));

    const doc = responses[5 + chunks]!;
    expect(doc.sw).toBe(0x6282); // the file is shorter than Le 00 = 256 bytes
    expect(decodeDocumentData(doc.data)).toMatchObject({ documentId: t.card.documentId, can: t.card.can });

    const signed = responses[6 + chunks]!;
    expect(signed.sw).toBe(0x9000);
    expect(verifySignature('sha256', challenge, { key: t.publicKey, dsaEncoding: 'ieee-p1363' }, signed.data)).toBe(true);

    // The card record saw the wrong try and the reset by the right PIN.
    expect(t.card.pinTriesLeft).toBe(3);
    expect(t.card.pinState).toBe('active');
  });

  it('ends the card session when pyscard disconnects (power off): the PIN must be verified again', async () => {
    const out = await runPyscard([cmd.selectEid(), cmd.verify('pin'), cmd.internalAuthenticate(fromHex('AA'))]);
    expect(out.exchanges.map((e) => e.response.slice(-4))).toEqual(['9000', '63C3', '6982']);
  });
});
