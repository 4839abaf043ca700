/**
 * `eeszt-sim reader`: run the card client (eSzemélyi Kliens stand-in) standalone on its own
 * port, against a running simulator: the card in a reader is the simulator's card (every APDU is
 * answered by the simulator's control API on its store's record, `RemoteCard`), the card
 * authentication runs with its eID server. With `--pcsc` the card in the reader is connected to
 * pcscd through vsmartcard's vpcd (PC/SC applications see it in "Virtual PCD 00 00"), and the
 * card client itself works the card through PC/SC: every APDU goes card client → PC/SC helper
 * (python3-pyscard) → pcscd → vpcd → the vpcd bridge → the simulator ({@link PcscLink}). See
 * docs/card-login.md, "`--pcsc`".
 *
 * @example
 * ```ts
 * program.addCommand(readerCommand());
 * ```
 */
import { serve, type ServerType } from '@hono/node-server';
import { Command, Option } from 'commander';
import type { Server } from 'node:net';
import { SimError } from '../../simulator/core/errors.js';
import { checkCardDocumentId } from '../../simulator/identifiers/identifiers.js';
// The card client and the PC/SC link load when the command runs, not when the CLI starts (`serve`).
import type { CardClient } from '../../virtual-reader/card-client/card-client.js';
import type { PcscLink } from '../../virtual-reader/card-client/pcsc-link.js';
import { CliError, EXIT_FAILURE, EXIT_START, EXIT_USAGE, parseIntOption, parseTargetOption } from '../cli-error.js';

/** Options of `reader`, after parsing. */
export interface ReaderOptions {
  host: string;
  port: string;
  target: string;
  card?: string;
  pinPad?: boolean;
  pcsc?: boolean;
  vpcdHost: string;
  vpcdPort: string;
  /** Python with pyscard for the PC/SC helper (default: EESZT_SIM_PCSC_PYTHON, else /usr/bin/python3). */
  pcscPython?: string;
  promptTimeout: string;
  controlToken?: string;
  quiet?: boolean;
}

/** A running standalone card client. */
export interface RunningReader {
  client: CardClient;
  /** e.g. `http://127.0.0.1:8088`. */
  url: string;
  /** With `--pcsc`: the link to pcscd (bridges, the card client's PC/SC channels, the APDU trace). */
  pcsc?: PcscLink;
  close(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/** Start the standalone card client from CLI options (used by the command and by tests). */
export async function startReader(opts: ReaderOptions, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RunningReader> {
  const port = parseIntOption('--port', opts.port, 0, 65535);
  const vpcdPort = parseIntOption('--vpcd-port', opts.vpcdPort, 1, 65534);
  const promptTimeout = parseIntOption('--prompt-timeout', opts.promptTimeout, 1, 3600);
  const target = parseTargetOption(opts.target);
  if (opts.card !== undefined) {
    const check = checkCardDocumentId(opts.card);
    if (!check.ok) throw new CliError(`--card: ${check.message}`, EXIT_USAGE);
  }
  try {
    const res = await fetch(`${target}/.well-known/eeszt-sim`);
    if (!res.ok) throw new Error(`it answered ${res.status}`);
  } catch (err) {
    throw new CliError(`the simulator at ${target} does not answer (${(err as Error).message}); start it with \`eeszt-sim serve\` or point --target at it`, EXIT_FAILURE);
  }
  const [{ createCardClient }, { createCardClientApp }, { remoteCardSource }] = await Promise.all([
    import('../../virtual-reader/card-client/card-client.js'),
    import('../../virtual-reader/card-client/card-client-app.js'),
    import('../../virtual-reader/card-client/card-source.js'),
  ]);
  let pcsc: PcscLink | undefined;
  if (opts.pcsc === true) {
    const { PcscLink } = await import('../../virtual-reader/card-client/pcsc-link.js');
    pcsc = new PcscLink({
      vpcdHost: opts.vpcdHost,
      vpcdPort,
      say,
      // Secure PIN entry waits for the cardholder: up to three prompts (PIN, new PIN, again).
      secureTimeoutMs: 3 * promptTimeout * 1000 + 30_000,
      helper: { ...(opts.pcscPython === undefined ? {} : { python: opts.pcscPython }) },
    });
    try {
      await pcsc.check();
    } catch (err) {
      await pcsc.close();
      throw new CliError(`--pcsc: ${(err as Error).message}`, EXIT_FAILURE);
    }
  }
  const link = pcsc;
  const client = createCardClient({
    source: remoteCardSource({ target, ...(opts.controlToken === undefined ? {} : { controlToken: opts.controlToken }) }),
    eidServer: { url: `${target}/eid-server` },
    readers: [{ pinPad: opts.pinPad === true }],
    promptTimeoutMs: promptTimeout * 1000,
    ...(link === undefined ? {} : { hooks: link.hooks, channel: (entry) => link.channel(entry) }),
  });
  if (opts.card !== undefined) {
    try {
      await client.readers.insert(0, opts.card);
    } catch (err) {
      await link?.close();
      if (err instanceof SimError && err.code === 'PCSC_UNAVAILABLE') throw new CliError(`--pcsc: ${err.message}`, EXIT_FAILURE);
      throw err;
    }
  }
  const app = createCardClientApp(client);
  let server: ServerType;
  try {
    server = await listen(app.fetch, opts.host, port);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    await client.readers.remove(0).catch(() => undefined);
    await link?.close();
    if (e.code === 'EADDRINUSE') throw new CliError(`port ${port} on ${opts.host} is in use; pick another with --port`, EXIT_START);
    if (e.code === 'EACCES') throw new CliError(`no permission to listen on ${opts.host}:${port}; use a port above 1024`, EXIT_START);
    throw err;
  }
  const addr = (server as Server).address();
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${typeof addr === 'object' && addr !== null ? addr.port : port}`;
  if (opts.quiet !== true) {
    client.onPrompt((p) => {
      say(`prompt ${p.id}: ${p.label}${p.triesLeft === undefined ? '' : ` (${p.triesLeft} tries left)`} — answer with POST ${url}/prompts/${p.id}/answer {"${p.answerField}":"…"}, or /cancel`);
    });
  }
  return {
    client,
    url,
    ...(link === undefined ? {} : { pcsc: link }),
    async close() {
      for (const r of client.readers.list()) await client.readers.remove(r.id).catch(() => undefined);
      await link?.close();
      await new Promise<void>((resolve) => {
        const s = server as Server & { closeAllConnections?: () => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      });
    },
  };
}

/** The `reader` command. */
export function readerCommand(): Command {
  return new Command('reader')
    .description('run the card client (eSzemélyi Kliens stand-in) on its own port against a running simulator')
    .option('--host <host>', 'address the card client listens on', '127.0.0.1')
    .option('--port <port>', 'port of the card client API (0 = any free port)', '8088')
    .addOption(new Option('--target <url>', 'the simulator (its eID server and virtual cards)').env('EESZT_SIM_TARGET').default('http://127.0.0.1:8080'))
    .option('--card <documentId>', 'insert this virtual card at start, e.g. 123456AB (docs/fixtures.md lists the personas\' cards)')
    .option('--pin-pad', 'the reader has a PIN pad: the PIN is typed on the reader, the host never sees it')
    .option('--pcsc', 'work the card through PC/SC: the card is in pcscd (vsmartcard vpcd reader "Virtual PCD 00 00") and every APDU of the card client goes through pcscd')
    .option('--vpcd-host <host>', 'where vpcd listens (with --pcsc)', '127.0.0.1')
    .option('--vpcd-port <port>', 'first vpcd port (with --pcsc); each reader takes the lowest free one (Debian\'s vpcd offers 35963 and 35964: two readers)', '35963')
    .addOption(new Option('--pcsc-python <path>', 'Python with pyscard that runs the PC/SC helper (with --pcsc; default /usr/bin/python3)').env('EESZT_SIM_PCSC_PYTHON'))
    .option('--prompt-timeout <seconds>', 'how long a PIN / CAN / PUK prompt waits for the cardholder', '60')
    .addOption(new Option('--control-token <token>', 'the simulator\'s control token, if it was started with one').env('EESZT_SIM_CONTROL_TOKEN'))
    .option('--quiet', 'do not print prompts on stderr')
    .addHelpText(
      'after',
      `
The card client takes eID authentication request packages from the HIS, works the card with
the cardholder (interactive by default: answer prompts through its API; or set a script), runs
the exchange with the simulator's eID server and returns the rID package. API: docs/card-login.md.

Examples:
  eeszt-sim reader --card 123456AB                   # http://127.0.0.1:8088, simulator at :8080
  eeszt-sim reader --port 9000 --target http://127.0.0.1:9090 --pin-pad
  eeszt-sim reader --card 123456AB --pcsc            # the card client's APDUs go through pcscd;
                                                     # pcsc_scan shows the card in "Virtual PCD 00 00"
  curl -X PUT localhost:8088/cardholder -H 'content-type: application/json' \\
       -d '{"mode":"scripted","steps":[{"pin":"123456"}]}'
  curl -X POST localhost:8088/authenticate -H 'content-type: application/json' \\
       -d '{"requestPackage":"<base64 from POST /eid/request-package>"}'

With --pcsc the card client talks PC/SC through a helper process (Debian: apt-get install pcscd
vsmartcard-vpcd python3-pyscard; pcscd --foreground &). On a --pin-pad reader the PIN is typed on
the reader side of vpcd and never crosses PC/SC (docs/card-login.md).

Exit codes: 0 stopped by SIGINT/SIGTERM; 1 the simulator (or pcscd with --pcsc) cannot be reached;
2 bad option or unknown card; 3 could not start (port in use ...).`,
    )
    .action(async (opts: ReaderOptions) => {
      const running = await startReader(opts);
      const r = running.client.readers.list()[0];
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        void running.close().then(() => process.exit(0));
        setTimeout(() => process.exit(0), 3000).unref();
      };
      // Handlers first, then the ready line: whoever reads it may signal at once.
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdout.write(
        `eeszt-sim card client ready on ${running.url} (eID server ${running.client.eidServer.url}; ${r?.reader.name ?? 'no reader'}${r?.material === undefined ? ', no card' : `, card ${r.material.card.documentId}`})\nPress Ctrl+C to stop.\n`,
      );
    });
}
