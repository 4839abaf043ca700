/**
 * Where the journal keeps the bodies of its entries until they are read or dropped: one circular
 * buffer of bytes outside the JS heap, allocated when the first body comes and reused from then on,
 * and let go once no body has been in it for a while ({@link EMPTY_ARENA_KEEP_MS}; the journal
 * compresses its entries once quiet, and a read or a drop releases a body).
 *
 * Why: a body kept in the heap for a while (about 10 KB per STS token, 20 KB per discovery GET)
 * was copied twice by the young-generation collector, and then needed old-generation pages that V8
 * maps afresh, since it unmaps the pages the dropped entries freed: about 5 page faults per 20 KB.
 * On the shared virtual machine that cost some 95 µs of CPU per 20 KB body kept (a loop keeping
 * 20 KB strings in a ring of 3000: 100 µs per string against 5 µs when they are dropped at once).
 * The buffer's pages are faulted in once, on the first pass; after that, keeping a body is one
 * copy into memory that stays mapped.
 *
 * A text is written as UTF-8 (the caller gives its UTF-8 length, which it has counted anyway; an
 * ASCII text, whose UTF-8 length is its length, is written and read back as one byte per
 * character, the fastest way); a text with a lone surrogate, which UTF-8 cannot carry, stays out.
 * A body that is still bytes (a request body as the handler read it, an answer made as a Buffer)
 * is copied in as it is ({@link TextArena.addBytes}) and decoded only when it is read, with the
 * decoder the caller would have used: it is never decoded and encoded again on the request's path.
 * When a body does not fit (the buffer holds live bodies where it would
 * go, or the body is larger than a quarter of the buffer), {@link TextArena.add} says so and the
 * caller keeps the text as a string, as before. The buffer is one allocation of three quarters of
 * the journal's budget (48 MiB by default: over glibc's largest mmap threshold of 32 MiB, so it is
 * mapped and unmapped whole, never left in malloc's arena; see docs/hardening.md), held while any
 * body is in it and for a while after. Three quarters: the budget also counts each entry's headers and fields (5000 STS
 * token exchanges: 52.8 MiB counted, about 46 MiB of bodies), and all of the buffer is resident
 * once the head has gone round it (bench/memory, issue 16 goal 5).
 *
 * @example
 * ```ts
 * const arena = createTextArena();
 * const slot = arena.add(body);      // undefined: keep `body` as it is
 * slot?.text();                     // === body
 * slot?.release();                  // its bytes may be reused
 * ```
 */

/** Default size of an arena's buffer (three quarters of the journal's default budget). */
export const TEXT_ARENA_BYTES = 48 * 1024 * 1024;

/**
 * How long an emptied buffer is kept for the next text, ms (see {@link createTextArena}). Letting
 * it go the moment it emptied made every request pay for a new one whenever each body is released
 * as soon as it is kept: with a journal subscriber (the trainer UI's journal panel, the journal
 * stream), every entry is read, and so released, when it completes. A new 48 MiB buffer costs
 * about 1 ms of CPU (the collector's work for the external memory, freeing the old one's pages)
 * and fresh pages for its texts; a kept one is written again from its start, in pages already mapped.
 */
export const EMPTY_ARENA_KEEP_MS = 2000;

/** Options for {@link createTextArena}. */
export interface TextArenaOptions {
  /** How long an emptied buffer is kept (default {@link EMPTY_ARENA_KEEP_MS}); 0: let go at once. */
  keepEmptyMs?: number;
}

/** The arena's size for a journal budget (see the module comment). */
export function textArenaBytes(journalMaxBytes: number): number {
  return Math.floor((journalMaxBytes * 3) / 4);
}

/** A body in the arena. */
export interface TextSlot {
  /** The text, as it was added (until released). */
  text(): string;
  /** The body is no longer needed: its bytes may be reused. Idempotent. */
  release(): void;
}

/** A circular buffer of texts (see the module comment). */
export interface TextArena {
  /** Keep a text of `bytes` UTF-8 bytes (`Buffer.byteLength(text)`); `undefined` when it does not fit. */
  add(text: string, bytes: number): TextSlot | undefined;
  /**
   * Keep a body that is still bytes (copied in); its slot's `text()` is `decoder.decode(bytes)`.
   * `undefined` when it does not fit.
   */
  addBytes(bytes: Uint8Array, decoder: TextDecoder): TextSlot | undefined;
  /** Bytes of the texts held (not yet released). */
  liveBytes(): number;
  /** Whether the buffer is allocated now. */
  allocated(): boolean;
}

/** One written text: where it is, and whether it is still needed. */
class Region implements TextSlot {
  live = true;
  constructor(
    private readonly arena: RingArena,
    private readonly buffer: Buffer,
    readonly start: number,
    readonly end: number,
    /** How the bytes read back: a text written as latin1 or UTF-8, or bytes decoded by their decoder. */
    private readonly encoding: 'latin1' | 'utf8' | TextDecoder,
  ) {}

  text(): string {
    if (!this.live) throw new Error('journal body read after it was released');
    const encoding = this.encoding;
    return typeof encoding === 'string' ? this.buffer.toString(encoding, this.start, this.end) : encoding.decode(this.buffer.subarray(this.start, this.end));
  }

  release(): void {
    if (!this.live) return;
    this.live = false;
    this.arena.released(this);
  }
}

class RingArena implements TextArena {
  private buffer: Buffer | undefined;
  /** Regions in the order they were written (the oldest first, from `first` on). */
  private regions: Region[] = [];
  private first = 0;
  /** Where the next text is written. */
  private head = 0;
  private live = 0;
  /** Texts added since the buffer was last found empty (the keep timer lets it go only when none were). */
  private addsSinceEmpty = 0;
  private keepTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly size: number,
    private readonly keepEmptyMs: number,
  ) {}

  add(text: string, bytes: number): TextSlot | undefined {
    const length = bytes;
    if (length > this.size / 4) return undefined;
    const encoding = bytes === text.length ? 'latin1' : 'utf8';
    if (encoding === 'utf8' && !isWellFormed(text)) return undefined;
    const start = this.place(length);
    if (start < 0) return undefined;
    const buffer = this.buffer as Buffer;
    buffer.write(text, start, length, encoding);
    return this.kept(buffer, start, length, encoding);
  }

  addBytes(bytes: Uint8Array, decoder: TextDecoder): TextSlot | undefined {
    const length = bytes.byteLength;
    if (length > this.size / 4) return undefined;
    const start = this.place(length);
    if (start < 0) return undefined;
    const buffer = this.buffer as Buffer;
    buffer.set(bytes, start);
    return this.kept(buffer, start, length, decoder);
  }

  /** Where `length` bytes go (allocating the buffer if need be), or -1 when they do not fit. */
  private place(length: number): number {
    this.buffer ??= Buffer.allocUnsafeSlow(this.size);
    const start = this.head;
    const oldest = this.first < this.regions.length ? (this.regions[this.first] as Region) : undefined;
    if (oldest === undefined) return 0; // empty: start again at the beginning
    if (oldest.start < start) {
      // live bytes lie behind the head: free space up to the end, then from 0 up to the oldest
      if (start + length <= this.size) return start;
      return length > oldest.start ? -1 : 0;
    }
    return start + length > oldest.start ? -1 : start; // -1: the head has caught up with the oldest live text
  }

  /** Record the region just written. */
  private kept(buffer: Buffer, start: number, length: number, encoding: 'latin1' | 'utf8' | TextDecoder): Region {
    this.addsSinceEmpty++;
    const region = new Region(this, buffer, start, start + length, encoding);
    this.regions.push(region);
    this.head = start + length;
    this.live += length;
    return region;
  }

  /** A region was released: drop the released ones at the old end; let the buffer go when empty. */
  released(region: Region): void {
    this.live -= region.end - region.start;
    const regions = this.regions;
    while (this.first < regions.length && !(regions[this.first] as Region).live) this.first++;
    if (this.first === regions.length) {
      // nothing live: the list goes, the next text is written at the start; the buffer goes (it
      // is unmapped once collected) once it has stayed empty for a while
      this.regions = [];
      this.first = 0;
      this.head = 0;
      this.emptied();
    } else if (this.first > 1024 && this.first * 2 > regions.length) {
      this.regions = regions.slice(this.first);
      this.first = 0;
    }
  }

  /** The buffer is empty: let it go now, or once it has stayed empty for `keepEmptyMs`. */
  private emptied(): void {
    if (this.keepEmptyMs <= 0) {
      this.buffer = undefined;
      return;
    }
    if (this.keepTimer !== undefined) return; // armed: it looks again when it fires
    this.addsSinceEmpty = 0;
    this.keepTimer = setTimeout(() => {
      this.keepTimer = undefined;
      if (this.live !== 0) return; // in use again: the next emptying arms it again
      if (this.addsSinceEmpty === 0) this.buffer = undefined;
      else this.emptied(); // used and emptied again meanwhile: wait another while
    }, this.keepEmptyMs);
    this.keepTimer.unref?.();
  }

  liveBytes(): number {
    return this.live;
  }

  allocated(): boolean {
    return this.buffer !== undefined;
  }
}

/** Whether a text has no lone surrogate (UTF-8 carries it unchanged). */
function isWellFormed(text: string): boolean {
  const native = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native !== undefined ? native.call(text) : !/\p{Surrogate}/u.test(text);
}

/**
 * Create an arena with a buffer of `bytes`: allocated on the first text, let go once it has been
 * empty for {@link TextArenaOptions.keepEmptyMs} (no text added meanwhile).
 */
export function createTextArena(bytes: number = TEXT_ARENA_BYTES, options: TextArenaOptions = {}): TextArena {
  return new RingArena(bytes, options.keepEmptyMs ?? EMPTY_ARENA_KEEP_MS);
}
