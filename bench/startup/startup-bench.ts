/**
 * Start-up benchmark: time from process spawn to the first answer of
 * `GET /.well-known/eeszt-sim`, median of 10 runs, against a baseline measured in the same
 * run: a bare Node HTTP server spawned the same way, answering its first request.
 * Run: `npm run build && node dist/bench/startup/startup-bench.js`. Writes docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { packageRoot } from '../../simulator/package-root.js';
import { median, writePerformanceSection } from '../report-section.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

/** Spawn a server printing its port in a line matching `re`, poll `path` until it answers; return ms. */
async function timeToFirstAnswer(args: string[], portPattern: RegExp, path: string): Promise<number> {
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
        if (res.ok) return performance.now() - t0;
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
  const sim: number[] = [];
  const base: number[] = [];
  // One warm-up each (fills the PKI cache and the OS file cache).
  await timeToFirstAnswer([bin, 'serve', '--port', '0', '--log-level', 'silent'], /:(\d+)\/\.well-known/, '/.well-known/eeszt-sim');
  await timeToFirstAnswer(['-e', baselineScript], /port (\d+)/, '/');
  for (let i = 0; i < RUNS; i++) {
    base.push(await timeToFirstAnswer(['-e', baselineScript], /port (\d+)/, '/'));
    sim.push(await timeToFirstAnswer([bin, 'serve', '--port', '0', '--log-level', 'silent'], /:(\d+)\/\.well-known/, '/.well-known/eeszt-sim'));
  }
  const simMs = median(sim);
  const baseMs = median(base);
  const ratio = simMs / baseMs;
  const line = `startup: eeszt-sim ${simMs.toFixed(0)} ms median of ${RUNS} (min ${Math.min(...sim).toFixed(0)}, max ${Math.max(...sim).toFixed(0)}); bare node HTTP server ${baseMs.toFixed(0)} ms; ratio ${ratio.toFixed(2)}x`;
  console.log(line);
  const file = writePerformanceSection(
    'startup',
    `## Start-up

Process spawn to the first answer of \`GET /.well-known/eeszt-sim\` (embedded default fixtures, PKI cache warm),
median of ${RUNS} runs, measured by \`bench/startup\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}).
The baseline is a bare Node.js HTTP server spawned the same way and answering its first request.

| what | median | min | max |
|---|---|---|---|
| eeszt-sim serve | ${simMs.toFixed(0)} ms | ${Math.min(...sim).toFixed(0)} ms | ${Math.max(...sim).toFixed(0)} ms |
| bare node HTTP server | ${baseMs.toFixed(0)} ms | ${Math.min(...base).toFixed(0)} ms | ${Math.max(...base).toFixed(0)} ms |
| ratio | ${ratio.toFixed(2)}x | | |`,
  );
  console.log(`written to ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
