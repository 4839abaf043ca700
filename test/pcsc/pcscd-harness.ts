/**
 * Starts and stops pcscd for the PC/SC integration test, in a container without systemd.
 * pcscd's IPC directory is fixed (`/run/pcscd`), so only one pcscd can run per machine: a
 * lock directory serialises test runs, a pcscd already running (started by someone else) is
 * reused and left alone, stale files of a dead pcscd are cleaned up, and the pcscd this harness
 * starts is always stopped again (`--auto-exit` as a safety net if the test process dies).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { runningInCi } from '../helpers/ci.js';

export const PCSCD_BIN = '/usr/sbin/pcscd';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
export const VPCD_READER_CONF = '/etc/reader.conf.d/vpcd';
export const SYSTEM_PYTHON = '/usr/bin/python3';
const RUN_DIR = '/run/pcscd';
const PID_FILE = `${RUN_DIR}/pcscd.pid`;
const COMM_SOCKET = `${RUN_DIR}/pcscd.comm`;
const LOCK_DIR = '/tmp/eeszt-sim-pcscd.lock';

/** Why the PC/SC test cannot run here, or undefined when pcscd and vpcd are installed (and always in CI, where a missing tool must fail the tests). */
export function missingPcscTools(): string | undefined {
  const missing = [PCSCD_BIN, VPCD_DRIVER, VPCD_READER_CONF].filter((f) => !existsSync(f));
  if (missing.length === 0) return undefined;
  // In CI (.ci/run installs the packages) the tests must run, and fail when a tool is missing.
  if (runningInCi()) return undefined;
  return `PC/SC test skipped: ${missing.join(', ')} not found; install the Debian packages: apt-get install -y pcscd vsmartcard-vpcd pcsc-tools python3-pyscard`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function acquireLock(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPid(`${LOCK_DIR}/pid`);
      if (holder !== undefined && !alive(holder)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another PC/SC test run (pid ${holder ?? '?'}) holds ${LOCK_DIR}; wait for it or remove the directory`);
      await delay(200);
    }
  }
}

function releaseLock(): void {
  if (readPid(`${LOCK_DIR}/pid`) === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
}

/** A pcscd the test may use. */
export interface PcscdHandle {
  /** True when this harness started it (and will stop it). */
  readonly startedHere: boolean;
  /** pcscd's output so far (only when started here), for failure messages. */
  log(): string;
  /** Stop pcscd if started here, and release the lock. */
  stop(): Promise<void>;
  /**
   * Stop pcscd and start a new one, keeping the lock (a pcscd restart as users do it). Only for
   * a pcscd started here; throws for one that was already running.
   */
  restart(): Promise<void>;
}

/** Start pcscd (or reuse a running one) and wait until its socket is up. */
export async function startPcscd(): Promise<PcscdHandle> {
  await acquireLock(120_000);
  try {
    const running = readPid(PID_FILE);
    if (running !== undefined && alive(running) && existsSync(COMM_SOCKET)) {
      return {
        startedHere: false,
        log: () => `(pcscd pid ${running} was already running)`,
        stop: async () => releaseLock(),
        restart: () => Promise.reject(new Error(`pcscd (pid ${running}) was started by someone else; the harness does not restart it`)),
      };
    }
    // Leftovers of a pcscd that died without cleaning up would make a new one refuse to start.
    if (running === undefined || !alive(running)) {
      rmSync(PID_FILE, { force: true });
      rmSync(COMM_SOCKET, { force: true });
    }
    let daemon = await spawnPcscd();
    return {
      startedHere: true,
      log: () => daemon.output(),
      async stop() {
        try {
          await daemon.kill();
        } finally {
          releaseLock();
        }
      },
      async restart() {
        await daemon.kill();
        rmSync(PID_FILE, { force: true });
        rmSync(COMM_SOCKET, { force: true });
        daemon = await spawnPcscd();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** Start pcscd in the foreground and wait until its socket is up. */
async function spawnPcscd(): Promise<{ output(): string; kill(): Promise<void> }> {
  let output = '';
  const child: ChildProcess = spawn(PCSCD_BIN, ['--foreground', '--auto-exit'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!existsSync(COMM_SOCKET)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pcscd did not start (exit ${child.exitCode}):\n${output}`);
    }
    await delay(100);
  }
  return {
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
        if (!killed) {
          child.kill('SIGKILL');
          await exited;
        }
      }
    },
  };
}
