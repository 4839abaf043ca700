/**
 * The one RSA-SHA256 (PKCS#1 v1.5) signature an STS token needs, made by the strategy the process
 * was started with (read once, at start):
 * - `pool` (Node's asynchronous `crypto.sign` on libuv's thread pool; `EESZT_SIM_SIGN_CONCURRENCY=n`
 *   lets at most n wait on the pool, the others wait in order here);
 * - `sync` (`crypto.sign` on the event loop itself: the least CPU per signature, one core);
 * - `worker` (`EESZT_SIM_SIGN_WORKERS` worker threads, 1 unless set, each signing synchronously:
 *   the SignedInfo bytes go over, the base64 signature comes back).
 * `EESZT_SIM_SIGNER` chooses; see docs/hardening.md ("Signatures in flight") and
 * docs/performance.md ("STS") for what bench/sts measured of each. PKCS#1 v1.5 is deterministic:
 * every strategy gives the same bytes.
 *
 * @example
 * ```ts
 * const value = await signRsaSha256(Buffer.from(signedInfoC14n, 'utf8'), signer.key);
 * ```
 */
import { sign, type KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** How the process signs (see the module comment). */
export type SignerStrategy = 'pool' | 'sync' | 'worker';

/** The strategy `EESZT_SIM_SIGNER` names, or the default. */
export const SIGNER: SignerStrategy = signerStrategy();

/**
 * How many RSA signatures may be on libuv's thread pool at once (`pool` only). By default there is
 * no limit of our own (the pool's threads, 4 unless UV_THREADPOOL_SIZE says otherwise, take them
 * in order).
 */
export const SIGN_CONCURRENCY = wholeNumber('EESZT_SIM_SIGN_CONCURRENCY') ?? Infinity;

/** How many signing worker threads (`worker` only). */
export const SIGN_WORKERS = wholeNumber('EESZT_SIM_SIGN_WORKERS') ?? 1;

function signerStrategy(): SignerStrategy {
  const set = process.env['EESZT_SIM_SIGNER'];
  if (set === undefined || set === '') return 'pool';
  if (set === 'pool' || set === 'sync' || set === 'worker') return set;
  throw new Error(`EESZT_SIM_SIGNER=${set} is not a signing strategy; use pool, sync or worker`);
}

function wholeNumber(name: string): number | undefined {
  const set = Number(process.env[name] ?? '');
  return Number.isInteger(set) && set >= 1 ? set : undefined;
}

/** A description of the strategy in force, for bench output. */
export function signerDescription(): string {
  if (SIGNER === 'sync') return 'synchronous on the event loop';
  if (SIGNER === 'worker') return `${SIGN_WORKERS} worker thread${SIGN_WORKERS === 1 ? '' : 's'} signing synchronously`;
  return `libuv's pool, ${Number.isFinite(SIGN_CONCURRENCY) ? `at most ${SIGN_CONCURRENCY}` : 'no limit of ours on the'} signatures in flight`;
}

/**
 * RSA-SHA256 over the UTF-8 bytes of `data` with `key`, base64, by the process's strategy (or
 * the one given: the tests compare them).
 *
 * @example
 * ```ts
 * const value = await signRsaSha256(data, key);
 * ```
 */
export function signRsaSha256(data: string, key: KeyObject, strategy: SignerStrategy = SIGNER): Promise<string> {
  if (strategy === 'worker') return signOnWorker(data, key);
  const bytes = Buffer.from(data, 'utf8');
  if (strategy === 'sync') {
    try {
      return Promise.resolve(sign('sha256', bytes, key).toString('base64'));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return signOnPool(bytes, key);
}

let signsInFlight = 0;
const waitingSigns: Array<() => void> = [];

/** Node's asynchronous `crypto.sign` (libuv's pool), at most {@link SIGN_CONCURRENCY} at once. */
function signOnPool(data: Buffer, key: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      signsInFlight--;
      waitingSigns.shift()?.();
    };
    const start = (): void => {
      signsInFlight++;
      try {
        sign('sha256', data, key, (err, value) => {
          done();
          if (err === null) resolve(value.toString('base64'));
          else reject(err);
        });
      } catch (err) {
        done();
        reject(err);
      }
    };
    if (signsInFlight < SIGN_CONCURRENCY) start();
    else waitingSigns.push(start);
  });
}

/**
 * The worker's code (CommonJS, evaluated): keys arrive once each with their number (`[k, key]`);
 * a batch of jobs is `[[job, keyNumber, text], ...]` (text: a Buffer from Node's pool would be
 * cloned with its whole 8 KB pool) and is answered by one message `[[job, base64] or
 * [job, null, message], ...]` once all are signed.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { sign } = require('node:crypto');
const keys = [];
parentPort.on('message', (m) => {
  if (!Array.isArray(m[0])) { keys[m[0]] = m[1]; return; }
  const out = [];
  for (const j of m) {
    try { out.push([j[0], sign('sha256', Buffer.from(j[2], 'utf8'), keys[j[1]]).toString('base64')]); }
    catch (err) { out.push([j[0], null, String(err && err.message)]); }
  }
  parentPort.postMessage(out);
});
`;

/** A signature asked for and not answered. */
interface WorkerJob {
  resolve: (value: string) => void;
  reject: (err: Error) => void;
}

interface SigningWorker {
  worker: Worker;
  /** Jobs sent and not answered, by number. */
  pending: Map<number, WorkerJob>;
  /** The keys this worker has, by their number. */
  keys: Set<number>;
}

const workers: SigningWorker[] = [];
const keyNumbers = new WeakMap<KeyObject, number>();
let nextKeyNumber = 0;
let nextJob = 0;
/** Signatures asked for in this turn of the event loop, sent as one batch when it ends. */
let batch: Array<{ data: string; key: KeyObject; job: WorkerJob }> = [];

function startWorker(): SigningWorker {
  const w: SigningWorker = { worker: new Worker(WORKER_SOURCE, { eval: true }), pending: new Map(), keys: new Set() };
  // An idle worker does not keep the process alive; one with signatures to make does.
  w.worker.unref();
  w.worker.on('message', (answers: Array<[number, string | null, string?]>) => {
    for (const m of answers) {
      const job = w.pending.get(m[0]);
      if (job === undefined) continue;
      w.pending.delete(m[0]);
      if (m[1] === null) job.reject(new Error(`the signing worker failed: ${m[2] ?? 'unknown error'}`));
      else job.resolve(m[1]);
    }
    if (w.pending.size === 0) w.worker.unref();
  });
  const lost = (err: Error): void => {
    const i = workers.indexOf(w);
    if (i !== -1) workers.splice(i, 1);
    for (const job of w.pending.values()) job.reject(err);
    w.pending.clear();
  };
  w.worker.on('error', lost);
  w.worker.on('exit', (code) => lost(new Error(`the signing worker stopped (exit code ${code})`)));
  return w;
}

/** The worker with the fewest signatures waiting (started on first use, up to {@link SIGN_WORKERS}). */
function leastBusyWorker(): SigningWorker {
  let best: SigningWorker | undefined;
  for (const w of workers) if (best === undefined || w.pending.size < best.pending.size) best = w;
  if (best === undefined || (best.pending.size > 0 && workers.length < SIGN_WORKERS)) {
    best = startWorker();
    workers.push(best);
  }
  return best;
}

/** Send the signatures asked for in this turn of the event loop to the least busy worker, as one message. */
function sendBatch(): void {
  const jobs = batch;
  batch = [];
  const w = leastBusyWorker();
  const message: Array<[number, number, string]> = [];
  for (const { data, key, job } of jobs) {
    let k = keyNumbers.get(key);
    if (k === undefined) {
      k = nextKeyNumber++;
      keyNumbers.set(key, k);
    }
    if (!w.keys.has(k)) {
      // A KeyObject is cloned to the worker once (Node passes KeyObjects between threads); messages arrive in order.
      w.worker.postMessage([k, key]);
      w.keys.add(k);
    }
    const n = nextJob++;
    w.pending.set(n, job);
    message.push([n, k, data]);
  }
  w.worker.ref();
  w.worker.postMessage(message);
}

/**
 * RSA-SHA256 on a signing worker thread. The signatures asked for in one turn of the event loop
 * (the requests of one poll) go over in one message and come back in one: a message each way per
 * signature cost more CPU than the pool (bench/sts).
 */
function signOnWorker(data: string, key: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    if (batch.length === 0) setImmediate(sendBatch);
    batch.push({ data, key, job: { resolve, reject } });
  });
}
