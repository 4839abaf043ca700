/**
 * `eeszt-sim serve`: run the simulator on the embedded defaults (or a fixture file) and print
 * a map of its URLs when ready.
 */
import { isLoopback } from '../../simulator/control/access.js';
import { Command, Option } from 'commander';
import { createSimulator, createLogger, type Simulator } from '../../simulator/simulator.js';
import { listen, type Listeners } from '../../simulator/server/listen.js';
import { startMemoryUpkeep } from '../../simulator/server/memory-upkeep.js';
import { defaultCacheDir, loadPki } from '../../simulator/pki/create-pki.js';
import { loadDefaultFixtures, loadFixtureFile } from '../../fixtures/default-set.js';
import type { FixtureSet } from '../../fixtures/schema.js';
import type { Policy } from '../../simulator/core/deps.js';
import { CliError, EXIT_START, EXIT_USAGE, parseIntOption } from '../cli-error.js';
import { realTimeMs } from '../../simulator/core/clock.js';
import { SimError } from '../../simulator/core/errors.js';
import { DEFAULT_CONFIG, type Logger } from '../../simulator/core/deps.js';
import { PACKAGE_VERSION } from '../../simulator/version.js';
import type { SqliteStore } from '../../simulator/state/sqlite-store.js';

/** Options of `serve`, after parsing. */
export interface ServeOptions {
  host: string;
  port: string;
  fixtures?: string;
  seed: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  tls?: boolean;
  tlsPorts: string;
  http: boolean;
  controlToken?: string;
  tokenLifetime?: string;
  bodyLimit?: string;
  journalCapacity?: string;
  bucketCapacity?: string;
  clockStart?: string;
  clockFrozen?: boolean;
  cache?: string;
  policy?: string;
  dataDir?: string;
  maxInFlight?: string;
  maxEventLoopDelay?: string;
  maxQueueWait?: string;
}

function parseTlsPorts(value: string): { portal: number; sts: number; services: number } {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 3) throw new CliError(`--tls-ports takes three ports for 443,4443,5443, e.g. 8443,4443,5443; got \`${value}\``, EXIT_USAGE);
  const [portal, sts, services] = parts.map((p) => parseIntOption('--tls-ports', p, 0, 65535)) as [number, number, number];
  return { portal, sts, services };
}

/** Start a simulator from CLI options; returns it and its listeners (used by `serve` and tests). */
export async function startFromOptions(opts: ServeOptions): Promise<{ sim: Simulator; listeners: Listeners; fixturesLabel: string }> {
  const started = realTimeMs();
  const log = createLogger(opts.logLevel);
  const port = parseIntOption('--port', opts.port, 0, 65535);
  const seed = parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1);
  let fixtures: FixtureSet;
  let fixturesLabel: string;
  if (opts.fixtures !== undefined) {
    fixtures = loadFixtureFile(opts.fixtures);
    fixturesLabel = opts.fixtures;
  } else if (seed !== 1) {
    const { generateFixtureSet } = await import('../../fixtures/generate.js');
    fixtures = generateFixtureSet({ seed });
    fixturesLabel = `generated from seed ${seed}`;
  } else {
    fixtures = loadDefaultFixtures();
    fixturesLabel = 'embedded default set';
  }
  const pki = await loadPki({ seed, cacheDir: opts.cache ?? defaultCacheDir() });
  if (opts.policy !== undefined && opts.policy !== 'strict' && opts.policy !== 'lenient') {
    throw new CliError(`--policy takes \`strict\` (EESZT's rules, the default) or \`lenient\`; got \`${opts.policy}\``, EXIT_USAGE);
  }
  const config = {
    ...(opts.policy === undefined ? {} : { policy: opts.policy as Policy }),
    ...(opts.controlToken === undefined ? {} : { controlToken: opts.controlToken }),
    ...(opts.tokenLifetime === undefined ? {} : { tokenLifetimeMinutes: parseIntOption('--token-lifetime', opts.tokenLifetime, 1, 7 * 24 * 60) }),
    ...(opts.bodyLimit === undefined ? {} : { bodyLimitBytes: parseIntOption('--body-limit', opts.bodyLimit, 1024) }),
    ...(opts.journalCapacity === undefined ? {} : { journalCapacity: parseIntOption('--journal-capacity', opts.journalCapacity, 1, 1_000_000) }),
    ...(opts.bucketCapacity === undefined ? {} : { storeBucketCapacity: parseIntOption('--bucket-capacity', opts.bucketCapacity, 1, 10_000_000) }),
  };
  let clockStart: number | undefined;
  if (opts.clockStart !== undefined) {
    clockStart = Date.parse(opts.clockStart);
    if (!Number.isFinite(clockStart)) throw new CliError(`--clock-start takes an ISO 8601 time such as 2026-01-01T08:00:00Z; got \`${opts.clockStart}\``, EXIT_USAGE);
  }
  let durable: SqliteStore | undefined;
  if (opts.dataDir !== undefined) {
    durable = await openDataDir(opts.dataDir, fixtures, log, config.storeBucketCapacity ?? DEFAULT_CONFIG.storeBucketCapacity);
    if (durable.restored) {
      fixturesLabel = `state restored from ${opts.dataDir}`;
      if ((opts.fixtures !== undefined || seed !== 1) && JSON.stringify(durable.loaded()) !== JSON.stringify(fixtures)) {
        log.warn(`${opts.dataDir} holds the state of an earlier run, which is kept; the fixtures given on the command line were not loaded (POST /_sim/fixtures loads a set, or start with an empty --data-dir)`);
      }
    } else {
      fixturesLabel = `${fixturesLabel}; state kept in ${opts.dataDir}`;
    }
  }
  const sim = createSimulator({
    fixtures,
    pki,
    config,
    log,
    clock: { ...(clockStart === undefined ? {} : { start: clockStart }), frozen: opts.clockFrozen ?? false },
    ...(durable === undefined ? {} : { store: durable }),
  });
  if (durable?.attachClock(sim.deps.clock) === true) log.info(`clock restored from ${opts.dataDir ?? ''}: ${sim.deps.clock.state().now}`);
  let listeners: Listeners;
  try {
    listeners = await listen(sim, {
      host: opts.host,
      port: opts.http ? port : null,
      ...(opts.tls === true ? { tls: parseTlsPorts(opts.tlsPorts) } : {}),
      admission: {
        ...(opts.maxInFlight === undefined ? {} : { maxInFlight: parseIntOption('--max-in-flight', opts.maxInFlight, 1, 1_000_000) }),
        ...(opts.maxEventLoopDelay === undefined ? {} : { maxEventLoopDelayMs: parseIntOption('--max-event-loop-delay', opts.maxEventLoopDelay, 10, 600_000) }),
        ...(opts.maxQueueWait === undefined ? {} : { maxQueueWaitMs: parseIntOption('--max-queue-wait', opts.maxQueueWait, 0, 600_000) }),
      },
    });
  } catch (err) {
    sim.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`port ${port} on ${opts.host} is in use; stop what uses it or pick another with --port (or EESZT_SIM_PORT)`, EXIT_START);
    if (e.code === 'EACCES') throw new CliError(`no permission to listen on ${opts.host}:${port}; ports under 1024 need root: use a higher port`, EXIT_START);
    if (e.code === 'EADDRNOTAVAIL') throw new CliError(`address ${opts.host} is not on this machine; use --host 127.0.0.1 or 0.0.0.0`, EXIT_START);
    throw err;
  }
  if (opts.controlToken === undefined && !isLoopback(opts.host) && opts.host !== 'localhost') {
    // Not a refusal (the control API still answers loopback callers only), but the services now face the network.
    log.warn(
      `listening on ${opts.host}, a non-loopback address, without a control token: the control API (/_sim: reset, fixtures, clock, faults) answers only callers on this machine; to use it from elsewhere (a shared sandbox), restart with --control-token <secret> (or EESZT_SIM_CONTROL_TOKEN) and send it as \`Authorization: Bearer <secret>\``,
    );
  }
  // Process-wide V8 memory settings and the idle release (simulator/server/memory-upkeep.ts).
  startMemoryUpkeep({ onRelease: (committed, used) => log.debug(`idle: heap released (${Math.round(committed / 1048576)} MiB committed, ${Math.round(used / 1048576)} MiB in use after it)`) });
  log.debug(`started in ${realTimeMs() - started} ms`);
  return { sim, listeners, fixturesLabel };
}

/** Open `--data-dir` (the SQLite driver is loaded only then), as a start-up error when it cannot be used. */
async function openDataDir(dir: string, fixtures: FixtureSet, log: Logger, bucketCapacity: number): Promise<SqliteStore> {
  const { openSqliteStore } = await import('../../simulator/state/sqlite-store.js');
  try {
    return await openSqliteStore({ dir, fixtures, version: PACKAGE_VERSION, log, maxBytes: DEFAULT_CONFIG.storeMaxBytes, bucketCapacity });
  } catch (err) {
    if (err instanceof SimError) throw new CliError(`${err.message} [${err.code}]`, EXIT_START);
    throw err;
  }
}

/** The start-up map: where everything is. */
export function startupMap(sim: Simulator, listeners: Listeners, fixturesLabel: string): string {
  const origin = listeners.httpOrigin ?? listeners.tlsOrigins?.portal ?? '';
  const lines = [
    `eeszt-sim ${sim.deps.config.version} ready (${fixturesLabel}; clock ${sim.deps.clock.state().now}; policy ${sim.deps.config.policy})`,
    `  discovery   ${origin}/.well-known/eeszt-sim`,
    `  control     ${origin}/_sim  (reset, fixtures, clock, journal, runs)`,
  ];
  for (const m of sim.modules) {
    const wsdl = Object.values(m.endpoints).some((s) => s === '?wsdl') ? `  (WSDL ${origin}${m.mount}?wsdl)` : '';
    lines.push(`  ${m.id.padEnd(11)} ${origin}${m.mount}${wsdl}`);
  }
  if (listeners.tlsOrigins !== undefined) {
    const t = listeners.tlsOrigins;
    lines.push(`  TLS         portal ${t.portal}, STS ${t.sts}, services ${t.services} (WAF-SSL client certificate required for STS and services)`);
  }
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}

/** The `serve` command. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the simulator (embedded default fixtures, http://127.0.0.1:8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--port <port>', 'plain HTTP port (0 = any free port)').env('EESZT_SIM_PORT').default('8080'))
    .option('--fixtures <file>', 'fixture set (JSON) to load instead of the embedded default set')
    .option('--seed <n>', 'seed of the test PKI (and of generated fixtures when not 1 and no --fixtures)', '1')
    .addOption(new Option('--log-level <level>', 'log detail on stderr').choices(['silent', 'error', 'warn', 'info', 'debug']).default('info'))
    .option('--tls', 'also serve HTTPS listeners mirroring production ports 443, 4443, 5443')
    .option('--tls-ports <p,s,v>', 'HTTPS ports for portal (443), STS (4443) and services (5443)', '8443,4443,5443')
    .option('--no-http', 'do not serve plain HTTP (with --tls)')
    .option(
      '--policy <strict|lenient>',
      'rule policy: strict (EESZT as the seeds describe it, default, or the fixture setting) or lenient (password tokens act everywhere and institutional users without the certificate, TLS listeners let a missing or wrong WAF-SSL certificate through the handshake and refuse in-band; every relaxed answer is flagged with the EESZT-Sim-Lenient header)',
    )
    .addOption(new Option('--control-token <token>', 'require this bearer token on /_sim (and accept non-loopback callers)').env('EESZT_SIM_CONTROL_TOKEN'))
    .option('--token-lifetime <minutes>', 'SAML token lifetime (default 420 = 7 hours, or the fixture setting)')
    .option('--body-limit <bytes>', 'largest accepted request body (default 1048576)')
    .option('--journal-capacity <n>', 'journal entries kept (default 5000)')
    .addOption(
      new Option('--bucket-capacity <n>', 'records kept per store bucket (default 100000); nonces inside their window are never dropped, so a full nonce bucket refuses logins (503 OVERLOADED)').env(
        'EESZT_SIM_BUCKET_CAPACITY',
      ),
    )
    .option('--max-in-flight <n>', 'requests processed at once; the next ones wait for a slot, first come first served (default 64; /_sim and discovery exempt)')
    .option('--max-queue-wait <ms>', 'how long a request may wait for a slot; one that would wait longer is refused at once with 503 OVERLOADED and Retry-After (default 2000; 0: no waiting)')
    .option('--max-event-loop-delay <ms>', 'event-loop delay above which new requests are refused with 503 OVERLOADED while others are in flight (default 1000)')
    .option('--clock-start <iso>', 'start the simulator clock at this time')
    .option('--clock-frozen', 'start with the clock frozen')
    .option('--cache <dir>', 'cache folder for PKI material (default $EESZT_SIM_CACHE or ~/.cache/eeszt-sim)')
    .addOption(new Option('--data-dir <dir>', 'keep the state in a SQLite database in this folder, durable before each answer, restored on restart (default: in memory)').env('EESZT_SIM_DATA_DIR'))
    .addHelpText(
      'after',
      `
Examples:
  eeszt-sim serve                          # http://127.0.0.1:8080, embedded personas
  eeszt-sim serve --port 9090 --clock-start 2026-03-01T08:00:00Z --clock-frozen
  eeszt-sim serve --tls                    # plus HTTPS on 8443, 4443, 5443 with WAF-SSL checks
  eeszt-sim serve --fixtures my-set.json --control-token s3cret
  eeszt-sim serve --data-dir ./sandbox     # a shared sandbox that survives restarts

Exit codes: 0 stopped by SIGINT/SIGTERM; 2 bad option; 3 could not start (port in use, data directory locked ...).`,
    )
    .action(async (opts: ServeOptions) => {
      const { sim, listeners, fixturesLabel } = await startFromOptions(opts);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        if (opts.logLevel !== 'silent') process.stderr.write(`received ${signal}, shutting down\n`);
        sim.close();
        void listeners.close().then(() => process.exit(0));
        setTimeout(() => process.exit(0), 3000).unref();
      };
      // Handlers first, then the map: whoever reads the map may signal at once.
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.stdout.write(startupMap(sim, listeners, fixturesLabel));
    });
}
