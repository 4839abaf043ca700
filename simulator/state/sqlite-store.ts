/**
 * The durable store of `serve --data-dir DIR`: the same {@link Store} as the in-memory one (it
 * is built by `createMemoryStore`), whose changes {@link SqliteStore.commit} writes to a SQLite
 * database (`DIR/eeszt-sim.db`, WAL, `synchronous=FULL`) in one transaction. The environment
 * calls `commit()` after each request and before its answer leaves, so every accepted write is
 * durable when the caller learns of it.
 *
 * What is tracked: the loaded fixture set; the working copy, per top-level part (users, cards,
 * vmatrix …), compared by JSON with what was last written; bucket records that were `set`,
 * `delete`d, evicted, cleared, or read with `get` (a record read may be changed in place).
 * The database is held with `locking_mode=EXCLUSIVE`: a second simulator on the same
 * directory is refused (`DATA_DIR_LOCKED`), and the lock dies with the process.
 *
 * @example
 * ```ts
 * const store = await openSqliteStore({ dir: './sandbox', fixtures: loadDefaultFixtures(), version: PACKAGE_VERSION });
 * store.state.cards[0]!.pinTriesLeft = 2;
 * store.commit(); // durable now
 * store.close();
 * ```
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreUnavailable } from '../core/errors.js';
import { realTimeMs, type Clock } from '../core/clock.js';
import type { Logger } from '../core/deps.js';
import type { FixtureSet } from '../../fixtures/schema.js';
import { BoundedMap, createMemoryStore, type Store, type StoreBudget, type StoreOptions } from './store.js';

type Database = BetterSqlite3.Database;

/** The database file inside the data directory. */
export const DATA_FILE = 'eeszt-sim.db';

/** One step of the schema: run on a database at schema `to - 1` to bring it to `to`. */
export interface Migration {
  to: number;
  what: string;
  sql: string;
}

/**
 * Every schema step so far, oldest first. A new schema version appends a step (never edits an
 * old one); opening a directory runs the steps it lacks, in one transaction.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    what: 'the loaded fixture set, the working copy by part, bucket records in insertion order',
    sql: `CREATE TABLE fixtures (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
      CREATE TABLE state (part TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE records (bucket TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID;
      CREATE INDEX records_by_seq ON records (bucket, seq);`,
  },
  {
    to: 2,
    what: 'meta: the simulator clock, and the version that last opened the directory',
    sql: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
];

/** The schema version this simulator writes (the last migration's). */
export const STORE_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.to ?? 0;

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions extends StoreOptions {
  /** The data directory (created if missing). */
  dir: string;
  /** The fixture set to start from when the directory is new. */
  fixtures: FixtureSet;
  /** Package version, recorded as the last writer. */
  version: string;
  log?: Logger;
  /** Milliseconds between background flushes of changes made outside requests (default 1000; 0 = none). */
  flushIntervalMs?: number;
}

/** A durable {@link Store}. */
export interface SqliteStore extends Store {
  commit(): void;
  close(): void;
  /** The database file. */
  readonly file: string;
  /** True when the directory held state from an earlier run (and that state was loaded). */
  readonly restored: boolean;
  /**
   * Keep the clock with the state: a clock saved by an earlier run is restored onto `clock` (a
   * frozen clock at its time, a running one at its offset), and each commit saves its changes.
   * Returns true when a saved clock was restored.
   */
  attachClock(clock: Clock): boolean;
}

interface SavedClock {
  frozen: boolean;
  epochMs: number;
  offsetMs: number;
}

/** A short digest of a record's JSON, to tell whether a record read may have been changed. */
function digest(json: string): string {
  return createHash('sha1').update(json).digest('base64');
}

/**
 * A bucket map that remembers which records changed since the last commit: records set,
 * deleted, evicted or cleared are written; records handed out by `get` or by iteration (which
 * may be changed in place) are written when their JSON differs from what was last written.
 */
class TrackedMap extends BoundedMap<unknown> {
  /** Keys set, deleted or evicted: written at the next commit. */
  readonly touched = new Set<string>();
  /** Keys whose (object) record was handed out: compared at the next commit. */
  readonly visited = new Set<string>();
  /** Digest of each record's JSON as last written. */
  readonly written = new Map<string, string>();
  /** Insertion order of each key, kept in the database so a restart keeps eviction order. */
  readonly seqs = new Map<string, number>();
  cleared = false;

  constructor(
    readonly name: string,
    capacity: number,
    budget: StoreBudget,
    private readonly nextSeq: () => number,
  ) {
    super(capacity, budget);
  }

  private visit(key: string, value: unknown): void {
    if (value !== null && typeof value === 'object') this.visited.add(key);
  }

  override set(key: string, value: unknown): this {
    // Recorded once the bounded map took it: a record it refuses (a full retained bucket) leaves no trace.
    super.set(key, value);
    if (!this.seqs.has(key)) this.seqs.set(key, this.nextSeq());
    this.touched.add(key);
    return this;
  }

  override get(key: string): unknown {
    const value = super.get(key);
    this.visit(key, value);
    return value;
  }

  override delete(key: string): boolean {
    this.seqs.delete(key);
    this.touched.add(key);
    return super.delete(key);
  }

  override clear(): void {
    this.cleared = true;
    this.touched.clear();
    this.visited.clear();
    this.written.clear();
    this.seqs.clear();
    super.clear();
  }

  override entries(): MapIterator<[string, unknown]> {
    const it = super.entries();
    const visit = (k: string, v: unknown): void => this.visit(k, v);
    return (function* () {
      for (const [k, v] of it) {
        visit(k, v);
        yield [k, v] as [string, unknown];
      }
    })() as unknown as MapIterator<[string, unknown]>;
  }

  override values(): MapIterator<unknown> {
    const it = this.entries();
    return (function* () {
      for (const [, v] of it) yield v;
    })() as unknown as MapIterator<unknown>;
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  override forEach(callback: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }

  /** The record without marking it handed out. */
  peek(key: string): unknown {
    return super.get(key);
  }

  /** Put back a record read from the database (not a change). */
  restore(key: string, value: unknown, seq: number, json: string): void {
    this.seqs.set(key, seq);
    super.set(key, value);
    this.touched.delete(key);
    this.written.set(key, digest(json));
  }
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (err) {
    throw new StoreUnavailable(
      '--data-dir needs the SQLite driver better-sqlite3, an optional dependency that is not installed here (without a prebuilt binary it compiles at install time, which needs g++, make and python3): install those and run `npm install better-sqlite3`, or run without --data-dir (state in memory)',
      { details: { cause: err instanceof Error ? err.message.split('\n')[0] : String(err) } },
      'DATA_DIR_DRIVER_MISSING',
    );
  }
}

function sqliteCode(err: unknown): string {
  return typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
}

function unusable(file: string, why: string): StoreUnavailable {
  return new StoreUnavailable(`the data directory cannot be used: ${file} ${why}; move that file away or give another --data-dir (an empty one starts from the fixtures)`, { details: { file } }, 'DATA_DIR_UNUSABLE');
}

function openError(err: unknown, dir: string, file: string): StoreUnavailable {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreUnavailable(
      `another simulator is using the data directory ${dir} (its database ${file} is locked); two simulators cannot share one directory: stop the other one, or give this one its own --data-dir`,
      { details: { dir } },
      'DATA_DIR_LOCKED',
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return unusable(file, 'is not a SQLite database or is damaged');
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_IOERR')) {
    return unusable(file, `cannot be opened for writing (${code})`);
  }
  return unusable(file, `cannot be opened (${err instanceof Error ? err.message : String(err)})`);
}

/** Bring the database to {@link STORE_SCHEMA_VERSION}, or refuse a newer one. */
function migrate(db: Database, file: string, version: string): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > STORE_SCHEMA_VERSION) {
    throw new StoreUnavailable(
      `${file} was written by a newer eeszt-sim (store schema ${found}; this eeszt-sim ${version} knows schema ${STORE_SCHEMA_VERSION} at most); run the newer version on it, or give this one another --data-dir`,
      { details: { file, schema: found, supported: STORE_SCHEMA_VERSION } },
      'DATA_DIR_SCHEMA_NEWER',
    );
  }
  if (found === 0) {
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (tables > 0) throw unusable(file, 'is a SQLite database of something else (it has tables but no eeszt-sim schema version)');
  }
  if (found < STORE_SCHEMA_VERSION) {
    db.transaction(() => {
      for (const m of MIGRATIONS) if (m.to > found) db.exec(m.sql);
      db.pragma(`user_version = ${STORE_SCHEMA_VERSION}`);
    })();
  }
  db.prepare("INSERT INTO meta (key, value) VALUES ('lastOpenedBy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(version);
  return found;
}

/**
 * Open (or create) the data directory's database and build the store on it: the state of an
 * earlier run when there is one, else `options.fixtures`. Throws `DATA_DIR_LOCKED`,
 * `DATA_DIR_SCHEMA_NEWER`, `DATA_DIR_UNUSABLE` or `DATA_DIR_DRIVER_MISSING`.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const Driver = await loadDriver();
  const dir = resolve(options.dir);
  const file = join(dir, DATA_FILE);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw unusable(dir, `cannot be created (${sqliteCode(err) || String(err)})`);
  }
  let db: Database | undefined;
  try {
    db = new Driver(file, { timeout: 0 });
    // Exclusive locking: the lock is taken by the first access below and held until close or
    // process death; in WAL mode it also means no shared-memory file.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    migrate(db, file, options.version);
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already unusable
    }
    if (err instanceof StoreUnavailable) throw err;
    throw openError(err, dir, file);
  }
  return buildStore(db, file, options);
}

function buildStore(db: Database, file: string, options: SqliteStoreOptions): SqliteStore {
  const row = db.prepare('SELECT json FROM fixtures WHERE id = 1').get() as { json: string } | undefined;
  const restored = row !== undefined;
  let loaded: FixtureSet;
  let initialState: FixtureSet | undefined;
  let seq = 0;
  const lastParts = new Map<string, string>();
  let loadedDirty = !restored;
  try {
    if (row === undefined) {
      loaded = options.fixtures;
    } else {
      loaded = JSON.parse(row.json) as FixtureSet;
      const state = structuredClone(loaded) as unknown as Record<string, unknown>;
      for (const p of db.prepare('SELECT part, json FROM state').all() as Array<{ part: string; json: string }>) {
        state[p.part] = JSON.parse(p.json);
        lastParts.set(p.part, p.json);
      }
      initialState = state as unknown as FixtureSet;
    }
  } catch (err) {
    db.close();
    throw unusable(file, `holds state that cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }

  const tracked = new Map<string, TrackedMap>();
  const inner = createMemoryStore(loaded, options, {
    ...(initialState === undefined ? {} : { initialState }),
    makeBucket: (name, capacity, budget) => {
      const m = new TrackedMap(name, capacity, budget, () => ++seq);
      tracked.set(name, m);
      return m;
    },
  });
  if (restored) {
    const records = db.prepare('SELECT bucket, key, seq, json FROM records ORDER BY bucket, seq').all() as Array<{ bucket: string; key: string; seq: number; json: string }>;
    for (const r of records) {
      inner.bucket(r.bucket);
      (tracked.get(r.bucket) as TrackedMap).restore(r.key, JSON.parse(r.json) as unknown, r.seq, r.json);
      if (r.seq > seq) seq = r.seq;
    }
  }

  const putFixtures = db.prepare('INSERT INTO fixtures (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json');
  const putPart = db.prepare('INSERT INTO state (part, json) VALUES (?, ?) ON CONFLICT (part) DO UPDATE SET json = excluded.json');
  const dropPart = db.prepare('DELETE FROM state WHERE part = ?');
  const putRecord = db.prepare('INSERT INTO records (bucket, key, seq, json) VALUES (?, ?, ?, ?) ON CONFLICT (bucket, key) DO UPDATE SET seq = excluded.seq, json = excluded.json');
  const dropRecord = db.prepare('DELETE FROM records WHERE bucket = ? AND key = ?');
  const dropBucket = db.prepare('DELETE FROM records WHERE bucket = ?');
  const putMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  let clock: Clock | undefined;
  let lastClock = '';
  const clockKey = (s: SavedClock): string => (s.frozen ? `frozen@${s.epochMs}` : `running@${Math.round(s.offsetMs / 1000)}`);
  let closed = false;

  const commit = (): void => {
    if (closed) return;
    // Work out every change first; write them in one transaction; forget them only once written.
    const state = inner.state as unknown as Record<string, unknown>;
    const parts: Array<[string, string]> = [];
    for (const key of Object.keys(state)) {
      const json = JSON.stringify(state[key]);
      if (json !== undefined && json !== lastParts.get(key)) parts.push([key, json]);
    }
    const gone = [...lastParts.keys()].filter((k) => !(k in state));
    const rows: Array<{ b: TrackedMap; cleared: boolean; keys: Array<{ key: string; seq: number; json: string | undefined; digest: string | undefined }> }> = [];
    for (const b of tracked.values()) {
      if (!b.cleared && b.touched.size === 0 && b.visited.size === 0) continue;
      const keys: Array<{ key: string; seq: number; json: string | undefined; digest: string | undefined }> = [];
      for (const key of new Set([...b.touched, ...b.visited])) {
        const json = b.has(key) ? JSON.stringify(b.peek(key)) : undefined;
        const d = json === undefined ? undefined : digest(json);
        // A record only handed out is written when it changed since it was last written.
        if (!b.touched.has(key) && d === b.written.get(key)) continue;
        keys.push({ key, seq: b.seqs.get(key) ?? 0, json, digest: d });
      }
      rows.push({ b, cleared: b.cleared, keys });
    }
    const changedRows = rows.filter((r) => r.cleared || r.keys.length > 0);
    let savedClock: SavedClock | undefined;
    if (clock !== undefined) {
      const s = clock.state();
      const c = { frozen: s.frozen, epochMs: s.epochMs, offsetMs: s.offsetMs };
      if (clockKey(c) !== lastClock) savedClock = c;
    }
    if (!loadedDirty && parts.length === 0 && gone.length === 0 && changedRows.length === 0 && savedClock === undefined) {
      for (const { b } of rows) b.visited.clear();
      return;
    }
    try {
      db.transaction(() => {
        if (loadedDirty) putFixtures.run(JSON.stringify(inner.loaded()));
        for (const [key, json] of parts) putPart.run(key, json);
        for (const key of gone) dropPart.run(key);
        for (const { b, cleared, keys } of changedRows) {
          if (cleared) dropBucket.run(b.name);
          for (const k of keys) {
            if (k.json === undefined) dropRecord.run(b.name, k.key);
            else putRecord.run(b.name, k.key, k.seq, k.json);
          }
        }
        if (savedClock !== undefined) putMeta.run('clock', JSON.stringify(savedClock));
      })();
    } catch (err) {
      options.log?.error(`could not write the data directory's database ${file}`, err);
      throw new StoreUnavailable(
        `the change could not be made durable in ${file} (${sqliteCode(err) || 'write failed'}); it is held in memory only until a later write succeeds: free disk space or fix the directory, then send the request again`,
        {},
        'STORE_WRITE_FAILED',
      );
    }
    loadedDirty = false;
    for (const [key, json] of parts) lastParts.set(key, json);
    for (const key of gone) lastParts.delete(key);
    for (const { b, cleared, keys } of rows) {
      if (cleared) b.cleared = false;
      for (const k of keys) {
        if (k.digest === undefined) b.written.delete(k.key);
        else b.written.set(k.key, k.digest);
      }
      b.touched.clear();
      b.visited.clear();
    }
    if (savedClock !== undefined) lastClock = clockKey(savedClock);
  };

  const flushMs = options.flushIntervalMs ?? 1000;
  const timer =
    flushMs > 0
      ? setInterval(() => {
          try {
            commit();
          } catch {
            // logged by commit; the next request reports it
          }
        }, flushMs)
      : undefined;
  timer?.unref();

  const store: SqliteStore = {
    file,
    restored,
    loaded: () => inner.loaded(),
    get state() {
      return inner.state;
    },
    bucket: <T>(name: string): Map<string, T> => inner.bucket<T>(name),
    // Every bucket with rows was restored into a tracked map, so clearing them all clears the rows.
    reset: () => inner.reset(),
    load(set) {
      inner.load(set);
      loadedDirty = true;
    },
    stats: () => inner.stats(),
    commit,
    close() {
      if (closed) return;
      if (timer !== undefined) clearInterval(timer);
      try {
        commit();
      } finally {
        closed = true;
        db.close();
      }
    },
    attachClock(c) {
      clock = c;
      const saved = db.prepare("SELECT value FROM meta WHERE key = 'clock'").get() as { value: string } | undefined;
      if (saved === undefined) return false;
      const s = JSON.parse(saved.value) as SavedClock;
      // One apply: a set then a freeze read the real clock twice, and a millisecond could pass between.
      if (s.frozen) c.apply({ set: s.epochMs, freeze: true });
      else c.apply({ set: realTimeMs() + s.offsetMs, resume: true });
      lastClock = clockKey(s);
      return true;
    },
  };
  if (!restored) commit();
  return store;
}
