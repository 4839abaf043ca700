/**
 * Issue 15 item 10: a journal-stream (SSE) client that stops reading must never take the
 * simulator down: its queue is bounded, it is dropped with a note, the simulator goes on serving.
 * A real `serve` process, a raw socket that reads the headers and then stops reading, and a flood
 * of large requests (each journaled with its 60 KB body).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe } from '../helpers/cli.js';

const stops: Array<() => void> = [];
afterAll(() => {
  for (const stop of stops) stop();
});

function openStalledStream(origin: string): Promise<{ socket: Socket; closed: () => boolean }> {
  const url = new URL('/ui/api/journal/stream?backlog=0', origin);
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.once('data', (first: Buffer) => {
      expect(first.toString()).toMatch(/^HTTP\/1\.1 200/);
      socket.pause(); // from now on this client reads nothing
      resolve({ socket, closed: () => closed });
    });
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.once('timeout', () => reject(new Error('no answer')));
  });
}

describe('a journal-stream client that stops reading', () => {
  it('is dropped with a note once it is 4 MiB behind; the simulator goes on serving', async () => {
    const { child, origin, output } = await startServe(['--journal-capacity', '100000']);
    stops.push(() => child.kill('SIGTERM'));
    const stalled = await openStalledStream(origin);
    const body = JSON.stringify({ pad: 'x'.repeat(60_000) });
    let sent = 0;
    const deadline = Date.now() + 60_000;
    while (!/journal stream: a client stopped reading/.test(output()) && Date.now() < deadline && sent < 2_000) {
      await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${origin}/_sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer())),
      );
      sent += 20;
    }
    expect(output()).toMatch(/warn: journal stream: a client stopped reading \(\d+ events, \d+ bytes waiting; the limit is 2000 events or 4194304 bytes\) and was disconnected; the simulator goes on serving/);
    expect(output()).not.toMatch(/heap|INTERNAL_ERROR|FATAL/i);
    // the dropped client's connection ends once it reads again
    stalled.socket.resume();
    const until = Date.now() + 10_000;
    while (!stalled.closed() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(stalled.closed()).toBe(true);
    // and the simulator goes on serving, a new stream included
    expect((await fetch(`${origin}/.well-known/eeszt-sim`)).status).toBe(200);
    const fresh = await fetch(`${origin}/ui/api/journal/stream?backlog=1`);
    expect(fresh.status).toBe(200);
    await fresh.body?.cancel();
    child.kill('SIGTERM');
  }, 120_000);
});
