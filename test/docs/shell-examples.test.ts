/**
 * Every shell example in README.md and docs/*.md runs against a live simulator, as a reader
 * would paste it:
 *
 * - ```sh / ```bash blocks run whole in bash (`set -eo pipefail`): every command must succeed,
 *   and no answer may be an RFC 9457 problem of the simulator (`"type":"urn:eeszt-sim:problem:`).
 * - ```console blocks are transcripts: each `$ command` runs, and every output line the page
 *   shows (without its trailing `# comment`, and not holding `…`) must be in what it printed.
 *
 * The blocks of one page run in order in one folder (a file written by one is there for the next).
 * The simulator is `eeszt-sim serve` on a free port; `localhost:8080` / `127.0.0.1:8080` in an
 * example are that address. `eeszt-sim` is on PATH and `npx eeszt-sim` / `npm run eeszt-sim --`
 * find it, as after installing the package; `eeszt-sim serve` or `reader` written in the
 * foreground (a server a reader starts and leaves running) is started, must print its ready
 * line, and is then stopped. A block that cannot run here says so in its info string:
 * ```sh docs-test: skip (why) — and the test checks that the reason is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { BIN, startServe, stop, TEST_CACHE } from '../helpers/cli.js';

const ROOT = packageRoot();

interface Block {
  file: string;
  line: number;
  lang: string;
  skip?: string;
  code: string;
}

/** The shell blocks of a Markdown page. */
function shellBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|bash|shell|console)\b(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i] as string);
    const info = (open[2] ?? '').trim();
    const skip = /^docs-test: skip\b\s*(.*)$/.exec(info);
    blocks.push({ file, line: start + 1, lang: open[1] as string, code: body.join('\n'), ...(skip !== null ? { skip: skip[1] ?? '' } : {}) });
  }
  return blocks;
}

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const BLOCKS = PAGES.flatMap((page) => shellBlocks(page, readFileSync(join(ROOT, page), 'utf8')));

/** The `eeszt-sim` a reader has after installing the package; long-running commands are started, checked and stopped. */
function wrapperScript(): string {
  return `#!/usr/bin/env bash
# docs-test wrapper for eeszt-sim: serve and reader in the foreground are started, must print
# their ready line within 60 s, and are then stopped (a reader would leave them running).
case "$1" in
  serve|reader)
    args=("$@")
    if [ "$1" = serve ] && [[ " $* " != *" --port "* ]]; then args+=(--port 0); fi
    if [ "$1" = reader ] && [[ " $* " != *" --port "* ]]; then args+=(--port 0); fi
    out=$(mktemp)
    "${process.execPath}" "${BIN}" "\${args[@]}" >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
      if grep -q ' ready' "$out"; then kill "$pid"; wait "$pid" 2>/dev/null; cat "$out"; rm -f "$out"; exit 0; fi
      if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; code=$?; cat "$out"; rm -f "$out"; exit "$code"; fi
      sleep 0.1
    done
    kill "$pid"; cat "$out"; rm -f "$out"; echo "eeszt-sim $1 printed no ready line within 60 s" >&2; exit 1;;
esac
exec "${process.execPath}" "${BIN}" "$@"
`;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, out: stdout + stderr }),
    );
  });
}

describe('shell examples in the docs, against a live simulator', () => {
  let serve: ChildProcessWithoutNullStreams | undefined;
  let origin = '';
  let work = '';
  let env: NodeJS.ProcessEnv = {};
  const dirs = new Map<string, string>();

  beforeAll(async () => {
    const started = await startServe();
    serve = started.child;
    origin = started.origin;
    work = mkdtempSync(join(tmpdir(), 'eeszt-sim-docs-'));
    const bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'eeszt-sim'), wrapperScript());
    chmodSync(join(bin, 'eeszt-sim'), 0o755);
    env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, EESZT_SIM_CACHE: TEST_CACHE, EESZT_SIM_TARGET: origin, npm_config_update_notifier: 'false' };
  }, 60_000);

  afterAll(async () => {
    if (serve !== undefined) await stop(serve);
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  /** The folder of a page: a package that has eeszt-sim installed (npx and npm run find it). */
  function dirOf(page: string): string {
    let dir = dirs.get(page);
    if (dir === undefined) {
      dir = join(work, page.replace(/[^A-Za-z0-9]/g, '_'));
      mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs-example', private: true, scripts: { 'eeszt-sim': 'eeszt-sim' } }));
      writeFileSync(join(dir, 'node_modules', '.bin', 'eeszt-sim'), wrapperScript());
      chmodSync(join(dir, 'node_modules', '.bin', 'eeszt-sim'), 0o755);
      dirs.set(page, dir);
    }
    return dir;
  }

  const live = (code: string): string => code.replace(/\b(localhost|127\.0\.0\.1):8080\b/g, origin.replace(/^https?:\/\//, ''));

  it('finds the examples, and every skipped one says why', () => {
    expect(BLOCKS.length).toBeGreaterThan(15);
    for (const b of BLOCKS.filter((x) => x.skip !== undefined)) expect(b.skip, `${b.file}:${b.line}`).toMatch(/^\(.{10,}\)$/);
  });

  for (const block of BLOCKS) {
    const name = `${block.file}:${block.line} (${block.lang})`;
    if (block.skip !== undefined) {
      it.skip(`${name} — ${block.skip}`, () => undefined);
      continue;
    }
    it(name, async () => {
      await fetch(`${origin}/_sim/reset`, { method: 'POST' });
      const cwd = dirOf(block.file);
      if (block.lang === 'console') {
        // A transcript: `$ command` lines and what they printed.
        const steps: Array<{ cmd: string; expected: string[] }> = [];
        for (const line of block.code.split('\n')) {
          if (line.startsWith('$ ')) steps.push({ cmd: line.slice(2), expected: [] });
          else if (line.trim() !== '') steps.at(-1)?.expected.push(line.replace(/\s+#\s.*$/, '').trim());
        }
        for (const step of steps) {
          const run = await bash(live(step.cmd), cwd, env);
          const printed = run.out.split('\n').map((l) => l.trim());
          for (const want of step.expected.filter((l) => !l.includes('…'))) expect(printed, `${name}: \`${step.cmd}\` should print ${JSON.stringify(want)}; it printed:\n${run.out}`).toContain(want);
        }
        return;
      }
      const run = await bash(`set -eo pipefail\n${live(block.code)}`, cwd, env);
      expect(run.code, `${name} failed:\n${run.out.slice(-4000)}`).toBe(0);
      expect(run.out, `${name} got a problem answer`).not.toContain('"type":"urn:eeszt-sim:problem:');
    }, 300_000);
  }
});
