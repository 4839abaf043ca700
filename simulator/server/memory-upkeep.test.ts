import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMemoryUpkeep, type MemoryUpkeep } from './memory-upkeep.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Keep the CPU busy for at least `ms` while making objects that grow the committed heap by at
 * least `growBytes` (kept alive in `keep` until the caller drops them, so that the growth does not
 * depend on how fast a shared machine runs the loop, nor on a collection during it).
 */
function busy(ms: number, growBytes: number, keep: unknown[]): void {
  const end = performance.now() + ms;
  const target = process.memoryUsage().heapTotal + growBytes;
  for (let i = 0; performance.now() < end || process.memoryUsage().heapTotal < target; i++) {
    for (let j = 0; j < 1000; j++) keep.push({ text: `garbage ${keep.length} ${'x'.repeat(64)}` });
    if (i > 100_000) break; // never for ever
  }
}

describe('memory upkeep of serve', () => {
  let upkeep: MemoryUpkeep | undefined;
  afterEach(() => upkeep?.stop());

  it('hands the heap back once after a busy period, when idle, and only when it grew', async () => {
    const releases: Array<[number, number]> = [];
    upkeep = startMemoryUpkeep({ intervalMs: 300, thresholdBytes: 4 * 1024 * 1024, onRelease: (before, after) => releases.push([before, after]) });
    expect(startMemoryUpkeep()).toBe(upkeep); // once per process
    await sleep(700); // the test's own start-up may count as a busy period: start from what that left
    const earlier = upkeep.releases;
    // busy, growing the heap by tens of MiB of objects that are garbage once the loop ends
    let keep: unknown[] = [];
    busy(400, 48 * 1024 * 1024, keep);
    keep = [];
    expect(keep).toHaveLength(0);
    // two idle intervals later (longer when the machine is shared), one release
    await vi.waitFor(() => expect(upkeep?.releases).toBe(earlier + 1), { timeout: 8000, interval: 100 });
    // what the heap had committed before the release is given back (V8 unmaps in the background)
    const [committedBefore, usedAfter] = releases[earlier] as [number, number];
    expect(usedAfter).toBeLessThan(committedBefore);
    await vi.waitFor(() => expect(process.memoryUsage().heapTotal).toBeLessThan(committedBefore), { timeout: 5000, interval: 100 });
    // idle again: no second release without another busy period
    await sleep(1000);
    expect(upkeep.releases).toBe(earlier + 1);
  });
});
