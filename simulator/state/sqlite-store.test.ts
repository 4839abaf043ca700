import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createClock } from '../core/clock.js';
import { StoreUnavailable } from '../core/errors.js';
import { errorResponse } from '../core/error-response.js';
import type { SimHonoEnv } from '../core/deps.js';
import { durableAnswers } from './durable-answers.js';
import { bucketIndex } from './store.js';
import { DATA_FILE, MIGRATIONS, openSqliteStore, STORE_SCHEMA_VERSION, type SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
const open: SqliteStore[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'eeszt-sqlite-store-'));
  dirs.push(d);
  return d;
}
async function openStore(dir: string): Promise<SqliteStore> {
  const s = await openSqliteStore({ dir, fixtures: loadDefaultFixtures(), version: '0.0.0-test', flushIntervalMs: 0 });
  open.push(s);
  return s;
}
function reopenRaw(dir: string): Database.Database {
  return new Database(join(dir, DATA_FILE));
}

afterEach(() => {
  for (const s of open.splice(0)) {
    try {
      s.close();
    } catch {
      // closed by the test
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite store', () => {
  it('a new directory starts from the fixtures, WAL on, at the current schema', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    expect(store.restored).toBe(false);
    expect(store.state.cards.length).toBe(loadDefaultFixtures().cards.length);
    store.close();
    const db = reopenRaw(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('keeps working-copy changes, bucket records (in order) and records changed in place after get', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    const card = a.state.cards[0];
    if (card === undefined) throw new Error('no card in the fixtures');
    card.pinTriesLeft = 1;
    const b = a.bucket<{ n: number }>('test.things');
    b.set('z', { n: 1 });
    b.set('a', { n: 2 });
    b.set('m', { n: 3 });
    b.delete('a');
    a.commit();
    (b.get('z') as { n: number }).n = 42; // changed in place after get
    a.commit();
    for (const rec of b.values()) if (rec.n === 3) rec.n = 33; // changed in place while iterating (as fault rules count)
    a.commit();
    a.close();

    const again = await openStore(dir);
    expect(again.restored).toBe(true);
    expect(again.state.cards[0]?.pinTriesLeft).toBe(1);
    expect(again.loaded().cards[0]?.pinTriesLeft).toBe(loadDefaultFixtures().cards[0]?.pinTriesLeft);
    expect([...again.bucket<{ n: number }>('test.things').entries()]).toEqual([
      ['z', { n: 42 }],
      ['m', { n: 33 }],
    ]);
  });

  it('a secondary index of a restored bucket lists its records in their stored order, and is kept in step after', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    const b = a.bucket<{ taj: string }>('test.docs');
    for (const [k, taj] of [['d3', 'x'], ['d1', 'y'], ['d2', 'x']] as const) b.set(k, { taj });
    a.commit();
    a.close();
    const again = await openStore(dir);
    const bucket = again.bucket<{ taj: string }>('test.docs');
    const index = bucketIndex(bucket, 'taj', (d) => d.taj);
    expect([...(index.get('x') ?? [])]).toEqual(['d3', 'd2']);
    bucket.set('d4', { taj: 'x' });
    bucket.delete('d3');
    expect([...(index.get('x') ?? [])]).toEqual(['d2', 'd4']);
  });

  it('reset is durable: the working copy returns to the fixtures and the records go', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    a.bucket<string>('test.x').set('k', 'v');
    (a.state.cards[0] as { pinTriesLeft: number }).pinTriesLeft = 0;
    a.commit();
    a.reset();
    a.commit();
    a.close();
    const b = await openStore(dir);
    expect(b.bucket('test.x').size).toBe(0);
    expect(b.state).toEqual(loadDefaultFixtures());
    b.close();
    const db = reopenRaw(dir);
    expect((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('a frozen clock is saved and restored with the state', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    const clock = createClock();
    expect(a.attachClock(clock)).toBe(false);
    // One change: set-then-freeze on a running clock reads real time twice and can land a millisecond later.
    clock.apply({ set: '2030-05-01T10:00:00Z', freeze: true });
    a.commit();
    a.close();
    const b = await openStore(dir);
    // A real clock that moves a millisecond at every read: the restore must not read it twice.
    let tick = Date.parse('2026-12-06T00:00:00Z');
    const later = createClock({ realTime: () => tick++ });
    expect(b.attachClock(later)).toBe(true);
    expect(later.state()).toMatchObject({ now: '2030-05-01T10:00:00.000Z', frozen: true });
  });

  it('migrates a schema-1 directory, keeping its data', async () => {
    const dir = tempDir();
    const db = reopenRaw(dir);
    db.exec((MIGRATIONS[0] as { sql: string }).sql);
    db.pragma('user_version = 1');
    const fixtures = loadDefaultFixtures();
    db.prepare('INSERT INTO fixtures (id, json) VALUES (1, ?)').run(JSON.stringify(fixtures));
    db.prepare("INSERT INTO records (bucket, key, seq, json) VALUES ('pki.revoked', 'ab12', 1, ?)").run(JSON.stringify({ serialHex: 'ab12' }));
    db.close();
    const store = await openStore(dir);
    expect(store.restored).toBe(true);
    expect(store.bucket('pki.revoked').get('ab12')).toEqual({ serialHex: 'ab12' });
    store.close();
    const after = reopenRaw(dir);
    expect(after.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
    expect((after.prepare("SELECT value FROM meta WHERE key = 'lastOpenedBy'").get() as { value: string }).value).toBe('0.0.0-test');
    after.close();
  });

  it('refuses a directory written by a newer version, saying what to do', async () => {
    const dir = tempDir();
    (await openStore(dir)).close();
    const db = reopenRaw(dir);
    db.pragma(`user_version = ${STORE_SCHEMA_VERSION + 1}`);
    db.close();
    const err = await openSqliteStore({ dir, fixtures: loadDefaultFixtures(), version: '0.0.0-test' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreUnavailable);
    expect(err).toMatchObject({ code: 'DATA_DIR_SCHEMA_NEWER' });
    expect((err as Error).message).toContain(`written by a newer eeszt-sim (store schema ${STORE_SCHEMA_VERSION + 1}; this eeszt-sim 0.0.0-test knows schema ${STORE_SCHEMA_VERSION} at most)`);
  });

  it('refuses a second store on the same directory while the first is open', async () => {
    const dir = tempDir();
    await openStore(dir);
    await expect(openSqliteStore({ dir, fixtures: loadDefaultFixtures(), version: '0.0.0-test' })).rejects.toMatchObject({
      code: 'DATA_DIR_LOCKED',
      message: expect.stringContaining('two simulators cannot share one directory'),
    });
  });

  it('refuses a file that is not a database, and a database of something else', async () => {
    const junk = tempDir();
    writeFileSync(join(junk, DATA_FILE), 'this is not SQLite '.repeat(100));
    await expect(openSqliteStore({ dir: junk, fixtures: loadDefaultFixtures(), version: '0' })).rejects.toMatchObject({ code: 'DATA_DIR_UNUSABLE' });
    const other = tempDir();
    const db = reopenRaw(other);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    await expect(openSqliteStore({ dir: other, fixtures: loadDefaultFixtures(), version: '0' })).rejects.toMatchObject({
      code: 'DATA_DIR_UNUSABLE',
      message: expect.stringContaining('a SQLite database of something else'),
    });
  });
});

describe('durable answers', () => {
  it('a failed commit replaces the answer with STORE_WRITE_FAILED (503): no write is acknowledged that is not durable', async () => {
    const app = new Hono<SimHonoEnv>();
    const log = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
    app.onError((err, c) => errorResponse(err, c, log));
    app.use(
      '*',
      durableAnswers(() => {
        throw new StoreUnavailable('the change could not be made durable', {}, 'STORE_WRITE_FAILED');
      }),
    );
    app.post('/write', (c) => c.json({ accepted: true }, 201));
    const res = await app.request('/write', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('STORE_WRITE_FAILED');
  });
});
