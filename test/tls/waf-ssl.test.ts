import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { json, postJson, testPki, testSimulator } from '../helpers/sim.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import { SERVICE_MODULES } from '../../simulator/services.js';
import { toPkcs12 } from '../../simulator/pki/pkcs12.js';
import type { ServiceModule, SimHonoEnv } from '../../simulator/core/deps.js';
import type { Simulator } from '../../simulator/simulator.js';

// A minimal service on the `services` listener, so the enforcement is tested on its own.
const echoModule: ServiceModule = {
  id: 'echo',
  title: 'TLS echo (test only)',
  mount: '/tls-echo',
  listener: 'services',
  endpoints: {},
  create: () => new Hono<SimHonoEnv>().get('/', (c) => c.json({ organisation: c.get('client')?.organisation ?? null })),
};

let sim: Simulator;
let listeners: Listeners;
const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-tls-'));
const caFile = join(dir, 'ca.pem');

function curl(args: string[]): Promise<{ code: number; body: string; status: number }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--cacert', caFile, '-w', '\n%{http_code}', ...args], (err, stdout) => {
      const text = stdout.toString();
      const i = text.lastIndexOf('\n');
      resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), body: text.slice(0, i), status: Number(text.slice(i + 1)) });
    });
  });
}

beforeAll(async () => {
  // The in-band refusals (problem JSON) as the lenient policy and the portal listener give them;
  // the strict policy's handshake refusal is tested in handshake-refusal.test.ts.
  sim = await testSimulator({ modules: [...SERVICE_MODULES, echoModule], config: { policy: 'lenient' } });
  listeners = await listen(sim, { host: '127.0.0.1', port: null, tls: { portal: 0, sts: 0, services: 0 } });
  writeFileSync(caFile, (await testPki()).caBundlePem());
});
afterAll(async () => {
  await listeners.close();
  sim.close();
});

describe('TLS mode with WAF-SSL client certificates', () => {
  it('serves discovery over TLS with the test PKI server certificate and lists the TLS origins', async () => {
    const r = await curl([`${listeners.tlsOrigins!.portal}/.well-known/eeszt-sim`]);
    expect(r.status).toBe(200);
    const doc = JSON.parse(r.body);
    expect(doc.tls.sts).toBe(listeners.tlsOrigins!.sts);
    expect(doc.tls.clientCertificateRequiredFor).toContain('/tls-echo');
  });

  it('refuses a client without a certificate, naming the certificate expected', async () => {
    const r = await curl([`${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(r.status).toBe(403);
    const p = JSON.parse(r.body);
    expect(p.code).toBe('WAF_CERTIFICATE_MISSING');
    expect(p.detail).toContain('requires the WAF-SSL client certificate of your organisation (issued by `');
    expect(p.detail).toContain('eeszt-sim certs issue --kind waf');
  });

  it('lets an issued WAF-SSL certificate through (PEM and PKCS#12) and journals the organisation', async () => {
    const pki = await testPki();
    const waf = pki.waf('E01620K');
    writeFileSync(join(dir, 'waf.pem'), waf.certPem);
    writeFileSync(join(dir, 'waf.key'), waf.keyPem);
    const r = await curl(['--cert', join(dir, 'waf.pem'), '--key', join(dir, 'waf.key'), `${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).organisation).toBe('E01620K');
    writeFileSync(join(dir, 'waf.p12'), toPkcs12(waf, 'jelszo123'));
    const p = await curl(['--cert-type', 'P12', '--cert', `${join(dir, 'waf.p12')}:jelszo123`, `${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(p.status).toBe(200);
    const journal = sim.deps.journal.list({ service: 'echo' });
    expect(journal.at(-1)?.client.organisation).toBe('E01620K');
    // the response body is journaled on the listener's fast path too
    expect(journal.at(-1)?.response.body).toBe('{"organisation":"E01620K"}');
  });

  it('refuses an expired, a foreign and a revoked certificate with the reason', async () => {
    const pki = await testPki();
    const expired = pki.issue({ kind: 'waf', institutionId: 'E01620K', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    writeFileSync(join(dir, 'old.pem'), expired.certPem);
    writeFileSync(join(dir, 'old.key'), expired.keyPem);
    const e = await curl(['--cert', join(dir, 'old.pem'), '--key', join(dir, 'old.key'), `${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(e.status).toBe(403);
    expect(JSON.parse(e.body).detail).toMatch(/expired at 2021-01-01T00:00:00.000Z/);

    const foreign = pki.institution('E01620K'); // an institutional authentication certificate, not WAF-SSL
    writeFileSync(join(dir, 'inst.pem'), foreign.certPem);
    writeFileSync(join(dir, 'inst.key'), foreign.keyPem);
    const f = await curl(['--cert', join(dir, 'inst.pem'), '--key', join(dir, 'inst.key'), `${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(f.status).toBe(403);
    expect(JSON.parse(f.body).code).toBe('WAF_CERTIFICATE_REFUSED');

    const revokedCred = pki.issue({ kind: 'waf', institutionId: 'E01620K' });
    writeFileSync(join(dir, 'rev.pem'), revokedCred.certPem);
    writeFileSync(join(dir, 'rev.key'), revokedCred.keyPem);
    expect((await postJson(sim, '/_sim/revocations', { serial: revokedCred.serialHex, reason: 'keyCompromise' })).status).toBe(201);
    const r = await curl(['--cert', join(dir, 'rev.pem'), '--key', join(dir, 'rev.key'), `${listeners.tlsOrigins!.services}/tls-echo`]);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).code).toBe('WAF_CERTIFICATE_REVOKED');
    expect((await json(await sim.app.request('/_sim/revocations'))).revocations).toHaveLength(1);
  });

  it('does not ask for a client certificate on the portal listener paths', async () => {
    const r = await curl([`${listeners.tlsOrigins!.portal}/_sim/clock`]);
    expect(r.status).toBe(200);
  });

  it('on one kept-alive connection, a certificate revoked or expired since its first request is refused on the next', async () => {
    const pki = await testPki();
    const ca = pki.caBundlePem();
    /** GET /tls-echo on the agent's one connection: status, code, and whether the connection was reused. */
    const get = (agent: Agent): Promise<{ status: number; body: string; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const req = httpsRequest(`${listeners.tlsOrigins!.services}/tls-echo`, { agent, ca }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });

    const revoked = pki.issue({ kind: 'waf', institutionId: 'E01620K' });
    const agent1 = new Agent({ keepAlive: true, maxSockets: 1, cert: revoked.certPem, key: revoked.keyPem, ca });
    const first = await get(agent1);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).organisation).toMatch(/E01620K/);
    expect((await get(agent1)).status).toBe(200);
    expect((await postJson(sim, '/_sim/revocations', { serial: revoked.serialHex, reason: 'keyCompromise' })).status).toBe(201);
    const after = await get(agent1);
    expect(after.reused).toBe(true);
    expect(after.status).toBe(403);
    expect(JSON.parse(after.body).code).toBe('WAF_CERTIFICATE_REVOKED');
    agent1.destroy();

    const now = sim.deps.clock.now();
    const shortLived = pki.issue({ kind: 'waf', institutionId: 'E01620K', notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 86_400_000) });
    const agent2 = new Agent({ keepAlive: true, maxSockets: 1, cert: shortLived.certPem, key: shortLived.keyPem, ca });
    expect((await get(agent2)).status).toBe(200);
    sim.deps.clock.apply({ advance: 2 * 86_400_000 });
    try {
      const expired = await get(agent2);
      expect(expired.reused).toBe(true);
      expect(expired.status).toBe(403);
      expect(JSON.parse(expired.body).detail).toMatch(/expired at/);
    } finally {
      sim.deps.clock.apply({ set: now });
      agent2.destroy();
    }
    expect((await get(new Agent({ keepAlive: false, cert: shortLived.certPem, key: shortLived.keyPem, ca }))).status).toBe(200);
  });
});
