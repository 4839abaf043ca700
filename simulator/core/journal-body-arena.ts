/**
 * Where the journaling middleware keeps the bodies of the exchanges it records until an entry is
 * read or compressed: as UTF-8 bytes appended to large buffers outside V8's heap ("slabs"), not as
 * JavaScript strings.
 *
 * Why: the journal holds thousands of recent exchanges (5000 STS exchanges are ~10 KB of bodies
 * each) and drops them oldest first, the one pattern a generational collector handles worst:
 * every body survives the young generation (copied twice) and dies in the old one. Kept as strings
 * in the heap, that cost the whole simulator about 150 µs of CPU per token over the STS alone
 * (bench/sts); bytes in a slab are copied once and never moved, and a slab is one allocation
 * for thousands of bodies. A slab is freed as a whole once no entry refers to it any more (all
 * its entries dropped, read or compressed; the arena itself lets go of its current slab after a
 * quiet second, {@link ARENA_QUIET_MS}). Slabs after the first are 32 MiB: at that size
 * glibc always maps them (its mmap threshold never exceeds 32 MiB on 64-bit), so untouched pages
 * cost no resident memory and a freed slab goes straight back to the system; many separate body
 * buffers left freed memory resident in the malloc arena instead (docs/performance.md, memory).
 *
 * @example
 * ```ts
 * const arena = createBodyArena();
 * const kept = arena.keepText('<s:Envelope>…</s:Envelope>');
 * keptBodyText(kept); // the same text
 * ```
 */

/**
 * A body as kept: a range of a slab, or (the rare string that is not well-formed UTF-16) the string
 * itself. `received` marks bytes as they came (decoded as the journal always decoded received
 * bytes: a leading byte order mark dropped); a text is given back exactly as it was kept.
 */
export type KeptBody = string | { readonly slab: Buffer; readonly start: number; readonly end: number; readonly received: boolean };

/** Keeps bodies (see the module comment). */
export interface BodyArena {
  /** Keep a text body (its UTF-8 bytes). */
  keepText(text: string): KeptBody;
  /** Keep a body's bytes as received (decoded, leniently, when read). */
  keepBytes(bytes: Uint8Array): KeptBody;
}

/** Size of an arena's first slab: an environment with little traffic never needs more. */
export const FIRST_SLAB_BYTES = 256 * 1024;
/** Size of every later slab (see the module comment for why exactly this size). */
export const SLAB_BYTES = 32 * 1024 * 1024;

/** Texts at least this long are kept as they are (V8's large-object space starts at 128 KiB). */
export const LARGE_TEXT_CHARS = 128 * 1024;

const EMPTY: KeptBody = '';

/** The decoder of received bytes, as the journal always decoded them: invalid bytes become U+FFFD, a leading BOM is dropped. */
const receivedUtf8 = new TextDecoder();
/** The decoder of kept texts: UTF-8 of a well-formed string, given back exactly (a leading U+FEFF too). */
const exactUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** `String.prototype.isWellFormed` (ES2024; Node 20 has it, the ES2022 library types do not). */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Quiet time (no body kept) after which an arena lets go of its current slab, so that once the
 * journal has compressed its entries (after its own quiet second) no reference is left and the
 * slab is freed; the next body starts a small slab again.
 */
export const ARENA_QUIET_MS = 1000;

/** Create an arena (one per environment's journaling middleware). */
export function createBodyArena(quietMs: number = ARENA_QUIET_MS): BodyArena {
  let slab: Buffer | undefined;
  let at = 0;
  let keeps = 0;
  let keepsWhenArmed = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    keepsWhenArmed = keeps;
    timer = setTimeout(onQuiet, quietMs);
    timer.unref?.();
  };
  const onQuiet = (): void => {
    timer = undefined;
    if (keeps !== keepsWhenArmed) arm();
    else slab = undefined;
  };
  /** A slab with room for `bytes` more bytes (a new one when the current one is full). */
  const room = (bytes: number): Buffer => {
    keeps++;
    if (timer === undefined) arm();
    if (slab !== undefined && at + bytes <= slab.length) return slab;
    // The rest of a full slab stays unused; a body larger than a slab gets one of its own size.
    slab = Buffer.allocUnsafeSlow(Math.max(slab === undefined ? FIRST_SLAB_BYTES : SLAB_BYTES, bytes));
    at = 0;
    return slab;
  };
  const range = (into: Buffer, bytes: number, received: boolean): KeptBody => {
    const kept = { slab: into, start: at, end: at + bytes, received };
    at += bytes;
    return kept;
  };
  return {
    keepText(text) {
      if (text.length === 0) return EMPTY;
      // A lone surrogate has no UTF-8 form: such a (rare) string is kept as it is. So is a large
      // one: V8 keeps it in its large-object space, which the collector never copies, and it is
      // often a shared constant (a UI asset), which a copy would duplicate.
      if (text.length >= LARGE_TEXT_CHARS || !isWellFormed(text)) return text;
      const bytes = Buffer.byteLength(text);
      const into = room(bytes);
      into.write(text, at, bytes, 'utf8');
      return range(into, bytes, false);
    },
    keepBytes(bytes) {
      if (bytes.length === 0) return EMPTY;
      const into = room(bytes.length);
      into.set(bytes, at);
      return range(into, bytes.length, true);
    },
  };
}

/** The text of a kept body: a kept text as it was; received bytes decoded as UTF-8 (invalid sequences as U+FFFD, a leading BOM dropped). */
export function keptBodyText(kept: KeptBody): string {
  if (typeof kept === 'string') return kept;
  return (kept.received ? receivedUtf8 : exactUtf8).decode(kept.slab.subarray(kept.start, kept.end));
}

/** The size of a kept body in bytes (UTF-8). */
export function keptBodyBytes(kept: KeptBody): number {
  return typeof kept === 'string' ? Buffer.byteLength(kept) : kept.end - kept.start;
}
