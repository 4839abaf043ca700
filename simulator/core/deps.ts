/**
 * The explicit dependencies every service factory receives, the simulator configuration, and
 * the Hono environment type shared by all sub-apps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { Clock } from './clock.js';
import type { Journal } from './journal.js';
import type { Store } from '../state/store.js';
import type { TestPki } from '../pki/types.js';
import type { SoapVersion } from '../soap/envelope.js';
import type { LenientRelaxation } from '../policy/policy.js';

/**
 * Which rules apply: `strict` (the default) is EESZT as the seed documents describe it;
 * `lenient` is an explicit opt-in for early HIS development: the STS and services TLS listeners
 * complete the handshake without a valid WAF-SSL certificate and refuse in-band, and the rules
 * registered for the strict policy (simulator/policy/) let the call through, flagged with the
 * `EESZT-Sim-Lenient` header and the journal entry's `lenient` list.
 */
export type Policy = 'strict' | 'lenient';

/** Configuration shared by every service (CLI flags and fixture settings resolved). */
export interface SimConfig {
  /** Rule policy (default `strict`); see {@link Policy}. */
  policy: Policy;
  /** Package version. */
  version: string;
  /** SAML token lifetime in minutes (default 420 = 7 hours). */
  tokenLifetimeMinutes: number;
  /** Allowed WS-Security timestamp skew in seconds (default 300). */
  clockSkewSeconds: number;
  /** Wrong passwords before an account locks (default 5). */
  lockoutThreshold: number;
  /** Minutes a locked account stays locked (default 30). */
  lockoutMinutes: number;
  /** mobilToken steps (minutes) accepted either side of the current one (default 1). */
  mobilTokenToleranceSteps: number;
  /** Hours a miniHIS session lasts (default 7). */
  miniHisSessionHours: number;
  /** Seconds an eID request package, an eID server session and an rID package are valid (default 300). */
  eidPackageSeconds: number;
  /** Minutes a drop-down pick (IAM+SSO, miniHIS look-ups) stays valid (default 15). */
  pickMinutes: number;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimitBytes: number;
  /** Journal entries kept (default 5000). */
  journalCapacity: number;
  /** Largest body kept per journal entry in bytes (default 64 KiB). */
  journalBodyCap: number;
  /** Approximate size budget of one environment's journal (default 64 MiB); the oldest entries go first. */
  journalMaxBytes: number;
  /** Approximate size budget of one environment's store records (default 256 MiB); the oldest records of the largest bucket go first. */
  storeMaxBytes: number;
  /**
   * Records one store bucket keeps (default 100 000); the oldest go first, except single-use values
   * (nonces, rID packages) inside their window: a bucket full of those refuses new ones (`OVERLOADED`).
   */
  storeBucketCapacity: number;
  /** When set, the control API requires `Authorization: Bearer <token>` (and then accepts non-loopback callers). */
  controlToken: string | undefined;
  /** SAML issuer of the STS. */
  stsIssuer: string;
  /** Audience of tokens for EESZT services. */
  audience: string;
  /** Idle minutes after which an isolated run is deleted (default 30). */
  runIdleMinutes: number;
  /** Most isolated runs at once (default 50). */
  maxRuns: number;
  /** TLS listener origins when `serve --tls` is on (for discovery). */
  tls: { portal: string; sts: string; services: string } | undefined;
}

/** Default configuration values. */
export const DEFAULT_CONFIG: Omit<SimConfig, 'version'> = Object.freeze({
  policy: 'strict',
  tokenLifetimeMinutes: 420,
  clockSkewSeconds: 300,
  lockoutThreshold: 5,
  lockoutMinutes: 30,
  mobilTokenToleranceSteps: 1,
  miniHisSessionHours: 7,
  eidPackageSeconds: 300,
  pickMinutes: 15,
  bodyLimitBytes: 1024 * 1024,
  journalCapacity: 5000,
  journalBodyCap: 64 * 1024,
  journalMaxBytes: 64 * 1024 * 1024,
  storeMaxBytes: 256 * 1024 * 1024,
  storeBucketCapacity: 100_000,
  controlToken: undefined,
  stsIssuer: 'urn:eeszt-sim:sts',
  audience: 'urn:eeszt:services',
  runIdleMinutes: 30,
  maxRuns: 50,
  tls: undefined,
});

/** A minimal logger. */
export interface Logger {
  error(message: string, err?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** The dependencies of one simulator environment (the default one, or an isolated run). */
export interface SimDeps {
  config: SimConfig;
  clock: Clock;
  store: Store;
  journal: Journal;
  pki: TestPki;
  log: Logger;
  /** Id of the isolated run, or undefined for the default environment. */
  runId: string | undefined;
  /** Path prefix of this environment: '' or `/run/<id>`. */
  basePath: string;
}

/** Who is calling, as far as the transport tells. */
export interface ClientInfo {
  address?: string;
  organisation?: string;
  certificateSubject?: string;
}

/** The TLS listeners of `serve --tls` (production ports 443, 4443, 5443). */
export type TlsListener = 'portal' | 'sts' | 'services';

/** Hono environment shared by every sub-app. */
export interface SimHonoEnv {
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse; listener?: 'http' | TlsListener };
  Variables: {
    correlationId: string;
    /** Set by SOAP endpoints so errors become faults of the right version. */
    soapVersion: SoapVersion | undefined;
    /** WS-Addressing MessageID of the request, for RelatesTo in the answer. */
    relatesTo: string | undefined;
    /** Summary fields a service adds for the journal. */
    summary: Record<string, unknown>;
    /** Error code of a refusal, for the journal. */
    errorCode: string | undefined;
    client: ClientInfo;
    /** Rules the lenient policy relaxed for this answer (header `EESZT-Sim-Lenient`, journal `lenient`). */
    lenient: LenientRelaxation[] | undefined;
  };
}

/** The factory signature of every service sub-app. */
export type ServiceFactory = (deps: SimDeps) => Hono<SimHonoEnv>;

/** A simulated service and where it lives. */
export interface ServiceModule {
  /** Short id, used as the journal's service name (`sts`, `eid`, `erecept`, ...). */
  id: string;
  /** Human title for the start-up map. */
  title: string;
  /** Mount path, e.g. `/sts`. */
  mount: string;
  /** Which TLS listener serves it: `portal` (server auth only), `sts` / `services` (WAF-SSL client certificate required). */
  listener: 'portal' | 'sts' | 'services';
  create: ServiceFactory;
  /**
   * A lazily mounted module (core/lazy-module.ts): imports its code and returns the real factory
   * (`create` gives a stand-in until the first request).
   */
  load?: () => Promise<ServiceFactory>;
  /** Named endpoint URLs below the mount, for discovery: `{ sts: '', stsWsdl: '?wsdl' }`. */
  endpoints: Record<string, string>;
}
