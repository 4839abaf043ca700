/**
 * `eeszt-sim certs`: list, issue and export the simulator's test PKI (see docs/pki.md).
 * Errors are thrown as {@link CliError} / SimError and reported by the main program (one line,
 * exit code 2 for usage errors, 1 for other failures).
 *
 * @example
 * ```ts
 * program.addCommand(certsCommand());
 * ```
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { defaultCacheDir, loadPki, type LoadedPki } from '../../simulator/pki/create-pki.js';
import { toPkcs12 } from '../../simulator/pki/pkcs12.js';
import type { Credential, IssueOptions } from '../../simulator/pki/types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE, parseIntOption } from '../cli-error.js';

/** Options every `certs` sub-command takes. */
interface CommonOptions {
  seed: string;
  cache?: string;
}

interface IssueCliOptions extends CommonOptions {
  kind: 'waf' | 'institution' | 'card' | 'server' | 'user';
  institution?: string;
  subject?: string;
  cn?: string;
  host?: string[];
  out?: string;
  password?: string;
  format?: 'p12' | 'pem';
  notBefore?: Date;
  notAfter?: Date;
}

const CACHE_HELP = 'cache folder of the PKI material (default: $EESZT_SIM_CACHE or ~/.cache/eeszt-sim)';

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'PKI seed: the same seed gives the same keys and certificates', '1')
    .option('--cache <dir>', CACHE_HELP);
}

function parseIsoDate(value: string): Date {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(t)) {
    throw new InvalidArgumentError('use an ISO 8601 time such as 2025-01-01T00:00:00Z');
  }
  return new Date(t);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function openPki(opts: CommonOptions): Promise<LoadedPki> {
  const seed = parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1);
  return loadPki({ seed, cacheDir: opts.cache ?? defaultCacheDir() });
}

function writeOut(file: string | undefined, data: string | Buffer, secret: boolean): void {
  if (file === undefined || file === '-') {
    process.stdout.write(data);
    return;
  }
  try {
    writeFileSync(file, data, secret ? { mode: 0o600 } : {});
  } catch (err) {
    throw new CliError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose a writable path with --out`, EXIT_FAILURE);
  }
}

const day = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

function listAction(opts: CommonOptions & { json?: boolean }): Promise<void> {
  return openPki(opts).then((pki) => {
    const creds = pki.fixedCredentials();
    if (opts.json === true) {
      const rows = creds.map((c) => ({ label: c.label, kind: c.kind, subject: c.subject, serialHex: c.serialHex, notBefore: day(c.notBefore), notAfter: day(c.notAfter) }));
      process.stdout.write(`${JSON.stringify({ seed: pki.seed, credentials: rows }, null, 2)}\n`);
      return;
    }
    const w = Math.max(...creds.map((c) => c.label.length));
    process.stdout.write(`# test PKI seed ${pki.seed} (${pki.loadInfo.source}, ${pki.loadInfo.ms.toFixed(0)} ms${pki.loadInfo.cacheDir ? `, cache ${pki.loadInfo.cacheDir}` : ''})\n`);
    for (const c of creds) {
      process.stdout.write(`${c.label.padEnd(w)}  ${c.subject}\n${''.padEnd(w)}  serial ${c.serialHex}  valid ${day(c.notBefore)} .. ${day(c.notAfter)}\n`);
    }
  });
}

function usage(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

async function issueAction(opts: IssueCliOptions): Promise<void> {
  const kind = opts.kind;
  const format = opts.format ?? (kind === 'waf' || kind === 'institution' ? 'p12' : 'pem');
  if (format === 'p12') {
    if (kind === 'card') throw usage('card keys are EC P-256, which the PKCS#12 export does not support; use --format pem');
    if (opts.password === undefined || opts.password === '') {
      throw usage(`--format p12${opts.format === undefined ? ' (the default for waf and institution)' : ''} needs --password PW to protect the file; or use --format pem`);
    }
    if (opts.out === undefined || opts.out === '-') throw usage('--format p12 writes a binary file; give it a name with --out FILE');
  }
  if ((kind === 'waf' || kind === 'institution') && opts.institution === undefined) {
    throw usage(`--kind ${kind} needs --institution ID (the EESZT institution id, e.g. E01620K)`);
  }
  if (kind === 'card' && opts.subject === undefined) throw usage('--kind card needs --subject DOCUMENT-ID (e.g. 123456AB); the holder name goes in --cn');
  if (kind === 'user' && opts.subject === undefined) throw usage('--kind user needs --subject USERNAME (the EESZT username, e.g. O50123)');
  if (opts.host !== undefined && kind !== 'server') throw usage('--host is only for --kind server');

  const pki = await openPki(opts);
  const adHoc = opts.notBefore !== undefined || opts.notAfter !== undefined || (opts.cn !== undefined && kind !== 'card') || opts.host !== undefined;
  let cred: Credential;
  if (!adHoc && kind === 'waf') cred = pki.waf(opts.institution!);
  else if (!adHoc && kind === 'institution') cred = pki.institution(opts.institution!);
  else if (!adHoc && kind === 'card') cred = pki.card(opts.subject!, opts.cn);
  else if (!adHoc && kind === 'server' && opts.subject === undefined) cred = pki.tlsServer;
  else {
    const io: IssueOptions = { kind: kind === 'server' ? 'tls-server' : kind };
    if (opts.institution !== undefined) io.institutionId = opts.institution;
    if (opts.subject !== undefined) io.subjectId = opts.subject;
    if (opts.cn !== undefined) io.commonName = opts.cn;
    if (opts.host !== undefined) io.hosts = opts.host;
    if (opts.notBefore !== undefined) io.notBefore = opts.notBefore;
    if (opts.notAfter !== undefined) io.notAfter = opts.notAfter;
    // Without validity overrides the result is deterministic for the seed.
    if (opts.notBefore === undefined && opts.notAfter === undefined) {
      io.label = [kind, opts.subject ?? opts.institution, opts.cn, opts.host?.join(',')].filter((x) => x !== undefined).join('/');
    }
    cred = pki.issue(io);
  }

  if (format === 'p12') {
    writeOut(opts.out, toPkcs12(cred, opts.password!), true);
  } else {
    writeOut(opts.out, [cred.certPem, ...cred.chainPem, cred.keyPem].join(''), true);
  }
  if (opts.out !== undefined && opts.out !== '-') {
    process.stderr.write(`wrote ${opts.out} (${format}): ${cred.subject}, serial ${cred.serialHex}, valid ${day(cred.notBefore)} .. ${day(cred.notAfter)}\n`);
  }
}

async function exportCaAction(opts: CommonOptions & { out?: string }): Promise<void> {
  const pki = await openPki(opts);
  writeOut(opts.out, pki.caBundlePem(), false);
  if (opts.out !== undefined && opts.out !== '-') process.stderr.write(`wrote ${opts.out}: root + 4 issuing CA certificates (PEM)\n`);
}

/**
 * The `certs` command with its sub-commands `list`, `issue` and `export-ca`.
 *
 * @example
 * ```ts
 * const program = new Command('eeszt-sim');
 * program.addCommand(certsCommand());
 * await program.parseAsync(['certs', 'export-ca', '--out', 'ca.pem'], { from: 'user' });
 * ```
 */
export function certsCommand(): Command {
  const certs = new Command('certs')
    .description('Show, issue and export certificates of the simulator\'s test PKI (deterministic from --seed)')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
The test PKI: "EESZT-SIM Test Root CA" and four issuing CAs (TLS server, WAF-SSL client,
institutional authentication, eID card authentication). Same seed, same keys and certificates;
the material is cached in $EESZT_SIM_CACHE or ~/.cache/eeszt-sim. Details: docs/pki.md.

Examples:
  $ eeszt-sim certs list
  $ eeszt-sim certs export-ca --out eeszt-sim-ca.pem
  $ eeszt-sim certs issue --kind waf --institution E01620K --password titok --out E01620K.p12`,
    );

  withCommonOptions(certs.command('list'))
    .description('list the fixed credentials (root, CAs, STS, eID server, TLS server): label, subject, serial, validity')
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', '\nExamples:\n  $ eeszt-sim certs list\n  $ eeszt-sim certs list --seed 7 --json')
    .action(listAction);

  withCommonOptions(certs.command('issue'))
    .description('issue an end-entity certificate with its key and chain (PKCS#12 or PEM)')
    .addOption(new Option('--kind <kind>', 'what to issue').choices(['waf', 'institution', 'card', 'server', 'user']).makeOptionMandatory())
    .option('--institution <id>', 'EESZT institution id for waf and institution, e.g. E01620K')
    .option('--subject <id>', 'card: document id (e.g. 123456AB); user: EESZT username (e.g. O50123); server: host name')
    .option('--cn <name>', 'common name override; for card the holder name (default "Teszt Elek")')
    .option('--host <name>', 'server: DNS name or IP for subjectAltName (repeatable; default localhost, 127.0.0.1, ::1)', collect)
    .option('--out <file>', 'output file (default: stdout, PEM only)')
    .option('--password <pw>', 'password of the PKCS#12 file (required for p12)')
    .addOption(new Option('--format <format>', 'output format (default: p12 for waf and institution, pem otherwise)').choices(['p12', 'pem']))
    .option('--not-before <iso>', 'start of validity (default 2025-01-01T00:00:00Z)', parseIsoDate)
    .option('--not-after <iso>', 'end of validity (default: not-before + 11 years, i.e. 2036-01-01 by default)', parseIsoDate)
    .addHelpText(
      'after',
      `
--kind waf is the simulator's shortcut for automation: in production the institution's permission
admin downloads the WAF-SSL certificate at the Ágazati portál after a login with the eSzemélyi
(the simulator's portal does too: POST /portal/waf-certificate, /ui/portal/waf).

Without --not-before/--not-after the result is deterministic for the seed; for waf, institution,
card and server (without --cn/--host/--subject) it is the very credential the simulator itself
uses. PEM output holds the certificate, its chain (issuing CA, root) and the PKCS#8 private key,
in that order.

Examples:
  $ eeszt-sim certs issue --kind waf --institution E01620K --password titok --out E01620K.p12
  $ eeszt-sim certs issue --kind institution --institution P012345 --format pem --out inst.pem
  $ eeszt-sim certs issue --kind card --subject 123456AB --cn "Kovács Éva" --out card.pem
  $ eeszt-sim certs issue --kind user --subject O50123 --not-after 2025-06-01T00:00:00Z --out expired.pem
  $ eeszt-sim certs issue --kind server --host sim.local --host 10.0.0.5 --out server.pem`,
    )
    .action(issueAction);

  withCommonOptions(certs.command('export-ca'))
    .description('print the CA bundle (root + issuing CAs) as PEM, for trust stores and openssl -CAfile')
    .option('--out <file>', 'output file (default: stdout)')
    .addHelpText('after', '\nExamples:\n  $ eeszt-sim certs export-ca > eeszt-sim-ca.pem\n  $ eeszt-sim certs export-ca --seed 7 --out ca-7.pem')
    .action(exportCaAction);

  return certs;
}
