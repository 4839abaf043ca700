/**
 * Seed 003: „csak a kulcs ellenőrzését követően kerül a kommunikációs csatorna felépítésre”. Under
 * the strict policy the STS and services listeners refuse the TLS handshake itself without a valid
 * WAF-SSL client certificate, seen with `openssl s_client` as a HIS's TLS stack would see it; the
 * refusal is journaled and logged; the portal listener explains in-band; lenient lets the
 * handshake through to the in-band refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postJson, testPki, testSimulator } from '../helpers/sim.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import type { Logger } from '../../simulator/core/deps.js';

const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-handshake-'));
const file = (name: string): string => join(dir, name);
const warnings: string[] = [];
const log: Logger = { error: () => undefined, warn: (m) => warnings.push(m), info: () => undefined, debug: () => undefined };

let strict: { sim: Simulator; listeners: Listeners };
let lenient: { sim: Simulator; listeners: Listeners };

/** One `openssl s_client` connection that sends a GET for the STS WSDL; stdout+stderr and exit code. */
function sClient(origin: string, args: string[]): Promise<{ out: string; code: number }> {
  const u = new URL(origin);
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `${u.hostname}:${u.port}`, '-CAfile', file('ca.pem'), '-verify_return_error', '-ign_eof', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ out, code: code ?? -1 }));
    child.stdin.end('GET /sts?wsdl HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  });
}

const cert = (name: string): string[] => ['-cert', file(`${name}.pem`), '-key', file(`${name}.key`)];

beforeAll(async () => {
  const pki = await testPki();
  writeFileSync(file('ca.pem'), pki.caBundlePem());
  const write = (name: string, c: { certPem: string; keyPem: string }): void => {
    writeFileSync(file(`${name}.pem`), c.certPem);
    writeFileSync(file(`${name}.key`), c.keyPem);
  };
  write('waf', pki.waf('E01620K'));
  write('inst', pki.institution('E01620K'));
  write('expired', pki.issue({ kind: 'waf', institutionId: 'E01620K', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }));
  const revoked = pki.issue({ kind: 'waf', institutionId: 'E01620K' });
  write('revoked', revoked);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('self.key'), '-out', file('self.pem'), '-days', '30', '-subj', '/CN=E01620K'], { stdio: 'ignore' });
  const sim = await testSimulator({ log });
  strict = { sim, listeners: await listen(sim, { host: '127.0.0.1', port: null, tls: { portal: 0, sts: 0, services: 0 } }) };
  expect((await postJson(sim, '/_sim/revocations', { serial: revoked.serialHex, reason: 'keyCompromise' })).status).toBe(201);
  const sim2 = await testSimulator({ config: { policy: 'lenient' } });
  lenient = { sim: sim2, listeners: await listen(sim2, { host: '127.0.0.1', port: null, tls: { portal: 0, sts: 0, services: 0 } }) };
}, 60_000);

afterAll(async () => {
  await strict?.listeners.close();
  strict?.sim.close();
  await lenient?.listeners.close();
  lenient?.sim.close();
});

const refusals = (sim: Simulator): Array<{ code: string | undefined; detail: string; listener: unknown }> =>
  sim.deps.journal.list({ service: 'tls' }).map((e) => ({ code: e.errorCode, detail: (JSON.parse(e.response.body) as { detail: string }).detail, listener: e.summary.listener }));

describe('TLS handshake refusal (strict policy)', () => {
  it('completes the handshake and serves the STS with the WAF-SSL certificate', async () => {
    for (const version of ['-tls1_2', '-tls1_3']) {
      const r = await sClient(strict.listeners.tlsOrigins!.sts, [version, ...cert('waf')]);
      expect(r.out).toContain('HTTP/1.1 200');
      expect(r.out).toContain('Verify return code: 0 (ok)');
    }
  });

  it('ends the handshake with a TLS alert when no certificate is presented, journals and logs why', async () => {
    const before = refusals(strict.sim).length;
    const tls12 = await sClient(strict.listeners.tlsOrigins!.sts, ['-tls1_2']);
    expect(tls12.out).toMatch(/alert handshake failure/);
    expect(tls12.out).not.toContain('HTTP/1.1');
    expect(tls12.code).not.toBe(0);
    const tls13 = await sClient(strict.listeners.tlsOrigins!.services, ['-tls1_3']);
    expect(tls13.out).toMatch(/alert certificate required/);
    expect(tls13.out).not.toContain('HTTP/1.1');
    const added = refusals(strict.sim).slice(before);
    expect(added.map((r) => [r.code, r.listener])).toEqual([
      ['WAF_CERTIFICATE_MISSING', 'sts'],
      ['WAF_CERTIFICATE_MISSING', 'services'],
    ]);
    expect(added[0]?.detail).toContain('the TLS handshake was refused: the sts listener requires the WAF-SSL client certificate of your organisation');
    expect(added[0]?.detail).toContain('eeszt-sim certs issue --kind waf');
    expect(warnings.some((w) => w.startsWith('TLS handshake on the sts listener from 127.0.0.1 refused: WAF_CERTIFICATE_MISSING'))).toBe(true);
  });

  it('closes the connection before any HTTP byte for a wrong, expired or revoked certificate, with the reason journaled', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['inst', 'WAF_CERTIFICATE_REFUSED', /it is not a WAF-SSL certificate of this EESZT: its issuer `CN=EESZT-SIM Test Institutional Authentication CA/],
      ['self', 'WAF_CERTIFICATE_REFUSED', /it is not a WAF-SSL certificate of this EESZT: its issuer `CN=E01620K`/],
      ['expired', 'WAF_CERTIFICATE_REFUSED', /expired at 2021-01-01T00:00:00.000Z/],
      ['revoked', 'WAF_CERTIFICATE_REVOKED', /was revoked at .* \(keyCompromise\); request a new WAF-SSL certificate/],
    ];
    for (const [name, code, reason] of cases) {
      for (const version of ['-tls1_2', '-tls1_3']) {
        const before = refusals(strict.sim).length;
        const r = await sClient(strict.listeners.tlsOrigins!.sts, [version, ...cert(name)]);
        expect(r.out, `${name} ${version}`).not.toContain('HTTP/1.1');
        const added = refusals(strict.sim).slice(before);
        expect(added.map((a) => a.code), `${name} ${version}`).toEqual([code]);
        expect(added[0]?.detail).toMatch(reason);
      }
    }
  });

  it('explains in-band on the portal listener instead of refusing the handshake', async () => {
    const r = await sClient(strict.listeners.tlsOrigins!.portal, ['-tls1_3']);
    expect(r.out).toContain('HTTP/1.1 403');
    expect(r.out).toContain('"code":"WAF_CERTIFICATE_MISSING"');
  });
});

describe('lenient policy', () => {
  it('completes the handshake without a certificate and refuses in-band', async () => {
    const r = await sClient(lenient.listeners.tlsOrigins!.sts, ['-tls1_3']);
    expect(r.out).toContain('HTTP/1.1 403');
    expect(r.out).toContain('"code":"WAF_CERTIFICATE_MISSING"');
    expect(refusals(lenient.sim)).toEqual([]);
  });
});

describe('curl, as a HIS would', () => {
  it('fails the connection without a certificate and succeeds with it', async () => {
    const run = (args: string[]): Promise<{ code: number; out: string }> =>
      new Promise((resolve) => execFile('curl', ['-sS', '--cacert', file('ca.pem'), ...args, `${strict.listeners.tlsOrigins!.sts}/sts?wsdl`], (err, stdout, stderr) => resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), out: `${stdout}${stderr}` })));
    const without = await run([]);
    expect(without.code).not.toBe(0);
    expect(without.out).not.toContain('WAF_CERTIFICATE');
    const withCert = await run(['--cert', file('waf.pem'), '--key', file('waf.key')]);
    expect(withCert.code).toBe(0);
    expect(withCert.out).toContain('wsdl:definitions');
  });
});
