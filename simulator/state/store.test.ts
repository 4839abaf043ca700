import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { bucketIndex, createMemoryStore } from './store.js';

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
