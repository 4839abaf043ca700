/**
 * Generates docs/cli.md from the CLI's own help texts, so the reference can never drift from
 * the code. `npm run docs:cli` rewrites the file; a test fails when it is stale.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from './main.js';
import { packageRoot } from '../simulator/package-root.js';

function walk(cmd: Command, prefix: string, out: string[]): void {
  const name = prefix === '' ? cmd.name() : `${prefix} ${cmd.name()}`;
  out.push(`## \`${name}\``, '', '```text', cmd.helpInformation({ error: false }).trimEnd(), '```', '');
  for (const sub of cmd.commands) walk(sub, name, out);
}

/** The whole docs/cli.md text. */
export async function renderCliDocs(): Promise<string> {
  const program = await buildProgram();
  program.configureHelp({ helpWidth: 100 });
  for (const c of program.commands) {
    c.configureHelp({ helpWidth: 100 });
    for (const s of c.commands) s.configureHelp({ helpWidth: 100 });
  }
  const out = [
    '# The `eeszt-sim` command',
    '',
    'Generated from the command\'s own `--help` texts by `npm run docs:cli`; do not edit by hand.',
    '',
    'In a clone of this repository run it as `npm run eeszt-sim -- <command> …` (or',
    '`node dist/bundle/eeszt-sim.js <command> …`, the bundle `npm run build` makes); in a project that',
    'installs eeszt-sim as a dev dependency, `npx eeszt-sim <command> …`.',
    '',
    'Exit codes of every sub-command: `0` success; `1` the command ran and found a failure (an',
    'invalid fixture file, a failed check); `2` usage error (unknown option, bad value); `3` could',
    'not start (port in use, no permission). Errors are one line on stderr saying what to do;',
    'set `EESZT_SIM_DEBUG=1` to also print a stack trace for unexpected failures.',
    '',
  ];
  walk(program, '', out);
  return `${out.join('\n').trimEnd()}\n`;
}

/** Write docs/cli.md. */
export async function writeCliDocs(): Promise<string> {
  const file = join(packageRoot(), 'docs', 'cli.md');
  writeFileSync(file, await renderCliDocs());
  return file;
}

if (process.argv[1]?.endsWith('cli-docs.js')) {
  process.stdout.write(`written ${await writeCliDocs()}\n`);
}
