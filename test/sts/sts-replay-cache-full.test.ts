import { describe, expect, it } from 'vitest';
import { passwordIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { testSimulator } from '../helpers/sim.js';

const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101' };

describe('STS: a replay cache full of live nonces (rule WSS-NONCE-ONCE)', () => {
  it('refuses a new login with 503 OVERLOADED and Retry-After rather than forget a nonce inside its window, and still refuses the replay', async () => {
    // The capacity as `serve --bucket-capacity 3` sets it.
    const sim = await testSimulator({ config: { storeBucketCapacity: 3 } });
    const post = async (nonce: string): Promise<Response> =>
      await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: passwordIssueRequest({ ...DOCTOR, passwordType: 'digest', nonce, now: sim.deps.clock.now() }) });
    const first = 'Zmlyc3Qtbm9uY2UtMTIzNA==';
    expect((await post(first)).status).toBe(200);
    sim.deps.clock.advance(60_000);
    for (const n of ['c2Vjb25kLW5vbmNlLTEyMzQ=', 'dGhpcmQtbm9uY2UtMTIzNDU=']) expect((await post(n)).status).toBe(200);
    const full = await post('Zm91cnRoLW5vbmNlLTEyMzQ=');
    expect(full.status).toBe(503);
    // The first nonce's window ends 10 min (twice the 300 s skew) after its Created; one minute has passed.
    expect(full.headers.get('retry-after')).toBe('540');
    const text = await full.text();
    expect(text).toContain('OVERLOADED');
    expect(text).toContain('the replay cache of UsernameToken nonces is full (its capacity, 3 records) and every record is still inside its single-use window');
    expect(text).toContain('start the simulator with a larger --bucket-capacity (EESZT_SIM_BUCKET_CAPACITY)');
    const replay = await (await post(first)).text();
    expect(replay).toContain('REPLAYED');
    sim.deps.clock.advance(540_000);
    expect((await post('Zm91cnRoLW5vbmNlLTEyMzQ=')).status).toBe(200);
  });
});
