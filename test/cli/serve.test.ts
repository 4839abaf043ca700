import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runCli, startServe, stop } from '../helpers/cli.js';

describe('eeszt-sim CLI', () => {
  it('prints its version and help', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    for (const cmd of ['serve', 'certs', 'fixtures']) expect(h.stdout).toContain(cmd);
    const sh = await runCli(['serve', '--help']);
    expect(sh.stdout).toContain('--port');
    expect(sh.stdout).toContain('EESZT_SIM_PORT');
    expect(sh.stdout).toContain('Exit codes');
  });

  it('refuses a bad option with exit code 2 and no stack trace', async () => {
    const r = await runCli(['serve', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('eeszt-sim: --port takes a whole number; got `eighty`\n');
    const u = await runCli(['serve', '--frobnicate']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("unknown option '--frobnicate'");
    const b = await runCli(['serve', '--bucket-capacity', 'lots']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--bucket-capacity takes a whole number');
  });

  it('serves on the embedded defaults, answers discovery quickly and stops cleanly on SIGTERM', async () => {
    const t0 = performance.now();
    const { child, origin, output } = await startServe(['--log-level', 'silent']);
    const res = await fetch(`${origin}/.well-known/eeszt-sim`);
    const startedMs = performance.now() - t0;
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { endpoints: Record<string, string>; certificates: { stsSigning: string } };
    expect(doc.endpoints.discovery).toBe(`${origin}/.well-known/eeszt-sim`);
    expect(output()).toContain('ready (embedded default set');
    // openssl reads the PEM from discovery
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-'));
    writeFileSync(join(dir, 'sts.pem'), doc.certificates.stsSigning);
    expect(execFileSync('openssl', ['x509', '-noout', '-subject', '-in', join(dir, 'sts.pem')]).toString()).toMatch(/^subject=/);
    expect(startedMs).toBeLessThan(5000); // generous bound for loaded CI machines; bench/startup measures the real figure
    expect(await stop(child, 'SIGTERM')).toBe(0);
  });

  it('stops cleanly on SIGINT too', async () => {
    const { child } = await startServe(['--log-level', 'silent']);
    expect(await stop(child, 'SIGINT')).toBe(0);
  });

  it('says so when the port is taken (exit 3)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const r = await runCli(['serve', '--port', String(port), '--log-level', 'silent']);
    blocker.close();
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`eeszt-sim: port ${port} on 127.0.0.1 is in use; stop what uses it or pick another with --port (or EESZT_SIM_PORT)\n`);
  });

  it('takes the port from EESZT_SIM_PORT', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { spawn } = await import('node:child_process');
    const { BIN, TEST_CACHE } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [BIN, 'serve', '--log-level', 'silent'], { env: { ...process.env, EESZT_SIM_PORT: String(port), EESZT_SIM_CACHE: TEST_CACHE } });
    const origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /discovery\s+(http:\/\/[^/\s]+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(origin).toBe(`http://127.0.0.1:${port}`);
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  });
});
