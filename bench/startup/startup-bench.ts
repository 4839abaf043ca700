/**
 * Start-up benchmark: time from process spawn to the first answer of
 * `GET /.well-known/eeszt-sim`, median of 10 runs, against a baseline measured in the same
 * run: a bare Node HTTP server spawned the same way, answering its first request. Also the CPU time
 * the server process used until then (all its threads, from /proc on Linux), which other load on a
 * shared machine changes far less than the wall-clock time.
 * Run: `npm run build && node dist/bench/startup/startup-bench.js`. Writes docs/performance.md
 * (BENCH_RUNS, default 10; BENCH_NO_WRITE=1 to leave it alone).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
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
async function timeToFirstAnswer(args: string[], portPattern: RegExp, path: string): Promise<StartTime> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

async function main(): Promise<void> {
  const root = packageRoot();
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const baselineScript = `const s=require('http').createServer((q,r)=>{r.setHeader('content-type','application/json');r.end('{}')});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port));process.on('SIGTERM',()=>process.exit(0))`;
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  const simRuns: StartTime[] = [];
  const baseRuns: StartTime[] = [];
  // One warm-up each (fills the PKI cache and the OS file cache).
  await timeToFirstAnswer([bin, 'serve', '--port', '0', '--log-level', 'silent'], /:(\d+)\/\.well-known/, '/.well-known/eeszt-sim');
  await timeToFirstAnswer(['-e', baselineScript], /port (\d+)/, '/');
  for (let i = 0; i < RUNS; i++) {
    baseRuns.push(await timeToFirstAnswer(['-e', baselineScript], /port (\d+)/, '/'));
    simRuns.push(await timeToFirstAnswer([bin, 'serve', '--port', '0', '--log-level', 'silent'], /:(\d+)\/\.well-known/, '/.well-known/eeszt-sim'));
  }
  const loadAfter = loadavg().map((l) => l.toFixed(1)).join(' / ');
  const sim = simRuns.map((r) => r.ms);
  const base = baseRuns.map((r) => r.ms);
  const simCpu = simRuns.every((r) => r.cpuMs !== undefined) ? median(simRuns.map((r) => r.cpuMs!)) : undefined;
  const baseCpu = baseRuns.every((r) => r.cpuMs !== undefined) ? median(baseRuns.map((r) => r.cpuMs!)) : undefined;
  const cpuRatio = simCpu !== undefined && baseCpu !== undefined && baseCpu > 0 ? simCpu / baseCpu : undefined;
  const simMs = median(sim);
  const baseMs = median(base);
  const ratio = simMs / baseMs;
  const cpuText = cpuRatio === undefined ? '' : `; CPU to the first answer ${simCpu!.toFixed(0)} ms vs ${baseCpu!.toFixed(0)} ms, ratio ${cpuRatio.toFixed(2)}x`;
  const line = `startup: eeszt-sim ${simMs.toFixed(0)} ms median of ${RUNS} (min ${Math.min(...sim).toFixed(0)}, max ${Math.max(...sim).toFixed(0)}); bare node HTTP server ${baseMs.toFixed(0)} ms; ratio ${ratio.toFixed(2)}x${cpuText} (load average ${load} before, ${loadAfter} after)`;
  console.log(line);
  if (process.env['BENCH_NO_WRITE'] === '1') return;
  const file = writePerformanceSection(
    'startup',
    `## Start-up

Process spawn to the first answer of \`GET /.well-known/eeszt-sim\` (embedded default fixtures, PKI cache warm),
median of ${RUNS} runs, measured by \`bench/startup\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}).
The baseline is a bare Node.js HTTP server spawned the same way and answering its first request.
"CPU" is the user + system time of the server process (every thread) until that answer, which other
load on the machine changes far less than the wall-clock time. Load average ${load} before the run, ${loadAfter} after.

| what | median | min | max | CPU (median) |
|---|---|---|---|---|
| eeszt-sim serve | ${simMs.toFixed(0)} ms | ${Math.min(...sim).toFixed(0)} ms | ${Math.max(...sim).toFixed(0)} ms | ${simCpu === undefined ? 'n/a' : `${simCpu.toFixed(0)} ms`} |
| bare node HTTP server | ${baseMs.toFixed(0)} ms | ${Math.min(...base).toFixed(0)} ms | ${Math.max(...base).toFixed(0)} ms | ${baseCpu === undefined ? 'n/a' : `${baseCpu.toFixed(0)} ms`} |
| ratio | **${ratio.toFixed(2)}x** | | | ${cpuRatio === undefined ? 'n/a' : `${cpuRatio.toFixed(2)}x`} |`,
  );
  console.log(`written to ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
