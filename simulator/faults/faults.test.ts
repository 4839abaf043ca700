import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../../test/helpers/sim.js';
import { passwordIssueRequest, SOAP12_ISSUE } from '../sts/sts-client.js';
import { listen, type Listeners } from '../server/listen.js';
import type { Simulator } from '../simulator.js';
import { nextRandom, seedState } from './prng.js';
import { requestOperations } from './request-operation.js';
import { postRequestPackage } from '../../test/helpers/eid.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

const login = (): string => passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: sim.deps.clock.now() });
const postSts = (path = '/sts'): Promise<Response> => Promise.resolve(sim.app.request(path, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: login() }));

describe('fault injection (/_sim/faults)', () => {
  it('answers an HTTP status for the next N calls, then lets calls through, and marks the journal', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const created = await postJson(sim, '/_sim/faults', { service: 'sts', fault: 'status', status: 503, times: 2 });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: 'f1', service: 'sts', fault: 'status', status: 503, times: 2, remaining: 2 });
    expect((await postSts()).status).toBe(503);
    const second = await postSts();
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await postSts()).status).toBe(200);
    expect((await json(await sim.app.request('/_sim/faults'))).rules).toEqual([]);
    const entries = sim.deps.journal.list({ service: 'sts' });
    expect(entries.map((e) => e.summary.fault === undefined ? null : (e.summary.fault as { kind: string }).kind)).toEqual(['status', 'status', null]);
    expect(entries[0]?.errorCode).toBe('FAULT_INJECTED');
  });

  it('matches an operation by request element, action or WS-Trust request type; other operations pass', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    await postJson(sim, '/_sim/faults', { service: 'sts', operation: 'Validate', fault: 'status', status: 500 });
    expect((await postSts()).status).toBe(200);
    await postJson(sim, '/_sim/faults', { service: 'sts', operation: 'Issue', fault: 'soap-fault', code: 'SERVICE_UNAVAILABLE' });
    const res = await postSts();
    expect(res.status).toBe(500); // SOAP 1.2 Receiver fault
    const text = await res.text();
    expect(text).toContain('<s:Value>s:Receiver</s:Value>');
    expect(text).toContain('<sim:Code>SERVICE_UNAVAILABLE</sim:Code>');
    expect(sim.deps.journal.list({ service: 'sts' }).at(-1)?.errorCode).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers a malformed body of the caller\'s content type, and problem JSON for JSON callers of soap-fault', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    await postJson(sim, '/_sim/faults', { service: 'sts', fault: 'malformed', times: 1 });
    const res = await postSts();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/soap+xml');
    expect(await res.text()).toMatch(/<Respon$/);
    await postJson(sim, '/_sim/faults', { service: 'eid', operation: '/request-package', fault: 'soap-fault', side: 'Sender', code: 'TEST_REFUSAL', times: 1 });
    const eid = await postRequestPackage(sim, { institutionId: 'E01620K' });
    expect(eid.status).toBe(400);
    expect(await json(eid)).toMatchObject({ code: 'TEST_REFUSAL' });
  });

  it('delays a call and then answers it normally', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    await postJson(sim, '/_sim/faults', { service: 'sts', fault: 'delay', delayMs: 60, times: 1 });
    const t0 = performance.now();
    expect((await postSts()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(sim.deps.journal.list({ service: 'sts' }).at(-1)?.summary).toMatchObject({ outcome: 'issued', fault: { kind: 'delay', delayMs: 60 } });
  });

  it('hits a share of calls with a seeded PRNG: the same seed gives the same pattern', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      await sim.app.request('/_sim/reset', { method: 'POST' });
      await postJson(sim, '/_sim/faults', { service: 'discovery', fault: 'status', status: 502, share: 0.5, seed });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await sim.app.request('/.well-known/eeszt-sim')).status);
      return out;
    };
    const a = await pattern(7);
    expect(await pattern(7)).toEqual(a);
    expect(a.filter((s) => s === 502).length).toBeGreaterThan(2);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(2);
    expect(await pattern(8)).not.toEqual(a);
  });

  it('keeps rules per environment and clears them on reset; never faults the control API', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const run = await json(await postJson(sim, '/_sim/runs', {}));
    await postJson(sim, `/run/${run.id}/_sim/faults`, { service: '*', fault: 'status', status: 503 });
    expect((await postSts(`/run/${run.id}/sts`)).status).toBe(503);
    expect((await postSts()).status).toBe(200);
    expect((await sim.app.request(`/run/${run.id}/_sim/clock`)).status).toBe(200);
    expect((await json(await sim.app.request(`/run/${run.id}/_sim/faults`))).rules).toHaveLength(1);
    await sim.app.request(`/run/${run.id}/_sim/reset`, { method: 'POST' });
    expect((await json(await sim.app.request(`/run/${run.id}/_sim/faults`))).rules).toEqual([]);
    await sim.app.request(`/_sim/runs/${run.id}`, { method: 'DELETE' });
  });

  it('deletes one rule or all, and refuses bad rules naming the field', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const both = await json(await postJson(sim, '/_sim/faults', { rules: [{ service: 'sts', fault: 'drop' }, { service: 'erecept', fault: 'delay', delayMs: 10 }] }));
    expect(both.rules.map((r: { id: string }) => r.id)).toEqual(['f1', 'f2']);
    expect(await json(await sim.app.request('/_sim/faults/f1', { method: 'DELETE' }))).toEqual({ deleted: 'f1' });
    expect((await sim.app.request('/_sim/faults/f1', { method: 'DELETE' })).status).toBe(404);
    expect(await json(await sim.app.request('/_sim/faults', { method: 'DELETE' }))).toEqual({ cleared: 1 });
    const bad = async (rule: unknown): Promise<{ code: string; detail: string; details?: { field?: string; errors?: Array<{ path: string }> } }> => json(await postJson(sim, '/_sim/faults', rule));
    // Field types and ranges: the one body validator, field by field (details.errors)
    expect(await bad({ service: 'sts', fault: 'explode' })).toMatchObject({ code: 'FAULT_RULE_INVALID', details: { errors: [{ path: 'fault', code: 'FIELD_INVALID' }] } });
    expect(await bad({ rules: [{ service: 'sts', fault: 'drop' }, { service: 'sts', fault: 'drop', times: 0 }] })).toMatchObject({ code: 'FAULT_RULE_INVALID', details: { errors: [{ path: 'rules[1].times' }] } });
    // What the types cannot say: the rule's own checks (details.field)
    expect(await bad({ service: 'sts', fault: 'delay' })).toMatchObject({ details: { field: 'delayMs' } });
    expect(await bad({ service: 'control', fault: 'drop' })).toMatchObject({ details: { field: 'service' } });
    expect(await bad({ service: 'sts', fault: 'drop', share: 2 })).toMatchObject({ details: { field: 'share' } });
    expect((await bad({ service: 'sts', fault: 'drop', colour: 'red' })).detail).toContain('colour: unknown field; this body takes `service`, `operation`');
  });

  it('drops the connection of a real socket', async () => {
    await sim.app.request('/_sim/reset', { method: 'POST' });
    const listeners: Listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    try {
      await fetch(`${listeners.httpOrigin}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'sts', fault: 'drop', times: 1 }) });
      await expect(fetch(`${listeners.httpOrigin}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: login() }).then((r) => r.text())).rejects.toThrow();
      expect((await fetch(`${listeners.httpOrigin}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: login() })).status).toBe(200);
    } finally {
      await listeners.close();
    }
  });
});

describe('fault helpers', () => {
  it('names operations of SOAP and JSON requests', () => {
    const soap = '<s:Envelope><s:Header><wsa:Action>urn:eeszt-sim:services:erecept:2026/IssuePrescription</wsa:Action></s:Header><s:Body><e:IssuePrescriptionRequest xmlns:e="x"/></s:Body></s:Envelope>';
    expect(requestOperations('/services/erecept', '/services/erecept', soap)).toEqual(expect.arrayContaining(['IssuePrescriptionRequest', 'IssuePrescription']));
    expect(requestOperations('/eid/request-package', '/eid', '{}')).toEqual(expect.arrayContaining(['/request-package', 'request-package']));
  });

  it('draws reproducible numbers in [0, 1)', () => {
    let s = seedState(1);
    const xs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const d = nextRandom(s);
      s = d.state;
      xs.push(d.value);
    }
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
