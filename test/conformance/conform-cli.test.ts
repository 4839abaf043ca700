/**
 * `eeszt-sim conform` as a process: listing the catalogue, usage errors, progress lines, the
 * exit code (0 only when every must check passes), expected failures, the three reports, and
 * observe mode against a running simulator.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE } from '../../conformance/catalogue/catalogue.js';
import { ADAPTER_PROTOCOL, type AdapterAction, type AdapterParams } from '../../conformance/adapter/protocol.js';
import { handleAdapterRequest } from '../../conformance/reference-his/adapter-handler.js';
import { createReferenceHis } from '../../conformance/reference-his/reference-his.js';
import { packageRoot } from '../../simulator/package-root.js';
import { runCli, startServe, stop } from '../helpers/cli.js';
import { TEST_TIMING } from './support.js';

const MAIN = join(packageRoot(), 'dist', 'conformance', 'reference-his', 'main.js');
const his = (...args: string[]): string => [process.execPath, MAIN, ...args].map((a) => `"${a}"`).join(' ');

describe('eeszt-sim conform', () => {
  it('--list prints every check with its level and area', async () => {
    const r = await runCli(['conform', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(CATALOGUE.length + 1);
    expect(r.stdout).toMatch(/^TOKEN-REUSE\s+must\s+token\s+One token serves every call/m);
  });

  it('refuses to run without exactly one way to reach the HIS, and unknown check ids (exit 2)', async () => {
    const none = await runCli(['conform']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--his-cmd "<command>"');
    const unknown = await runCli(['conform', '--his-cmd', 'true', '--only', 'NOPE-*']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no check matches `NOPE-*`; `eeszt-sim conform --list` shows every check id');
  });

  it('prints a line per check, writes the reports, and exits 1 when a must check fails; 0 when the failure is expected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-conform-cli-'));
    const args = ['conform', '--his-cmd', his('--mutant', 'lower-case-prefix'), '--only', 'ID-USERNAME,STS-PASSWORD-LOGIN', '--report-dir', dir, '--request-timeout', String(TEST_TIMING.requestTimeoutMs)];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\[1\/2\] FAIL\s+ID-USERNAME\s+.*\d+ ms\n\s+the username `o50123`/);
    expect(r.stdout).toMatch(/\[2\/2\] BLOCKED\s+STS-PASSWORD-LOGIN/);
    expect(r.stdout).toContain('FAIL: must checks not passed: ID-USERNAME, STS-PASSWORD-LOGIN');
    const json = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
    expect(json.summary.verdict).toBe('fail');
    expect(readFileSync(join(dir, 'conformance-report.xml'), 'utf8')).toContain('<failure message="the username `o50123`');
    const known = join(dir, 'known.txt');
    writeFileSync(known, '# known problems of our HIS\nID-USERNAME\nSTS-PASSWORD-LOGIN\n');
    const again = await runCli([...args, '--expected-failures', known]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\[1\/2\] XFAIL\s+ID-USERNAME/);
  }, 60_000);

  it('--observe judges the traffic on a running simulator (--observe-for 0: the journal as it is)', async () => {
    const server = await startServe([]);
    try {
      const reference = createReferenceHis();
      const stateDir = mkdtempSync(join(tmpdir(), 'eeszt-observe-cli-'));
      const send = <A extends AdapterAction>(action: A, params: AdapterParams[A]): ReturnType<typeof handleAdapterRequest> =>
        handleAdapterRequest(reference, { protocol: ADAPTER_PROTOCOL, action, params, context: { check: 'observe', discovery: `${server.origin}/.well-known/eeszt-sim`, stateDir, simulatorTime: new Date().toISOString() } });
      await send('setup', { tls: null, timing: TEST_TIMING });
      expect((await send('login', { method: 'password', user: 'O50123', password: 'Aktiv-Orvos-1', institution: '01620K', institutionType: 'provider', unit: '016200101' })).ok).toBe(true);
      await send('call', { service: 'erecept', operation: 'IssuePrescription', params: { Taj: '123456788', Medication: 'Algopyrin', Dosage: '3x1' } });
      const dir = mkdtempSync(join(tmpdir(), 'eeszt-observe-out-'));
      const r = await runCli(['conform', '--observe', '--target', server.origin, '--observe-for', '0', '--report-dir', dir]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
      expect(json.mode).toBe('observe');
      const pass = json.checks.filter((c: { status: string }) => c.status === 'pass').map((c: { id: string }) => c.id);
      expect(pass).toEqual(expect.arrayContaining(['ID-USERNAME', 'STS-PASSWORD-LOGIN', 'TOKEN-UNCHANGED', 'WSS-TIMESTAMP-FRESH']));
    } finally {
      await stop(server.child);
    }
  }, 60_000);
});
