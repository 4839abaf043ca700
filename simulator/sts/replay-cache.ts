/**
 * Single-use values (UsernameToken nonces, rID package request nonces): remembered in a store
 * bucket until they could no longer be accepted anyway, so a second use is refused with
 * `REPLAYED`. Reset (`POST /_sim/reset`) forgets them; expired ones are swept every 30 s.
 *
 * Kept compactly, because a HIS under load sends one per token and they are kept for minutes
 * (until their Created is out of the clock skew: 10 min by default): a record is a short flat
 * string (first use and end, epoch ms in base 36: one heap object, where an object with an ISO
 * time took about 100 bytes) under the value itself when it is Base64 of at most 32 bytes (what
 * nonces are), else under a 16-byte SHA-256 digest of it, so a long value costs no more. Heap per
 * remembered nonce, measured with 100 000 of them: 161 bytes as an object, 163-166 as a
 * concatenated string, 117-118 as one flat string; see docs/hardening.md.
 *
 * @example
 * ```ts
 * useOnce(deps, NONCE_BUCKET, nonce, expiresAtMs, 'UsernameToken nonce'); // throws Replayed the second time
 * ```
 */
import { hash } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { Overloaded, Replayed } from '../core/errors.js';
import { BoundedMap } from '../state/store.js';

/** Bucket of seen UsernameToken nonces: nonce -> record. */
export const NONCE_BUCKET = 'sts.nonces';
/** Bucket of used rID packages: request nonce -> record. */
export const RID_PACKAGE_BUCKET = 'sts.rid-packages';

/** A remembered single-use value. */
export interface SeenValue {
  /** Simulator time of first use (ISO 8601). */
  firstUsedAt: string;
  /** Epoch ms after which the value is forgotten. */
  keepUntilMs: number;
}

/** How often expired values are swept (real time; the timer does not keep the process alive). */
export const REPLAY_SWEEP_MS = 30_000;

/** Base64 of at most 32 bytes: kept as it is (a digest key starts with `#`, never Base64). */
const PLAIN_KEY = /^[A-Za-z0-9+/]{1,44}={0,2}$/;

/**
 * The key a value is remembered under: the value itself when it is short Base64, else `#` and
 * the first 16 bytes of its SHA-256 in Base64. Exact for the former; for the latter two values
 * share a key only by a 128-bit collision (about one in 2^64 among 2^32 values held): a fresh
 * value is not refused in practice.
 */
export function replayKey(value: string): string {
  return PLAIN_KEY.test(value) ? value : `#${hash('sha256', value, 'buffer').toString('base64', 0, 16)}`;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Character codes of a record being written (two epoch-ms integers in base 36 and a dot fit in 64). */
const recordCodes: number[] = [];

/** Append the base-36 digits of an integer (as `toString(36)` writes it: `-` for a negative one) to {@link recordCodes}. */
function pushBase36(n: number): void {
  if (n < 0) {
    recordCodes.push(45); // '-'
    n = -n;
  }
  const start = recordCodes.length;
  do {
    const q = Math.floor(n / 36);
    recordCodes.push(BASE36.charCodeAt(n - q * 36));
    n = q;
  } while (n > 0);
  // Digits were pushed least significant first.
  for (let i = start, j = recordCodes.length - 1; i < j; i++, j--) {
    const t = recordCodes[i] as number;
    recordCodes[i] = recordCodes[j] as number;
    recordCodes[j] = t;
  }
}

/**
 * A record as kept: `<first use>.<keep until>`, epoch ms in base 36 (what `toString(36)` of each
 * writes). Written as one flat string, not a concatenation: a record lives for minutes, and a
 * concatenated one was three heap objects (the rope and its two halves) that every young-generation
 * collection copied until they were promoted, where this is one.
 */
export function seenRecord(firstUsedMs: number, keepUntilMs: number): string {
  if (!Number.isSafeInteger(firstUsedMs) || !Number.isSafeInteger(keepUntilMs)) return `${firstUsedMs.toString(36)}.${keepUntilMs.toString(36)}`;
  recordCodes.length = 0;
  pushBase36(firstUsedMs);
  recordCodes.push(46); // '.'
  pushBase36(keepUntilMs);
  return String.fromCharCode.apply(null, recordCodes);
}

/** A record read back (also the object form a data dir written by an older version holds). */
function readSeen(record: unknown): { firstUsedAt: string; keepUntilMs: number } | undefined {
  if (typeof record === 'string') {
    const dot = record.indexOf('.');
    return { firstUsedAt: new Date(parseInt(record.slice(0, dot), 36)).toISOString(), keepUntilMs: parseInt(record.slice(dot + 1), 36) };
  }
  if (record !== null && typeof record === 'object' && 'keepUntilMs' in record) return record as SeenValue;
  return undefined;
}

/** Buckets with a sweep pending (by bucket map: a store's reset empties the same map). */
const sweeping = new WeakSet<Map<string, unknown>>();

/**
 * Forget the expired values of a bucket, oldest first, up to the first one still kept (values are
 * remembered in about the order they expire: their end is their Created or package time plus a
 * fixed window); then again in {@link REPLAY_SWEEP_MS} while any are left.
 */
function scheduleSweep(deps: SimDeps, bucket: Map<string, unknown>): void {
  if (sweeping.has(bucket)) return;
  sweeping.add(bucket);
  const timer = setTimeout(() => {
    sweeping.delete(bucket);
    const now = deps.clock.nowMs();
    for (const [key, record] of bucket) {
      const seen = readSeen(record);
      if (seen !== undefined && seen.keepUntilMs > now) break;
      bucket.delete(key);
    }
    if (bucket.size > 0) scheduleSweep(deps, bucket);
  }, REPLAY_SWEEP_MS);
  timer.unref?.();
}

/** What a bucket holds, for the refusal of a full one. */
const BUCKET_WHAT: Record<string, string> = { [NONCE_BUCKET]: 'UsernameToken nonces', [RID_PACKAGE_BUCKET]: 'rID packages' };

/** The end of a record's window (a record that cannot be read: none, it may go). */
function liveUntil(record: unknown): number {
  if (typeof record === 'string') return parseInt(record.slice(record.indexOf('.') + 1), 36);
  return readSeen(record)?.keepUntilMs ?? 0;
}

/**
 * Make a bucket fail closed (rule WSS-NONCE-ONCE): a value is never forgotten to make room while
 * its window lasts, since a replay of it would then be accepted. When the bucket (100 000 records)
 * or the store's size budget is full of values inside their window, a new one is refused with
 * `OVERLOADED` (503, Retry-After: when the first of them ends) instead. Simulator assumption: the
 * seeds say nothing of the replay cache's capacity.
 */
function failClosed(deps: SimDeps, bucketName: string, bucket: BoundedMap<unknown>): void {
  const what = BUCKET_WHAT[bucketName] ?? `values of ${bucketName}`;
  bucket.retain({
    liveUntil,
    now: () => deps.clock.nowMs(),
    full(why, size, retryAtMs) {
      const now = deps.clock.nowMs();
      const seconds = Math.max(1, Math.ceil((retryAtMs - now) / 1000));
      const room = why === 'capacity' ? `its capacity, ${size} records` : `the store's size budget, at ${size} records`;
      return new Overloaded(
        `the replay cache of ${what} is full (${room}) and every record is still inside its single-use window; a record is never forgotten before its window ends, as a replay of it would then be accepted; the first window ends at ${new Date(Math.max(retryAtMs, now)).toISOString()}; for more room start the simulator with a larger --bucket-capacity (EESZT_SIM_BUCKET_CAPACITY)`,
        seconds,
        { bucket: bucketName, records: size, full: why },
      );
    },
  });
}

/**
 * Accept a value once. Throws {@link Replayed} when it was used before and is still remembered,
 * {@link Overloaded} when the bucket is full of values still inside their window (see failClosed).
 */
export function useOnce(deps: SimDeps, bucketName: string, value: string, keepUntilMs: number, what: string): void {
  // rule: WSS-NONCE-ONCE (docs/rules.md)
  const bucket = deps.store.bucket<unknown>(bucketName);
  if (bucket instanceof BoundedMap && !bucket.retained) failClosed(deps, bucketName, bucket as BoundedMap<unknown>);
  const now = deps.clock.nowMs();
  const key = replayKey(value);
  const seen = readSeen(bucket.get(key));
  if (seen !== undefined && seen.keepUntilMs > now) {
    throw new Replayed(`this ${what} was already used at ${seen.firstUsedAt}; it is single-use: ${what === 'rID package' ? 'run the card authentication again for a new package' : 'generate a fresh random nonce for every request'}`, {
      details: { what, firstUsedAt: seen.firstUsedAt },
    });
  }
  // An expired record is replaced at the end of the bucket's order, where the sweep expects it.
  if (seen !== undefined) bucket.delete(key);
  bucket.set(key, seenRecord(now, keepUntilMs));
  scheduleSweep(deps, bucket);
}
