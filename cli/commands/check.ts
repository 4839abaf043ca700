/**
 * `eeszt-sim check`: the connection check (the operator's eesztConnect, simulated). Opens the
 * organisation's WAF-SSL PKCS#12, verifies its chain and validity, checks the three TLS ports,
 * completes the TLS handshake with the client certificate, gets a token, checks that the card
 * client and the eID server answer, prints pass or fail per step with the fix, writes the result
 * signed with the WAF-SSL certificate (CMS, `.p7m`) and uploads it to the simulator's eKapu,
 * which marks the institution "connection checked".
 *
 * Exit codes: 0 every step passed (and the upload was accepted); 1 a step failed or eKapu refused
 * the result; 2 usage error; 3 the PKCS#12 file cannot be read or the embedded simulator cannot
 * start.
 *
 * @example
 * ```ts
 * program.addCommand(checkCommand());
 * await program.parseAsync(['check', '--p12', 'org.p12', '--password', 'pw'], { from: 'user' });
 * ```
 */
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
// The check and the embedded target load only when the command runs (they would slow down `serve`).
import type { SuiteTarget } from '../../conformance/runner/target.js';
import type { ConnectionCheckStep } from '../../simulator/ekapu/result-format.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_START, EXIT_USAGE, parseIntOption } from '../cli-error.js';

/** Where the command writes (tests pass their own). */
export interface CheckIo {
  stdout(text: string): void;
  exit(code: number): void;
}

const defaultIo: CheckIo = {
  stdout: (t) => process.stdout.write(t),
  exit: (code) => {
    process.exitCode = code;
  },
};

interface CheckOptions {
  p12?: string;
  password?: string;
  target?: string;
  user?: string;
  userPassword?: string;
  unit?: string;
  out?: string;
  upload: boolean;
  controlToken?: string;
  seed: string;
  cache?: string;
  timeout: string;
}

function stepLine(s: ConnectionCheckStep): string {
  const word = s.status === 'pass' ? 'PASS' : s.status === 'fail' ? 'FAIL' : 'SKIP';
  const head = `${word.padEnd(5)} ${s.id.padEnd(21)} ${s.title}  (${s.durationMs} ms)\n      ${s.message}\n`;
  return s.fix === undefined ? head : `${head}      fix: ${s.fix}\n`;
}

async function upload(discoveryUrl: string, signed: Buffer): Promise<{ ok: boolean; text: string }> {
  const base = discoveryUrl.replace(/\/\.well-known\/eeszt-sim\/?$/, '');
  try {
    const res = await fetch(`${base}/ekapu/connection-check`, { method: 'POST', headers: { 'content-type': 'application/pkcs7-mime' }, body: new Uint8Array(signed) });
    const body = (await res.json()) as { institutionId?: string; detail?: string; code?: string };
    if (res.ok) return { ok: true, text: `eKapu accepted the result: ${body.institutionId ?? ''} is marked "connection checked"` };
    return { ok: false, text: res.status === 404 && body.code === 'NOT_FOUND' ? 'this simulator has no eKapu endpoint (/ekapu); upload the file where your EESZT expects it' : `eKapu refused the result: ${body.code ?? res.status}: ${body.detail ?? ''}` };
  } catch (err) {
    return { ok: false, text: `eKapu cannot be reached: ${(err as Error).message}` };
  }
}

async function checkAction(opts: CheckOptions, io: CheckIo): Promise<void> {
  if (opts.p12 === undefined || opts.password === undefined) throw new CliError('give the WAF-SSL certificate file and its password: --p12 org.p12 --password <password from the SMS>', EXIT_USAGE);
  if ((opts.user === undefined) !== (opts.userPassword === undefined)) throw new CliError('--user and --user-password go together', EXIT_USAGE);
  const seed = parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1);
  const timeoutMs = parseIntOption('--timeout', opts.timeout, 100, 600_000);
  let p12: Buffer;
  try {
    p12 = readFileSync(opts.p12);
  } catch (err) {
    throw new CliError(`cannot read ${opts.p12} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of the .p12 file`, EXIT_START);
  }
  let target: SuiteTarget | undefined;
  let discoveryUrl: string;
  if (opts.target === undefined) {
    try {
      // loaded here, not at the top: every other command (serve) starts without them
      const [{ SERVICE_MODULES }, { EKAPU_MODULE }, { startEmbeddedTarget }] = await Promise.all([
        import('../../simulator/services.js'),
        import('../../simulator/ekapu/module.js'),
        import('../../conformance/runner/target.js'),
      ]);
      const modules = [...SERVICE_MODULES.filter((m) => m.id !== EKAPU_MODULE.id), EKAPU_MODULE];
      target = await startEmbeddedTarget({ seed, tls: true, modules, ...(opts.cache === undefined ? {} : { cacheDir: opts.cache }) });
    } catch (err) {
      throw new CliError(`cannot start the embedded simulator: ${(err as Error).message}`, EXIT_START);
    }
    discoveryUrl = `${target.origin}/.well-known/eeszt-sim`;
  } else {
    discoveryUrl = /\/\.well-known\/eeszt-sim\/?$/.test(opts.target) ? opts.target : `${opts.target.replace(/\/+$/, '')}/.well-known/eeszt-sim`;
  }
  try {
    io.stdout(`eeszt-sim connection check against ${discoveryUrl}${target === undefined ? '' : ' (embedded simulator)'}\n\n`);
    const { runConnectionCheck } = await import('../../conformance/connection-check/run-connection-check.js');
    const run = await runConnectionCheck({
      p12,
      password: opts.password,
      discoveryUrl,
      timeoutMs,
      ...(opts.user === undefined || opts.userPassword === undefined ? {} : { user: { username: opts.user, password: opts.userPassword, ...(opts.unit === undefined ? {} : { unit: opts.unit }) } }),
      ...(opts.controlToken === undefined ? {} : { controlToken: opts.controlToken }),
      onStep: (s) => io.stdout(stepLine(s)),
    });
    const r = run.result;
    io.stdout(`\n${r.passed ? 'PASS' : 'FAIL'}: ${r.steps.filter((s) => s.status === 'pass').length} of ${r.steps.length} steps passed${r.institutionId === '' ? '' : ` for ${r.institutionId}`}\n`);
    let uploadOk = true;
    if (run.signed !== undefined) {
      const file = resolve(opts.out ?? `connection-check-${r.institutionId || 'unknown'}.p7m`);
      writeFileSync(file, run.signed);
      io.stdout(`signed result (CMS, signed with the WAF-SSL certificate): ${file}\n`);
      if (r.passed && opts.upload) {
        const u = await upload(discoveryUrl, run.signed);
        uploadOk = u.ok;
        io.stdout(`${u.text}\n`);
      } else if (r.passed) {
        io.stdout(`upload it: curl --data-binary @${file} -H 'content-type: application/pkcs7-mime' ${discoveryUrl.replace(/\/\.well-known\/eeszt-sim$/, '')}/ekapu/connection-check\n`);
      }
    } else {
      io.stdout('no result file: the certificate could not be opened, so nothing could be signed\n');
    }
    io.exit(r.passed && uploadOk ? EXIT_OK : EXIT_FAILURE);
  } finally {
    await target?.close();
  }
}

/** Build the `check` command. */
export function checkCommand(io: CheckIo = defaultIo): Command {
  return new Command('check')
    .description('Connection check (eesztConnect stand-in): WAF-SSL certificate, ports, TLS, token, card client, eID server; signed result uploaded to eKapu')
    .option('--p12 <file>', 'the WAF-SSL PKCS#12 file of the organisation')
    .option('--password <password>', 'its password (production: sent by SMS)')
    .option('--target <url>', 'the EESZT (simulator) address; default: start one in-process with TLS')
    .option('--user <username>', 'log in as this user for the token step (default: a user of the institution from the simulator fixtures)')
    .option('--user-password <password>', 'that user\'s password')
    .option('--unit <code>', 'the 9-digit organisational unit for the token step')
    .option('--out <file>', 'where to write the signed result (default: connection-check-<institution>.p7m)')
    .option('--no-upload', 'do not upload the signed result to eKapu')
    .option('--control-token <token>', "the target's control token (to read its fixtures)")
    .option('--seed <n>', 'test PKI seed of the embedded simulator', '1')
    .option('--cache <dir>', 'cache folder of the PKI material (default: $EESZT_SIM_CACHE or ~/.cache/eeszt-sim)')
    .option('--timeout <ms>', 'timeout of each network step', '10000')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
docs/connection-check.md describes every step and its fixes, and the signed result.

Examples:
  $ eeszt-sim certs issue --kind waf --institution E01620K --password titok --out org.p12
  $ eeszt-sim check --p12 org.p12 --password titok
  $ eeszt-sim check --p12 org.p12 --password titok --target http://127.0.0.1:8080 --user O50123 --user-password Aktiv-Orvos-1 --unit 016200101`,
    )
    .action(async (opts: CheckOptions) => checkAction(opts, io));
}
