/**
 * Test helpers: a simulator over the embedded default fixtures and the seed-1 test PKI
 * (cached in the OS temp folder so test files after the first start fast), driven with
 * `app.request()` and no sockets.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, createLogger, type Simulator, type SimulatorOptions } from '../../simulator/simulator.js';
import { loadPki } from '../../simulator/pki/create-pki.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import type { TestPki } from '../../simulator/pki/types.js';

let pkiPromise: Promise<TestPki> | undefined;

/** The seed-1 test PKI, cached on disk under the OS temp folder. */
export function testPki(): Promise<TestPki> {
  pkiPromise ??= loadPki({ seed: 1, cacheDir: join(tmpdir(), 'eeszt-sim-test-cache') });
  return pkiPromise;
}

/**
 * A simulator with default fixtures, a frozen clock at a fixed time, and silent logs. With
 * `EESZT_TEST_DURABLE_STORE=1` its store is the SQLite store of `serve --data-dir` (in a fresh
 * temporary directory), so a suite can show it behaves the same on both stores.
 */
export async function testSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const fixtures = options.fixtures ?? loadDefaultFixtures();
  let store = options.store;
  if (store === undefined && process.env['EESZT_TEST_DURABLE_STORE'] === '1') {
    const { openSqliteStore } = await import('../../simulator/state/sqlite-store.js');
    store = await openSqliteStore({
      dir: mkdtempSync(join(tmpdir(), 'eeszt-test-store-')),
      fixtures,
      version: 'test',
      ...(options.config?.storeMaxBytes === undefined ? {} : { maxBytes: options.config.storeMaxBytes }),
      ...(options.config?.storeBucketCapacity === undefined ? {} : { bucketCapacity: options.config.storeBucketCapacity }),
    });
  }
  return createSimulator({
    fixtures,
    pki: await testPki(),
    log: createLogger('silent'),
    clock: { start: '2026-03-02T08:00:00Z', frozen: true },
    ...options,
    ...(store === undefined ? {} : { store }),
  });
}

/** JSON body of a response (typed loosely for assertions). */
export async function json(res: Response): Promise<any> {
  return (await res.json()) as any;
}

/** POST JSON to the app. */
export function postJson(sim: Simulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(sim.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}
