/**
 * A client that goes away mid-request (issue 15 item 11): it closes the connection before its
 * body is complete, sends a chunk size the HTTP parser cannot read, or gives up waiting during
 * an injected delay (a HIS timeout). Each is journaled with its own code `CLIENT_ABORTED`
 * (HTTP 499, state `aborted`), never as the simulator's `INTERNAL_ERROR`, and nothing is logged
 * as an error; the journal records every request on arrival, so an abandoned one is listed
 * (first `in-progress`, then `aborted`) in the order it arrived.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../simulator/core/deps.js';
import type { JournalEntry } from '../../simulator/core/journal.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { testSimulator } from '../helpers/sim.js';
import { stsPasswordRequest } from './support.js';

const logged: string[] = [];
const log: Logger = { error: (m, e) => logged.push(`error ${m} ${String(e)}`), warn: (m) => logged.push(`warn ${m}`), info: () => undefined, debug: () => undefined };
let sim: Simulator;
let listeners: Listeners;
let origin: string;
beforeAll(async () => {
  sim = await testSimulator({ log, clock: { start: '2026-03-02T08:00:00Z', frozen: false } });
  listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
  origin = listeners.httpOrigin ?? '';
});
afterAll(async () => {
  await listeners.close();
  sim.close();
});

/** Write raw bytes, then close the connection after `closeAfterMs`; resolves with whatever came back. */
function rawExchange(bytes: string, closeAfterMs: number): Promise<string> {
  return new Promise((resolve) => {
    const port = Number(new URL(origin).port);
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    setTimeout(() => socket.destroy(), closeAfterMs);
  });
}

const stsEntries = (): JournalEntry[] => sim.deps.journal.list({ service: 'sts' });
const until = async (ok: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('a client that leaves mid-request', () => {
  it('closing before the body is complete: CLIENT_ABORTED 499, state aborted, no error logged, the server goes on', async () => {
    const before = stsEntries().length;
    await rawExchange('POST /sts HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\nContent-Length: 5000\r\n\r\n<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">', 150);
    await until(() => stsEntries().length > before && stsEntries().at(-1)?.state !== 'in-progress');
    const entry = stsEntries().at(-1) as JournalEntry;
    expect(entry).toMatchObject({ errorCode: 'CLIENT_ABORTED', state: 'aborted', response: { status: 499 } });
    expect(entry.response.body).toMatch(/the client ended the exchange before it was complete \(the client closed the connection before the request body was complete\)/);
    expect(logged).toEqual([]);
    const ok = await fetch(`${origin}/sts`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: stsPasswordRequest(sim) });
    expect(ok.status).toBe(200);
  });

  it('a bad chunk size: CLIENT_ABORTED, no INTERNAL_ERROR, nothing logged', async () => {
    const before = stsEntries().length;
    const answer = await rawExchange('POST /sts HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n', 300);
    expect(answer).toMatch(/^HTTP\/1.1 400/); // node's own answer to the broken framing
    await until(() => stsEntries().length > before && stsEntries().at(-1)?.state !== 'in-progress');
    const entry = stsEntries().at(-1) as JournalEntry;
    expect(entry).toMatchObject({ errorCode: 'CLIENT_ABORTED', state: 'aborted', response: { status: 499 } });
    expect(entry.response.body).not.toMatch(/INTERNAL_ERROR/);
    expect(logged).toEqual([]);
  });

  it('a HIS timeout during an injected delay: listed on arrival (in progress), then aborted, the work still done and said so', async () => {
    const faults = await fetch(`${origin}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ service: 'sts', fault: 'delay', delayMs: 700, times: 1 }] }) });
    expect(faults.status).toBe(201);
    const controller = new AbortController();
    const request = fetch(`${origin}/sts`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: stsPasswordRequest(sim), signal: controller.signal }).catch((e: Error) => e.name);
    await until(() => stsEntries().at(-1)?.state === 'in-progress');
    const arrived = stsEntries().at(-1) as JournalEntry;
    expect(arrived).toMatchObject({ state: 'in-progress', response: { status: 0 }, request: { method: 'POST', path: '/sts' } });
    controller.abort();
    expect(await request).toBe('AbortError');
    // a later request is listed after it: the sequence is the arrival order
    const later = await fetch(`${origin}/.well-known/eeszt-sim`);
    expect(later.status).toBe(200);
    expect((sim.deps.journal.list().at(-1) as JournalEntry).seq).toBeGreaterThan(arrived.seq);
    await until(() => stsEntries().find((e) => e.seq === arrived.seq)?.state !== 'in-progress');
    const done = stsEntries().find((e) => e.seq === arrived.seq) as JournalEntry;
    expect(done).toMatchObject({ state: 'aborted', errorCode: 'CLIENT_ABORTED', time: arrived.time, response: { status: 200 } });
    expect(done.summary).toMatchObject({ outcome: 'issued', fault: { kind: 'delay', delayMs: 700 }, applied: true, clientAborted: 'the client closed the connection before the answer' });
    expect(logged).toEqual([]);
  });
});
