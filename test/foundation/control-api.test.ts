import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

describe('discovery', () => {
  it('names every endpoint, the certificates and the clock', async () => {
    const res = await sim.app.request('http://127.0.0.1:8080/.well-known/eeszt-sim');
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.name).toBe('eeszt-sim');
    expect(doc.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.run).toBeNull();
    expect(doc.clock.now).toBe('2026-03-02T08:00:00.000Z');
    expect(doc.endpoints.discovery).toBe('http://127.0.0.1:8080/.well-known/eeszt-sim');
    expect(doc.endpoints.controlRuns).toBe('http://127.0.0.1:8080/_sim/runs');
    for (const m of sim.modules) for (const name of Object.keys(m.endpoints)) expect(doc.endpoints[name]).toMatch(/^http:\/\/127\.0\.0\.1:8080\//);
    expect(doc.certificates.stsSigning).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(doc.certificates.caBundle.match(/BEGIN CERTIFICATE/g).length).toBeGreaterThanOrEqual(5);
  });
});

describe('clock', () => {
  it('sets, advances, freezes and resumes, and discovery shows it', async () => {
    expect(await json(await postJson(sim, '/_sim/clock', { set: '2026-05-01T06:00:00Z' }))).toMatchObject({ now: '2026-05-01T06:00:00.000Z', frozen: true });
    expect((await json(await postJson(sim, '/_sim/clock', { advance: '7h' }))).now).toBe('2026-05-01T13:00:00.000Z');
    expect((await json(await sim.app.request('/.well-known/eeszt-sim'))).clock.now).toBe('2026-05-01T13:00:00.000Z');
    expect((await json(await postJson(sim, '/_sim/clock', { resume: true }))).frozen).toBe(false);
    expect((await json(await postJson(sim, '/_sim/clock', { freeze: true }))).frozen).toBe(true);
    expect((await json(await sim.app.request('/_sim/clock'))).frozen).toBe(true);
  });

  it('refuses unknown operations with a problem document', async () => {
    const res = await postJson(sim, '/_sim/clock', { jump: '7h' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const p = await json(res);
    expect(p).toMatchObject({ status: 400, code: 'CLOCK_REQUEST_INVALID', type: 'urn:eeszt-sim:problem:clock-request-invalid' });
    expect(p.detail).toBe(
      'the request body was refused: jump: unknown field; this body takes `set`, `advance`, `freeze`, `resume`; send e.g. {"advance":"7h"}, {"set":"2026-01-01T08:00:00Z", "freeze":true} or {"resume":true}',
    );
    expect(p.details.errors).toEqual([{ path: 'jump', code: 'FIELD_UNKNOWN', message: 'unknown field; this body takes `set`, `advance`, `freeze`, `resume`' }]);
    expect((await json(await postJson(sim, '/_sim/clock', {}))).detail).toBe('no clock operation given; use set (ISO time or epoch ms), advance (ms or e.g. "7h"), freeze (true) or resume (true)');
    expect((await json(await postJson(sim, '/_sim/clock', { advance: 'soon' }))).code).toBe('DURATION_INVALID');
    expect((await json(await postJson(sim, '/_sim/clock', { set: 'tomorrow' }))).detail).toBe('`set` value `tomorrow` is not a time; use ISO 8601 such as 2026-01-01T08:00:00Z');
  });
});

describe('fixtures and reset', () => {
  it('reads the loaded set, refuses a bad set whole with one error per record, and loads a good one', async () => {
    const loaded = await json(await sim.app.request('/_sim/fixtures'));
    expect(loaded.formatVersion).toBe(1);
    const bad = structuredClone(loaded);
    bad.users[0].username = bad.users[0].username.toLowerCase();
    bad.units[0].code = '12345678';
    const res = await postJson(sim, '/_sim/fixtures', bad);
    expect(res.status).toBe(422);
    const p = await json(res);
    expect(p.code).toBe('VALIDATION_FAILED');
    const paths = p.details.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('users[0].username');
    expect(paths).toContain('units[0].code');
    // nothing was loaded
    expect((await json(await sim.app.request('/_sim/fixtures'))).users[0].username).toBe(loaded.users[0].username);

    const smaller = structuredClone(loaded);
    smaller.description = 'reloaded';
    const ok = await postJson(sim, '/_sim/fixtures', smaller);
    expect(ok.status).toBe(200);
    expect((await json(await sim.app.request('/_sim/fixtures'))).description).toBe('reloaded');
  });

  it('reset restores the loaded fixtures, empties buckets and the journal, and resets the clock', async () => {
    sim.deps.store.state.users[0]!.lockedUntil = '2030-01-01T00:00:00Z';
    sim.deps.store.bucket('test.things').set('a', 1);
    await postJson(sim, '/_sim/clock', { advance: '3d' });
    const res = await postJson(sim, '/_sim/reset', {});
    const body = await json(res);
    expect(body.reset).toBe(true);
    expect(body.tookMs).toBeLessThan(100);
    expect(sim.deps.store.state.users[0]!.lockedUntil).toBeUndefined();
    expect(sim.deps.store.bucket('test.things').size).toBe(0);
    expect(body.clock.now).toBe('2026-03-02T08:00:00.000Z');
    const journal = await json(await sim.app.request('/_sim/journal'));
    expect(journal.entries.map((e: { request: { path: string } }) => e.request.path)).toEqual(['/_sim/reset']);
  });
});

describe('journal', () => {
  it('records requests with service, correlation id and summary, filters them, and redacts secrets', async () => {
    await postJson(sim, '/_sim/reset', {});
    const set = await json(await sim.app.request('/_sim/fixtures'));
    const secretPassword = set.users[0].password as string;
    const pin = set.cards.find((c: { pin?: string }) => c.pin !== undefined).pin as string;
    await postJson(sim, '/_sim/fixtures', set, { 'x-correlation-id': 'corr-42' });
    const all = await json(await sim.app.request('/_sim/journal?service=control&correlationId=corr-42'));
    expect(all.count).toBe(1);
    const entry = all.entries[0];
    expect(entry).toMatchObject({ service: 'control', correlationId: 'corr-42', request: { method: 'POST', path: '/_sim/fixtures' }, response: { status: 200 } });
    expect(entry.summary).toMatchObject({ operation: 'load-fixtures' });
    const text = JSON.stringify(all);
    expect(text).not.toContain(secretPassword);
    expect(text).not.toContain(`"${pin}"`);
    expect(entry.request.body).toContain('"password":"***"');
  });

  it('is a capped ring and can be cleared', async () => {
    const small = await testSimulator({ config: { journalCapacity: 3 } });
    for (let i = 0; i < 5; i++) await small.app.request('/_sim/clock');
    await small.app.request('/.well-known/eeszt-sim');
    const j = await json(await small.app.request('/_sim/journal'));
    expect(j.capacity).toBe(3);
    expect(j.count).toBeLessThanOrEqual(3);
    expect((await small.app.request('/_sim/journal', { method: 'DELETE' })).status).toBe(200);
    // the DELETE itself is the only entry left
    expect((await json(await small.app.request('/_sim/journal'))).entries.map((e: { request: { method: string } }) => e.request.method)).toEqual(['DELETE']);
    small.close();
  });

  it('refuses bad filters, naming the parameter', async () => {
    const refusal = async (query: string): Promise<{ code: string; detail: string; details: { field: string } }> => {
      const res = await sim.app.request(`/_sim/journal?${query}`);
      expect(res.status).toBe(400);
      return json(res);
    };
    expect(await refusal('limit=0')).toMatchObject({ code: 'QUERY_INVALID', detail: '`limit` must be a whole number from 1 to 5000; `0` is not', details: { field: 'limit' } });
    expect(await refusal('since=later')).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'since' } });
    expect(await refusal('until=soon')).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'until' } });
    expect(await refusal('ui=hide')).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'ui' } });
    expect(await refusal('cursor=abc')).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'cursor' } });
    expect(await refusal('code=token%20expired')).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'code' } });
    expect(await refusal(`text=${'x'.repeat(201)}`)).toMatchObject({ code: 'QUERY_INVALID', details: { field: 'text' } });
    expect(await refusal('servce=sts')).toMatchObject({ code: 'QUERY_INVALID', detail: expect.stringContaining('the journal has no filter `servce`'), details: { field: 'servce' } });
  });

  it('filters on the server: the UI\'s own requests, service, code, user, text, time, and pages back with a cursor', async () => {
    const own = await testSimulator();
    try {
      await own.app.request('/ui/assets/ui.css');
      await own.app.request('/card-client/readers', { headers: { 'x-eeszt-sim-ui': 'upkeep' } });
      await own.app.request('/.well-known/eeszt-sim');
      await postJson(own, '/_sim/clock', { advance: '1h' });
      await postJson(own, '/_sim/clock', { advance: 'soon' });
      const read = async (query: string): Promise<{ count: number; next?: string; entries: Array<{ seq: number; service: string; request: { path: string }; origin?: string; errorCode?: string }> }> => {
        const res = await own.app.request(`/_sim/journal?${query}`);
        expect(res.status).toBe(200);
        return json(res);
      };
      const all = await read('');
      expect(all.entries.filter((e) => e.origin === 'ui').map((e) => e.request.path)).toEqual(['/ui/assets/ui.css', '/card-client/readers']);
      const his = await read('ui=exclude');
      expect(his.entries.map((e) => e.request.path)).toEqual(['/.well-known/eeszt-sim', '/_sim/clock', '/_sim/clock']);
      expect((await read('ui=only')).entries.map((e) => e.request.path)).toEqual(['/ui/assets/ui.css', '/card-client/readers']);
      expect((await read('service=discovery,ui')).entries.map((e) => e.service)).toEqual(['ui', 'discovery']);
      expect((await read('code=DURATION_INVALID')).entries.map((e) => e.errorCode)).toEqual(['DURATION_INVALID']);
      expect((await read('text=SOON')).entries.map((e) => e.errorCode)).toEqual(['DURATION_INVALID']);
      const [first, second, third] = his.entries;
      const newest = await read('ui=exclude&limit=2');
      expect(newest.entries.map((e) => e.seq)).toEqual([second?.seq, third?.seq]);
      expect(newest.next).toBe(String(second?.seq));
      const older = await read(`ui=exclude&limit=2&cursor=${newest.next ?? ''}`);
      expect(older.entries.map((e) => e.seq)).toEqual([first?.seq]);
      expect(older.next).toBeUndefined();
      expect((await read(`ui=exclude&after=${first?.seq ?? 0}`)).entries.map((e) => e.seq)).toEqual([second?.seq, third?.seq]);
      // the clock moved by an hour between the discovery call and the second clock call
      const moved = all.entries.find((e) => e.request.path === '/_sim/clock' && e.errorCode !== undefined) as unknown as { time: string };
      expect((await read(`ui=exclude&since=${encodeURIComponent(moved.time)}`)).count).toBe(1);
      expect((await read(`ui=exclude&until=${encodeURIComponent(moved.time)}`)).count).toBe(2);
    } finally {
      own.close();
    }
  });
});

describe('control access', () => {
  const fromAddress = (address: string): Record<string, unknown> => ({ incoming: { socket: { remoteAddress: address } } });

  it('answers loopback callers and refuses others with a hint', async () => {
    expect((await sim.app.request('/_sim/clock', {}, fromAddress('127.0.0.1'))).status).toBe(200);
    expect((await sim.app.request('/_sim/clock', {}, fromAddress('::1'))).status).toBe(200);
    const res = await sim.app.request('/_sim/clock', {}, fromAddress('203.0.113.9'));
    expect(res.status).toBe(403);
    const p = await json(res);
    expect(p.code).toBe('CONTROL_NOT_LOOPBACK');
    expect(p.detail).toContain('start the simulator with --control-token');
  });

  it('with a control token requires it from everyone and then accepts any address', async () => {
    const guarded = await testSimulator({ config: { controlToken: 'tok-123' } });
    const none = await guarded.app.request('/_sim/clock', {}, fromAddress('127.0.0.1'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await json(none)).code).toBe('CONTROL_TOKEN_REQUIRED');
    expect((await guarded.app.request('/_sim/clock', { headers: { authorization: 'Bearer nope' } }, fromAddress('203.0.113.9'))).status).toBe(403);
    expect((await guarded.app.request('/_sim/clock', { headers: { authorization: 'Bearer tok-123' } }, fromAddress('203.0.113.9'))).status).toBe(200);
    guarded.close();
  });
});

describe('errors', () => {
  it('answers unknown paths with problem JSON naming discovery', async () => {
    const res = await sim.app.request('/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).detail).toBe('nothing is served at GET /nope; GET /.well-known/eeszt-sim lists every endpoint');
  });

  it('refuses oversized bodies with 413', async () => {
    const small = await testSimulator({ config: { bodyLimitBytes: 2048 } });
    const res = await postJson(small, '/_sim/fixtures', { description: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect((await json(res)).code).toBe('PAYLOAD_TOO_LARGE');
    // a declared Content-Length over the limit is refused before any byte is read
    const declared = await small.app.request('/_sim/clock', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '999999' }, body: '{}' });
    expect(declared.status).toBe(413);
    expect((await json(declared)).detail).toBe('request body exceeds the limit of 2048 bytes; send a smaller message or raise --body-limit');
    small.close();
  });

  it('refuses a body that is not JSON', async () => {
    const res = await sim.app.request('/_sim/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":' });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('JSON_MALFORMED');
  });
});
