import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { fixturesCommand } from './fixtures.js';

const testdata = new URL('../../fixtures/testdata/', import.meta.url);
const file = (name: string): string => new URL(name, testdata).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'eeszt-sim-fixtures-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run `fixtures <args>`; returns what it printed and the exit code the main program would use. */
async function run(args: string[], stdin = ''): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const cmd = fixturesCommand({ stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: () => stdin });
  cmd.configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  for (const sub of cmd.commands) sub.configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  try {
    await cmd.parseAsync(args, { from: 'user' });
    return { out, err, code: 0 };
  } catch (e) {
    if (e instanceof CliError) return { out, err: err + e.message, code: e.exitCode };
    if (e instanceof CommanderError) return { out, err, code: e.code === 'commander.helpDisplayed' ? 0 : 2 };
    throw e;
  }
}

describe('eeszt-sim fixtures validate', () => {
  it('prints the counts of a valid set and exits 0', async () => {
    expect(await run(['validate', file('minimal.json')])).toEqual({
      out: 'ok: 2 institutions, 3 units, 2 users, 1 cards, 2 patients, 2 V-MÁTRIX grants, 1 IAM records, 1 personas\n',
      err: '',
      code: 0,
    });
  });
  it('prints every problem as `path: message` and exits 1', async () => {
    const r = await run(['validate', file('four-mistakes.json')]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['institutions[1].id', 'units[1].code', 'users[0].username', 'patients[1].taj']);
    expect(lines[2]).toMatch(/^users\[0\]\.username: username `o50123` has a lower-case prefix/);
    expect(r.err).toMatch(/is not a valid fixture set: 4 errors/);
  });
  it('exits 2 with a clear message for an unreadable or unparseable file, without a stack trace', async () => {
    const missing = await run(['validate', join(tmp, 'missing.json')]);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toBe(`cannot read fixture file ${join(tmp, 'missing.json')}: no such file`);
    const bad = await run(['validate', '-'], '{"formatVersion": 1,');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^standard input is not valid JSON: /);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });
  it('reads standard input for `-`', async () => {
    expect((await run(['validate', '-'], readFileSync(file('minimal.json'), 'utf8'))).code).toBe(0);
  });
});

describe('eeszt-sim fixtures generate', () => {
  it('writes the same bytes as default.json for seed 1 to stdout', async () => {
    const r = await run(['generate', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8'));
  });
  it('writes a file with --out and honours --extra-users', async () => {
    const out = join(tmp, 'seven.json');
    const r = await run(['generate', '--seed', '7', '--extra-users', '3', '--out', out]);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toMatch(/^wrote .*seven\.json: \d+ institutions, .* 15 users,/);
    expect((await run(['validate', out])).code).toBe(0);
  });
  it('refuses a bad seed as a usage error', async () => {
    expect(await run(['generate', '--seed', 'abc'])).toMatchObject({ code: 2, err: '--seed takes a whole number; got `abc`' });
  });
  it('has help with examples', async () => {
    const r = await run(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Examples:\n {2}\$ eeszt-sim fixtures validate team\.json/);
  });
});
