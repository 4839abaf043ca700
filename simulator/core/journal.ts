/**
 * The journal: every request and response the simulator handled, with time (simulator clock),
 * service, a parsed summary, the correlation id and the identified client. Bodies and headers
 * are redacted before anyone sees them: either before they are stored, or (for a
 * {@link PendingJournalEntry}, what the journaling middleware appends) on first read, so that a
 * request nobody looks at costs no redaction work. A capped ring: memory stays bounded. Once
 * the journal has been quiet for a second (no request arrived), completed entries are redacted
 * and their messages kept compressed (see {@link JournalOptions.compactAfterMs}), off the
 * requests' path; a read inflates them.
 *
 * @example
 * ```ts
 * const journal = createJournal({ capacity: 1000 });
 * journal.list({ service: 'sts', since: '2026-01-01T00:00:00Z' });
 * ```
 */
import { constants as zlibConstants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { detachedString } from '../state/store.js';


/** One journal entry. */
export interface JournalEntry {
  /** Monotonic sequence number within this journal. */
  seq: number;
  /** Simulator time the request arrived (ISO 8601). */
  time: string;
  /** Service that handled it (`sts`, `eid`, `control`, `discovery`, ...). */
  service: string;
  correlationId: string;
  request: JournalMessage & { method: string; path: string; query: string };
  response: JournalMessage & { status: number };
  /** Service-specific parsed summary (operation, user, outcome ...); never a secret. */
  summary: Record<string, unknown>;
  /** Error code when the answer was a refusal. */
  errorCode?: string;
  /**
   * Rules the `lenient` policy relaxed for this answer (strict would have refused it with
   * `code`); absent under strict. The answer carries the header `EESZT-Sim-Lenient` too.
   */
  lenient?: Array<{ rule: string; code: string; message: string }>;
  /** Who called: remote address and, in TLS mode, the organisation from the client certificate. */
  client: { address?: string; organisation?: string; certificateSubject?: string };
  durationMs: number;
  /**
   * Where the exchange stands: absent when it completed normally; `in-progress` from its arrival
   * until it completes (response status 0, no bodies yet); `aborted` when the client went away
   * first (`errorCode` `CLIENT_ABORTED`; the answer, if the handler produced one, is kept but was
   * never delivered: `summary.applied` says whether the request's work was done).
   */
  state?: 'in-progress' | 'aborted';
  /**
   * `ui` when the trainer UI made the request for itself: its pages and assets (service `ui`) and
   * its upkeep calls (header `x-eeszt-sim-ui: upkeep`: refreshing the reader panel, waiting for
   * a PIN prompt). Absent for everything else, the UI's flow calls included (a login the trainer
   * starts is traffic like a HIS's). The inspector hides `ui` entries by default.
   */
  origin?: 'ui';
}

/** Request header that marks the trainer UI's own upkeep calls (value `upkeep`). */
export const UI_UPKEEP_HEADER = 'x-eeszt-sim-ui';

/** Is a request the trainer UI's own (see {@link JournalEntry.origin})? */
export function uiOwnRequest(service: string, upkeepHeader: string | undefined): boolean {
  return service === 'ui' || upkeepHeader === 'upkeep';
}

/** What is known of a request when it arrives (see {@link Journal.open}). */
export interface JournalArrival {
  time: string;
  service: string;
  correlationId: string;
  request: { method: string; path: string; query: string };
  client: JournalEntry['client'];
  origin?: 'ui';
}

/** An open entry: completed (or marked aborted) once the exchange ends. */
export interface JournalTicket {
  readonly seq: number;
  /** Replace the in-progress entry by the finished one (same sequence number and arrival time). */
  complete(entry: Omit<JournalEntry, 'seq'> | PendingJournalEntry): void;
}

/** A message as journaled: redacted headers and body. */
export interface JournalMessage {
  headers: Record<string, string>;
  /** Redacted body text, truncated to the journal's body cap. */
  body: string;
  /** Body size in bytes before truncation. */
  bytes: number;
  truncated: boolean;
}

/**
 * An entry whose request and response are redacted and capped only when first read (by
 * {@link Journal.list} or a subscriber). `messages` must be pure: it is called at most once.
 */
export interface PendingJournalEntry extends Omit<JournalEntry, 'seq' | 'request' | 'response'> {
  /** Size in bytes (UTF-8) of the raw, unredacted material the entry holds (what the size budget counts). */
  rawSize: number;
  /** Build the redacted request and response. */
  messages(): Pick<JournalEntry, 'request' | 'response'>;
  /**
   * Called once the entry no longer needs what `messages` reads (after `messages`, or when the
   * entry is dropped unread): the journaling middleware's bodies are then reused (text arena).
   */
  release?(): void;
}

/** Filters for {@link Journal.list} and {@link Journal.page}; all given ones must hold. */
export interface JournalFilter {
  /** One service, or any of several. */
  service?: string | readonly string[];
  /** ISO time or epoch ms: entries at or after it. */
  since?: string | number;
  /** ISO time or epoch ms: entries before it. */
  until?: string | number;
  correlationId?: string;
  /** The entry's `errorCode` (a refusal's code). */
  code?: string;
  /**
   * A user: equal (ignoring case) to a user field of the summary (`username`, `admin`, `user`,
   * `nameId`, `subject`) — the persona a login or an admin call was for.
   */
  user?: string;
  /**
   * Text (case-insensitive) in the path and query, the error code, the summary or the (redacted)
   * bodies. Entries are redacted before they are searched: a secret cannot be found by guessing.
   */
  text?: string;
  /** `exclude`: leave out the UI's own requests ({@link JournalEntry.origin} `ui`); `only`: only them. */
  ui?: 'exclude' | 'only';
  /** Only entries with a sequence number below it (paging back: the previous page's `next`). */
  beforeSeq?: number;
  /** Only entries with a sequence number above it (what came since a known entry). */
  afterSeq?: number;
  /** At most this many, newest last. */
  limit?: number;
}

/** A page of the journal: entries oldest first; `next` when older matching entries exist. */
export interface JournalPage {
  entries: JournalEntry[];
  /** Pass as `beforeSeq` for the next (older) page; absent on the last page. */
  next?: number;
}

/** Summary fields that name a user (see {@link JournalFilter.user}). */
export const JOURNAL_USER_FIELDS = ['username', 'admin', 'user', 'nameId', 'subject'] as const;

/** The journal interface. */
export interface Journal {
  /** Append an entry; returns its sequence number. */
  append(entry: Omit<JournalEntry, 'seq'> | PendingJournalEntry): number;
  /**
   * Record a request when it arrives: it is listed at once (state `in-progress`), so readers see
   * every request in arrival order, also one still running or abandoned by its client; the
   * ticket completes it later. Subscribers hear of it when it completes.
   */
  open(arrival: JournalArrival): JournalTicket;
  list(filter?: JournalFilter): JournalEntry[];
  /**
   * The newest `limit` matching entries (all when no limit) and, when older ones match too, the
   * cursor to them. Scans from the newest entry back and stops once the page is full.
   */
  page(filter?: JournalFilter): JournalPage;
  /** The entry with this sequence number, if the ring still holds it. */
  get(seq: number): JournalEntry | undefined;
  clear(): void;
  readonly capacity: number;
  /** How full the ring is: entries held and the bytes counted against the size budget. */
  stats(): JournalStats;
  /** Subscribe to new entries (for live views); returns an unsubscribe function. */
  subscribe(listener: (entry: JournalEntry) => void): () => void;
  /**
   * Compress completed entries now, for at most about `budgetMs` milliseconds (default: until
   * done); true when some are left. The journal does it by itself once quiet
   * ({@link JournalOptions.compactAfterMs}); what readers see does not change.
   */
  compact(budgetMs?: number): boolean;
}

/** See {@link Journal.stats}. */
export interface JournalStats {
  entries: number;
  /** Bytes counted against {@link JournalOptions.maxBytes} (see {@link journalEntrySize}). */
  bytes: number;
  capacity: number;
  maxBytes: number;
  /** Entries kept compressed (see {@link Journal.compact}). */
  compressed: number;
}

/** Options for {@link createJournal}. */
export interface JournalOptions {
  /** Entries kept (default 5000); older ones are dropped. */
  capacity?: number;
  /**
   * Size budget of all entries together, in bytes (UTF-8, `Buffer.byteLength`) of bodies, headers
   * and summaries (default 64 MiB); the oldest entries are dropped to stay within it. The newest
   * entry is always kept.
   */
  maxBytes?: number;
  /**
   * Quiet time (no request arrived) after which completed entries are compressed, in slices of
   * about 10 ms of the event loop each, stopping as soon as a request arrives (default 1000 ms;
   * `0` never). A compressed entry is redacted first and counted in its compressed bytes, so
   * the size budget holds more of them. Memory, not speed: under load nothing is compressed.
   */
  compactAfterMs?: number;
}

/** Default quiet time before the journal compresses its entries (see {@link JournalOptions.compactAfterMs}). */
export const DEFAULT_JOURNAL_COMPACT_AFTER_MS = 1000;

/** Default size budget of one journal (see {@link JournalOptions.maxBytes}). */
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

function headersSize(h: Record<string, string>): number {
  let n = 0;
  for (const k in h) n += Buffer.byteLength(k) + Buffer.byteLength(h[k] ?? '') + 4;
  return n;
}

/** Size of an entry in bytes (UTF-8) of what grows with the traffic (bodies, headers, summary), plus 256 for the rest. */
export function journalEntrySize(e: Omit<JournalEntry, 'seq'>): number {
  return (
    256 +
    Buffer.byteLength(e.request.body) +
    Buffer.byteLength(e.response.body) +
    Buffer.byteLength(e.request.path) +
    Buffer.byteLength(e.request.query) +
    headersSize(e.request.headers) +
    headersSize(e.response.headers) +
    summarySize(e.summary)
  );
}

/** A string JSON writes as it is, between quotes: printable ASCII without `"` and `\\`. */
const JSON_PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Bytes (UTF-8) of a summary as JSON, i.e. `Buffer.byteLength(JSON.stringify(summary))`. This runs
 * for every journaled request: a flat summary of plain strings, finite numbers and booleans (what
 * the services write) is counted field by field without building the JSON; anything else is
 * stringified.
 */
export function summarySize(summary: Record<string, unknown>): number {
  const proto = Object.getPrototypeOf(summary) as unknown;
  if (proto !== Object.prototype && proto !== null) return Buffer.byteLength(JSON.stringify(summary));
  let n = 2; // {}
  let fields = 0;
  for (const k in summary) {
    if (!Object.prototype.hasOwnProperty.call(summary, k)) continue;
    const v = summary[k];
    let value: number;
    if (typeof v === 'string' && JSON_PLAIN.test(v)) value = v.length + 2;
    else if (typeof v === 'number' && Number.isFinite(v)) value = String(v).length;
    else if (typeof v === 'boolean') value = v ? 4 : 5;
    else if (v === undefined) continue;
    else return Buffer.byteLength(JSON.stringify(summary));
    if (!JSON_PLAIN.test(k)) return Buffer.byteLength(JSON.stringify(summary));
    n += k.length + 3 + value; // "k":value
    fields++;
  }
  return fields === 0 ? 2 : n + fields - 1; // commas
}

function timeMs(t: string | number | undefined): number | undefined {
  return t === undefined ? undefined : typeof t === 'number' ? t : Date.parse(t);
}

type Matchable = Pick<JournalEntry, 'service' | 'time' | 'correlationId' | 'errorCode' | 'summary' | 'origin'>;

/**
 * The test of a {@link JournalFilter}: the cheap fields first; `settled` (the redacted entry) is
 * asked for only when the text filter needs the bodies.
 */
export function journalMatcher(filter: JournalFilter): (entry: Matchable, settled: () => JournalEntry) => boolean {
  const services = filter.service === undefined ? undefined : new Set(typeof filter.service === 'string' ? [filter.service] : filter.service);
  const sinceMs = timeMs(filter.since);
  const untilMs = timeMs(filter.until);
  const user = filter.user?.toLowerCase();
  const text = filter.text === undefined || filter.text === '' ? undefined : filter.text.toLowerCase();
  return (e, settled) => {
    if (services !== undefined && !services.has(e.service)) return false;
    if (filter.correlationId !== undefined && e.correlationId !== filter.correlationId) return false;
    if (filter.code !== undefined && e.errorCode !== filter.code) return false;
    if (filter.ui === 'exclude' && e.origin === 'ui') return false;
    if (filter.ui === 'only' && e.origin !== 'ui') return false;
    if (sinceMs !== undefined || untilMs !== undefined) {
      const at = Date.parse(e.time);
      if (sinceMs !== undefined && !(at >= sinceMs)) return false;
      if (untilMs !== undefined && !(at < untilMs)) return false;
    }
    if (user !== undefined && !JOURNAL_USER_FIELDS.some((k) => typeof e.summary[k] === 'string' && (e.summary[k] as string).toLowerCase() === user)) return false;
    if (text !== undefined) {
      const full = settled();
      const haystack = [full.request.path, full.request.query, full.errorCode ?? '', JSON.stringify(full.summary), full.request.body, full.response.body];
      if (!haystack.some((h) => h.toLowerCase().includes(text))) return false;
    }
    return true;
  };
}

/**
 * The user fields of a summary (see {@link JournalFilter.user}), as strings of their own (a value
 * parsed from a request may be a slice of its whole text); the shared empty one when there are none.
 */
function userFields(summary: Record<string, unknown>): Record<string, unknown> {
  let users: Record<string, unknown> | undefined;
  for (const k of JOURNAL_USER_FIELDS) {
    const v = summary[k];
    if (typeof v === 'string') (users ??= {})[k] = detachedString(v);
  }
  return users ?? EMPTY_SUMMARY;
}

/** What an in-progress entry shows until it completes (frozen: shared by all of them). */
const EMPTY_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const EMPTY_SUMMARY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Completed entries compressed together (up to {@link BLOCK_ENTRIES}, in ring order): each
 * redacted, capped entry but its first four fields as JSON (so it reads back with its fields in
 * the same order), one after the other, deflated with the dictionary of the first one's service.
 * One zlib stream per block, not per entry: zlib's buffers are malloc'd per stream, and one per
 * entry left glibc's main arena 10-40 MiB bigger after compressing 6000 entries (freed, but not
 * given back), where blocks of 16 left it as it was; a block also compresses better (later entries
 * refer to earlier ones) and costs about half the CPU. The compressed bytes are kept as a
 * one-byte (latin1) string, in V8's heap: a Buffer from `deflateRawSync` is a view of zlib's 16 KiB
 * output chunk and kept all of it.
 */
interface PackedBlock {
  packed: string;
  /** Absent when the journal had a dictionary for too many services already. */
  dictionary?: Buffer;
  /** End (byte offset in the inflated text) of each entry's JSON; an entry starts where the previous one ends. */
  ends: number[];
}

/**
 * A completed entry kept compressed: the fields filters test without the bodies (sequence, time,
 * service, correlation id, code, state, origin, and of the summary only its user fields), and
 * where the rest is: its block and its place in it.
 */
interface PackedEntry extends Pick<JournalEntry, 'seq' | 'time' | 'service' | 'correlationId' | 'errorCode' | 'state' | 'origin'> {
  /** The summary's user fields ({@link JOURNAL_USER_FIELDS}) only: what the user filter reads. */
  summary: Record<string, unknown>;
  block: PackedBlock;
  slot: number;
}

type Stored = JournalEntry | (PendingJournalEntry & { seq: number }) | PackedEntry;

/**
 * An entry with its sequence number, as the ring stores it: a plain object is copied with the
 * number first; a pending entry of a class of its own (the journaling middleware's, whose methods
 * are on its prototype and whose kept material is private) is numbered in place, not copied.
 */
function numbered(entry: Omit<JournalEntry, 'seq'> | PendingJournalEntry, seq: number): Stored {
  const proto = Object.getPrototypeOf(entry) as unknown;
  if (proto === Object.prototype || proto === null || !('messages' in entry)) return { seq, ...entry } as Stored;
  const pending = entry as PendingJournalEntry & { seq: number };
  pending.seq = seq;
  return pending;
}

/**
 * Deflate's window: a dictionary longer than this is used by its end only. A compressed STS token
 * exchange (10 KB of XML, mostly the same certificate, namespaces and element names in every
 * answer) takes about 0.6 KB with its service's dictionary, 3.3 KB without.
 */
const DICTIONARY_BYTES = 32 * 1024;
/** Entries compressed together, at most (see {@link PackedBlock}): a read inflates the block. */
const BLOCK_ENTRIES = 16;
/** Services with a dictionary of their own, at most (the rest compress without one). */
const DICTIONARIES_MAX = 64;
/** Deflate level of the compaction (zlib's default: ratio over speed, it runs when idle). */
const COMPACT_LEVEL = zlibConstants.Z_DEFAULT_COMPRESSION;
/** Event-loop time of one compaction slice, ms. */
const COMPACT_SLICE_MS = 10;

/**
 * The journal's storage: a circular buffer of entries (oldest first) with their counted sizes.
 * Appending and dropping the oldest are O(1); sequence numbers grow along it, so an entry is
 * found by binary search. The slots grow (doubling) up to the capacity, so a journal with a large
 * capacity and little traffic stays small.
 */
class EntryRing {
  private slots: Array<Stored | undefined> = new Array<Stored | undefined>(16);
  private sizes: Float64Array = new Float64Array(16);
  private head = 0;
  /** Entries held. */
  count = 0;
  /** Sum of the held entries' sizes. */
  bytes = 0;

  constructor(private readonly capacity: number) {}

  private physical(i: number): number {
    const at = this.head + i;
    return at >= this.slots.length ? at - this.slots.length : at;
  }

  /** The i-th entry, oldest first (0 <= i < count). */
  at(i: number): Stored {
    return this.slots[this.physical(i)] as Stored;
  }

  /** Replace the i-th entry (and its size). */
  set(i: number, entry: Stored, size: number): void {
    const p = this.physical(i);
    this.slots[p] = entry;
    this.bytes += size - (this.sizes[p] as number);
    this.sizes[p] = size;
  }

  /** The size counted for the i-th entry. */
  sizeAt(i: number): number {
    return this.sizes[this.physical(i)] as number;
  }

  push(entry: Stored, size: number): void {
    if (this.count === this.slots.length) this.grow();
    const p = this.physical(this.count);
    this.slots[p] = entry;
    this.sizes[p] = size;
    this.count++;
    this.bytes += size;
  }

  /** Drop the oldest entry. */
  shift(): void {
    const p = this.head;
    this.bytes -= this.sizes[p] as number;
    this.slots[p] = undefined;
    this.sizes[p] = 0;
    this.head = p + 1 === this.slots.length ? 0 : p + 1;
    this.count--;
  }

  /** The index of the entry with this sequence number, or -1. */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.at(mid).seq;
      if (at === seq) return mid;
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * {@link indexOf}, first trying where the entry is when the sequence numbers in the ring are
   * consecutive (always, but after a `clear` that kept requests in progress): O(1) for the
   * completion of a request, which runs for every request.
   */
  indexOfNear(seq: number): number {
    if (this.count === 0) return -1;
    const guess = seq - this.at(0).seq;
    if (guess >= 0 && guess < this.count && this.at(guess).seq === seq) return guess;
    return this.indexOf(seq);
  }

  /** The number of entries with a sequence number below `seq` (where a scan back from `seq` starts). */
  countBelow(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drop every entry. */
  reset(): void {
    this.slots = new Array<Stored | undefined>(16);
    this.sizes = new Float64Array(16);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
  }

  private grow(): void {
    const length = Math.min(Math.max(this.capacity, 16), this.slots.length * 2);
    const slots = new Array<Stored | undefined>(length);
    const sizes = new Float64Array(length);
    for (let i = 0; i < this.count; i++) {
      const p = this.physical(i);
      slots[i] = this.slots[p];
      sizes[i] = this.sizes[p] as number;
    }
    this.slots = slots;
    this.sizes = sizes;
    this.head = 0;
  }
}

/** Create a capped, in-memory journal. */
export function createJournal(options: JournalOptions = {}): Journal {
  const capacity = Math.max(1, options.capacity ?? 5000);
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES);
  // One slot more than the capacity: an entry is stored, then the oldest beyond the capacity dropped.
  const ring = new EntryRing(capacity + 1);
  /** Compression dictionaries by service (the first compressed entry of each), and their bytes. */
  let dictionaries = new Map<string, Buffer>();
  let dictionaryBytes = 0;
  let compressed = 0;
  /** The block a read inflated last, kept until that read returns (a page reads a block's entries together). */
  let lastBlock: PackedBlock | undefined;
  let lastText: Buffer | undefined;
  const inflated = (block: PackedBlock): Buffer => {
    if (block !== lastBlock || lastText === undefined) {
      const { packed, dictionary } = block;
      lastText = inflateRawSync(Buffer.from(packed, 'latin1'), dictionary === undefined ? {} : { dictionary });
      lastBlock = block;
    }
    return lastText;
  };
  /** Done reading: let go of the inflated block. */
  const readDone = <T>(result: T): T => {
    lastBlock = undefined;
    lastText = undefined;
    return result;
  };
  /** The entry as readers see it (redacting a pending one once, in place; inflating a packed one). */
  const settle = (index: number): JournalEntry => {
    const e = ring.at(index);
    if ('block' in e) {
      const text = inflated(e.block);
      const rest = JSON.parse(text.toString('utf8', e.slot === 0 ? 0 : e.block.ends[e.slot - 1], e.block.ends[e.slot])) as Omit<JournalEntry, 'seq' | 'time' | 'service' | 'correlationId'>;
      return { seq: e.seq, time: e.time, service: e.service, correlationId: e.correlationId, ...rest };
    }
    if (!('messages' in e)) return e;
    const { seq: entrySeq, messages: _messages, release: _release, rawSize: _rawSize, ...rest } = e;
    // the sequence number first, as in every entry (a pending one numbered in place has it last)
    const done: JournalEntry = { seq: entrySeq, ...rest, ...e.messages() };
    ring.set(index, done, ring.sizeAt(index));
    e.release?.();
    return done;
  };
  /** The dictionary of a service: made from the first text compressed for it. */
  const dictionaryFor = (service: string, json: string): Buffer | undefined => {
    const known = dictionaries.get(service);
    if (known !== undefined || dictionaries.size >= DICTIONARIES_MAX) return known;
    const text = Buffer.from(json, 'utf8');
    const made = Buffer.from(text.subarray(Math.max(0, text.length - DICTIONARY_BYTES)));
    dictionaries.set(service, made);
    dictionaryBytes += made.length;
    return made;
  };
  /** Compress these entries (completed, not yet compressed; by index) as one block, each counted in its share of it. */
  const pack = (indexes: readonly number[]): void => {
    // One string for the block (zlib takes it as one Buffer): no Buffer per entry, few mallocs.
    let all = '';
    let first = '';
    const ends: number[] = [];
    const kept: PackedEntry[] = [];
    let end = 0;
    for (const index of indexes) {
      const { seq: entrySeq, time, service, correlationId, ...rest } = settle(index);
      const json = JSON.stringify(rest);
      if (kept.length === 0) first = json;
      all += json;
      end += Buffer.byteLength(json);
      ends.push(end);
      const entry = { seq: entrySeq, time, service, correlationId, summary: userFields(rest.summary) } as PackedEntry;
      if (rest.errorCode !== undefined) entry.errorCode = rest.errorCode;
      if (rest.state !== undefined) entry.state = rest.state;
      if (rest.origin !== undefined) entry.origin = rest.origin;
      kept.push(entry);
    }
    const dictionary = dictionaryFor((kept[0] as PackedEntry).service, first);
    const packed = deflateRawSync(all, dictionary === undefined ? { level: COMPACT_LEVEL } : { dictionary, level: COMPACT_LEVEL }).toString('latin1');
    const block: PackedBlock = dictionary === undefined ? { packed, ends } : { packed, dictionary, ends };
    // What an entry keeps: its share of the block, the user fields and (256) the other fields.
    const share = Math.ceil((packed.length + 8 * ends.length) / ends.length);
    kept.forEach((entry, slot) => {
      entry.block = block;
      entry.slot = slot;
      ring.set(indexes[slot] as number, entry, 256 + share + summarySize(entry.summary));
    });
    compressed += kept.length;
  };
  /** See {@link Journal.compact}: oldest first, a block at a time. */
  const compact = (budgetMs = Number.POSITIVE_INFINITY): boolean => {
    const until = performance.now() + budgetMs;
    let batch: number[] = [];
    for (let i = 0; i < ring.count; i++) {
      const e = ring.at(i);
      if ('block' in e || e.state === 'in-progress') continue;
      batch.push(i);
      if (batch.length < BLOCK_ENTRIES) continue;
      if (performance.now() >= until) return true;
      pack(batch);
      batch = [];
    }
    if (batch.length === 0) return false;
    if (performance.now() >= until) return true;
    pack(batch);
    return false;
  };
  let seq = 0;
  const listeners = new Set<(entry: JournalEntry) => void>();
  const sizeOf = (entry: Omit<JournalEntry, 'seq'> | PendingJournalEntry): number =>
    'messages' in entry ? 256 + entry.rawSize + summarySize(entry.summary) : journalEntrySize(entry);
  /** Drop the oldest entries beyond the count, then while over the size budget (never the newest). */
  const trim = (): void => {
    while (ring.count > capacity) dropOldest();
    while (ring.bytes + dictionaryBytes > maxBytes && ring.count > 1) dropOldest();
  };
  const dropOldest = (): void => {
    const oldest = ring.at(0);
    if ('block' in oldest) compressed--;
    ring.shift();
    if ('release' in oldest) oldest.release?.();
  };
  // Compaction when quiet: a timer armed by the first entry stored after the last compaction; when
  // it fires and a request arrived meanwhile, it waits again.
  const quietMs = options.compactAfterMs ?? DEFAULT_JOURNAL_COMPACT_AFTER_MS;
  let arrivals = 0;
  let arrivalsWhenArmed = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (delayMs: number): void => {
    arrivalsWhenArmed = arrivals;
    timer = setTimeout(onQuiet, delayMs);
    timer.unref?.();
  };
  const onQuiet = (): void => {
    timer = undefined;
    if (arrivals !== arrivalsWhenArmed) arm(quietMs);
    else {
      let more = false;
      try {
        more = compact(COMPACT_SLICE_MS);
      } catch {
        // An entry that cannot be built (its reader fails the same way) stays as it is: the
        // upkeep must not take the process down; the next entry stored arms it again.
      }
      if (more) arm(0);
    }
  };
  const store = (entry: Stored, size: number): void => {
    arrivals++;
    ring.push(entry, size);
    trim();
    if (timer === undefined && quietMs > 0) arm(quietMs);
  };
  const notify = (settled: JournalEntry): void => {
    for (const l of listeners) {
      try {
        l(settled);
      } catch {
        // a broken listener must not break request handling
      }
    }
  };
  /** See {@link Journal.page}. */
  const page = (filter: JournalFilter = {}): JournalPage => {
    const match = journalMatcher(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return { entries: [] };
    const picked: number[] = [];
    let next: number | undefined;
    const from = filter.beforeSeq === undefined ? ring.count : ring.countBelow(filter.beforeSeq);
    for (let i = from - 1; i >= 0; i--) {
      const e = ring.at(i);
      if (filter.afterSeq !== undefined && e.seq <= filter.afterSeq) break;
      if (!match(e, () => settle(i))) continue;
      if (picked.length >= limit) {
        next = ring.at(picked[picked.length - 1] as number).seq;
        break;
      }
      picked.push(i);
    }
    const entries = picked.reverse().map(settle);
    return readDone(next === undefined ? { entries } : { entries, next });
  };
  return {
    capacity,
    append(entry) {
      const full = numbered(entry, ++seq);
      store(full, sizeOf(entry));
      if (listeners.size > 0) notify(settle(ring.count - 1));
      return full.seq;
    },
    open(arrival) {
      // Built field by field (no spreads): this runs for every request.
      const { method, path, query } = arrival.request;
      const placeholder: JournalEntry = {
        seq: ++seq,
        time: arrival.time,
        service: arrival.service,
        correlationId: arrival.correlationId,
        request: { method, path, query, headers: EMPTY_HEADERS, body: '', bytes: 0, truncated: false },
        response: { status: 0, headers: EMPTY_HEADERS, body: '', bytes: 0, truncated: false },
        summary: EMPTY_SUMMARY,
        client: arrival.client,
        durationMs: 0,
        state: 'in-progress',
      };
      if (arrival.origin !== undefined) placeholder.origin = arrival.origin;
      store(placeholder, 256 + path.length + query.length);
      const own = placeholder.seq;
      let done = false;
      return {
        seq: own,
        complete(entry) {
          if (done) return;
          done = true;
          // Gone when the ring dropped it meanwhile.
          const index = ring.indexOfNear(own);
          if (index >= 0) {
            ring.set(index, numbered(entry, own), sizeOf(entry));
            trim();
            if (timer === undefined && quietMs > 0) arm(quietMs);
            if (listeners.size > 0) {
              const at = ring.indexOfNear(own);
              if (at >= 0) notify(settle(at));
            }
          } else {
            if (listeners.size > 0) {
              const { messages: _messages, release: _release, rawSize: _r, ...rest } = entry as PendingJournalEntry;
              notify('messages' in entry ? { seq: own, ...rest, ...entry.messages() } : { seq: own, ...(entry as Omit<JournalEntry, 'seq'>) });
            }
            if ('release' in entry) entry.release?.();
          }
        },
      };
    },
    list(filter = {}) {
      return page(filter).entries;
    },
    page,
    get(seq) {
      const index = ring.indexOf(seq);
      return index < 0 ? undefined : readDone(settle(index));
    },
    clear() {
      // Requests still in progress stay (a reset's own request among them): they complete later.
      const keep: Array<[Stored, number]> = [];
      for (let i = 0; i < ring.count; i++) {
        const e = ring.at(i);
        if (e.state === 'in-progress') keep.push([e, ring.sizeAt(i)]);
        else if ('release' in e) e.release?.();
      }
      ring.reset();
      dictionaries = new Map();
      dictionaryBytes = 0;
      compressed = 0;
      for (const [e, size] of keep) store(e, size);
    },
    stats() {
      return { entries: ring.count, bytes: ring.bytes + dictionaryBytes, capacity, maxBytes, compressed };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    compact,
  };
}
