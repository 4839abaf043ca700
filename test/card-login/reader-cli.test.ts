import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import type { Simulator } from '../../simulator/simulator.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { SOAP12_ISSUE, extractAssertion } from '../../simulator/sts/sts-client.js';
import { startReader, type RunningReader } from '../../cli/commands/reader.js';
import { main } from '../../cli/main.js';
import { createCardClient } from '../../virtual-reader/card-client/card-client.js';
import { remoteCardSource } from '../../virtual-reader/card-client/card-source.js';
import { testSimulator } from '../helpers/sim.js';
import { sectorUserHeaders } from '../helpers/eid.js';
import { CONTEXT } from './card-login-helpers.js';

/** A port nobody listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const OPTS = { host: '127.0.0.1', port: '0', vpcdHost: '127.0.0.1', vpcdPort: '35963', promptTimeout: '60', quiet: true };

describe('eeszt-sim reader: the standalone card client over real HTTP', () => {
  let sim: Simulator;
  let listeners: Listeners;
  let reader: RunningReader;
  let target: string;
  beforeAll(async () => {
    sim = await testSimulator();
    listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
    target = listeners.httpOrigin!;
    reader = await startReader({ ...OPTS, target, card: '123456AB' }, () => undefined);
  });
  afterAll(async () => {
    await reader?.close();
    await listeners?.close();
  });

  const post = async (url: string, body: unknown, method = 'POST', headers: Record<string, string> = {}): Promise<any> => {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, ...((await res.json()) as object) };
  };

  it('runs the whole card login: request package, card client, eID server, STS', async () => {
    const pkg = await post(`${target}/eid/request-package`, {}, 'POST', await sectorUserHeaders(sim));
    expect(await post(`${reader.url}/cardholder`, { mode: 'scripted', steps: [{ wrongPin: true }, { pin: '123456' }] }, 'PUT')).toMatchObject({ status: 200 });
    expect(await post(`${reader.url}/authenticate`, { requestPackage: pkg.requestPackage })).toMatchObject({ status: 401, code: 'PIN_WRONG' });
    // The PIN state went back to the simulator.
    expect(sim.deps.store.state.cards[0]).toMatchObject({ documentId: '123456AB', pinTriesLeft: 2 });
    const rid = await post(`${reader.url}/authenticate`, { requestPackage: pkg.requestPackage });
    expect(rid).toMatchObject({ status: 200, requestNonce: pkg.nonce });
    expect(sim.deps.store.state.cards[0]?.pinTriesLeft).toBe(3);
    const res = await fetch(`${target}/sts`, {
      method: 'POST',
      headers: { 'content-type': SOAP12_ISSUE },
      body: cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: Buffer.from(rid.ridPackage, 'base64').toString('utf8'), now: sim.deps.clock.now() }),
    });
    expect(res.status).toBe(200);
    expect(extractAssertion(await res.text())).toContain('O50123');
  });

  it('reports an eID server nobody answers for as EID_SERVER_UNREACHABLE', async () => {
    const port = await freePort();
    const client = createCardClient({ source: remoteCardSource({ target }), eidServer: { url: `http://127.0.0.1:${port}/eid-server`, timeoutMs: 2000 } });
    await client.readers.insert(0, '234567BC');
    const pkg = await post(`${target}/eid/request-package`, {}, 'POST', await sectorUserHeaders(sim));
    const refused = client.authenticate({ requestPackage: pkg.requestPackage, cardholder: [{ pin: '234567' }] });
    await expect(refused).rejects.toMatchObject({ code: 'EID_SERVER_UNREACHABLE', status: 502 });
    await expect(refused).rejects.toThrow(new RegExp(`the eID server at http://127\\.0\\.0\\.1:${port}/eid-server could not be reached \\(.*ECONNREFUSED.*\\); check the network`));
  });
});

describe('eeszt-sim reader: usage and failures', () => {
  it('exit 2 for usage errors, 1 when the simulator does not answer; one line each', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['reader', '--port', 'abc'])).toBe(2);
      expect(await main(['reader', '--target', 'ftp://x'])).toBe(2);
      expect(await main(['reader', '--card', '123456ab'])).toBe(2);
      expect(await main(['reader', '--bogus'])).toBe(2);
      expect(await main(['reader', '--target', 'http://127.0.0.1:9', '--port', '0'])).toBe(1);
      const lines = err.mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.includes('--port takes a whole number'))).toBe(true);
      expect(lines.some((l) => l.includes('lower-case letters; the letters are upper case: use `123456AB`'))).toBe(true);
      expect(lines.some((l) => /the simulator at http:\/\/127\.0\.0\.1:9 does not answer .*start it with `eeszt-sim serve`/.test(l))).toBe(true);
    } finally {
      err.mockRestore();
    }
  });

  it('has help with examples', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['reader', '--help'])).toBe(0);
      const text = out.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toContain('--pcsc');
      expect(text).toContain('eeszt-sim reader --card 123456AB');
      expect(text).toContain('Exit codes:');
    } finally {
      out.mockRestore();
    }
  });
});
