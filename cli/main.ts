/**
 * The `eeszt-sim` command: serve the simulator, manage its PKI and fixtures.
 * Exit codes are documented in cli/cli-error.ts and docs/cli.md.
 */
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../simulator/version.js';
import { EXIT_USAGE, reportCliError } from './cli-error.js';

/**
 * Every command, by name, in help order, with the import of the module that builds it: only the
 * command that runs is imported (the seven command modules and what they import eagerly were a
 * measurable part of `serve`'s start-up, issue 16 goal 4).
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<() => Command>]> = [
  ['serve', async () => (await import('./commands/serve.js')).serveCommand],
  ['certs', async () => (await import('./commands/certs.js')).certsCommand],
  ['fixtures', async () => (await import('./commands/fixtures.js')).fixturesCommand],
  ['reader', async () => (await import('./commands/reader.js')).readerCommand],
  ['conform', async () => (await import('./commands/conform.js')).conformCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['token', async () => (await import('./commands/token.js')).tokenCommand],
];

/**
 * Build the program (exported for tests and docs): every command, or only the one named by `only`
 * (what `main` does when the first argument names a command: importing and building the options
 * and help of all seven costs several per cent of `serve`'s start-up, issue 16 goal 4).
 */
export async function buildProgram(only?: string): Promise<Command> {
  const makers = await Promise.all(COMMANDS.filter(([name]) => only === undefined || name === only).map(([, load]) => load()));
  const program = new Command('eeszt-sim')
    .description('Offline simulator of the EESZT (Hungarian national eHealth platform) and conformance harness for HIS')
    .version(PACKAGE_VERSION, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nRun `eeszt-sim <command> --help` for a command\'s options. Docs: docs/cli.md');
  for (const make of makers) program.addCommand(make());
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Run the CLI with these arguments (argv without node and script). */
export async function main(args: string[]): Promise<number> {
  const named = COMMANDS.find(([name]) => name === args[0]);
  let program: Command;
  try {
    program = await buildProgram(named?.[0]);
  } catch (err) {
    return reportCliError(err);
  }
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
