/**
 * The simulator's store: the loaded fixture set, a mutable working copy of it (card PIN state,
 * account lockouts, grants made through IAM ...) and named buckets for runtime records
 * (issued tokens, seen nonces, documents written to services ...). `reset()` returns to the
 * loaded fixtures. Every value is JSON-serialisable so the same interface can persist to a file.
 *
 * @example
 * ```ts
 * const store = createMemoryStore(loadDefaultFixtures());
 * store.bucket<{ at: number }>('sts.nonces').set(nonce, { at: clock.nowMs() });
 * store.reset();
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';

/** Options for {@link createMemoryStore}. */
export interface StoreOptions {
  /** Most records one bucket keeps; the oldest are evicted beyond it (default 100 000). */
  bucketCapacity?: number;
  /**
   * Approximate size budget of all bucket records together, in characters of their JSON
   * (default 256 Mi). Beyond it the oldest records of the largest bucket are evicted.
   */
  maxBytes?: number;
}

/** Default size budget of one store's buckets (see {@link StoreOptions.maxBytes}). */
export const DEFAULT_STORE_MAX_BYTES = 256 * 1024 * 1024;

/** The store interface every service receives. */
export interface Store {
  /** The fixture set as loaded (pristine; do not mutate). */
  loaded(): FixtureSet;
  /** The working copy of the fixtures: services mutate it (card state, lockouts, grants). */
  readonly state: FixtureSet;
  /**
   * A named bucket of runtime records, created on first use. Bucket names are owned by one
   * service each and prefixed with it (`sts.nonces`, `services.erecept.documents`).
   */
  bucket<T>(name: string): Map<string, T>;
  /** Back to the loaded fixtures: working copy rebuilt, every bucket emptied. */
  reset(): void;
  /** Replace the loaded fixtures (already validated) and reset. */
  load(set: FixtureSet): void;
  /** Sizes, for the control API (`bytes`: the approximate size of all bucket records). */
  stats(): { buckets: Record<string, number>; bytes: number; maxBytes: number; users: number; cards: number; institutions: number };
  /**
   * Durable stores only (`serve --data-dir`): make every change since the last call durable
   * before returning (the environment calls it before each answer leaves). The in-memory store
   * has none, so its path costs nothing.
   */
  commit?(): void;
  /** Durable stores only: write what is left and release the database. */
  close?(): void;
}

/**
 * How a store is built inside (for the durable store, `sqlite-store.ts`): the working copy to
 * start from and the bucket maps to use. Not for services.
 */
export interface StoreInternals {
  /** Working copy to start from instead of a copy of the fixtures (restored state). */
  initialState?: FixtureSet;
  /** Make the map of a new bucket (default: a {@link BoundedMap}). */
  makeBucket?: (name: string, capacity: number, budget: StoreBudget) => BoundedMap<unknown>;
}

/**
 * An in-memory {@link Store}. Buckets are bounded (oldest-first eviction), by record count per
 * bucket and by approximate size across all buckets, so a long-running shared sandbox cannot
 * grow without limit.
 */
export function createMemoryStore(fixtures: FixtureSet, options: StoreOptions = {}, internals: StoreInternals = {}): Store {
  const capacity = options.bucketCapacity ?? 100_000;
  const makeBucket = internals.makeBucket ?? ((_name: string, cap: number, budget: StoreBudget) => new BoundedMap<unknown>(cap, budget));
  let loadedSet = fixtures;
  let working: FixtureSet = internals.initialState ?? structuredClone(fixtures);
  const buckets = new Map<string, BoundedMap<unknown>>();
  const budget = new StoreBudget(options.maxBytes ?? DEFAULT_STORE_MAX_BYTES, () => buckets.values());

  return {
    loaded: () => loadedSet,
    get state() {
      return working;
    },
    bucket<T>(name: string): Map<string, T> {
      let b = buckets.get(name);
      if (b === undefined) {
        b = makeBucket(name, capacity, budget);
        buckets.set(name, b);
      }
      return b as unknown as Map<string, T>;
    },
    reset() {
      working = structuredClone(loadedSet);
      for (const b of buckets.values()) b.clear();
    },
    load(set) {
      loadedSet = set;
      this.reset();
    },
    stats() {
      const sizes: Record<string, number> = {};
      for (const [name, b] of buckets) sizes[name] = b.size;
      return { buckets: sizes, bytes: budget.bytes, maxBytes: budget.maxBytes, users: working.users.length, cards: working.cards.length, institutions: working.institutions.length };
    },
  };
}

/**
 * A string that shares no memory with a larger one. A value parsed out of a request (a
 * UsernameToken nonce, a prescription's fields) is a V8 slice of the SOAP body it came in and would
 * otherwise keep the whole body alive for as long as the record: 15,000 nonces kept 30 MiB of
 * request bodies, and the documents written in the 60 s load bench about 30 MiB (heap after GC at
 * its end: 111 MiB, 80 MiB with the copies). V8 copies strings shorter than 13 characters when
 * slicing, so only longer ones are copied here.
 *
 * @example
 * ```ts
 * bucket.set(detachedString(nonce), expiresAt); // the record no longer pins the request text
 * ```
 */
export function detachedString(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/**
 * Approximate size of a record: its key and its JSON. A string value (the compact records of the
 * replay cache) counts its characters and two quotes without being serialised: the same figure
 * as its JSON unless it holds characters JSON escapes, which no such record does.
 */
function recordSize(key: string, value: unknown): number {
  if (typeof value === 'string') return 34 + key.length + value.length;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return 32 + key.length + (json?.length ?? 0);
}

/**
 * Records a bucket must not drop to make room before a time: single-use values (UsernameToken
 * nonces, rID packages) inside their window, which a replay check forgets only once a replay
 * would be refused anyway. See {@link BoundedMap.retain}.
 */
export interface Retention<V> {
  /** Epoch ms until which the record must be kept. */
  liveUntil(value: V): number;
  /** The current time (the simulator clock), epoch ms. */
  now(): number;
  /**
   * The error refusing a new record when the bucket (`'capacity'`) or the store's size budget
   * (`'budget'`) is full of records still inside their window; `retryAtMs` is the earliest time one
   * of them ends.
   */
  full(why: 'capacity' | 'budget', size: number, retryAtMs: number): Error;
}

/** The size budget shared by the buckets of one store. */
export class StoreBudget {
  bytes = 0;
  constructor(
    readonly maxBytes: number,
    private readonly buckets: () => Iterable<BoundedMap<unknown>>,
  ) {}

  /**
   * Evict the oldest records of the largest bucket until within budget (never `keep` of `writer`);
   * a bucket with nothing it may drop (its records all inside their retention window) is passed
   * over for the next largest. False when the budget could not be met.
   */
  fit(writer: BoundedMap<unknown>, keep: string): boolean {
    let stuck: Set<BoundedMap<unknown>> | undefined;
    while (this.bytes > this.maxBytes) {
      let largest: BoundedMap<unknown> | undefined;
      for (const b of this.buckets()) if (b.size > 0 && stuck?.has(b) !== true && (largest === undefined || b.bytes > largest.bytes)) largest = b;
      if (largest === undefined) return false;
      if (!largest.evictOldest(largest === writer ? keep : undefined)) (stuck ??= new Set()).add(largest);
    }
    return true;
  }
}

/**
 * A Map that evicts its oldest entry when full, and keeps track of the approximate size of its
 * records for the store's size budget. (A record changed in place after `set` keeps the size it
 * had then.)
 */
export class BoundedMap<V> extends Map<string, V> {
  bytes = 0;
  /** Sizes of the object records (a string record's size follows from it: see recordSize). */
  private readonly sizes = new Map<string, number>();
  /**
   * Where eviction goes on from: one iterator over the keys in insertion order, kept between
   * evictions. Restarting `keys()` each time walked past every deleted entry still at the front
   * of the Map's table (V8 compacts it only when it grows or shrinks): with 100 000 records a
   * `set` at capacity cost 24-60 µs instead of about 2.
   */
  private cursor: MapIterator<string> | undefined;
  /** The key the cursor stands on, not yet evicted (forgotten when it is deleted). */
  private head: string | undefined;
  /** Key iterators eviction started (its cost test: one per pass over the bucket, not one per eviction). */
  cursorStarts = 0;
  /** Records kept until a time, never evicted before it (see {@link BoundedMap.retain}). */
  private retention: Retention<V> | undefined;
  /** The earliest end among a retained bucket's records, as its last scan found it. */
  private earliestEnd = 0;
  /** No record was written since that scan, so `earliestEnd` still holds. */
  private endKnown = false;
  /** Secondary indexes by name (see {@link BoundedMap.index}); none until one is asked for. */
  private indexes: Map<string, SecondaryIndex<V>> | undefined;

  constructor(
    private readonly capacity: number,
    private readonly budget: StoreBudget,
  ) {
    super();
  }

  /**
   * A secondary index of this bucket: index key (e.g. a patient's TAJ) -> the keys of its records,
   * in the order they joined it (insertion order; a record replaced under the same index key
   * keeps its place). Built from the records on first use, then kept in step with every `set`,
   * `delete`, eviction and `clear`, so a lookup costs the records of one index key, not a scan
   * of the bucket. `keyOf` must depend only on the record (records are replaced, not changed in
   * place, when their index key could change).
   */
  index(name: string, keyOf: (value: V) => string): ReadonlyMap<string, ReadonlySet<string>> {
    this.indexes ??= new Map();
    let index = this.indexes.get(name);
    if (index === undefined) {
      index = { keyOf, keys: new Map() };
      // The plain Map iterator: a subclass's iteration may count as handing records out.
      for (const [key, value] of Map.prototype.entries.call(this) as MapIterator<[string, V]>) indexAdd(index, key, value);
      this.indexes.set(name, index);
    }
    return index.keys;
  }

  /**
   * Keep each record until `retention.liveUntil` of it: evictions to make room (the bucket's
   * capacity, the store's size budget) drop only records whose time has passed, and a new record
   * that finds no room is refused with `retention.full(...)` (thrown by `set`), so no single-use
   * value is forgotten while a replay of it could still be accepted (rule WSS-NONCE-ONCE).
   */
  retain(retention: Retention<V>): void {
    this.retention = retention;
    this.endKnown = false;
  }

  /** Whether {@link BoundedMap.retain} was called. */
  get retained(): boolean {
    return this.retention !== undefined;
  }

  override set(key: string, value: V): this {
    const isNew = !this.has(key);
    if (isNew) {
      if (this.size >= this.capacity && !this.evictOldest(key) && this.retention !== undefined) {
        throw this.retention.full('capacity', this.size, this.earliestEnd);
      }
      key = detachedString(key);
    }
    this.endKnown = false;
    if (this.indexes !== undefined) {
      const old = Map.prototype.get.call(this, key) as V | undefined;
      for (const index of this.indexes.values()) {
        if (old !== undefined && index.keyOf(old) === index.keyOf(value)) continue; // same place
        if (old !== undefined) indexRemove(index, key, old);
        indexAdd(index, key, value);
      }
    }
    const size = recordSize(key, value);
    const delta = size - (isNew ? 0 : this.sizeOf(key));
    if (typeof value === 'string') {
      if (!isNew) this.sizes.delete(key);
    } else {
      this.sizes.set(key, size);
    }
    this.bytes += delta;
    this.budget.bytes += delta;
    super.set(key, value);
    if (this.budget.bytes > this.budget.maxBytes && !this.budget.fit(this as BoundedMap<unknown>, key) && this.retention !== undefined && isNew) {
      this.delete(key);
      // The scan fit made (this bucket could drop nothing) holds again without the record refused:
      // the next refusal need not look through the bucket again.
      this.endKnown = this.size > 0;
      throw this.retention.full('budget', this.size, this.earliestEnd);
    }
    return this;
  }

  /** The size counted for a record present. */
  private sizeOf(key: string): number {
    const size = this.sizes.get(key);
    if (size !== undefined) return size;
    const value = Map.prototype.get.call(this, key) as unknown;
    return typeof value === 'string' ? recordSize(key, value) : 0;
  }

  override delete(key: string): boolean {
    if (this.indexes !== undefined && this.has(key)) {
      const old = Map.prototype.get.call(this, key) as V;
      for (const index of this.indexes.values()) indexRemove(index, key, old);
    }
    if (key === this.head) this.head = undefined;
    if (!this.has(key)) return false;
    const size = this.sizeOf(key);
    this.sizes.delete(key);
    this.bytes -= size;
    this.budget.bytes -= size;
    return super.delete(key);
  }

  override clear(): void {
    for (const index of this.indexes?.values() ?? []) index.keys.clear();
    this.budget.bytes -= this.bytes;
    this.bytes = 0;
    this.sizes.clear();
    this.cursor = undefined;
    this.head = undefined;
    this.endKnown = false;
    super.clear();
  }

  /**
   * The oldest key (other than `keep`), from the kept cursor: each deleted entry is walked past
   * once, not at every eviction. Undefined when the bucket holds no other key.
   */
  private oldest(keep: string | undefined): string | undefined {
    if (this.head === undefined) {
      for (let pass = 0; pass < 2 && this.head === undefined; pass++) {
        // The plain Map iterator: a subclass's iteration may count as handing records out.
        if (this.cursor === undefined) {
          this.cursor = Map.prototype.keys.call(this) as MapIterator<string>;
          this.cursorStarts++;
        }
        const r = this.cursor.next();
        if (r.done === true) this.cursor = undefined; // at the end: start again from the front
        else this.head = r.value;
      }
    }
    if (this.head === undefined || this.head !== keep) return this.head;
    // `keep` is the oldest (a record replaced in place): the one after it, leaving the cursor on `keep`.
    this.cursorStarts++;
    for (const key of Map.prototype.keys.call(this) as MapIterator<string>) {
      if (key !== keep) return key;
    }
    return undefined;
  }

  /**
   * Delete the oldest record (other than `keep`); false when there is none. A retained bucket
   * (see {@link BoundedMap.retain}) deletes only records whose time has passed: the oldest when
   * it has, else every one that has (records arrive in about the order they end, not exactly);
   * false when none has.
   */
  evictOldest(keep?: string): boolean {
    const key = this.oldest(keep);
    if (key === undefined) return false;
    const retention = this.retention;
    if (retention === undefined) {
      this.delete(key);
      return true;
    }
    const now = retention.now();
    if (retention.liveUntil(Map.prototype.get.call(this, key) as V) <= now) {
      this.delete(key);
      return true;
    }
    if (this.endKnown && now < this.earliestEnd) return false; // none has ended since the last look
    let dropped = 0;
    let earliest = Infinity;
    for (const [k, v] of Map.prototype.entries.call(this) as MapIterator<[string, V]>) {
      const end = retention.liveUntil(v);
      if (k !== keep && end <= now) {
        this.delete(k);
        dropped++;
      } else if (end < earliest) {
        earliest = end;
      }
    }
    this.earliestEnd = earliest;
    this.endKnown = true;
    return dropped > 0;
  }
}

/** One secondary index of a {@link BoundedMap}. */
interface SecondaryIndex<V> {
  keyOf: (value: V) => string;
  keys: Map<string, Set<string>>;
}

function indexAdd<V>(index: SecondaryIndex<V>, key: string, value: V): void {
  const k = index.keyOf(value);
  let set = index.keys.get(k);
  if (set === undefined) {
    set = new Set();
    index.keys.set(k, set);
  }
  set.add(key);
}

function indexRemove<V>(index: SecondaryIndex<V>, key: string, value: V): void {
  const k = index.keyOf(value);
  const set = index.keys.get(k);
  if (set === undefined) return;
  set.delete(key);
  if (set.size === 0) index.keys.delete(k);
}

/**
 * A secondary index of a store bucket (see {@link BoundedMap.index}). Every store's buckets are
 * bounded maps; a plain Map (a test's own) gets an index built afresh on each call.
 *
 * @example
 * ```ts
 * const byPatient = bucketIndex(store.bucket<Doc>('services.erecept.documents'), 'taj', (d) => d.taj);
 * byPatient.get('123456788'); // Set of document ids, oldest first
 * ```
 */
export function bucketIndex<V>(bucket: Map<string, V>, name: string, keyOf: (value: V) => string): ReadonlyMap<string, ReadonlySet<string>> {
  if (bucket instanceof BoundedMap) return (bucket as BoundedMap<V>).index(name, keyOf);
  const index: SecondaryIndex<V> = { keyOf, keys: new Map() };
  for (const [key, value] of bucket) indexAdd(index, key, value);
  return index.keys;
}
