/** Issue 15 item 15: revocation serials within RFC 5280's 20 octets; a warning when serving beyond loopback without a control token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { startServe } from '../helpers/cli.js';
import type { Simulator } from '../../simulator/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

describe('POST /_sim/revocations serial length', () => {
  it('refuses a serial longer than 20 octets (900 000 hex digits, and 41), naming the limit', async () => {
    for (const serial of ['a'.repeat(900_000), `1${'0'.repeat(40)}`]) {
      const res = await postJson(sim, '/_sim/revocations', { serial, reason: 'keyCompromise' });
      expect(res.status).toBe(400);
      const p = await json(res);
      expect(p.code).toBe('REVOCATION_REQUEST_INVALID');
      expect(p.detail).toMatch(/^serial has \d+ hex digits \(\d+ octets\); a certificate serial number is at most 20 octets \(RFC 5280, 4\.1\.2\.2\), 40 hex digits/);
      expect(p.details).toMatchObject({ field: 'serial', maxHexDigits: 40 });
    }
    expect((await json(await sim.app.request('/_sim/revocations'))).revocations).toEqual([]);
  });
  it('accepts 20 octets, also with leading zeros and colons', async () => {
    const serial = 'ff'.repeat(20);
    expect((await postJson(sim, '/_sim/revocations', { serial: `00:${serial.match(/../g)?.join(':')}` })).status).toBe(201);
    expect((await json(await sim.app.request('/_sim/revocations'))).revocations.map((r: { serialHex: string }) => r.serialHex)).toEqual([serial]);
  });
});

async function serveOutput(args: string[]): Promise<string> {
  const { child, output } = await startServe(args);
  try {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && !/warn: listening on/.test(output())) await new Promise((r) => setTimeout(r, 100));
    return output();
  } finally {
    child.kill('SIGTERM');
  }
}

describe('serve on a non-loopback address', () => {
  it('warns without a control token, and not with one or on loopback', async () => {
    const open = await serveOutput(['--host', '0.0.0.0']);
    expect(open).toContain('warn: listening on 0.0.0.0, a non-loopback address, without a control token');
    expect(open).toContain('restart with --control-token <secret>');
    const withToken = await serveOutput(['--host', '0.0.0.0', '--control-token', 'a-long-enough-secret-1234']);
    expect(withToken).not.toContain('warn: listening on');
    const loopback = await serveOutput([]);
    expect(loopback).not.toContain('warn: listening on');
  }, 60_000);
});
