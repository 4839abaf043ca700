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
}

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
  /** Sizes, for the control API. */
  stats(): { buckets: Record<string, number>; users: number; cards: number; institutions: number };
}

/**
 * An in-memory {@link Store}. Buckets are bounded (oldest-first eviction) so a long-running
 * shared sandbox cannot grow without limit.
 */
export function createMemoryStore(fixtures: FixtureSet, options: StoreOptions = {}): Store {
  const capacity = options.bucketCapacity ?? 100_000;
  let loadedSet = fixtures;
  let working: FixtureSet = structuredClone(fixtures);
  const buckets = new Map<string, BoundedMap<unknown>>();

  return {
    loaded: () => loadedSet,
    get state() {
      return working;
    },
    bucket<T>(name: string): Map<string, T> {
      let b = buckets.get(name);
      if (b === undefined) {
        b = new BoundedMap<unknown>(capacity);
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
      return { buckets: sizes, users: working.users.length, cards: working.cards.length, institutions: working.institutions.length };
    },
  };
}

/** A Map that evicts its oldest entry when full. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly capacity: number) {
    super();
  }
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= this.capacity) {
      const oldest = this.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
