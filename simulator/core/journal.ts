/**
 * The journal: every request and response the simulator handled, with time (simulator clock),
 * service, a parsed summary, the correlation id and the identified client. Bodies are
 * redacted before they are stored. A capped ring: memory stays bounded.
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
  /** Who called: remote address and, in TLS mode, the organisation from the client certificate. */
  client: { address?: string; organisation?: string; certificateSubject?: string };
  durationMs: number;
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
  append(entry: Omit<JournalEntry, 'seq'>): JournalEntry;
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
}

/** Create a capped, in-memory journal. */
export function createJournal(options: JournalOptions = {}): Journal {
  const capacity = Math.max(1, options.capacity ?? 5000);
  const ring: JournalEntry[] = [];
  let seq = 0;
  const listeners = new Set<(entry: JournalEntry) => void>();
  return {
    capacity,
    append(entry) {
      const full: JournalEntry = { seq: ++seq, ...entry };
      ring.push(full);
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
      for (const l of listeners) {
        try {
          l(full);
        } catch {
          // a broken listener must not break request handling
        }
      }
      return full;
    },
    list(filter = {}) {
      const sinceMs = filter.since === undefined ? undefined : typeof filter.since === 'number' ? filter.since : Date.parse(filter.since);
      let out = ring.filter(
        (e) =>
          (filter.service === undefined || e.service === filter.service) &&
          (filter.correlationId === undefined || e.correlationId === filter.correlationId) &&
          (sinceMs === undefined || Date.parse(e.time) >= sinceMs),
      );
      if (filter.limit !== undefined && out.length > filter.limit) out = out.slice(out.length - filter.limit);
      return out;
    },
    clear() {
      ring.length = 0;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
