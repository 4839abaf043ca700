/**
 * The simulator a suite runs against: one started in this process (default, on loopback with
 * its TLS listeners, from the same seed as the suite's PKI), or a running one given by URL
 * (`--target`), which must use the same test PKI seed so that the certificates the suite hands
 * to the HIS are trusted there.
 *
 * @example
 * ```ts
 * const target = await startEmbeddedTarget({ seed: 1, tls: true });
 * // ... run the suite ...
 * await target.close();
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import type { ServiceModule } from '../../simulator/core/deps.js';
import { defaultCacheDir, loadPki } from '../../simulator/pki/create-pki.js';
import type { TestPki } from '../../simulator/pki/types.js';
import { listen } from '../../simulator/server/listen.js';
import { SERVICE_MODULES } from '../../simulator/services.js';
import { createLogger, createSimulator, type Simulator } from '../../simulator/simulator.js';
import { SuiteError } from '../scenario/suite-error.js';

/** A simulator the suite uses. */
export interface SuiteTarget {
  /** Plain-HTTP origin of the default environment, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Whether TLS listeners exist (discovery `tls`). */
  tls: boolean;
  embedded: boolean;
  /** The test PKI (the same seed as the simulator's). */
  pki: TestPki;
  /** The loaded fixture set. */
  fixtures: FixtureSet;
  controlToken?: string;
  /** The embedded simulator, when there is one. */
  simulator?: Simulator;
  close(): Promise<void>;
}

/** Options of {@link startEmbeddedTarget}. */
export interface EmbeddedTargetOptions {
  seed?: number;
  cacheDir?: string;
  /** A PKI already loaded (tests). */
  pki?: TestPki;
  fixtures?: FixtureSet;
  /** Start the TLS listeners too (default true). */
  tls?: boolean;
  /** Service modules (default: every simulated service). */
  modules?: readonly ServiceModule[];
}

/** Start a simulator in this process on loopback ports chosen by the OS. */
export async function startEmbeddedTarget(options: EmbeddedTargetOptions = {}): Promise<SuiteTarget> {
  const pki = options.pki ?? (await loadPki({ seed: options.seed ?? 1, cacheDir: options.cacheDir ?? defaultCacheDir() }));
  const fixtures = options.fixtures ?? loadDefaultFixtures();
  const sim = createSimulator({ fixtures, pki, log: createLogger('silent'), modules: options.modules ?? SERVICE_MODULES });
  const tls = options.tls ?? true;
  const listeners = await listen(sim, { host: '127.0.0.1', port: 0, ...(tls ? { tls: { portal: 0, sts: 0, services: 0 } } : {}) });
  return {
    origin: listeners.httpOrigin ?? '',
    tls,
    embedded: true,
    pki,
    fixtures,
    simulator: sim,
    async close() {
      await listeners.close();
      sim.close();
    },
  };
}

/** Options of {@link connectTarget}. */
export interface RemoteTargetOptions {
  seed?: number;
  cacheDir?: string;
  pki?: TestPki;
  controlToken?: string;
}

/** Use a running simulator (its origin, or any URL on it such as the discovery URL). */
export async function connectTarget(url: string, options: RemoteTargetOptions = {}): Promise<SuiteTarget> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new SuiteError(`--target \`${url}\` is not a URL; give the simulator's address, e.g. http://127.0.0.1:8080`);
  }
  const headers: Record<string, string> = options.controlToken === undefined ? {} : { authorization: `Bearer ${options.controlToken}` };
  const get = async (path: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${origin}${path}`, { headers });
    } catch (err) {
      throw new SuiteError(`the simulator at ${origin} cannot be reached (${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}); start it with \`eeszt-sim serve\` or fix --target`);
    }
    if (!res.ok) throw new SuiteError(`the simulator at ${origin} answered ${path} with HTTP ${res.status}; ${res.status === 401 || res.status === 403 ? 'pass its control token with --control-token' : 'is it an eeszt-sim simulator?'}`);
    return res.json() as Promise<unknown>;
  };
  const discovery = (await get('/.well-known/eeszt-sim')) as { certificates?: { root?: string }; tls: unknown };
  const seed = options.seed ?? 1;
  const pki = options.pki ?? (await loadPki({ seed, cacheDir: options.cacheDir ?? defaultCacheDir() }));
  if (discovery.certificates?.root?.trim() !== pki.root.certPem.trim()) {
    throw new SuiteError(`the simulator at ${origin} uses another test PKI than seed ${seed}; pass its seed with --seed (the suite hands the HIS certificates from the same PKI)`);
  }
  const fixtures = (await get('/_sim/fixtures')) as FixtureSet;
  return {
    origin,
    tls: discovery.tls !== null && discovery.tls !== undefined,
    embedded: false,
    pki,
    fixtures,
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
    close: async () => undefined,
  };
}
