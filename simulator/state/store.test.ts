import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { BoundedMap, bucketIndex, createMemoryStore, StoreBudget, type Retention } from './store.js';

interface Doc {
  taj: string;
  n: number;
}

const ids = (index: ReadonlyMap<string, ReadonlySet<string>>, key: string): string[] => [...(index.get(key) ?? [])];

describe('bucket secondary index', () => {
  it('is built from the records present, then follows set, replace, delete, eviction and reset', () => {
    const store = createMemoryStore(loadDefaultFixtures(), { bucketCapacity: 4 });
    const bucket = store.bucket<Doc>('test.docs');
    bucket.set('a', { taj: 'x', n: 1 });
    bucket.set('b', { taj: 'y', n: 2 });
    const index = bucketIndex(bucket, 'taj', (d) => d.taj);
    expect(ids(index, 'x')).toEqual(['a']);
    bucket.set('c', { taj: 'x', n: 3 });
    bucket.set('a', { taj: 'x', n: 4 }); // replaced: keeps its place
    expect(ids(index, 'x')).toEqual(['a', 'c']);
    bucket.set('b', { taj: 'x', n: 5 }); // moved to another index key: joins it last
    expect(index.has('y')).toBe(false);
    expect(ids(index, 'x')).toEqual(['a', 'c', 'b']);
    bucket.delete('c');
    expect(ids(index, 'x')).toEqual(['a', 'b']);
    bucket.set('d', { taj: 'z', n: 6 });
    bucket.set('e', { taj: 'z', n: 7 });
    bucket.set('f', { taj: 'z', n: 8 }); // capacity 4: evicts the oldest, `a`
    expect(bucket.has('a')).toBe(false);
    expect(ids(index, 'x')).toEqual(['b']);
    expect(ids(index, 'z')).toEqual(['d', 'e', 'f']);
    store.reset();
    expect(index.size).toBe(0);
    bucket.set('a', { taj: 'x', n: 9 });
    expect(ids(bucketIndex(bucket, 'taj', (d) => d.taj), 'x')).toEqual(['a']);
  });

  it('evicts by the size budget and keeps the index in step', () => {
    const store = createMemoryStore(loadDefaultFixtures(), { maxBytes: 600 });
    const bucket = store.bucket<Doc & { pad: string }>('test.big');
    const index = bucketIndex(bucket, 'taj', (d) => d.taj);
    for (let i = 0; i < 20; i++) bucket.set(`k${i}`, { taj: i % 2 === 0 ? 'even' : 'odd', n: i, pad: 'x'.repeat(100) });
    const kept = [...bucket.keys()];
    expect(kept.length).toBeLessThan(20);
    expect([...ids(index, 'even'), ...ids(index, 'odd')].sort()).toEqual([...kept].sort());
  });

  it('answers a fresh index for a plain Map', () => {
    const map = new Map<string, Doc>([['a', { taj: 'x', n: 1 }]]);
    expect(ids(bucketIndex(map, 'taj', (d) => d.taj), 'x')).toEqual(['a']);
  });
});

describe('bucket eviction', () => {
  it('evicts oldest first, through deletes, replacements, re-insertions and a reset', () => {
    const store = createMemoryStore(loadDefaultFixtures(), { bucketCapacity: 4 });
    const bucket = store.bucket<number>('test.order');
    for (let i = 0; i < 4; i++) bucket.set(`k${i}`, i);
    bucket.set('k4', 4); // evicts k0
    bucket.delete('k2');
    bucket.set('k1', 11); // replaced in place: stays the oldest
    bucket.set('k5', 5); // room left by k2: nothing evicted
    bucket.set('k6', 6); // evicts k1
    expect([...bucket.keys()]).toEqual(['k3', 'k4', 'k5', 'k6']);
    bucket.delete('k3');
    bucket.set('k3', 3); // re-inserted: now the newest
    bucket.set('k7', 7); // evicts k4, not k3
    bucket.set('k8', 8); // evicts k5
    expect([...bucket.keys()]).toEqual(['k6', 'k3', 'k7', 'k8']);
    store.reset();
    for (let i = 0; i < 6; i++) bucket.set(`n${i}`, i);
    expect([...bucket.keys()]).toEqual(['n2', 'n3', 'n4', 'n5']);
  });

  it('never evicts the record being written, even when it is the oldest (size budget)', () => {
    const maps: BoundedMap<string>[] = [];
    const budget = new StoreBudget(400, () => maps as Iterable<BoundedMap<unknown>>);
    const m = new BoundedMap<string>(100, budget);
    maps.push(m);
    m.set('a', 'x');
    m.set('b', 'x');
    m.set('c', 'x');
    m.set('a', 'y'.repeat(340)); // over budget: b and c go, a stays
    expect([...m.keys()]).toEqual(['a']);
    expect(m.bytes).toBe(34 + 1 + 340);
    expect(budget.bytes).toBe(m.bytes);
  });

  it('keeps one key iterator across evictions instead of starting one per eviction', () => {
    const store = createMemoryStore(loadDefaultFixtures(), { bucketCapacity: 1000 });
    const bucket = store.bucket<string>('test.cost') as BoundedMap<string>;
    for (let i = 0; i < 1000; i++) bucket.set(`a${i}`, 'v');
    for (let i = 0; i < 5000; i++) bucket.set(`b${i}`, 'v'); // 5000 evictions
    // Restarting keys() per eviction walked past every deleted entry at the table's front (O(n) each).
    expect(bucket.cursorStarts).toBeLessThanOrEqual(6);
    expect([...bucket.keys()][0]).toBe('b4000');
    expect(bucket.size).toBe(1000);
  });

  it('counts string records without a size map and objects by their JSON at set time', () => {
    const store = createMemoryStore(loadDefaultFixtures());
    const bucket = store.bucket<unknown>('test.size');
    bucket.set('k', 'abc');
    expect(store.stats().bytes).toBe(34 + 1 + 3);
    bucket.set('k', { a: 1 });
    expect(store.stats().bytes).toBe(32 + 1 + JSON.stringify({ a: 1 }).length);
    bucket.set('k', 'abcdef');
    expect(store.stats().bytes).toBe(34 + 1 + 6);
    bucket.delete('k');
    expect(store.stats().bytes).toBe(0);
  });
});

describe('retained bucket (single-use values inside their window)', () => {
  function retained(capacity: number, maxBytes = 1 << 30): { m: BoundedMap<number>; other: BoundedMap<string>; clock: { now: number }; refusals: string[] } {
    const clock = { now: 1000 };
    const refusals: string[] = [];
    const maps: BoundedMap<unknown>[] = [];
    const budget = new StoreBudget(maxBytes, () => maps);
    const m = new BoundedMap<number>(capacity, budget);
    const other = new BoundedMap<string>(capacity, budget);
    maps.push(m as BoundedMap<unknown>, other as BoundedMap<unknown>);
    const retention: Retention<number> = {
      liveUntil: (end) => end,
      now: () => clock.now,
      full: (why, size, at) => new Error(`${why} ${size} ${at}`),
    };
    m.retain(retention);
    return { m, other, clock, refusals };
  }

  it('drops only records whose time has passed and refuses a new one when all are live', () => {
    const { m, clock } = retained(3);
    m.set('a', 2000);
    m.set('b', 1500); // ends before a
    m.set('c', 3000);
    expect(() => m.set('d', 4000)).toThrow('capacity 3 1500');
    expect([...m.keys()]).toEqual(['a', 'b', 'c']);
    clock.now = 1500; // b has ended, though a (older) has not
    m.set('d', 4000);
    expect([...m.keys()]).toEqual(['a', 'c', 'd']);
    expect(() => m.set('e', 4000)).toThrow('capacity 3 2000');
    clock.now = 2000;
    m.set('e', 4000); // a, the oldest, has ended
    expect([...m.keys()]).toEqual(['c', 'd', 'e']);
    m.set('c', 5000); // a record replaced needs no room
    expect(m.size).toBe(3);
  });

  it('looks through a full bucket once, not at every refused record, until a record is written or time passes', () => {
    const clock = { now: 1000 };
    let reads = 0;
    const maps: BoundedMap<unknown>[] = [];
    const m = new BoundedMap<number>(50, new StoreBudget(1 << 30, () => maps));
    maps.push(m as BoundedMap<unknown>);
    m.retain({ liveUntil: (end) => (reads++, end), now: () => clock.now, full: (why) => new Error(why) });
    for (let i = 0; i < 50; i++) m.set(`k${i}`, 2000 + i);
    expect(reads).toBe(0); // writing below capacity reads no record
    expect(() => m.set('x', 9000)).toThrow('capacity');
    expect(reads).toBe(51); // the oldest, then one look through all
    for (let i = 0; i < 10; i++) expect(() => m.set(`y${i}`, 9000)).toThrow('capacity');
    expect(reads).toBe(61); // only the oldest each time
    clock.now = 2000; // k0 has ended
    m.set('x', 9000);
    expect(m.has('k0')).toBe(false);
  });

  it('is passed over by the size budget, which evicts from other buckets, then refuses', () => {
    const { m, other } = retained(1000, 600);
    other.set('o1', 'x'.repeat(100));
    for (let i = 0; i < 9; i++) m.set(`n${i}`, 5000); // 36 bytes each, the largest bucket
    other.set('o2', 'x'.repeat(100));
    expect(m.size).toBe(9);
    for (let i = 9; i < 13; i++) m.set(`n${i}`, 5000); // over budget: the other bucket's records go
    expect(other.size).toBe(0);
    const before = m.size;
    let refused: unknown;
    try {
      for (let i = 13; i < 100; i++) m.set(`n${i}`, 5000);
    } catch (err) {
      refused = err;
    }
    expect((refused as Error).message).toMatch(/^budget \d+ 5000$/);
    expect(m.size).toBeGreaterThan(before);
    expect(m.bytes).toBeLessThanOrEqual(600);
    expect([...m.keys()][0]).toBe('n0'); // nothing live was dropped
  });
});
