/**
 * The journal: every request and response the simulator handled, with time (simulator clock),
 * service, a parsed summary, the correlation id and the identified client. Bodies and headers
 * are redacted before anyone sees them: either before they are stored, or (for a
 * {@link PendingJournalEntry}, what the journaling middleware appends) on first read, so that a
 * request nobody looks at costs no redaction work. A capped ring: memory stays bounded.
 *
 * @example
 * ```ts
 * const journal = createJournal({ capacity: 1000 });
 * journal.list({ service: 'sts', since: '2026-01-01T00:00:00Z' });
 * ```
 */

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
}

/** What is known of a request when it arrives (see {@link Journal.open}). */
export interface JournalArrival {
  time: string;
  service: string;
  correlationId: string;
  request: { method: string; path: string; query: string };
  client: JournalEntry['client'];
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
  /** Size of the raw, unredacted material the entry holds (what the size budget counts). */
  rawSize: number;
  /** Build the redacted request and response. */
  messages(): Pick<JournalEntry, 'request' | 'response'>;
}

/** Filters for {@link Journal.list}. */
export interface JournalFilter {
  service?: string;
  /** ISO time or epoch ms: entries at or after it. */
  since?: string | number;
  correlationId?: string;
  /** At most this many, newest last. */
  limit?: number;
}

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
  clear(): void;
  readonly capacity: number;
  /** Subscribe to new entries (for live views); returns an unsubscribe function. */
  subscribe(listener: (entry: JournalEntry) => void): () => void;
}

/** Options for {@link createJournal}. */
export interface JournalOptions {
  /** Entries kept (default 5000); older ones are dropped. */
  capacity?: number;
  /**
   * Approximate size budget of all entries together, in characters of bodies, headers and
   * summaries (default 64 Mi); the oldest entries are dropped to stay within it. The newest
   * entry is always kept.
   */
  maxBytes?: number;
}

/** Default size budget of one journal (see {@link JournalOptions.maxBytes}). */
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

function headersSize(h: Record<string, string>): number {
  let n = 0;
  for (const k in h) n += k.length + (h[k]?.length ?? 0) + 4;
  return n;
}

/** Approximate size of an entry: what grows with the traffic (bodies, headers, summary). */
export function journalEntrySize(e: Omit<JournalEntry, 'seq'>): number {
  return 256 + e.request.body.length + e.response.body.length + e.request.path.length + e.request.query.length + headersSize(e.request.headers) + headersSize(e.response.headers) + JSON.stringify(e.summary).length;
}

/** Create a capped, in-memory journal. */
export function createJournal(options: JournalOptions = {}): Journal {
  const capacity = Math.max(1, options.capacity ?? 5000);
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES);
  type Stored = JournalEntry | (PendingJournalEntry & { seq: number });
  const ring: Stored[] = [];
  /** The entry as readers see it (redacting a pending one once, in place). */
  const settle = (index: number): JournalEntry => {
    const e = ring[index] as Stored;
    if (!('messages' in e)) return e;
    const { messages, rawSize: _rawSize, ...rest } = e;
    const done: JournalEntry = { ...rest, ...messages() };
    ring[index] = done;
    return done;
  };
  const sizes: number[] = [];
  let bytes = 0;
  let seq = 0;
  const listeners = new Set<(entry: JournalEntry) => void>();
  const sizeOf = (entry: Omit<JournalEntry, 'seq'> | PendingJournalEntry): number =>
    'messages' in entry ? 256 + entry.rawSize + JSON.stringify(entry.summary).length : journalEntrySize(entry);
  /** Drop the oldest entries beyond the count, then while over the size budget (never the newest). */
  const trim = (): void => {
    let drop = Math.max(0, ring.length - capacity);
    let remaining = bytes;
    for (let i = 0; i < drop; i++) remaining -= sizes[i] ?? 0;
    while (remaining > maxBytes && drop < ring.length - 1) remaining -= sizes[drop++] ?? 0;
    if (drop > 0) {
      ring.splice(0, drop);
      for (const s of sizes.splice(0, drop)) bytes -= s;
    }
  };
  const store = (entry: Stored, size: number): void => {
    ring.push(entry);
    sizes.push(size);
    bytes += size;
    trim();
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
  return {
    capacity,
    append(entry) {
      const full: Stored = { seq: ++seq, ...entry };
      store(full, sizeOf(entry));
      if (listeners.size > 0) notify(settle(ring.length - 1));
      return full.seq;
    },
    open(arrival) {
      const placeholder: JournalEntry = {
        seq: ++seq,
        time: arrival.time,
        service: arrival.service,
        correlationId: arrival.correlationId,
        request: { ...arrival.request, headers: {}, body: '', bytes: 0, truncated: false },
        response: { status: 0, headers: {}, body: '', bytes: 0, truncated: false },
        summary: {},
        client: arrival.client,
        durationMs: 0,
        state: 'in-progress',
      };
      store(placeholder, 256 + arrival.request.path.length + arrival.request.query.length);
      const own = placeholder.seq;
      let done = false;
      return {
        seq: own,
        complete(entry) {
          if (done) return;
          done = true;
          const size = sizeOf(entry);
          // In-flight entries are recent: look from the end. Gone when the ring dropped it meanwhile.
          let index = -1;
          for (let i = ring.length - 1; i >= 0; i--) {
            const s = (ring[i] as Stored).seq;
            if (s === own) {
              index = i;
              break;
            }
            if (s < own) break;
          }
          if (index >= 0) {
            ring[index] = { seq: own, ...entry };
            bytes += size - (sizes[index] ?? 0);
            sizes[index] = size;
            trim();
            if (listeners.size > 0) {
              const at = ring.findIndex((e) => e.seq === own);
              if (at >= 0) notify(settle(at));
            }
          } else if (listeners.size > 0) {
            const { messages, rawSize: _r, ...rest } = entry as PendingJournalEntry;
            notify('messages' in entry ? { seq: own, ...rest, ...messages() } : { seq: own, ...(entry as Omit<JournalEntry, 'seq'>) });
          }
        },
      };
    },
    list(filter = {}) {
      const sinceMs = filter.since === undefined ? undefined : typeof filter.since === 'number' ? filter.since : Date.parse(filter.since);
      let picked: number[] = [];
      ring.forEach((e, i) => {
        if (
          (filter.service === undefined || e.service === filter.service) &&
          (filter.correlationId === undefined || e.correlationId === filter.correlationId) &&
          (sinceMs === undefined || Date.parse(e.time) >= sinceMs)
        ) {
          picked.push(i);
        }
      });
      if (filter.limit !== undefined && picked.length > filter.limit) picked = picked.slice(picked.length - filter.limit);
      return picked.map(settle);
    },
    clear() {
      // Requests still in progress stay (a reset's own request among them): they complete later.
      const keep = ring.map((e, i) => [e, sizes[i] ?? 0] as const).filter(([e]) => e.state === 'in-progress');
      ring.length = 0;
      sizes.length = 0;
      bytes = 0;
      for (const [e, size] of keep) store(e, size);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
