/**
 * A lean closed-loop HTTP/1.1 load client on raw `net` sockets, for benchmarks whose client shares
 * the machine's cores with the server it measures: every CPU microsecond the client spends is one
 * the server does not get, so it does as little as an HTTP client can.
 *
 * `concurrency` keep-alive connections, one request in flight on each (closed loop: the next is
 * written when the answer is complete). Each request is written with one `socket.write` of its
 * head (method, path, Host, Content-Type, Content-Length) and a body from `makeBody()` (a fresh
 * one each time: the STS bench fills a fresh nonce and message id). Answers are framed by their
 * `Content-Length` (a chunked or unframed answer is an error, never guessed at), and every answer
 * goes through `check` (status and body bytes, not decoded); every `sampleEvery`-th answer (and
 * the first) also goes through `sample`, which may parse it fully. Against node:http's client
 * (an `Agent`, a `ClientRequest`, an `IncomingMessage` stream and header objects per request) this
 * cost about a third of the client CPU per token (bench/sts; docs/performance.md, "STS").
 *
 * @example
 * ```ts
 * const r = await rawLoad({ port, path: '/sts', seconds: 5, concurrency: 8, contentType: 'text/xml', makeBody, check: (s) => s === 200 });
 * ```
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Options of {@link rawLoad}. */
export interface RawLoadOptions {
  port: number;
  path: string;
  seconds: number;
  concurrency: number;
  contentType: string;
  /** The body of the next request (called once per request). */
  makeBody: () => string;
  /** Whether an answer is a success (status code and the body's bytes). */
  check: (status: number, body: Buffer) => boolean;
  /** Called with the first answer and every `sampleEvery`-th one: may parse it fully; throws when it is wrong. */
  sample?: (body: Buffer) => void;
  sampleEvery?: number;
}

/** What one closed-loop load run measured. */
export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** CPU time of this (the client) process during the load, microseconds. */
  clientCpuUs: number;
  latenciesMs: number[];
  /** How many answers went through the full `sample` check. */
  sampled: number;
  firstError?: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n/i;

/**
 * Closed-loop load on raw sockets: `concurrency` requests in flight for `seconds`.
 *
 * @example
 * ```ts
 * const r = await rawLoad({ port, path: '/sts', seconds: 5, concurrency: 8, contentType, makeBody, check });
 * ```
 */
export async function rawLoad(o: RawLoadOptions): Promise<LoadResult> {
  const head = `POST ${o.path} HTTP/1.1\r\nHost: 127.0.0.1:${o.port}\r\nContent-Type: ${o.contentType}\r\nContent-Length: `;
  const latenciesMs: number[] = [];
  const every = Math.max(1, o.sampleEvery ?? 1000);
  let ok = 0;
  let failed = 0;
  let answers = 0;
  let sampled = 0;
  let firstError: string | undefined;
  const fail = (why: string): void => {
    failed++;
    firstError ??= why;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;

  /** One connection's lane: resolves when the time is up (or the connection failed). */
  const lane = (): Promise<void> =>
    new Promise((resolve) => {
      const socket: Socket = connect({ port: o.port, host: '127.0.0.1', noDelay: true });
      let pending: Buffer | null = null;
      /** Where the current answer's body starts and ends in `pending` (-1: its head is not read yet). */
      let bodyStart = -1;
      let bodyEnd = -1;
      let status = 0;
      let started = 0;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        socket.destroy();
        resolve();
      };
      const send = (): void => {
        if (performance.now() >= deadline) return finish();
        const body = o.makeBody();
        started = performance.now();
        socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      const answered = (body: Buffer): void => {
        latenciesMs.push(performance.now() - started);
        if (o.check(status, body)) ok++;
        else fail(`${status}: ${body.toString('utf8', 0, 400)}`);
        if (o.sample !== undefined && answers++ % every === 0) {
          try {
            o.sample(body);
            sampled++;
          } catch (err) {
            fail(`a sampled answer failed its full check: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
        if (bodyStart === -1) {
          const end = pending.indexOf(HEAD_END);
          if (end === -1) return;
          const text = pending.toString('latin1', 0, end + 2);
          status = Number(text.slice(9, 12));
          const length = CONTENT_LENGTH.exec(text);
          if (!text.startsWith('HTTP/1.1 ') || length === null) {
            fail(`an answer without a Content-Length (or not HTTP/1.1): ${text.slice(0, 200)}`);
            return finish();
          }
          bodyStart = end + 4;
          bodyEnd = bodyStart + Number(length[1]);
        }
        if (pending.length < bodyEnd) return;
        if (pending.length > bodyEnd) {
          fail(`${pending.length - bodyEnd} bytes after the answer's Content-Length`);
          return finish();
        }
        const body = pending.subarray(bodyStart, bodyEnd);
        pending = null;
        bodyStart = -1;
        answered(body);
        send();
      });
      socket.on('error', (err) => {
        fail(err.message);
        finish();
      });
      socket.on('close', () => {
        if (!done) fail('the server closed the connection');
        finish();
      });
    });

  await Promise.all(Array.from({ length: o.concurrency }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ok, failed, seconds: elapsed, clientCpuUs: cpu.user + cpu.system, latenciesMs, sampled, ...(firstError === undefined ? {} : { firstError }) };
}
