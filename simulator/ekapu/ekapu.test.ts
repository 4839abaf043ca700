import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testPki, testSimulator } from '../../test/helpers/sim.js';
import { signCms } from '../../reports/cms-sign.js';
import { SERVICE_MODULES } from '../services.js';
import type { Simulator } from '../simulator.js';
import type { Credential } from '../pki/types.js';
import { EKAPU_MODULE } from './module.js';
import { CONNECTION_RESULT_FORMAT, type ConnectionCheckResult } from './result-format.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator({ modules: [...SERVICE_MODULES, EKAPU_MODULE] });
});
afterAll(() => sim.close());

function result(institutionId: string, change: Partial<ConnectionCheckResult> = {}): ConnectionCheckResult {
  return {
    format: CONNECTION_RESULT_FORMAT,
    institutionId,
    certificateSubject: `CN=${institutionId}`,
    certificateSerial: '01',
    target: 'http://127.0.0.1:8080/.well-known/eeszt-sim',
    checkedAt: sim.deps.clock.now().toISOString(),
    tool: { name: 'test', version: '0' },
    passed: true,
    steps: [{ id: 'pkcs12', title: 'open', status: 'pass', message: 'ok', durationMs: 1 }],
    ...change,
  };
}

async function signed(r: ConnectionCheckResult, signer: Credential): Promise<Buffer> {
  return signCms(Buffer.from(JSON.stringify(r)), { keyPem: signer.keyPem, certPem: signer.certPem, chainPem: signer.chainPem, signingTime: sim.deps.clock.now() });
}

const upload = (body: Uint8Array | string): Promise<Response> =>
  Promise.resolve(sim.app.request('/ekapu/connection-check', { method: 'POST', headers: { 'content-type': 'application/pkcs7-mime' }, body: typeof body === 'string' ? body : new Uint8Array(body) }));

describe('eKapu connection-check upload', () => {
  it('verifies a result signed with the WAF-SSL certificate and marks the institution "connection checked"; reset clears it', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const pki = await testPki();
    expect(sim.deps.store.state.institutions.find((i) => i.id === 'E123456')?.connectionChecked).toBeUndefined();
    const res = await upload(await signed(result('E123456'), pki.waf('E123456')));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ accepted: true, connectionChecked: true, institutionId: 'E123456' });
    expect(sim.deps.store.state.institutions.find((i) => i.id === 'E123456')?.connectionChecked).toBe(true);
    expect(await json(await sim.app.request('/ekapu/institutions/E123456'))).toMatchObject({ connectionChecked: true, lastUpload: { institutionId: 'E123456' } });
    await sim.app.request('/_sim/reset', { method: 'POST' });
    expect(await json(await sim.app.request('/ekapu/institutions/E123456'))).toMatchObject({ connectionChecked: false });
  });

  it('accepts the file as PEM or base64 too', async () => {
    const pki = await testPki();
    const der = await signed(result('E123456'), pki.waf('E123456'));
    expect((await upload(der.toString('base64'))).status).toBe(200);
    expect((await upload(`-----BEGIN CMS-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CMS-----\n`)).status).toBe(200);
  });

  it('refuses a changed file, a non-WAF signer, another institution, a failed or stale check, a revoked signer, and garbage', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const pki = await testPki();
    const waf = pki.waf('E123456');
    const code = async (res: Response): Promise<string> => (await json(res)).code;

    const good = await signed(result('E123456'), waf);
    const text = good.toString('latin1').replace('"passed":true', '"passed":fals');
    expect(await code(await upload(Buffer.from(text, 'latin1')))).toBe('CONNECTION_RESULT_SIGNATURE_INVALID');

    expect(await code(await upload(await signed(result('E30217B'), pki.institution('E30217B'))))).toBe('CONNECTION_RESULT_SIGNER_UNKNOWN');
    expect(await code(await upload(await signed(result('E01620K'), waf)))).toBe('CONNECTION_RESULT_INSTITUTION_MISMATCH');
    const failed = await upload(await signed(result('E123456', { passed: false, steps: [{ id: 'ports', title: 'p', status: 'fail', message: 'closed', durationMs: 1 }] }), waf));
    expect(await code(failed)).toBe('CONNECTION_RESULT_FAILED');
    const stale = await json(await upload(await signed(result('E123456', { checkedAt: '2020-01-01T00:00:00Z' }), waf)));
    expect(stale.code).toBe('CONNECTION_RESULT_STALE');
    expect(stale.detail).toContain('run `eeszt-sim check` again');
    expect(await code(await upload(Buffer.from('not a cms file')))).toBe('CONNECTION_RESULT_MALFORMED');

    await postJson(sim, '/_sim/revocations', { serial: waf.serialHex });
    expect(await code(await upload(good))).toBe('CONNECTION_RESULT_SIGNER_REVOKED');
    expect(sim.deps.store.state.institutions.find((i) => i.id === 'E123456')?.connectionChecked).toBeUndefined();
  });
});
