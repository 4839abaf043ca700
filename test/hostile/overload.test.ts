/**
 * Fair under overload (issue 16 item 3): when the simulator is saturated, a new request is
 * answered at once with 503, `Retry-After` and code `OVERLOADED` (a SOAP fault for SOAP callers,
 * RFC 9457 problem JSON otherwise), never left without an answer; the control API and discovery
 * stay answerable; requests under the limit are served. Saturation is made deterministic with a
 * small in-flight limit and injected delays that hold admitted requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../simulator/core/journal.js';
import { errorText } from '../../simulator/core/error-catalogue.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { testSimulator } from '../helpers/sim.js';
import { stsPasswordRequest } from './support.js';

let sim: Simulator;
let listeners: Listeners;
let origin: string;
beforeAll(async () => {
  sim = await testSimulator({ clock: { start: '2026-03-02T08:00:00Z', frozen: false } });
  listeners = await listen(sim, { host: '127.0.0.1', port: 0, admission: { maxInFlight: 2, maxQueueWaitMs: 0, maxEventLoopDelayMs: 60_000 } });
  origin = listeners.httpOrigin ?? '';
});
afterAll(async () => {
  await listeners.close();
  sim.close();
});

const SOAP12 = 'application/soap+xml; charset=utf-8';
const inProgress = (): JournalEntry[] => sim.deps.journal.list({ service: 'sts' }).filter((e) => e.state === 'in-progress');
const until = async (ok: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};
const sts = (body = stsPasswordRequest(sim), contentType = SOAP12): Promise<Response> =>
  fetch(`${origin}/sts`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('admission control under overload', () => {
  it('requests under the limit are served', async () => {
    const answers = await Promise.all([sts(), sts()]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await answers[0]?.text()).toContain('<saml:Assertion');
  });

  it('a saturated simulator answers OVERLOADED at once (503, Retry-After, SOAP fault or problem JSON); control API and discovery still answer', async () => {
    const faults = await fetch(`${origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ service: 'sts', fault: 'delay', delayMs: 1500, times: 2 }] }),
    });
    expect(faults.status).toBe(201);
    const held = [sts(), sts()];
    await until(() => inProgress().length === 2);
    expect(inProgress()).toHaveLength(2);

    // SOAP caller: a SOAP 1.2 fault, HTTP 503, Retry-After, code OVERLOADED, refused without waiting for the held ones
    const started = Date.now();
    const refused = await sts();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
    const fault = await refused.text();
    expect(fault).toContain('<s:Value>s:Receiver</s:Value>');
    expect(fault).toContain('<sim:Code>OVERLOADED</sim:Code>');
    expect(fault).toContain('2 requests are in flight (the limit is 2)');

    // SOAP 1.1 caller: also 503 (an HTTP-level refusal), faultcode Server
    const refused11 = await sts(stsPasswordRequest(sim, '1.1'), 'text/xml; charset=utf-8');
    expect(refused11.status).toBe(503);
    expect(refused11.headers.get('retry-after')).not.toBeNull();
    expect(await refused11.text()).toContain('<faultcode>s:Server</faultcode>');

    // JSON caller: RFC 9457 problem JSON
    const problemAnswer = await fetch(`${origin}/portal/api/anything`, { headers: { accept: 'application/json' } });
    expect(problemAnswer.status).toBe(503);
    expect(problemAnswer.headers.get('content-type')).toBe('application/problem+json');
    expect(problemAnswer.headers.get('retry-after')).not.toBeNull();
    const problem = (await problemAnswer.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 503, code: 'OVERLOADED', title: 'Service Unavailable', type: 'urn:eeszt-sim:problem:overloaded' });
    expect(String(problem['detail'])).toMatch(/^the simulator is overloaded \(2 requests are in flight \(the limit is 2\)\) and did not process this request; send it again after \d+ s/);
    expect(errorText('OVERLOADED', 'hu')).toMatch(/túlterhelt/);

    // the control API and discovery are never refused
    expect((await fetch(`${origin}/.well-known/eeszt-sim`)).status).toBe(200);
    expect((await fetch(`${origin}/_sim/journal`)).status).toBe(200);

    // the held requests complete normally, and then the simulator serves again
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    expect((await sts()).status).toBe(200);
  });
});

describe('admission control with a queue (the default behaviour), over a real socket', () => {
  let queued: Listeners;
  let queuedOrigin: string;
  beforeAll(async () => {
    queued = await listen(sim, { host: '127.0.0.1', port: 0, admission: { maxInFlight: 2, maxQueueWaitMs: 600, maxEventLoopDelayMs: 60_000 } });
    queuedOrigin = queued.httpOrigin ?? '';
  });
  afterAll(async () => {
    await queued.close();
  });
  const stsQueued = (): Promise<Response> => fetch(`${queuedOrigin}/sts`, { method: 'POST', headers: { 'content-type': SOAP12 }, body: stsPasswordRequest(sim) });
  const hold = async (delayMs: number): Promise<Response[]> => {
    const faults = await fetch(`${queuedOrigin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ service: 'sts', fault: 'delay', delayMs, times: 2 }] }),
    });
    expect(faults.status).toBe(201);
    const held = [stsQueued(), stsQueued()];
    await until(() => inProgress().length === 2);
    expect(inProgress()).toHaveLength(2);
    return Promise.all(held);
  };

  it('a request over the in-flight bound waits for a slot and is served when one frees up within the wait bound', async () => {
    const held = hold(300);
    await until(() => inProgress().length === 2);
    const started = Date.now();
    const waited = await stsQueued();
    expect(waited.status).toBe(200);
    expect(await waited.text()).toContain('<saml:Assertion');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await held).map((r) => r.status)).toEqual([200, 200]);
  });

  it('a request whose wait runs out gets 503 OVERLOADED with Retry-After (a SOAP fault), not silence; then the simulator serves again', async () => {
    const held = hold(2500);
    await until(() => inProgress().length === 2);
    const started = Date.now();
    const refused = await stsQueued();
    const ms = Date.now() - started;
    expect(refused.status).toBe(503);
    expect(ms).toBeLessThan(2000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const fault = await refused.text();
    expect(fault).toContain('<sim:Code>OVERLOADED</sim:Code>');
    expect(fault).toMatch(/it waited 600 ms for one of the 2 processing slots \(the limit is 600 ms\)|this one would wait about \d+ ms/);
    expect((await fetch(`${queuedOrigin}/.well-known/eeszt-sim`)).status).toBe(200);
    expect((await held).map((r) => r.status)).toEqual([200, 200]);
    expect((await stsQueued()).status).toBe(200);
  });
});
