/**
 * The Node side of the PC/SC helper (`pcsc-helper.py`): starts Debian's `/usr/bin/python3` with
 * pyscard as a child process and talks JSON lines with it, asynchronously. Every PC/SC call
 * (list readers, connect, transmit, disconnect) is a request awaited without blocking the event
 * loop, so the vpcd bridge in the same process keeps answering pcscd while the card client
 * waits for its own APDU to come back through pcscd. See docs/card-login.md, "`--pcsc`".
 *
 * @example
 * ```ts
 * const helper = new PcscHelper();
 * const { handle } = await helper.connect({ reader: 'Virtual PCD 00 00', reset: true });
 * const response = await helper.transmit(handle, fromHex('00A4040C09F045455A5453494D'));
 * await helper.disconnect(handle, 'reset');
 * await helper.close();
 * ```
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { fromHex, toHex } from '../card/apdu.js';

/** How the helper reports a failure (see pcsc-helper.py). */
export type PcscFailureCode =
  | 'NO_SERVICE'
  | 'NO_READER'
  | 'NO_CARD'
  | 'REMOVED'
  | 'RESET'
  | 'SHARING'
  | 'TIMEOUT'
  | 'BAD_HANDLE'
  | 'BAD_REQUEST'
  | 'PCSC_ERROR'
  /** The helper could not be started (no python3, no pyscard) or died. */
  | 'HELPER_UNAVAILABLE'
  /** The helper did not answer in time (it was stopped; the next request starts a new one). */
  | 'HELPER_TIMEOUT';

/** A failed PC/SC request. */
export class PcscHelperError extends Error {
  constructor(
    readonly code: PcscFailureCode,
    message: string,
    /** The PC/SC return code, e.g. `0x8010000C`, when pcscd gave one. */
    readonly scard?: string,
  ) {
    super(message);
    this.name = 'PcscHelperError';
  }
}

/** The helper script shipped in the package (found from source and from `dist/`). */
export function pcscHelperScript(): string {
  return join(packageRoot(), 'virtual-reader', 'pcsc', 'pcsc-helper.py');
}

/** The Python that runs the helper: `EESZT_SIM_PCSC_PYTHON`, else Debian's `/usr/bin/python3` (python3-pyscard), else `python3`. */
export function defaultPcscPython(): string {
  const fromEnv = process.env.EESZT_SIM_PCSC_PYTHON;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Options of {@link PcscHelper}. */
export interface PcscHelperOptions {
  /** The Python interpreter (default {@link defaultPcscPython}). */
  python?: string;
  /** The helper script (default {@link pcscHelperScript}). */
  script?: string;
  /** How long the helper may take to start and import pyscard (default 10 s). */
  startTimeoutMs?: number;
  /** Default time a request may take (default 15 s). */
  requestTimeoutMs?: number;
  /** Environment of the helper (default: this process's), e.g. `PCSCLITE_CSOCK_NAME` for another pcscd socket. */
  env?: NodeJS.ProcessEnv;
}

/** What `connect` answers. */
export interface PcscConnection {
  handle: number;
  /** The full PC/SC reader name. */
  reader: string;
  /** ATR, hex. */
  atr: string;
  protocol: 'T0' | 'T1';
}

/** Disposition of the card when disconnecting (PC/SC `SCARD_*_CARD`). */
export type PcscDisposition = 'leave' | 'reset' | 'unpower' | 'eject';

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  stderr: string;
}

/** One helper process (started on first use, restarted after it died or timed out). */
export class PcscHelper {
  private readonly python: string;
  private readonly script: string;
  private readonly startTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private running: Running | undefined;
  private nextId = 1;
  private closed = false;

  constructor(options: PcscHelperOptions = {}) {
    this.python = options.python ?? defaultPcscPython();
    this.script = options.script ?? pcscHelperScript();
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.env = options.env;
  }

  /** The helper's process id while it runs (tests use it). */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Send one request; resolves with the answer's fields, rejects with {@link PcscHelperError}. */
  async request(op: string, fields: Record<string, unknown> = {}, timeoutMs = this.requestTimeoutMs): Promise<Record<string, unknown>> {
    if (this.closed) throw new PcscHelperError('HELPER_UNAVAILABLE', 'the PC/SC helper was closed');
    const run = this.start();
    await run.ready;
    const id = this.nextId++;
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        run.pending.delete(id);
        reject(new PcscHelperError('HELPER_TIMEOUT', `the PC/SC helper did not answer "${op}" within ${timeoutMs} ms; it was stopped`));
        this.stop(run, `an earlier request ("${op}") timed out`);
      }, timeoutMs);
      run.pending.set(id, { resolve, reject, timer });
      run.child.stdin.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    });
  }

  /** The PC/SC reader names pcscd has. */
  async readers(): Promise<string[]> {
    return (await this.request('readers')).readers as string[];
  }

  /**
   * Whether the reader holds a card (and its ATR), and pcscd's count of card events in it
   * (insertions and removals its event handler noticed; changes when pcscd saw the card move).
   */
  async status(reader: string): Promise<{ reader: string; present: boolean; atr: string; events: number }> {
    const a = await this.request('status', { reader });
    return { reader: a.reader as string, present: a.present as boolean, atr: a.atr as string, events: typeof a.events === 'number' ? a.events : 0 };
  }

  /**
   * Connect to the card in `reader` (exact name, or a prefix), shared, T=0 or T=1. `reset` warm
   * resets it first (a new card session), `transaction` holds a PC/SC transaction until
   * disconnect, `waitMs` waits that long for a card to appear.
   */
  async connect(options: { reader: string; protocol?: 'any' | 'T0' | 'T1'; reset?: boolean; transaction?: boolean; waitMs?: number; timeoutMs?: number }): Promise<PcscConnection> {
    const waitMs = options.waitMs ?? 0;
    const a = await this.request(
      'connect',
      { reader: options.reader, protocol: options.protocol ?? 'any', reset: options.reset ?? false, transaction: options.transaction ?? false, waitMs },
      options.timeoutMs ?? this.requestTimeoutMs + waitMs,
    );
    return { handle: a.handle as number, reader: a.reader as string, atr: a.atr as string, protocol: a.protocol as 'T0' | 'T1' };
  }

  /** Send a command APDU; answers the response APDU (data + SW1SW2). */
  async transmit(handle: number, apdu: Uint8Array, timeoutMs?: number): Promise<Uint8Array> {
    const a = await this.request('transmit', { handle, apdu: toHex(apdu, '') }, timeoutMs);
    return fromHex(a.response as string);
  }

  /** Close a connection (ending its transaction), leaving / resetting / powering down the card. */
  async disconnect(handle: number, disposition: PcscDisposition = 'leave'): Promise<void> {
    await this.request('disconnect', { handle, disposition });
  }

  /** Stop the helper (its PC/SC context is released; pcscd ends its connections). */
  async close(): Promise<void> {
    this.closed = true;
    const run = this.running;
    if (run === undefined) return;
    this.running = undefined;
    const exited = new Promise<void>((resolve) => {
      if (run.child.exitCode !== null || run.child.signalCode !== null) resolve();
      else run.child.once('exit', () => resolve());
    });
    run.child.stdin.end();
    const force = setTimeout(() => run.child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(force);
  }

  private start(): Running {
    if (this.running !== undefined) return this.running;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(this.python, ['-u', this.script], { stdio: ['pipe', 'pipe', 'pipe'], ...(this.env === undefined ? {} : { env: this.env }) });
    } catch (err) {
      throw new PcscHelperError('HELPER_UNAVAILABLE', `cannot start the PC/SC helper with ${this.python}: ${(err as Error).message}`);
    }
    const run: Running = { child, pending: new Map(), stderr: '', ready: Promise.resolve() };
    this.running = run;
    let buffer = '';
    let readyResolve!: () => void;
    let readyReject!: (err: Error) => void;
    let isReady = false;
    run.ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    run.ready.catch(() => undefined); // observed by request(); avoid an unhandled rejection meanwhile
    const startTimer = setTimeout(() => {
      readyReject(new PcscHelperError('HELPER_UNAVAILABLE', `the PC/SC helper (${this.python} ${this.script}) did not start within ${this.startTimeoutMs} ms`));
      this.stop(run, 'it did not start');
    }, this.startTimeoutMs);

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line === '') continue;
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // not ours (a library printing on stdout); ignore
        }
        if (!isReady && 'ready' in msg) {
          clearTimeout(startTimer);
          if (msg.ready === true) {
            isReady = true;
            readyResolve();
          } else {
            readyReject(new PcscHelperError('HELPER_UNAVAILABLE', String(msg.message ?? 'the PC/SC helper could not start')));
          }
          continue;
        }
        const pending = typeof msg.id === 'number' ? run.pending.get(msg.id) : undefined;
        if (pending === undefined) continue;
        run.pending.delete(msg.id as number);
        clearTimeout(pending.timer);
        if (msg.ok === true) pending.resolve(msg);
        else pending.reject(new PcscHelperError(String(msg.code ?? 'PCSC_ERROR') as PcscFailureCode, String(msg.message ?? 'PC/SC request failed'), typeof msg.scard === 'string' ? msg.scard : undefined));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      run.stderr = (run.stderr + chunk).slice(-4000);
    });
    child.stdin.on('error', () => undefined); // EPIPE after the helper died: reported by 'exit'
    child.once('error', (err) => {
      clearTimeout(startTimer);
      const e = new PcscHelperError('HELPER_UNAVAILABLE', `cannot start the PC/SC helper with ${this.python}: ${err.message}; install Debian's python3 and python3-pyscard, or set EESZT_SIM_PCSC_PYTHON`);
      readyReject(e);
      this.fail(run, e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(startTimer);
      const why = `the PC/SC helper exited (${signal ?? `status ${code}`})${run.stderr.trim() === '' ? '' : `: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`}`;
      const e = new PcscHelperError('HELPER_UNAVAILABLE', why);
      readyReject(e);
      this.fail(run, e);
    });
    return run;
  }

  /** Kill a helper that misbehaved; its pending requests fail, the next request starts a new one. */
  private stop(run: Running, why: string): void {
    this.fail(run, new PcscHelperError('HELPER_UNAVAILABLE', `the PC/SC helper was stopped: ${why}`));
    run.child.kill('SIGKILL');
  }

  private fail(run: Running, err: PcscHelperError): void {
    if (this.running === run) this.running = undefined;
    for (const [id, p] of run.pending) {
      clearTimeout(p.timer);
      run.pending.delete(id);
      p.reject(err);
    }
  }
}
