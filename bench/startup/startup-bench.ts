/**
 * Start-up benchmark: time from process spawn to the first answer of
 * `GET /.well-known/eeszt-sim`, median of 10 runs, against a baseline measured in the same
 * run: a bare Node HTTP server spawned the same way, answering its first request. Also the CPU time
 * the server process used until then (all its threads, from /proc on Linux), which other load on a
 * shared machine changes far less than the wall-clock time.
 * Measures what `npm start` runs (read from package.json: the esbuild bundle, `dist/bundle/`) and,
 * in the same rounds, the unbundled `dist/cli/bin.js serve` for comparison; then counts the files
 * each loads before its first answer (one more start each with a module-counting preload,
 * `module-count.ts`, untimed).
 * Run: `npm run build && node dist/bench/startup/startup-bench.js`. Writes docs/performance.md
 * (BENCH_RUNS, default 10; BENCH_NO_WRITE=1 to leave it alone).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus, loadavg, tmpdir } from 'node:os';
import { packageRoot } from '../../simulator/package-root.js';
import { median, writePerformanceSection } from '../report-section.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

/** Wall-clock and CPU time from spawn to the first answer. */
interface StartTime {
  ms: number;
  /** User + system CPU of the server process (every thread) until the first answer; undefined off Linux. */
  cpuMs: number | undefined;
}

/** CPU time of a process so far (utime + stime of /proc/<pid>/stat, in USER_HZ = 100 ticks per second). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Spawn a server printing its port in a line matching `re`, poll `path` until it answers. */
async function timeToFirstAnswer(args: string[], portPattern: RegExp, path: string, env: NodeJS.ProcessEnv = process.env): Promise<StartTime> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = portPattern.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before printing its port: ${out}`)));
    });
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
        if (res.ok) return { ms: performance.now() - t0, cpuMs: processCpuMs(child.pid) };
      } catch {
        // not yet listening
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** One way of starting a server, timed in every round. */
interface Variant {
  label: string;
  args: string[];
  portPattern: RegExp;
  path: string;
  runs: StartTime[];
}

/** The node arguments of `npm start` (package.json `scripts.start`, which must be `node <file> …`). */
function npmStartArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = (pkg.scripts['start'] ?? '').split(/\s+/).filter((w) => w !== '');
  if (words[0] !== 'node' || words.length < 2) throw new Error(`package.json scripts.start is not \`node <file> …\`: ${pkg.scripts['start']}`);
  return words.slice(1).map((w, i) => (i === 0 ? join(root, w) : w));
}

/** Files loaded before the first answer, from one start with the module-counting preload. */
async function countModules(root: string, v: Variant): Promise<{ own: number; packages: number; byPackage: Map<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-modules-'));
  const log = join(dir, 'modules.log');
  try {
    const preload = pathToFileURL(join(root, 'dist', 'bench', 'startup', 'module-count.js')).href;
    await timeToFirstAnswer(['--import', preload, ...v.args], v.portPattern, v.path, { ...process.env, EESZT_BENCH_MODULE_LOG: log });
    const urls = new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l !== '' && !l.endsWith('/module-count.js')));
    const byPackage = new Map<string, number>();
    let own = 0;
    for (const url of urls) {
      const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
      if (m === null) own++;
      else byPackage.set(m[1] as string, (byPackage.get(m[1] as string) ?? 0) + 1);
    }
    return { own, packages: [...byPackage.values()].reduce((a, b) => a + b, 0), byPackage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = packageRoot();
  const serveArgs = ['--port', '0', '--log-level', 'silent'];
  const simPort = /:(\d+)\/\.well-known/;
  const baselineScript = `const s=require('http').createServer((q,r)=>{r.setHeader('content-type','application/json');r.end('{}')});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port));process.on('SIGTERM',()=>process.exit(0))`;
  const start = npmStartArgs(root);
  const bundled: Variant = { label: `npm start (${relative(root, start[0] as string)})`, args: [...start, ...serveArgs], portPattern: simPort, path: '/.well-known/eeszt-sim', runs: [] };
  const unbundled: Variant = { label: 'dist/cli/bin.js serve (unbundled)', args: [join(root, 'dist', 'cli', 'bin.js'), 'serve', ...serveArgs], portPattern: simPort, path: '/.well-known/eeszt-sim', runs: [] };
  const bare: Variant = { label: 'bare node HTTP server', args: ['-e', baselineScript], portPattern: /port (\d+)/, path: '/', runs: [] };
  const variants = [bare, bundled, unbundled];
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  // One warm-up each (fills the PKI cache and the OS file cache).
  for (const v of variants) await timeToFirstAnswer(v.args, v.portPattern, v.path);
  for (let i = 0; i < RUNS; i++) {
    for (const v of variants) v.runs.push(await timeToFirstAnswer(v.args, v.portPattern, v.path));
  }
  const loadAfter = loadavg().map((l) => l.toFixed(1)).join(' / ');
  const counts = new Map<Variant, Awaited<ReturnType<typeof countModules>>>();
  for (const v of [bundled, unbundled]) counts.set(v, await countModules(root, v));
  const stats = (v: Variant): { ms: number; min: number; max: number; cpu: number | undefined } => {
    const ms = v.runs.map((r) => r.ms);
    const cpu = v.runs.every((r) => r.cpuMs !== undefined) ? median(v.runs.map((r) => r.cpuMs!)) : undefined;
    return { ms: median(ms), min: Math.min(...ms), max: Math.max(...ms), cpu };
  };
  const base = stats(bare);
  const ratio = (v: Variant): { wall: number; cpu: number | undefined } => {
    const s = stats(v);
    return { wall: s.ms / base.ms, cpu: s.cpu !== undefined && base.cpu !== undefined && base.cpu > 0 ? s.cpu / base.cpu : undefined };
  };
  const countText = (v: Variant): string => {
    const c = counts.get(v);
    return c === undefined ? 'n/a' : `${c.own + c.packages} (own ${c.own}, packages ${c.packages})`;
  };
  const fmtCpu = (cpu: number | undefined): string => (cpu === undefined ? 'n/a' : `${cpu.toFixed(0)} ms`);
  const fmtRatio = (r: number | undefined): string => (r === undefined ? 'n/a' : `${r.toFixed(2)}x`);
  for (const v of [bundled, unbundled]) {
    const s = stats(v);
    const r = ratio(v);
    console.log(`startup: ${v.label} ${s.ms.toFixed(0)} ms median of ${RUNS} (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}), CPU ${fmtCpu(s.cpu)}; ratio ${r.wall.toFixed(2)}x wall, ${fmtRatio(r.cpu)} CPU; files loaded before the first answer ${countText(v)}`);
  }
  console.log(`startup: ${bare.label} ${base.ms.toFixed(0)} ms median (min ${base.min.toFixed(0)}, max ${base.max.toFixed(0)}), CPU ${fmtCpu(base.cpu)} (load average ${load} before, ${loadAfter} after)`);
  for (const v of [bundled, unbundled]) {
    const c = counts.get(v);
    if (c !== undefined) console.log(`  ${v.label} packages: ${[...c.byPackage].map(([p, n]) => `${p} ${n}`).join(', ') || 'none'}`);
  }
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const row = (v: Variant): string => {
    const s = stats(v);
    const r = ratio(v);
    return `| ${v.label} | ${s.ms.toFixed(0)} ms | ${s.min.toFixed(0)} ms | ${s.max.toFixed(0)} ms | ${fmtCpu(s.cpu)} | **${r.wall.toFixed(2)}x** | ${fmtRatio(r.cpu)} | ${countText(v)} |`;
  };
  const file = writePerformanceSection(
    'startup',
    `## Start-up

Process spawn to the first answer of \`GET /.well-known/eeszt-sim\` (embedded default fixtures, PKI cache warm),
median of ${RUNS} runs, measured by \`bench/startup\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}).
The baseline is a bare Node.js HTTP server spawned the same way and answering its first request; each round
starts the baseline, the bundle \`npm start\` runs and the unbundled \`dist/cli/bin.js\`, in turn.
"CPU" is the user + system time of the server process (every thread) until that answer, which other
load on the machine changes far less than the wall-clock time. "Files" are the module files loaded before
the first answer (one more start with a counting preload; chunks of the bundle count as own files).
Load average ${load} before the run, ${loadAfter} after.

| what | median | min | max | CPU (median) | ratio to bare | CPU ratio | files |
|---|---|---|---|---|---|---|---|
${row(bundled)}
${row(unbundled)}
| ${bare.label} | ${base.ms.toFixed(0)} ms | ${base.min.toFixed(0)} ms | ${base.max.toFixed(0)} ms | ${fmtCpu(base.cpu)} | | | |`,
  );
  console.log(`written to ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
