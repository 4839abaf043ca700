/**
 * Control API exposure over real sockets: `/_sim` answers loopback callers only (unless a
 * control token is configured), decided from the socket's remote address as `@hono/node-server`
 * reports it, never from a header.
 *
 * A real non-loopback caller without touching any real network: the test starts
 * `test/hostile/netns-peer.mjs` in a network namespace of its own (`unshare --net`), which has
 * only a loopback interface carrying 127.0.0.1, ::1 and the private addresses 10.77.0.1/.2 and
 * fd77::1/::2. The peer binds listening sockets inside that namespace and passes them to this
 * process over the IPC channel; this process serves the simulator on them with the same
 * `@hono/node-server` plumbing as `eeszt-sim serve` (simulator/server/listen.ts). The peer then
 * connects from 10.77.0.2, fd77::2 or loopback as the test asks. No packet can leave the
 * namespace. Without `unshare` or the privilege to use it the tests are skipped (the mocked-env
 * unit test in test/foundation/control-api.test.ts still runs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';

const PEER = fileURLToPath(new URL('./netns-peer.mjs', import.meta.url));
const canUnshare = process.platform === 'linux' && spawnSync('unshare', ['--net', '--', 'ip', 'link', 'show', 'lo'], { stdio: 'ignore' }).status === 0;

interface PeerResponse {
  status: number;
  body: string;
}

/** The peer in its namespace, and the simulators served on its sockets. */
class NamespacePeer {
  private child: ChildProcess | undefined;
  private readonly handles = new Map<string, { handle: Server; port: number }>();
  private readonly servers: Array<{ close(cb: () => void): void }> = [];
  private readonly pending = new Map<number, (r: PeerResponse) => void>();
  private nextId = 1;

  async start(): Promise<void> {
    const child = spawn('unshare', ['--net', '--', process.execPath, PEER], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.on('message', (msg: { type: string; name?: string; port?: number; id?: number; status?: number; body?: string }, handle?: unknown) => {
        if (msg.type === 'listener' && msg.name !== undefined && msg.port !== undefined) this.handles.set(msg.name, { handle: handle as Server, port: msg.port });
        else if (msg.type === 'ready') resolve();
        else if (msg.type === 'response' && msg.id !== undefined) {
          this.pending.get(msg.id)?.({ status: msg.status ?? 0, body: msg.body ?? '' });
          this.pending.delete(msg.id);
        }
      });
      child.once('exit', (code) => reject(new Error(`the namespace peer exited (${code}): ${stderr}`)));
    });
  }

  /** Serve a simulator on the peer's listener `name` (`v4`: 0.0.0.0, `dual`: ::), as listen.ts does. */
  async serve(sim: Simulator, name: 'v4' | 'dual'): Promise<number> {
    const h = this.handles.get(name);
    if (h === undefined) throw new Error(`no listener ${name}`);
    const server = createAdaptorServer({ fetch: (req, env) => sim.app.fetch(req, { ...env, listener: 'http' }) });
    await new Promise<void>((resolve) => server.listen(h.handle, () => resolve()));
    this.servers.push(server as unknown as { close(cb: () => void): void });
    return h.port;
  }

  /** An HTTP request made by the peer from `localAddress`. */
  request(r: { host: string; port: number; localAddress: string; method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<PeerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child?.send({ type: 'request', id, method: 'GET', headers: {}, ...r });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.child?.send({ type: 'exit' });
    this.child?.kill();
  }
}

describe.skipIf(!canUnshare)('the control API over real sockets, from addresses inside a private network namespace', () => {
  const peer = new NamespacePeer();
  let sim: Simulator;
  let guarded: Simulator;
  let v4: number;
  let dual: number;
  let runPath: string;

  beforeAll(async () => {
    sim = await testSimulator();
    guarded = await testSimulator({ config: { controlToken: 'tok-netns' } });
    await peer.start();
    v4 = await peer.serve(sim, 'v4');
    dual = await peer.serve(guarded, 'dual');
    runPath = `/run/${(await json(await postJson(sim, '/_sim/runs', {}))).id}`;
  });
  afterAll(async () => {
    await peer.stop();
    sim?.close();
    guarded?.close();
  });

  const remote = (path: string, extra: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PeerResponse> =>
    peer.request({ host: '10.77.0.1', port: v4, localAddress: '10.77.0.2', path, ...extra });

  it('answers a loopback caller (127.0.0.1 inside the namespace)', async () => {
    const r = await peer.request({ host: '127.0.0.1', port: v4, localAddress: '127.0.0.1', path: '/_sim/clock' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ frozen: true });
  });

  it('refuses a non-loopback caller (10.77.0.2) with 403 CONTROL_NOT_LOOPBACK, naming its address', async () => {
    const r = await remote('/_sim/clock');
    expect(r.status).toBe(403);
    const p = JSON.parse(r.body);
    expect(p.code).toBe('CONTROL_NOT_LOOPBACK');
    expect(p.detail).toBe(
      "the control API answers loopback callers only, and 10.77.0.2 is not one; call it from the simulator's machine, or start the simulator with --control-token and send that token",
    );
  });

  it('serves everything else to a non-loopback caller', async () => {
    expect((await remote('/.well-known/eeszt-sim')).status).toBe(200);
  });

  it('believes no header about the caller (X-Forwarded-For, Forwarded, X-Real-IP, Host)', async () => {
    const r = await remote('/_sim/clock', { headers: { 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1', 'x-real-ip': '127.0.0.1', host: '127.0.0.1' } });
    expect(r.status).toBe(403);
  });

  it('guards every control path and spelling of it, including an isolated run, and changes nothing', async () => {
    sim.deps.store.bucket('test.canary').set('alive', 1);
    const attempts: Array<[string, string]> = [
      ['GET', '/_sim'],
      ['GET', '/_sim/'],
      ['GET', '/_sim/journal'],
      ['GET', '/_sim/state'],
      ['GET', '/_sim/fixtures'],
      ['GET', '/_sim/cards'],
      ['GET', '/_sim/mobiltoken/O50123'],
      ['GET', '/_sim/runs'],
      ['POST', '/_sim/reset'],
      ['POST', '/_sim/runs'],
      ['POST', '/_sim/clock'],
      ['DELETE', '/_sim/journal'],
      ['GET', `${runPath}/_sim/clock`],
      ['POST', `${runPath}/_sim/reset`],
      ['GET', '//_sim/clock'],
      ['GET', '/%5Fsim/clock'],
      ['GET', '/%5fsim/clock'],
      ['GET', '/_sim%2Fclock'],
      ['GET', '/_sim/./clock'],
      ['GET', '/_sim/../_sim/clock'],
      ['GET', '/./_sim/clock'],
      ['GET', '/_sim/clock?x=1'],
      ['GET', '/_sim/clock#x'],
      ['GET', 'http://127.0.0.1/_sim/clock'],
    ];
    for (const [method, path] of attempts) {
      const r = await remote(path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{"advance":"1h"}' } : {}) });
      // refused, or not served at all: never answered
      expect([403, 404], `${method} ${path} -> ${r.status} ${r.body.slice(0, 200)}`).toContain(r.status);
      if (r.status === 403) expect(JSON.parse(r.body).code).toBe('CONTROL_NOT_LOOPBACK');
    }
    expect(sim.deps.store.bucket('test.canary').get('alive')).toBe(1);
    expect(sim.deps.clock.now().toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(sim.runs.list().length).toBe(1);
  });

  it('refuses IPv6 and IPv4-mapped non-loopback callers, answers ::1 (token simulator: the token decides)', async () => {
    const fromV6 = await peer.request({ host: 'fd77::1', port: dual, localAddress: 'fd77::2', path: '/_sim/clock' });
    expect(fromV6.status).toBe(401);
    expect(JSON.parse(fromV6.body).code).toBe('CONTROL_TOKEN_REQUIRED');
    const mapped = await peer.request({ host: '10.77.0.1', port: dual, localAddress: '10.77.0.2', path: '/_sim/clock', headers: { authorization: 'Bearer wrong' } });
    expect(mapped.status).toBe(403);
    expect(JSON.parse(mapped.body).code).toBe('CONTROL_TOKEN_INVALID');
    const withToken = await peer.request({ host: 'fd77::1', port: dual, localAddress: 'fd77::2', path: '/_sim/clock', headers: { authorization: 'Bearer tok-netns' } });
    expect(withToken.status).toBe(200);
    const loopbackNoToken = await peer.request({ host: '::1', port: dual, localAddress: '::1', path: '/_sim/clock' });
    expect(loopbackNoToken.status).toBe(401);
  });

  it('journals the refused caller with its real address', async () => {
    await remote('/_sim/state');
    const entry = sim.deps.journal.list({ service: 'control' }).filter((e) => e.request.path === '/_sim/state').at(-1);
    expect(entry).toMatchObject({ errorCode: 'CONTROL_NOT_LOOPBACK', client: { address: '10.77.0.2' }, response: { status: 403 } });
  });
});
