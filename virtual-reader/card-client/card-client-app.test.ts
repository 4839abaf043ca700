import { describe, expect, it } from 'vitest';
import { json, testSimulator } from '../../test/helpers/sim.js';
import { createLogger } from '../../simulator/simulator.js';
import { createCardClient } from './card-client.js';
import { createCardClientApp } from './card-client-app.js';
import { remoteCardSource, storeCardSource } from './card-source.js';
import { postRequestPackage } from '../../test/helpers/eid.js';

async function setup() {
  const sim = await testSimulator();
  const client = createCardClient({ source: storeCardSource(sim.deps), eidServer: { url: 'http://sim/eid-server', fetch: (u, i) => sim.app.request(u, i) } });
  const app = createCardClientApp(client, { log: createLogger('silent') });
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await app.request(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  return { sim, client, call };
}

describe('card client API: readers, cards, cardholder', () => {
  it('attaches readers, inserts and removes cards, and shows no secrets', async () => {
    const { call } = await setup();
    expect((await call('GET', '/')).body).toMatchObject({ eidServer: 'http://sim/eid-server', readers: [{ id: 0, pinPad: false, card: null, busy: false }], cardholder: { mode: 'interactive', steps: [] }, prompts: [] });
    expect(await call('POST', '/readers', { pinPad: true, name: 'Teszt olvasó' })).toMatchObject({ status: 201, body: { id: 1, name: 'Teszt olvasó', pinPad: true } });
    const inserted = await call('POST', '/readers/1/card', { documentId: '123456AB' });
    expect(inserted).toMatchObject({ status: 201, body: { card: { documentId: '123456AB', pinState: 'active', pinTriesLeft: 3 } } });
    expect(JSON.stringify(inserted.body)).not.toMatch(/482915|12345678|"pin"/);
    expect((await call('POST', '/readers/1/card', { documentId: '234567BC' })).body).toMatchObject({ status: 409, code: 'SLOT_OCCUPIED' });
    expect((await call('POST', '/readers/0/card', { documentId: '999999ZZ' })).body).toMatchObject({ status: 404, code: 'CARD_NOT_FOUND' });
    expect((await call('POST', '/readers/0/card', { documentId: '123456ab' })).body).toMatchObject({ status: 400, code: 'IDENTIFIER_INVALID' });
    expect((await call('POST', '/readers/7/card', { documentId: '123456AB' })).body).toMatchObject({ status: 404, code: 'READER_UNKNOWN' });
    expect(await call('DELETE', '/readers/1/card')).toEqual({ status: 200, body: { removed: '123456AB', reader: 1 } });
    expect(await call('DELETE', '/readers/1')).toEqual({ status: 200, body: { detached: 1 } });
    expect((await call('GET', '/readers')).body.readers).toHaveLength(1);
    expect((await call('GET', '/nowhere')).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('sets a scripted or interactive cardholder; the script is shown without its values and used up step by step', async () => {
    const { call } = await setup();
    expect(await call('PUT', '/cardholder', { mode: 'scripted', steps: [{ wrongPin: true }, { pin: '123456' }, { waitSeconds: 3 }] })).toEqual({
      status: 200,
      body: { mode: 'scripted', steps: [{ wrongPin: true }, { pin: '***' }, { waitSeconds: 3 }] },
    });
    expect((await call('PUT', '/cardholder', { mode: 'robot' })).body).toMatchObject({ code: 'CARDHOLDER_MODE_INVALID' });
    expect((await call('PUT', '/cardholder', { mode: 'interactive' })).body).toEqual({ mode: 'interactive', steps: [] });
    expect((await call('GET', '/prompts/next?waitSeconds=0')).status).toBe(204);
    expect((await call('POST', '/prompts/99999/answer', { pin: '1' })).body).toMatchObject({ status: 409, code: 'PROMPT_NOT_PENDING' });
  });

  it('a standing script keeps its unused steps across operations', async () => {
    const { sim, call } = await setup();
    await call('POST', '/readers/0/card', { documentId: '123456AB' });
    await call('PUT', '/cardholder', { mode: 'scripted', steps: [{ wrongPin: true }, { pin: '123456' }] });
    const pkg = (await json(await postRequestPackage(sim, { institutionId: 'E01620K' }))).requestPackage;
    expect((await call('POST', '/authenticate', { requestPackage: pkg })).body).toMatchObject({ code: 'PIN_WRONG' });
    expect((await call('GET', '/cardholder')).body.steps).toEqual([{ pin: '***' }]);
    expect((await call('POST', '/authenticate', { requestPackage: pkg })).status).toBe(200);
    expect((await call('GET', '/cardholder')).body.steps).toEqual([]);
    expect((await call('POST', '/authenticate', {})).body).toMatchObject({ status: 400, code: 'REQUEST_PACKAGE_MISSING' });
    expect((await call('POST', '/authenticate', { requestPackage: pkg, reader: 'x' })).body).toMatchObject({ code: 'BODY_INVALID', details: { errors: [{ path: 'reader', code: 'FIELD_INVALID' }] } });
  });
});

describe('remote card source (a standalone card client reading cards through /_sim/cards)', () => {
  it('the card in the reader is the simulator\'s card: every APDU answered there, on its record and clock', async () => {
    const sim = await testSimulator();
    const fetch = (u: string, i: RequestInit): Promise<Response> => Promise.resolve(sim.app.request(u.replace('http://sim', ''), i));
    const client = createCardClient({
      source: remoteCardSource({ target: 'http://sim', fetch }),
      eidServer: { url: 'http://sim/eid-server', fetch },
      cardholder: { mode: 'scripted', steps: [] },
    });
    await client.readers.insert(0, '123456AB');
    const pkg = (await json(await postRequestPackage(sim, { institutionId: 'E01620K' }))).requestPackage;
    await expect(client.authenticate({ requestPackage: pkg, cardholder: [{ wrongPin: true }] })).rejects.toMatchObject({ code: 'PIN_WRONG' });
    expect(sim.deps.store.state.cards[0]).toMatchObject({ documentId: '123456AB', pinTriesLeft: 2 });
    // A change made in the simulator is seen by the next operation.
    sim.deps.store.state.cards[0]!.pinTriesLeft = 3;
    const ok = await client.authenticate({ requestPackage: pkg, cardholder: [{ pin: '123456' }] });
    expect(ok.requestNonce).toBeTruthy();
    expect(sim.deps.store.state.cards[0]).toMatchObject({ pinTriesLeft: 3 });
    // The card follows the simulator clock: past its expiry (2031-05-31) it is expired at once.
    sim.deps.clock.set('2031-06-02T10:00:00Z');
    const later = (await json(await postRequestPackage(sim, { institutionId: 'E01620K' }))).requestPackage;
    await expect(client.authenticate({ requestPackage: later, cardholder: [{ pin: '123456' }] })).rejects.toMatchObject({ code: 'CARD_EXPIRED' });
    await expect(client.readers.insert(0, '999999ZZ')).rejects.toMatchObject({ code: 'SLOT_OCCUPIED' });
    await client.readers.remove(0);
    await expect(client.readers.insert(0, '999999ZZ')).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
    const unreachable = remoteCardSource({ target: 'http://127.0.0.1:9', fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(unreachable.load('123456AB')).rejects.toMatchObject({ code: 'SIMULATOR_UNREACHABLE', status: 502 });
  });

  it('the /_sim/cards control routes validate what they are given', async () => {
    const sim = await testSimulator();
    const put = (id: string, body: unknown): Promise<Response> => Promise.resolve(sim.app.request(`/_sim/cards/${id}/pin-state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    expect((await json(await put('123456AB', { pinState: 'weird', pinTriesLeft: 3, pukTriesLeft: 10 }))).code).toBe('PIN_STATE_INVALID');
    expect((await json(await put('123456AB', { pinState: 'active', pinTriesLeft: 4, pukTriesLeft: 10 }))).code).toBe('PIN_STATE_INVALID');
    expect((await json(await put('999999ZZ', { pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10 }))).code).toBe('CARD_NOT_FOUND');
    expect((await put('123456AB', { pinState: 'suspended', pinTriesLeft: 1, pukTriesLeft: 10 })).status).toBe(200);
    expect(sim.deps.store.state.cards[0]).toMatchObject({ pinState: 'suspended', pinTriesLeft: 1 });
    const apdu = (id: string, body: unknown): Promise<Response> => Promise.resolve(sim.app.request(`/_sim/cards/${id}/apdu`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    for (const bad of [null, [], 'x', { apdu: '00A4040C' }, { session: 'short', apdu: '00A4040C' }, { session: 'a-session-id', apdu: '00A4' }, { session: 'a-session-id', apdu: 'zz00A40C' }, { session: 'a-session-id', apdu: 42 }]) {
      const res = await apdu('123456AB', bad);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'CARD_APDU_INVALID' });
    }
    expect((await json(await apdu('999999ZZ', { session: 'a-session-id', apdu: '00A4040C' }))).code).toBe('CARD_NOT_FOUND');
    // The session is the card's RAM: a PIN verified in one session is not verified in another.
    expect((await put('123456AB', { pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10 })).status).toBe(200);
    expect(await json(await apdu('123456AB', { session: 'session-one', apdu: '0020000306313233343536' }))).toMatchObject({ sw: '9000' });
    expect(await json(await apdu('123456AB', { session: 'session-one', apdu: '00200003' }))).toMatchObject({ sw: '9000' });
    expect(await json(await apdu('123456AB', { session: 'session-two', apdu: '00200003' }))).toMatchObject({ sw: '63C3' });
    const one = await json(await sim.app.request('/_sim/cards/123456AB'));
    expect(one.certificatePem).toContain('BEGIN CERTIFICATE');
    const journal = JSON.stringify(sim.deps.journal.list({ service: 'control' }));
    expect(journal).not.toContain('BEGIN PRIVATE KEY-----M');
  });
});
