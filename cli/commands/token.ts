/**
 * `eeszt-sim token USERNAME`: print the code the user's mobilToken app shows now, at the clock of
 * the running simulator (which may be frozen or moved, so an authenticator app on real time
 * would show another code). Calls `GET /_sim/mobiltoken/{username}` of the control API.
 *
 * @example
 * ```ts
 * program.addCommand(tokenCommand());
 * await program.parseAsync(['token', 'O50123', '--target', 'http://127.0.0.1:9090'], { from: 'user' });
 * ```
 */
import { Command, Option } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE, parseTargetOption } from '../cli-error.js';

/** What the command uses from the outside world (tests pass their own). */
export interface TokenCommandIo {
  stdout: (text: string) => void;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

const defaultIo: TokenCommandIo = {
  stdout: (t) => process.stdout.write(t),
  fetch: (url, init) => fetch(url, init),
};

interface TokenOptions {
  target: string;
  controlToken?: string;
  json?: boolean;
}

/** Ask the simulator for the current code of `username`; returns the JSON answer. */
export async function fetchMobilToken(io: TokenCommandIo, target: string, username: string, controlToken?: string): Promise<Record<string, unknown>> {
  const url = `${parseTargetOption(target)}/_sim/mobiltoken/${encodeURIComponent(username)}`;
  let res: Response;
  try {
    res = await io.fetch(url, { headers: { accept: 'application/json', ...(controlToken === undefined ? {} : { authorization: `Bearer ${controlToken}` }) }, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new CliError(`the simulator at ${parseTargetOption(target)} does not answer (${cause}); start it with \`eeszt-sim serve\` or point --target at it`, EXIT_FAILURE);
  }
  let body: Record<string, unknown>;
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    throw new CliError(`${url} answered ${res.status} without JSON; is ${parseTargetOption(target)} an eeszt-sim simulator?`, EXIT_FAILURE);
  }
  if (!res.ok) {
    const detail = typeof body.detail === 'string' ? body.detail : `it answered ${res.status}`;
    const hint = body.code === 'NOT_FOUND' ? ' (this simulator serves no /_sim/mobiltoken; is it an older version?)' : '';
    throw new CliError(`${detail}${hint}`, res.status < 500 ? EXIT_USAGE : EXIT_FAILURE);
  }
  if (typeof body.mobilTokenCode !== 'string') throw new CliError(`${url} answered without a mobilTokenCode; is ${parseTargetOption(target)} an eeszt-sim simulator?`, EXIT_FAILURE);
  return body;
}

/** Build the `token` command. */
export function tokenCommand(io: TokenCommandIo = defaultIo): Command {
  return new Command('token')
    .description("print the 6-digit code a user's mobilToken app shows now, at the running simulator's clock")
    .argument('<username>', 'EESZT username, e.g. O50123 (docs/fixtures.md lists the personas)')
    .addOption(new Option('--target <url>', 'the running simulator').env('EESZT_SIM_TARGET').default('http://127.0.0.1:8080'))
    .addOption(new Option('--control-token <token>', "the simulator's control token, if it was started with one").env('EESZT_SIM_CONTROL_TOKEN'))
    .option('--json', 'print the whole answer (code, time window, seconds left) as JSON')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
The code is TOTP (RFC 6238, SHA-1, 6 digits, 60-second step) over the user's secret in the
fixtures, computed at the simulator clock: a frozen or moved clock gives other codes than an
authenticator app on real time. A login accepts the code of the current minute and of the
minute either side, once.

Examples:
  eeszt-sim token O50123
  eeszt-sim token S12345 --target http://127.0.0.1:9090 --json

Exit codes: 0 printed; 1 the simulator does not answer; 2 bad username, option or control token.`,
    )
    .action(async (username: string, opts: TokenOptions) => {
      const answer = await fetchMobilToken(io, opts.target, username, opts.controlToken);
      io.stdout(opts.json === true ? `${JSON.stringify(answer, null, 2)}\n` : `${String(answer.mobilTokenCode)}\n`);
    });
}
