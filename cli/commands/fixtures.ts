/**
 * `eeszt-sim fixtures`: generate a deterministic fixture set, or validate one (docs/fixtures.md).
 *
 * Exit codes: 0 success; 1 the file is not a valid fixture set (each problem printed as
 * `path: message`); 2 usage error, or a file that cannot be read or is not JSON.
 * The generator (and faker) is loaded only when `generate` runs, so the CLI starts fast.
 *
 * @example
 * ```ts
 * program.addCommand(fixturesCommand());
 * await program.parseAsync(['fixtures', 'validate', 'team.json'], { from: 'user' });
 * ```
 */
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXTURE_FILE_UNREADABLE, parseFixtureJson } from '../../fixtures/default-set.js';
import { describeFixtureSet } from '../../fixtures/validate.js';
import { SimError, ValidationFailed } from '../../simulator/core/errors.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE, parseIntOption } from '../cli-error.js';

/** Where the command writes (tests pass their own). */
export interface FixturesCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads standard input (for `validate -`). */
  readStdin: () => string;
}

const defaultIo: FixturesCommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0, 'utf8'),
};

interface GenerateCliOptions {
  seed: string;
  out?: string;
  extraUsers?: string;
  extraInstitutions?: string;
  patients?: string;
}

/** Build the `fixtures` command with its `generate` and `validate` sub-commands. */
export function fixturesCommand(io: FixturesCommandIo = defaultIo): Command {
  const fixtures = new Command('fixtures')
    .description('Generate a deterministic fixture set (people, institutions, units, cards, roles, patients) or validate one')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
A fixture set is one JSON file: institutions, organisational units, users, eID cards, patients,
V-MÁTRIX grants, IAM+SSO records and named personas. The embedded default set is
\`generate --seed 1\`. Every field and the personas are described in docs/fixtures.md.

Examples:
  $ eeszt-sim fixtures generate --seed 7 --out team.json
  $ eeszt-sim fixtures validate team.json
  $ eeszt-sim serve --fixtures team.json`,
    );

  fixtures
    .command('generate')
    .description('write a generated fixture set as JSON (stdout unless --out); the same options always give the same bytes')
    .option('--seed <n>', 'seed of the generated extras (0..4294967295); the personas do not depend on it', '1')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--extra-users <n>', 'users besides the personas (default 15)')
    .option('--extra-institutions <n>', 'institutions besides the five fixed ones (default 3)')
    .option('--patients <n>', 'generated patients besides the three fixed ones (default 25)')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ eeszt-sim fixtures generate > default.json          # the embedded default set
  $ eeszt-sim fixtures generate --seed 7 --extra-users 200 --out big.json`,
    )
    .action(async (opts: GenerateCliOptions) => {
      const seed = parseIntOption('--seed', opts.seed, 0, 0xffffffff);
      const count = (flag: string, v: string | undefined): number | undefined => (v === undefined ? undefined : parseIntOption(flag, v, 0, 10_000));
      const extraUsers = count('--extra-users', opts.extraUsers);
      const extraInstitutions = count('--extra-institutions', opts.extraInstitutions);
      const patients = count('--patients', opts.patients);
      const { generateFixtureSet } = await import('../../fixtures/generate.js');
      const set = generateFixtureSet({
        seed,
        ...(extraUsers === undefined ? {} : { extraUsers }),
        ...(extraInstitutions === undefined ? {} : { extraInstitutions }),
        ...(patients === undefined ? {} : { patients }),
      });
      const json = `${JSON.stringify(set, null, 2)}\n`;
      if (opts.out === undefined) {
        io.stdout(json);
        return;
      }
      try {
        writeFileSync(opts.out, json);
      } catch (err) {
        throw new CliError(`cannot write ${resolve(opts.out)}: ${(err as Error).message}`, EXIT_FAILURE);
      }
      io.stderr(`wrote ${opts.out}: ${describeFixtureSet(set)}\n`);
    });

  fixtures
    .command('validate')
    .description('check a fixture file: structure, every identifier rule, roles and references')
    .argument('<file>', 'the fixture set (JSON); `-` reads standard input')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Prints \`ok: <counts>\` and exits 0, or prints every problem as \`path: message\` and exits 1;
a file that cannot be read or is not JSON exits 2.

Examples:
  $ eeszt-sim fixtures validate team.json
  ok: 8 institutions, 15 units, 27 users, ...
  $ eeszt-sim fixtures validate broken.json
  users[3].username: username \`o50123\` has a lower-case prefix; ... use \`O50123\`
  $ eeszt-sim fixtures generate --seed 3 | eeszt-sim fixtures validate -`,
    )
    .action((file: string) => {
      let text: string;
      try {
        text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
        throw new CliError(`cannot read fixture file ${file === '-' ? 'from standard input' : resolve(file)}: ${why}`, EXIT_USAGE);
      }
      const name = file === '-' ? 'standard input' : file;
      try {
        const set = parseFixtureJson(text, name);
        io.stdout(`ok: ${describeFixtureSet(set)}\n`);
      } catch (err) {
        if (err instanceof ValidationFailed) {
          const errors = (err.details?.['errors'] ?? []) as ReadonlyArray<{ path: string; message: string }>;
          for (const e of errors) io.stdout(`${e.path}: ${e.message}\n`);
          throw new CliError(`${name} is not a valid fixture set: ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above; the rules are in docs/fixtures.md and docs/identifiers.md)`, EXIT_FAILURE);
        }
        if (err instanceof SimError && err.code === FIXTURE_FILE_UNREADABLE) throw new CliError(err.message, EXIT_USAGE);
        throw err;
      }
    });

  return fixtures;
}
