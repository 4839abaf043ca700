/**
 * Memory upkeep of the `serve` process (issue 16 goal 5; docs/hardening.md "Memory"): a tighter
 * V8 old-generation growth, and the heap handed back to the system once the simulator goes idle.
 *
 * Why: under token load V8 lets its old generation grow to about twice what is live before a
 * full collection (a growing factor it picks between 1.1 and 4), so 30 s of 50 clients left
 * 185 MiB of heap committed for 74 MiB live; and nothing shrinks it when the load stops (20 s
 * idle: no collection at all). Both are process-wide V8 settings, so only `eeszt-sim serve`
 * (and `npm start`) applies them, never `createSimulator` embedded in someone else's process.
 *
 * @example
 * ```ts
 * const upkeep = startMemoryUpkeep(); // in the serve command, once
 * upkeep.stop();
 * ```
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's old generation may grow to (1 + this/100) times what survived the last full collection
 * before the next one (V8 flag `--heap-growing-percent`; 0, V8's default, lets it choose up to 4x).
 */
export const HEAP_GROWING_PERCENT = 10;

/** How often the idle check runs. */
export const IDLE_CHECK_MS = 3_000;

/** Idle time after a release before the second collection (see {@link startMemoryUpkeep}). */
const SECOND_COLLECTION_AFTER_MS = 5_000;

/** A check interval is idle when the process used less CPU than this share of it. */
const IDLE_CPU_SHARE = 0.05;

/** Committed heap growth since the last release that makes an idle release worth its pause. */
const RELEASE_THRESHOLD_BYTES = 16 * 1024 * 1024;

/** Options of {@link startMemoryUpkeep} (for tests; `serve` uses the defaults). */
export interface MemoryUpkeepOptions {
  /** Interval of the idle check (default {@link IDLE_CHECK_MS}). */
  intervalMs?: number;
  /** Committed heap growth that makes an idle release worthwhile (default 16 MiB). */
  thresholdBytes?: number;
  /** Called after each release with the heap committed before it and the heap used after it (bytes). */
  onRelease?: (committedBefore: number, usedAfter: number) => void;
}

/** A running upkeep (see {@link startMemoryUpkeep}). */
export interface MemoryUpkeep {
  /** Releases done so far. */
  readonly releases: number;
  stop(): void;
}

type Gc = () => void;

let gcFunction: Gc | undefined;

/** V8's `gc` (what `--expose-gc` gives), fetched once without the command-line flag. */
function exposedGc(): Gc {
  if (gcFunction === undefined) {
    const existing = (globalThis as { gc?: Gc }).gc;
    if (existing !== undefined) gcFunction = existing;
    else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as Gc;
    }
  }
  return gcFunction;
}

let running: MemoryUpkeep | undefined;

/**
 * Set the old generation's growing factor and start the idle release: every `intervalMs`, when
 * the last two intervals after some busy one used almost no CPU and the committed heap grew by the
 * threshold since the last release, run one full collection (it compacts, shrinks the young
 * generation, and V8 then unmaps the freed pages), and a second one at least 5 s of idleness
 * later when the heap still has the threshold committed beyond what it uses; then wait for the
 * next busy period. The timer does not keep the process alive. Once per process: a second
 * call returns the running upkeep.
 */
export function startMemoryUpkeep(options: MemoryUpkeepOptions = {}): MemoryUpkeep {
  if (running !== undefined) return running;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const intervalMs = options.intervalMs ?? IDLE_CHECK_MS;
  const threshold = options.thresholdBytes ?? RELEASE_THRESHOLD_BYTES;
  let releases = 0;
  let busySinceRelease = false;
  let committedAfterRelease = process.memoryUsage().heapTotal;
  let cpu = process.cpuUsage();
  let idleIntervals = 0;
  /** Idle checks since the last release (undefined: none pending). */
  let sinceRelease: number | undefined;
  const timer = setInterval(() => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const idle = (used.user + used.system) / 1000 < intervalMs * IDLE_CPU_SHARE;
    if (!idle) {
      busySinceRelease = true;
      idleIntervals = 0;
      sinceRelease = undefined;
      return;
    }
    idleIntervals++;
    if (sinceRelease !== undefined && ++sinceRelease * intervalMs >= SECOND_COLLECTION_AFTER_MS) {
      // V8 shrinks its young generation only when the allocation rate it measured between its
      // last two collections was low; the one before the release was still under load. A second
      // collection at least 5 s of idleness later measures a low rate, and gives back the rest.
      sinceRelease = undefined;
      const now = process.memoryUsage();
      if (now.heapTotal - now.heapUsed >= threshold) exposedGc()();
      cpu = process.cpuUsage();
      committedAfterRelease = process.memoryUsage().heapTotal;
      return;
    }
    if (idleIntervals < 2) return; // idle for two intervals in a row, not a pause between requests
    const before = process.memoryUsage();
    if (!busySinceRelease || before.heapTotal - committedAfterRelease < threshold) return;
    // Without arguments: a full, compacting collection (in Node 20 an options object, even
    // { type: 'major' }, collected far less and unmapped nothing).
    exposedGc()();
    busySinceRelease = false;
    sinceRelease = 0;
    releases++;
    options.onRelease?.(before.heapTotal, process.memoryUsage().heapUsed);
    committedAfterRelease = process.memoryUsage().heapTotal;
    cpu = process.cpuUsage(); // the collection's own CPU does not make the next interval busy
  }, intervalMs);
  timer.unref();
  running = {
    get releases() {
      return releases;
    },
    stop() {
      clearInterval(timer);
      running = undefined;
    },
  };
  return running;
}
