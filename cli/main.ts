/**
 * The `eeszt-sim` command: serve the simulator, manage its PKI and fixtures.
 * Exit codes are documented in cli/cli-error.ts and docs/cli.md.
 */
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../simulator/version.js';
import { EXIT_USAGE, reportCliError } from './cli-error.js';
import { serveCommand } from './commands/serve.js';
import { certsCommand } from './commands/certs.js';
import { fixturesCommand } from './commands/fixtures.js';
import { readerCommand } from './commands/reader.js';
import { conformCommand } from './commands/conform.js';
import { checkCommand } from './commands/check.js';
import { tokenCommand } from './commands/token.js';

/** Every command, by name, in help order. */
const COMMANDS: ReadonlyArray<readonly [name: string, make: () => Command]> = [
  ['serve', serveCommand],
  ['certs', certsCommand],
  ['fixtures', fixturesCommand],
  ['reader', readerCommand],
  ['conform', conformCommand],
  ['check', checkCommand],
  ['token', tokenCommand],
];

/**
 * Build the program (exported for tests and docs): every command, or only the one named by `only`
 * (what `main` does when the first argument names a command: building the options and help of all
 * seven costs several per cent of `serve`'s start-up, issue 16 goal 4).
 */
export function buildProgram(only?: string): Command {
  const program = new Command('eeszt-sim')
    .description('Offline simulator of the EESZT (Hungarian national eHealth platform) and conformance harness for HIS')
    .version(PACKAGE_VERSION, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nRun `eeszt-sim <command> --help` for a command\'s options. Docs: docs/cli.md');
  for (const [name, make] of COMMANDS) if (only === undefined || name === only) program.addCommand(make());
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Run the CLI with these arguments (argv without node and script). */
export async function main(args: string[]): Promise<number> {
  const named = COMMANDS.find(([name]) => name === args[0]);
  const program = buildProgram(named?.[0]);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportCliError(err);
  }
}
