import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createClock } from '../core/clock.js';
import type { SimDeps } from '../core/deps.js';
import { Overloaded, SimError } from '../core/errors.js';
import { openSqliteStore } from '../state/sqlite-store.js';
import { createMemoryStore } from '../state/store.js';
import { NONCE_BUCKET, REPLAY_SWEEP_MS, replayKey, RID_PACKAGE_BUCKET, useOnce } from './replay-cache.js';

const fixtures = loadDefaultFixtures();

function deps(options: { bucketCapacity?: number; maxBytes?: number } = {}): SimDeps {
  return { store: createMemoryStore(fixtures, options), clock: createClock({ start: '2026-03-02T08:00:00Z', frozen: true }) } as unknown as SimDeps;
}

function refusal(run: () => void): SimError {
  try {
    run();
  } catch (err) {
    if (err instanceof SimError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('replay cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a second use while remembered, saying when it was first used, and accepts it again once forgotten', () => {
    const d = deps();
    const nonce = 'q0FzgbmJ7yHk2nVxJ6e5hQ==';
    const until = d.clock.nowMs() + 600_000;
    useOnce(d, NONCE_BUCKET, nonce, until, 'UsernameToken nonce');
    d.clock.advance(1234);
    const err = refusal(() => useOnce(d, NONCE_BUCKET, nonce, until, 'UsernameToken nonce'));
    expect(err.code).toBe('REPLAYED');
    expect(err.message).toBe('this UsernameToken nonce was already used at 2026-03-02T08:00:00.000Z; it is single-use: generate a fresh random nonce for every request');
    expect(err.details).toEqual({ what: 'UsernameToken nonce', firstUsedAt: '2026-03-02T08:00:00.000Z' });
    useOnce(d, NONCE_BUCKET, 'other' + nonce.slice(5), until, 'UsernameToken nonce');
    d.clock.set(until);
    useOnce(d, NONCE_BUCKET, nonce, until + 600_000, 'UsernameToken nonce');
    expect(refusal(() => useOnce(d, NONCE_BUCKET, nonce, until + 600_000, 'UsernameToken nonce')).details).toEqual({ what: 'UsernameToken nonce', firstUsedAt: new Date(until).toISOString() });
  });

  it('keeps a Base64 value of up to 32 bytes as it is and anything else under a 16-byte digest, exactly', () => {
    expect(replayKey('q0FzgbmJ7yHk2nVxJ6e5hQ==')).toBe('q0FzgbmJ7yHk2nVxJ6e5hQ==');
    expect(replayKey('A'.repeat(44))).toBe('A'.repeat(44));
    const long = 'A'.repeat(45);
    expect(replayKey(long)).toMatch(/^#[A-Za-z0-9+/]{22}==$/);
    expect(replayKey('#x')).toMatch(/^#[A-Za-z0-9+/]{22}==$/); // a digest key cannot be sent as a plain one
    expect(replayKey('#x')).not.toBe('#x');
    const d = deps();
    const until = d.clock.nowMs() + 60_000;
    const big = 'nonce-'.repeat(10_000);
    useOnce(d, NONCE_BUCKET, big, until, 'UsernameToken nonce');
    expect(refusal(() => useOnce(d, NONCE_BUCKET, big, until, 'UsernameToken nonce')).code).toBe('REPLAYED');
    useOnce(d, NONCE_BUCKET, `${big}x`, until, 'UsernameToken nonce'); // differs in its last character
    const keys = [...d.store.bucket(NONCE_BUCKET).keys()];
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.length === 25)).toBe(true);
  });

  it('honours a record in the older object form (a data dir written before)', () => {
    const d = deps();
    d.store.bucket(NONCE_BUCKET).set('b2xkZXI=', { firstUsedAt: '2026-03-02T07:59:00.000Z', keepUntilMs: d.clock.nowMs() + 1000 });
    expect(refusal(() => useOnce(d, NONCE_BUCKET, 'b2xkZXI=', d.clock.nowMs() + 1000, 'UsernameToken nonce')).details).toEqual({ what: 'UsernameToken nonce', firstUsedAt: '2026-03-02T07:59:00.000Z' });
  });

  it('sweeps the expired values every 30 s, oldest first, and keeps the rest', () => {
    vi.useFakeTimers();
    const d = deps();
    const start = d.clock.nowMs();
    for (let i = 0; i < 10; i++) useOnce(d, NONCE_BUCKET, `bm9uY2U${i}`, start + 60_000 + i * 1000, 'UsernameToken nonce');
    const bucket = d.store.bucket(NONCE_BUCKET);
    vi.advanceTimersByTime(REPLAY_SWEEP_MS);
    expect(bucket.size).toBe(10);
    d.clock.set(start + 65_500); // six have expired
    vi.advanceTimersByTime(REPLAY_SWEEP_MS);
    expect([...bucket.keys()]).toEqual(['bm9uY2U6', 'bm9uY2U7', 'bm9uY2U8', 'bm9uY2U9']);
    d.clock.set(start + 120_000);
    vi.advanceTimersByTime(REPLAY_SWEEP_MS);
    expect(bucket.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // nothing left: no timer until the next value
  });

  it('remembers across a restart with a data dir (the compact record is what is written)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-replay-'));
    try {
      const clock = createClock({ start: '2026-03-02T08:00:00Z', frozen: true });
      const open = () => openSqliteStore({ dir, fixtures, version: '0.0.0-test', flushIntervalMs: 0 });
      const first = await open();
      const d = { store: first, clock } as unknown as SimDeps;
      useOnce(d, NONCE_BUCKET, 'cmVzdGFydA==', clock.nowMs() + 60_000, 'UsernameToken nonce');
      useOnce(d, NONCE_BUCKET, 'x'.repeat(100), clock.nowMs() + 60_000, 'UsernameToken nonce');
      first.commit?.();
      first.close?.();
      const again = await open();
      const d2 = { store: again, clock } as unknown as SimDeps;
      expect(refusal(() => useOnce(d2, NONCE_BUCKET, 'cmVzdGFydA==', clock.nowMs() + 60_000, 'UsernameToken nonce')).details).toEqual({ what: 'UsernameToken nonce', firstUsedAt: '2026-03-02T08:00:00.000Z' });
      expect(refusal(() => useOnce(d2, NONCE_BUCKET, 'x'.repeat(100), clock.nowMs() + 60_000, 'UsernameToken nonce')).code).toBe('REPLAYED');
      again.close?.();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never forgets a nonce inside its window to make room: a replay after capacity-many newer nonces is refused', () => {
    const d = deps({ bucketCapacity: 100 });
    const start = d.clock.nowMs();
    const window = 600_000;
    useOnce(d, NONCE_BUCKET, 'Zmlyc3Q=', start + window, 'UsernameToken nonce');
    d.clock.advance(1000);
    for (let i = 1; i < 100; i++) useOnce(d, NONCE_BUCKET, `bmV3ZXI${i}`, d.clock.nowMs() + window, 'UsernameToken nonce');
    // The 100th newer nonce finds the bucket full of live values: refused, not made room for.
    const full = refusal(() => useOnce(d, NONCE_BUCKET, 'bmV3ZXIxMDA=', d.clock.nowMs() + window, 'UsernameToken nonce'));
    expect(full).toBeInstanceOf(Overloaded);
    expect(full.code).toBe('OVERLOADED');
    expect(full.status).toBe(503);
    expect(full.message).toBe(
      'the simulator is overloaded (the replay cache of UsernameToken nonces is full (its capacity, 100 records) and every record is still inside its single-use window; a record is never forgotten before its window ends, as a replay of it would then be accepted; the first window ends at 2026-03-02T08:10:00.000Z; for more room start the simulator with a larger --bucket-capacity (EESZT_SIM_BUCKET_CAPACITY)) and did not process this request; send it again after 599 s (Retry-After), or send fewer requests at once',
    );
    expect((full as Overloaded).retryAfterSeconds).toBe(599);
    expect(full.details).toEqual({ bucket: NONCE_BUCKET, records: 100, full: 'capacity', retryAfterSeconds: 599 });
    // The first nonce is still remembered (the old bucket evicted it and accepted this replay).
    expect(refusal(() => useOnce(d, NONCE_BUCKET, 'Zmlyc3Q=', start + window, 'UsernameToken nonce')).code).toBe('REPLAYED');
    // Once its window has ended it may go: the refused nonce is accepted, the first forgotten.
    d.clock.set(start + window);
    useOnce(d, NONCE_BUCKET, 'bmV3ZXIxMDA=', d.clock.nowMs() + window, 'UsernameToken nonce');
    expect(d.store.bucket(NONCE_BUCKET).has('Zmlyc3Q=')).toBe(false);
    expect(d.store.bucket(NONCE_BUCKET).size).toBe(100);
  });

  it('refuses an rID package rather than forget a live one when the store\'s size budget is full', () => {
    const d = deps({ maxBytes: 2000 });
    const until = d.clock.nowMs() + 60_000;
    let err: SimError | undefined;
    let accepted = 0;
    for (let i = 0; i < 100 && err === undefined; i++) {
      try {
        useOnce(d, RID_PACKAGE_BUCKET, `cGFja2FnZ${i}`, until, 'rID package');
        accepted++;
      } catch (e) {
        err = e as SimError;
      }
    }
    expect(err?.code).toBe('OVERLOADED');
    expect(err?.message).toContain(`the replay cache of rID packages is full (the store's size budget, at ${accepted} records) and every record is still inside its single-use window`);
    expect(err?.details).toMatchObject({ bucket: RID_PACKAGE_BUCKET, records: accepted, full: 'budget', retryAfterSeconds: 60 });
    expect(refusal(() => useOnce(d, RID_PACKAGE_BUCKET, 'cGFja2FnZ0', until, 'rID package')).code).toBe('REPLAYED');
    expect(d.store.stats().bytes).toBeLessThanOrEqual(2000);
  });
});

describe('seenRecord', () => {
  it('writes both instants as toString(36) does, dot-separated, for every kind of epoch ms', async () => {
    const { seenRecord } = await import('./replay-cache.js');
    const samples = [0, 1, 35, 36, 1295, 1296, 1_765_091_234_567, -1, -36, -62_135_596_800_000, 253_402_300_799_999, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.random() * 2 ** 45) - 2 ** 43);
    for (const a of samples) {
      for (const b of [a, a + 600_000, 0, -5]) {
        expect(seenRecord(a, b)).toBe(`${a.toString(36)}.${b.toString(36)}`);
      }
    }
  });
});
