/**
 * The one RSA-SHA256 (PKCS#1 v1.5) signature an STS token needs, made by the strategy the process
 * was started with (read once, at start):
 * - `pool` (Node's asynchronous `crypto.sign` on libuv's thread pool; `EESZT_SIM_SIGN_CONCURRENCY=n`
 *   lets at most n wait on the pool, the others wait in order here);
 * - `sync` (on the event loop itself: the least CPU per signature, one core);
 * - `worker` (`EESZT_SIM_SIGN_WORKERS` worker threads, 1 unless set, each signing synchronously:
 *   the SignedInfo bytes go over, the base64 signature comes back, batched in messages);
 * - `ring` (as many worker threads, each fed through a ring of slots in shared memory: the SignedInfo
 *   bytes are written into a slot, the thread signs the slots in order and writes each signature
 *   back into its slot, and wakes the event loop with one message for whatever it finished since
 *   the event loop last looked);
 * - `balanced` (`ring`, except that a signature asked for while the ring thread already has
 *   `EESZT_SIM_SIGN_BACKLOG` (2 unless set) or more to sign is made synchronously on the event loop:
 *   when the signing thread is the one behind, the event loop takes a share of the signatures).
 * `EESZT_SIM_SIGNER` chooses; see docs/hardening.md ("Signatures in flight") and
 * docs/performance.md ("STS") for what bench/sts measured of each. PKCS#1 v1.5 is deterministic:
 * every strategy gives the same bytes. Every synchronous signature (`sync`, the event loop's share of
 * `balanced`, the `worker` and `ring` threads) is made by {@link threadSigner}: for an RSA key, the
 * RSA private operation on the DigestInfo, with `crypto.sign`'s bytes; `pool` uses `crypto.sign`.
 *
 * @example
 * ```ts
 * const value = await signRsaSha256(Buffer.from(signedInfoC14n, 'utf8'), signer.key);
 * ```
 */
import * as nodeCrypto from 'node:crypto';
import { sign, type KeyObject } from 'node:crypto';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** How the process signs (see the module comment). */
export type SignerStrategy = 'pool' | 'sync' | 'worker' | 'ring' | 'balanced';

/** The strategy `EESZT_SIM_SIGNER` names, or the default. */
export const SIGNER: SignerStrategy = signerStrategy();

/**
 * How many RSA signatures may be on libuv's thread pool at once (`pool` only). By default there is
 * no limit of our own (the pool's threads, 4 unless UV_THREADPOOL_SIZE says otherwise, take them
 * in order).
 */
export const SIGN_CONCURRENCY = wholeNumber('EESZT_SIM_SIGN_CONCURRENCY') ?? Infinity;

/** How many signing worker threads (`worker`, `ring` and `balanced`). */
export const SIGN_WORKERS = wholeNumber('EESZT_SIM_SIGN_WORKERS') ?? 1;

/** `balanced`: from how many signatures waiting on the ring thread the event loop signs itself. */
export const SIGN_BACKLOG = wholeNumber('EESZT_SIM_SIGN_BACKLOG') ?? 2;

function signerStrategy(): SignerStrategy {
  const set = process.env['EESZT_SIM_SIGNER'];
  if (set === undefined || set === '') return 'pool';
  if (set === 'pool' || set === 'sync' || set === 'worker' || set === 'ring' || set === 'balanced') return set;
  throw new Error(`EESZT_SIM_SIGNER=${set} is not a signing strategy; use pool, sync, worker, ring or balanced`);
}

function wholeNumber(name: string): number | undefined {
  const set = Number(process.env[name] ?? '');
  return Number.isInteger(set) && set >= 1 ? set : undefined;
}

/** A description of the strategy in force, for bench output. */
export function signerDescription(): string {
  if (SIGNER === 'sync') return 'synchronous on the event loop';
  const threads = `${SIGN_WORKERS} worker thread${SIGN_WORKERS === 1 ? '' : 's'} signing synchronously`;
  if (SIGNER === 'worker') return threads;
  if (SIGNER === 'ring') return `${threads}, fed through shared memory`;
  if (SIGNER === 'balanced') return `${threads}, fed through shared memory; synchronously on the event loop from ${SIGN_BACKLOG} waiting`;
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
  if (strategy === 'ring') return signOnRing(data, key, leastBusyRing());
  if (strategy === 'balanced') {
    const r = leastBusyRing();
    if (r.pending < SIGN_BACKLOG) return signOnRing(data, key, r);
  }
  const bytes = Buffer.from(data, 'utf8');
  if (strategy === 'sync' || strategy === 'balanced') return signHere(bytes, key);
  return signOnPool(bytes, key);
}

/** What {@link threadSigner} makes: the signing function of one thread and its per-key check. */
interface ThreadSigner {
  signNow(bytes: Uint8Array, key: KeyObject): Buffer;
  signsDirectly(key: KeyObject): boolean;
}

/**
 * The RSA-SHA256 (PKCS#1 v1.5) signing of one thread, given `node:crypto`: self-contained (it uses
 * only its argument and globals), because its source text is also evaluated in the signing threads
 * (`worker`, `ring`), so that every strategy signs the same way.
 *
 * For an RSA private key a signature is the RSA private operation on the SHA-256 DigestInfo:
 * EMSA-PKCS1-v1_5 (RFC 8017, 9.2) is OpenSSL's type-1 padding of the DER DigestInfo, so
 * `privateEncrypt` with that padding gives `crypto.sign`'s bytes (PKCS#1 v1.5 signatures are
 * deterministic) without its signing job object and digest context per signature: 3-5 µs of CPU
 * less per token (in-process A/B of the STS core). That is checked once per key on a probe text
 * against `crypto.sign`; a key where they differ, or any other key (RSA-PSS, Ed25519, a public
 * key), is signed by `crypto.sign` (and fails as it does).
 */
function threadSigner(crypto: typeof import('node:crypto')): ThreadSigner {
  // A SHA-256 DigestInfo: its DER prefix (RFC 8017, 9.2, note 1), then the digest's 32 bytes, written
  // in place for each signature (privateEncrypt is synchronous: it has read them when it returns).
  const digestInfo = Buffer.alloc(51);
  digestInfo.write('3031300d060960864801650304020105000420', 0, 'hex');
  const padding = crypto.constants.RSA_PKCS1_PADDING;
  const checked = new WeakMap<KeyObject, boolean>();
  const direct = (bytes: Uint8Array, key: KeyObject): Buffer => {
    // The digest as 'binary' (latin1) text: one character per byte, written back as the same bytes.
    digestInfo.write(crypto.hash('sha256', bytes, 'binary'), 19, 'latin1');
    return crypto.privateEncrypt({ key, padding }, digestInfo);
  };
  const signsDirectly = (key: KeyObject): boolean => {
    // A key that is no KeyObject (a PEM text from JavaScript) is crypto.sign's to read, or refuse.
    if (typeof key !== 'object' || key === null) return false;
    let ok = checked.get(key);
    if (ok === undefined) {
      ok = false;
      if (key.type === 'private' && key.asymmetricKeyType === 'rsa') {
        const probe = Buffer.from('<ds:SignedInfo>rsa-signer probe</ds:SignedInfo>', 'utf8');
        try {
          ok = direct(probe, key).equals(crypto.sign('sha256', probe, key));
        } catch {
          ok = false;
        }
      }
      checked.set(key, ok);
    }
    return ok;
  };
  return { signNow: (bytes, key) => (signsDirectly(key) ? direct(bytes, key) : crypto.sign('sha256', bytes, key)), signsDirectly };
}

/** This thread's signer; the signing threads evaluate {@link threadSigner}'s source for theirs. */
const here = threadSigner(nodeCrypto);
/**
 * The line of a signing thread's source that makes its `signNow` (see {@link threadSigner}). A
 * thread's source is an async function's body: evaluated code is CommonJS or an ES module as the
 * process's flags say (`node --input-type=module` passes on to its threads), and only `import()`
 * works in both.
 */
const THREAD_SIGNER_SOURCE = `const { signNow } = (${threadSigner.toString()})(await import('node:crypto'));`;

/** A signing thread's source: `body` run in an async function (see {@link THREAD_SIGNER_SOURCE}). */
function threadSource(body: string): string {
  return `(async () => {\n${body}\n})();`;
}

/**
 * RSA-SHA256 (PKCS#1 v1.5) of `bytes` on this thread, with `crypto.sign`'s bytes (see
 * {@link threadSigner}: an RSA key signed directly, after a check once per key).
 *
 * @example
 * ```ts
 * const value = rsaSha256Now(Buffer.from(signedInfoC14n, 'utf8'), signer.key).toString('base64');
 * ```
 */
export function rsaSha256Now(bytes: Uint8Array, key: KeyObject): Buffer {
  return here.signNow(bytes, key);
}

/**
 * Whether {@link rsaSha256Now} signs with this key directly (the RSA private operation on the
 * DigestInfo), as checked once against `crypto.sign`; false for any key that is not a plain RSA
 * private key.
 *
 * @example
 * ```ts
 * directSigns(createPrivateKey(pki.sts.keyPem)); // true
 * ```
 */
export function directSigns(key: KeyObject): boolean {
  return here.signsDirectly(key);
}

/** {@link rsaSha256Now} on the event loop, as a promise that rejects (never throws). */
function signHere(bytes: Buffer, key: KeyObject): Promise<string> {
  try {
    return Promise.resolve(rsaSha256Now(bytes, key).toString('base64'));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
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
 * The worker's code (evaluated): keys arrive once each with their number (`[k, key]`);
 * a batch of jobs is `[[job, keyNumber, text], ...]` (text: a Buffer from Node's pool would be
 * cloned with its whole 8 KB pool) and is answered by one message `[[job, base64] or
 * [job, null, message], ...]` once all are signed.
 */
const WORKER_SOURCE = threadSource(`
const { parentPort } = await import('node:worker_threads');
${THREAD_SIGNER_SOURCE}
const keys = [];
parentPort.on('message', (m) => {
  if (!Array.isArray(m[0])) { keys[m[0]] = m[1]; return; }
  const out = [];
  for (const j of m) {
    try { out.push([j[0], signNow(Buffer.from(j[2], 'utf8'), keys[j[1]]).toString('base64')]); }
    catch (err) { out.push([j[0], null, String(err && err.message)]); }
  }
  parentPort.postMessage(out);
});
`);

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

/** The number that stands for `key` between the event loop and the signing threads. */
function keyNumber(key: KeyObject): number {
  let k = keyNumbers.get(key);
  if (k === undefined) {
    k = nextKeyNumber++;
    keyNumbers.set(key, k);
  }
  return k;
}
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
  // A thread that fails or stops fails the signatures it had (the next ones start a new thread).
  w.worker.on('error', (err) => lost(new Error(`the signing worker failed: ${err.message}`, { cause: err })));
  w.worker.on('exit', (code) => lost(new Error(`the signing worker stopped (exit code ${code}); the next signature starts a new one`)));
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
  let w: SigningWorker | undefined;
  const message: Array<[number, number, string]> = [];
  try {
    w = leastBusyWorker();
    for (const { data, key, job } of jobs) {
      const k = keyNumber(key);
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
  } catch (err) {
    // No thread to start, or a key that cannot be sent: the batch fails here, not silently (never a hang).
    for (const m of message) w?.pending.delete(m[0]);
    if (w !== undefined && w.pending.size === 0) w.worker.unref();
    const failure = new Error(`the signing worker could not be given the signatures: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    for (const { job } of jobs) job.reject(failure);
  }
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

/**
 * The signing threads running now (`worker`, then `ring` and `balanced`), for tests and diagnostics:
 * none before the first signature that needs one.
 *
 * @example
 * ```ts
 * await Promise.all(signingThreads().map((t) => t.terminate()));
 * ```
 */
export function signingThreads(): Worker[] {
  return [...workers.map((w) => w.worker), ...rings.map((r) => r.worker)];
}

/** Slots of a ring: how many signatures one signing thread can have asked for at once (more wait in order here). */
const RING_SLOTS = 64;
/** Bytes of a slot: the SignedInfo text in, the signature (or an error message) out; a longer text is signed on the pool. */
const RING_SLOT_BYTES = 4096;
/** A slot's state: free, holding a text to sign, holding a signature, holding an error message. */
const FREE = 0;
const TO_SIGN = 1;
const SIGNED = 2;
const FAILED = 3;
/** Words of the control array: jobs submitted (the thread waits on it), "a wake-up message is on its way". */
const SUBMITTED = 0;
const WAKE_SENT = 1;

/**
 * The ring thread's code (evaluated). It never returns to its event loop: it signs the
 * slots in order, writes each signature into its slot and marks it, sends one (empty) message
 * unless one is already on its way, and sleeps on the submission counter when the next slot holds
 * nothing to sign. A key (a KeyObject, cloned once) arrives on its own port before the first
 * text that names it and is read from there synchronously.
 */
const RING_SOURCE = threadSource(`
const { workerData, parentPort, receiveMessageOnPort } = await import('node:worker_threads');
${THREAD_SIGNER_SOURCE}
const { control, states, lengths, keyNumbers, bytes, keyPort, slots, slotBytes } = workerData;
const ctl = new Int32Array(control);
const state = new Int32Array(states);
const length = new Int32Array(lengths);
const keyOf = new Int32Array(keyNumbers);
const data = Buffer.from(bytes);
const keys = [];
let next = 0;
for (;;) {
  const seen = Atomics.load(ctl, ${SUBMITTED});
  while (Atomics.load(state, next) === ${TO_SIGN}) {
    const at = next * slotBytes;
    let done = ${SIGNED};
    try {
      const k = keyOf[next];
      while (keys[k] === undefined) {
        const m = receiveMessageOnPort(keyPort);
        if (m === undefined) throw new Error('key ' + k + ' never arrived');
        keys[m.message[0]] = m.message[1];
      }
      const value = signNow(data.subarray(at, at + length[next]), keys[k]);
      data.set(value, at);
      length[next] = value.length;
    } catch (err) {
      length[next] = data.write(String((err && err.message) || err), at, slotBytes, 'utf8');
      done = ${FAILED};
    }
    Atomics.store(state, next, done);
    next = (next + 1) % slots;
    if (Atomics.compareExchange(ctl, ${WAKE_SENT}, 0, 1) === 0) parentPort.postMessage(0);
  }
  Atomics.wait(ctl, ${SUBMITTED}, seen);
}
`);

/** A signing thread fed through shared memory, and what the event loop knows of it. */
interface RingWorker {
  worker: Worker;
  control: Int32Array;
  state: Int32Array;
  length: Int32Array;
  keyOf: Int32Array;
  data: Buffer;
  keyPort: MessagePort;
  /** The keys sent to this thread, by their number. */
  keys: Set<number>;
  /** The jobs in the slots, by slot. */
  jobs: Array<WorkerJob | undefined>;
  /** The next slot to fill, and the next to read (the thread signs them in order). */
  head: number;
  tail: number;
  /** Texts waiting for a free slot, in order. */
  waiting: Array<{ bytes: Buffer; key: KeyObject; job: WorkerJob }>;
  /** Jobs in slots or waiting. */
  pending: number;
  lost: boolean;
}

const rings: RingWorker[] = [];

function startRing(): RingWorker {
  const control = new SharedArrayBuffer(8);
  const states = new SharedArrayBuffer(4 * RING_SLOTS);
  const lengths = new SharedArrayBuffer(4 * RING_SLOTS);
  const keyNumbersBuffer = new SharedArrayBuffer(4 * RING_SLOTS);
  const bytes = new SharedArrayBuffer(RING_SLOTS * RING_SLOT_BYTES);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(RING_SOURCE, {
    eval: true,
    workerData: { control, states, lengths, keyNumbers: keyNumbersBuffer, bytes, keyPort: port2, slots: RING_SLOTS, slotBytes: RING_SLOT_BYTES },
    transferList: [port2],
  });
  const r: RingWorker = {
    worker,
    control: new Int32Array(control),
    state: new Int32Array(states),
    length: new Int32Array(lengths),
    keyOf: new Int32Array(keyNumbersBuffer),
    data: Buffer.from(bytes),
    keyPort: port1,
    keys: new Set(),
    jobs: new Array<WorkerJob | undefined>(RING_SLOTS),
    head: 0,
    tail: 0,
    waiting: [],
    pending: 0,
    lost: false,
  };
  // An idle thread does not keep the process alive; one with signatures to make does.
  worker.unref();
  port1.unref();
  worker.on('message', () => {
    // Cleared before reading: a signature finished after this read sends a new message.
    Atomics.store(r.control, WAKE_SENT, 0);
    collectRing(r);
  });
  const lost = (err: Error): void => {
    if (r.lost) return;
    r.lost = true;
    const i = rings.indexOf(r);
    if (i !== -1) rings.splice(i, 1);
    for (const job of r.jobs) job?.reject(err);
    for (const w of r.waiting) w.job.reject(err);
    r.jobs.fill(undefined);
    r.waiting = [];
    r.pending = 0;
    port1.close();
  };
  // A thread that fails or stops fails the signatures it had (the next ones start a new thread).
  worker.on('error', (err) => lost(new Error(`the signing thread failed: ${err.message}`, { cause: err })));
  worker.on('exit', (code) => lost(new Error(`the signing thread stopped (exit code ${code}); the next signature starts a new one`)));
  return r;
}

/** Settle the jobs whose slots the thread has finished, in order, and fill the slots they free. */
function collectRing(r: RingWorker): void {
  for (;;) {
    const s = Atomics.load(r.state, r.tail);
    if (s !== SIGNED && s !== FAILED) break;
    const at = r.tail * RING_SLOT_BYTES;
    const end = at + (r.length[r.tail] ?? 0);
    const job = r.jobs[r.tail];
    r.jobs[r.tail] = undefined;
    if (s === SIGNED) job?.resolve(r.data.toString('base64', at, end));
    else job?.reject(new Error(`the signing thread failed: ${r.data.toString('utf8', at, end)}`));
    Atomics.store(r.state, r.tail, FREE);
    r.tail = (r.tail + 1) % RING_SLOTS;
    r.pending--;
  }
  let queued = false;
  while (r.waiting.length > 0 && Atomics.load(r.state, r.head) === FREE) {
    const w = r.waiting.shift() as { bytes: Buffer; key: KeyObject; job: WorkerJob };
    try {
      fillSlot(r, w.bytes.copy(r.data, r.head * RING_SLOT_BYTES), w.key, w.job);
      queued = true;
    } catch (err) {
      unqueued(r, w.job, err);
    }
  }
  if (queued) submitted(r);
  if (r.pending === 0) r.worker.unref();
}

/** A job that could not be handed to the thread (its key cannot be sent): it fails, and is no longer pending. */
function unqueued(r: RingWorker, job: WorkerJob, err: unknown): void {
  r.pending--;
  job.reject(new Error(`the signing thread could not be given the signature: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
}

/** Hand the slot at `head` (its text already written, `n` bytes) to the thread. */
function fillSlot(r: RingWorker, n: number, key: KeyObject, job: WorkerJob): void {
  const k = keyNumber(key);
  if (!r.keys.has(k)) {
    // A KeyObject is cloned to the thread once; it reads its port before signing the first text that names it.
    r.keyPort.postMessage([k, key]);
    r.keys.add(k);
  }
  r.length[r.head] = n;
  r.keyOf[r.head] = k;
  r.jobs[r.head] = job;
  Atomics.store(r.state, r.head, TO_SIGN);
  r.head = (r.head + 1) % RING_SLOTS;
}

/** Wake the thread if it sleeps (a counter it waits on). */
function submitted(r: RingWorker): void {
  Atomics.add(r.control, SUBMITTED, 1);
  Atomics.notify(r.control, SUBMITTED);
}

/** The ring thread with the fewest signatures pending (started on first use, up to {@link SIGN_WORKERS}). */
function leastBusyRing(): RingWorker {
  let best: RingWorker | undefined;
  for (const r of rings) if (best === undefined || r.pending < best.pending) best = r;
  if (best === undefined || (best.pending > 0 && rings.length < SIGN_WORKERS)) {
    best = startRing();
    rings.push(best);
  }
  return best;
}

/**
 * RSA-SHA256 on a signing thread fed through shared memory: no message per signature either way,
 * one wake-up message for the signatures finished while the event loop was busy.
 */
function signOnRing(data: string, key: KeyObject, r: RingWorker): Promise<string> {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; only a text that might not fit is measured.
  if (data.length * 3 > RING_SLOT_BYTES && Buffer.byteLength(data, 'utf8') > RING_SLOT_BYTES) return signOnPool(Buffer.from(data, 'utf8'), key);
  return new Promise((resolve, reject) => {
    const job: WorkerJob = { resolve, reject };
    r.pending++;
    r.worker.ref();
    if (r.waiting.length === 0 && Atomics.load(r.state, r.head) === FREE) {
      try {
        // fillSlot sends the key first (it may throw), then fills the slot.
        fillSlot(r, r.data.write(data, r.head * RING_SLOT_BYTES, RING_SLOT_BYTES, 'utf8'), key, job);
      } catch (err) {
        unqueued(r, job, err);
        if (r.pending === 0) r.worker.unref();
        return;
      }
      submitted(r);
    } else {
      r.waiting.push({ bytes: Buffer.from(data, 'utf8'), key, job });
    }
  });
}
