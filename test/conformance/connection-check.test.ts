/**
 * The connection check (eesztConnect stand-in): every step against a simulator with TLS, the
 * signed result accepted by eKapu, and each failure explained with its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConnectionCheck } from '../../conformance/connection-check/run-connection-check.js';
import { startEmbeddedTarget, type SuiteTarget } from '../../conformance/runner/target.js';
import { EKAPU_MODULE } from '../../simulator/ekapu/module.js';
import { verifyCms } from '../../simulator/ekapu/cms-verify.js';
import { toPkcs12 } from '../../simulator/pki/pkcs12.js';
import { SERVICE_MODULES } from '../../simulator/services.js';
import { runCli } from '../helpers/cli.js';
import { testPki } from '../helpers/sim.js';

let target: SuiteTarget;
let plain: SuiteTarget;
let discovery: string;
beforeAll(async () => {
  const pki = await testPki();
  target = await startEmbeddedTarget({ pki, modules: [...SERVICE_MODULES, EKAPU_MODULE] });
  plain = await startEmbeddedTarget({ pki, tls: false, modules: [...SERVICE_MODULES, EKAPU_MODULE] });
  discovery = `${target.origin}/.well-known/eeszt-sim`;
});
afterAll(async () => {
  await target.close();
  await plain.close();
});

const statuses = (steps: Array<{ id: string; status: string }>): Record<string, string> => Object.fromEntries(steps.map((s) => [s.id, s.status]));

describe('connection check', () => {
  it('passes every step with the WAF-SSL certificate and signs the result with it (CMS)', async () => {
    const pki = await testPki();
    const run = await runConnectionCheck({ p12: toPkcs12(pki.waf('E123456'), 'titok'), password: 'titok', discoveryUrl: discovery });
    expect(run.result.steps.filter((s) => s.status !== 'pass'), JSON.stringify(run.result.steps, null, 1)).toEqual([]);
    expect(run.result.steps.map((s) => s.id)).toEqual(['pkcs12', 'discovery', 'certificate-validity', 'certificate-chain', 'ports', 'tls-handshake', 'token', 'card-client', 'eid-server']);
    expect(run.result).toMatchObject({ passed: true, institutionId: 'E123456' });
    const verified = await verifyCms(run.signed!);
    expect(JSON.parse(verified.content.toString('utf8'))).toEqual(run.result);
    expect(verified.signerCertPem).toContain('BEGIN CERTIFICATE');
  });

  it('logs in with a given user for the token step', async () => {
    const pki = await testPki();
    const run = await runConnectionCheck({ p12: toPkcs12(pki.waf('E01620K'), 'titok'), password: 'titok', discoveryUrl: discovery, user: { username: 'O50123', password: 'Aktiv-Orvos-1', unit: '016200101' } });
    expect(run.result.steps.find((s) => s.id === 'token')?.message).toMatch(/^token _[0-9a-f]+ for O50123 at E01620K \/ 016200101/);
  });

  it('a wrong password: the file does not open, the rest is skipped and nothing is signed', async () => {
    const pki = await testPki();
    const run = await runConnectionCheck({ p12: toPkcs12(pki.waf('E123456'), 'titok'), password: 'rossz', discoveryUrl: discovery });
    const s = statuses(run.result.steps);
    expect(s).toMatchObject({ pkcs12: 'fail', discovery: 'pass', 'certificate-chain': 'skipped', token: 'skipped', 'card-client': 'pass' });
    expect(run.result.steps[0]?.message).toBe('the password does not open the PKCS#12 file');
    expect(run.result.steps[0]?.fix).toContain('password that came with it (by SMS)');
    expect(run.signed).toBeUndefined();
  });

  it('an institutional (not WAF-SSL) certificate fails the chain step with what to use instead', async () => {
    const pki = await testPki();
    const run = await runConnectionCheck({ p12: toPkcs12(pki.institution('E30217B'), 'titok'), password: 'titok', discoveryUrl: discovery });
    const chain = run.result.steps.find((s) => s.id === 'certificate-chain');
    expect(chain?.status).toBe('fail');
    expect(chain?.fix).toContain('WAF-SSL certificate');
    expect(run.result.passed).toBe(false);
  });

  it('a simulator without TLS fails the ports step and skips the handshake and the token', async () => {
    const pki = await testPki();
    const run = await runConnectionCheck({ p12: toPkcs12(pki.waf('E123456'), 'titok'), password: 'titok', discoveryUrl: `${plain.origin}/.well-known/eeszt-sim` });
    expect(statuses(run.result.steps)).toMatchObject({ ports: 'fail', 'tls-handshake': 'skipped', token: 'skipped' });
    expect(run.result.steps.find((s) => s.id === 'ports')?.fix).toContain('eeszt-sim serve --tls');
  });

  it('a revoked WAF-SSL certificate is refused at the TLS handshake, with the simulator\'s reason', async () => {
    const pki = await testPki();
    const waf = pki.waf('E40515F');
    await fetch(`${target.origin}/_sim/revocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serial: waf.serialHex }) });
    try {
      const run = await runConnectionCheck({ p12: toPkcs12(waf, 'titok'), password: 'titok', discoveryUrl: discovery });
      const step = run.result.steps.find((s) => s.id === 'tls-handshake');
      expect(step?.status).toBe('fail');
      expect(step?.message).toContain('the EESZT refused the TLS handshake');
      expect(step?.message).toContain('WAF_CERTIFICATE_REVOKED');
    } finally {
      await fetch(`${target.origin}/_sim/revocations/${waf.serialHex}`, { method: 'DELETE' });
    }
  });
});

describe('eeszt-sim check', () => {
  it('prints each step, writes the signed result and uploads it to eKapu (exit 0); a wrong password exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-check-'));
    const pki = await testPki();
    writeFileSync(join(dir, 'org.p12'), toPkcs12(pki.waf('E03101R'), 'titok'));
    const ok = await runCli(['check', '--p12', join(dir, 'org.p12'), '--password', 'titok', '--out', join(dir, 'result.p7m')]);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^PASS\s+tls-handshake\s+TLS handshake/m);
    expect(ok.stdout).toContain('PASS: 9 of 9 steps passed for E03101R');
    expect(ok.stdout).toContain('eKapu accepted the result: E03101R is marked "connection checked"');
    const bad = await runCli(['check', '--p12', join(dir, 'org.p12'), '--password', 'rossz', '--no-upload']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL\s+pkcs12/m);
    expect(bad.stdout).toContain('fix: Use the .p12 file');
    const usage = await runCli(['check']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--p12 org.p12 --password');
  }, 60_000);
});
