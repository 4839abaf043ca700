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

/** Approximate size of a record: its key and its JSON. */
function recordSize(key: string, value: unknown): number {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return 32 + key.length + (json?.length ?? 0);
}

/** The size budget shared by the buckets of one store. */
export class StoreBudget {
  bytes = 0;
  constructor(
    readonly maxBytes: number,
    private readonly buckets: () => Iterable<BoundedMap<unknown>>,
  ) {}

  /** Evict the oldest records of the largest bucket until within budget (never `keep` of `writer`). */
  fit(writer: BoundedMap<unknown>, keep: string): void {
    while (this.bytes > this.maxBytes) {
      let largest: BoundedMap<unknown> | undefined;
      for (const b of this.buckets()) if (largest === undefined || b.bytes > largest.bytes) largest = b;
      if (largest === undefined || !largest.evictOldest(largest === writer ? keep : undefined)) return;
    }
  }
}

/**
 * A Map that evicts its oldest entry when full, and keeps track of the approximate size of its
 * records for the store's size budget. (A record changed in place after `set` keeps the size it
 * had then.)
 */
export class BoundedMap<V> extends Map<string, V> {
  bytes = 0;
  private readonly sizes = new Map<string, number>();
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

  override set(key: string, value: V): this {
    if (!this.has(key)) {
      if (this.size >= this.capacity) this.evictOldest(key);
      key = detachedString(key);
    }
    if (this.indexes !== undefined) {
      const old = Map.prototype.get.call(this, key) as V | undefined;
      for (const index of this.indexes.values()) {
        if (old !== undefined && index.keyOf(old) === index.keyOf(value)) continue; // same place
        if (old !== undefined) indexRemove(index, key, old);
        indexAdd(index, key, value);
      }
    }
    const size = recordSize(key, value);
    const delta = size - (this.sizes.get(key) ?? 0);
    this.sizes.set(key, size);
    this.bytes += delta;
    this.budget.bytes += delta;
    super.set(key, value);
    this.budget.fit(this as BoundedMap<unknown>, key);
    return this;
  }

  override delete(key: string): boolean {
    if (this.indexes !== undefined && this.has(key)) {
      const old = Map.prototype.get.call(this, key) as V;
      for (const index of this.indexes.values()) indexRemove(index, key, old);
    }
    const size = this.sizes.get(key);
    if (size !== undefined) {
      this.sizes.delete(key);
      this.bytes -= size;
      this.budget.bytes -= size;
    }
    return super.delete(key);
  }

  override clear(): void {
    for (const index of this.indexes?.values() ?? []) index.keys.clear();
    this.budget.bytes -= this.bytes;
    this.bytes = 0;
    this.sizes.clear();
    super.clear();
  }

  /** Delete the oldest record (other than `keep`); false when there is none. */
  evictOldest(keep?: string): boolean {
    for (const key of this.keys()) {
      if (key === keep) continue;
      this.delete(key);
      return true;
    }
    return false;
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
