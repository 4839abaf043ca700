/**
 * The journaling middleware over a real socket: an entry keeps the HTTP parser's raw header list
 * (not @hono/node-server's Headers, which holds the IncomingMessage and its socket) and lists the
 * headers on first read as a Headers object would (lower-case names, repeats joined, secrets
 * redacted), the same as in process.
 */
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimHonoEnv } from './deps.js';
import { isoTime, journalMiddleware, rawHeader } from './journal-middleware.js';
import { listen, type Listeners } from '../server/listen.js';
import type { Simulator } from '../simulator.js';
import { testSimulator } from '../../test/helpers/sim.js';

let sim: Simulator;
let listeners: Listeners;
let port: number;
beforeAll(async () => {
  sim = await testSimulator();
  listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
  port = Number(new URL(listeners.httpOrigin ?? '').port);
});
afterAll(async () => {
  await listeners.close();
  sim.close();
});

/** Send raw request bytes; resolves when the answer has come and the connection closed. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

describe('journal middleware', () => {
  it('lists the request headers of a socket request as Headers would: lower-case, repeats joined, secrets redacted', async () => {
    const answer = await raw(
      ['GET /.well-known/eeszt-sim?probe=1 HTTP/1.1', 'Host: 127.0.0.1', 'X-Correlation-Id: hdr-check-1', 'X-Repeat: one', 'x-repeat: two', 'Authorization: Bearer titok', 'Cookie: a=1', 'Connection: close', '', ''].join('\r\n'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    const [entry] = sim.deps.journal.list({ correlationId: 'hdr-check-1' });
    expect(entry?.request).toMatchObject({ method: 'GET', path: '/.well-known/eeszt-sim', query: '?probe=1' });
    expect(entry?.request.headers).toEqual({
      host: '127.0.0.1',
      'x-correlation-id': 'hdr-check-1',
      'x-repeat': 'one, two',
      authorization: '***',
      cookie: '***',
      connection: 'close',
    });
    expect(entry?.response.status).toBe(200);
    expect(entry?.response.headers['x-correlation-id']).toBe('hdr-check-1');
    expect(entry?.response.body).toContain('"eeszt-sim"');
  });

  it('does the same in process (no socket: the request Headers)', async () => {
    const res = await sim.app.request('/.well-known/eeszt-sim', { headers: { 'X-Correlation-Id': 'hdr-check-2', 'X-Repeat': 'one', Authorization: 'Bearer titok' } });
    expect(res.status).toBe(200);
    const [entry] = sim.deps.journal.list({ correlationId: 'hdr-check-2' });
    expect(entry?.request.headers).toMatchObject({ 'x-correlation-id': 'hdr-check-2', 'x-repeat': 'one', authorization: '***' });
  });

  it('puts the correlation id on a socket answer without building its Headers, and journals the same response headers as in process', async () => {
    const answer = await raw(['GET /.well-known/eeszt-sim HTTP/1.1', 'Host: 127.0.0.1', 'X-Correlation-Id: hdr-check-3', 'Connection: close', '', ''].join('\r\n'));
    const head = answer.slice(0, answer.indexOf('\r\n\r\n')).toLowerCase();
    expect(head).toMatch(/^http\/1\.1 200/);
    expect(head).toContain('\r\nx-correlation-id: hdr-check-3');
    expect(head).toMatch(/\r\ncontent-type: application\/json/);
    const inProcess = await sim.app.request('/.well-known/eeszt-sim', { headers: { 'X-Correlation-Id': 'hdr-check-4' } });
    expect(inProcess.headers.get('x-correlation-id')).toBe('hdr-check-4');
    const [socketEntry] = sim.deps.journal.list({ correlationId: 'hdr-check-3' });
    const [processEntry] = sim.deps.journal.list({ correlationId: 'hdr-check-4' });
    expect(socketEntry?.response.headers).toEqual({ ...processEntry?.response.headers, 'x-correlation-id': 'hdr-check-3' });
    expect(socketEntry?.response.headers['content-type']).toMatch(/^application\/json/);
    expect(socketEntry?.response.body).toContain('"eeszt-sim"');
  });

  it('reads a header from the raw list exactly as c.req.header() does on @hono/node-server', async () => {
    const app = new Hono<SimHonoEnv>();
    const names = ['x-correlation-id', 'content-type', 'x-eeszt-sim-ui', 'x-repeat', 'x-pad', 'x-empty', 'x-absent', 'cookie'];
    app.get('/h', (c) => {
      const rawList = c.env.incoming?.rawHeaders ?? [];
      const lists = names.map((n) => [n, c.req.header(n) ?? '(none)', rawHeader(rawList, n) ?? (rawHeader(rawList, n) === null ? '(ask)' : '(none)')]);
      return c.json(lists);
    });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    const hPort = typeof address === 'object' && address !== null ? address.port : 0;
    const send = (lines: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(hPort, '127.0.0.1', () => socket.write(['GET /h HTTP/1.1', 'Host: 127.0.0.1', ...lines, 'Connection: close', '', ''].join('\r\n')));
        let answer = '';
        socket.on('data', (d) => (answer += d.toString('utf8')));
        socket.on('error', reject);
        socket.on('close', () => resolve(answer.slice(answer.indexOf('\r\n\r\n') + 4)));
      });
    try {
      const cases = [
        ['X-Correlation-Id: abc-1', 'Content-Type: text/xml; charset=utf-8', 'X-EESZT-SIM-UI: upkeep'],
        ['x-correlation-id: a', 'X-CORRELATION-ID: b', 'content-type: text/xml', 'Content-Type: application/json', 'X-Repeat: one', 'x-repeat:two'],
        ['X-Pad: \t padded \t', 'X-Empty:', 'Cookie: a=1', 'cookie: b=2', 'X-Repeat: a,  b '],
        [],
      ];
      for (const lines of cases) {
        const lists = JSON.parse(await send(lines)) as Array<[string, string, string]>;
        for (const [name, viaHono, viaRaw] of lists) {
          if (name === 'cookie') expect(viaRaw).toBe('(ask)');
          else expect(viaRaw, `${name} in ${lines.join(' | ')}`).toBe(viaHono);
        }
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('writes times as toISOString() does, also across seconds, before 1970 and at the ends of the clock range', () => {
    const probes = [0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, Date.UTC(2026, 11, 7, 13, 0, 59, 999), Date.UTC(2026, 11, 7, 13, 1, 0, 0), Date.UTC(9999, 11, 31, 23, 59, 59, 999), -62135596800000, 253402300799999, 253402300800000, -62135596800001];
    for (let i = 0; i < 3000; i++) probes.push(Math.round((Math.random() - 0.3) * 2e14));
    for (const ms of probes) {
      expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });

  it('journals every body exactly, ASCII or not, kept in the text arena or (short ones) as they are', async () => {
    // 4 KB bodies, some of them not ASCII (kept as UTF-8 in the arena), all read back as they were sent.
    const bodies = Array.from({ length: 150 }, (_, i) => (i % 50 === 7 ? `{"név":"Árvíztűrő ${i}","pad":"${'ő'.repeat(600)}"}` : `{"n":${i},"pad":"${String(i % 10).repeat(4000)}"}`));
    for (const [i, body] of bodies.entries()) {
      const res = await sim.app.request('/_sim/echo-probe', { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-Correlation-Id': `arena-${i}` } });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    for (const [i, body] of bodies.entries()) {
      const [entry] = sim.deps.journal.list({ correlationId: `arena-${i}` });
      expect(entry?.request.body).toBe(body);
      expect(entry?.request.bytes).toBe(Buffer.byteLength(body));
      expect(entry?.response.body).toContain('"code"');
    }
  });

  it('keeps bodies that are bytes (a request read as bytes, an answer made as bytes) as they are, decoded only when read', async () => {
    const app = new Hono<SimHonoEnv>();
    app.use('*', journalMiddleware(sim.deps, () => 'bytes-probe'));
    // echoes the request's bytes back as bytes, as a SOAP service reading `arrayBuffer()` and answering a Buffer would
    app.post('/echo', async (c) => c.body(new Uint8Array(await c.req.arrayBuffer()), 200, { 'content-type': 'application/octet-stream' }));
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    const echoPort = typeof address === 'object' && address !== null ? address.port : 0;
    const bodies: Array<[string, Buffer]> = [
      ['ascii', Buffer.from(`<a>${'x'.repeat(3000)}</a>`)],
      ['utf8', Buffer.from(`<név>${'Árvíztűrő tükörfúrógép '.repeat(100)}</név>`)],
      // a BOM, a broken sequence and a lone continuation byte: read back as TextDecoder reads them (as before)
      ['broken', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ok '.repeat(200)), Buffer.from([0xc3, 0x28, 0x80]), Buffer.from(' end')])],
      ['short', Buffer.from('<s>kis törzs</s>')],
    ];
    try {
      for (const [id, bytes] of bodies) {
        const res = await fetch(`http://127.0.0.1:${echoPort}/echo`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'x-correlation-id': `bytes-${id}`, 'content-type': 'text/xml' } });
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      }
      for (const [id, bytes] of bodies) {
        const [entry] = sim.deps.journal.list({ correlationId: `bytes-${id}` });
        const text = new TextDecoder().decode(bytes);
        expect(entry?.request.body).toBe(text);
        expect(entry?.response.body).toBe(text);
        expect(entry?.request.bytes).toBe(Buffer.byteLength(text));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
