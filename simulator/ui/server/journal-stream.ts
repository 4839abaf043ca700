/**
 * The journal as server-sent events, for the traffic inspector: the last entries first
 * (`backlog`), then every new entry as it is appended (`Journal.subscribe`). The entries are the
 * journal's own, already redacted; nothing is added or unmasked here. Same access rule as the
 * control API (the route is guarded by `controlAccess`).
 *
 * Events: `entry` (data: one journal entry as JSON), `ready` (after the backlog), and a comment
 * line every 15 s to keep proxies from closing the stream.
 *
 * @example
 * ```ts
 * app.get('/api/journal/stream', (c) => journalStream(c, deps.journal));
 * ```
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SimHonoEnv } from '../../core/deps.js';
import type { Journal, JournalEntry } from '../../core/journal.js';

/** Most backlog entries a client may ask for. */
export const MAX_BACKLOG = 500;

/** Parse the `backlog` query parameter (default 200, 0..{@link MAX_BACKLOG}). */
export function backlogSize(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,6}$/.test(raw)) return 200;
  return Math.min(Number(raw), MAX_BACKLOG);
}

/** Answer a request with the journal stream. */
export function journalStream(c: Context<SimHonoEnv>, journal: Journal): Response {
  const backlog = backlogSize(c.req.query('backlog'));
  return streamSSE(c, async (stream) => {
    let closed = false;
    const send = (entry: JournalEntry): void => {
      if (closed) return;
      stream.writeSSE({ event: 'entry', id: String(entry.seq), data: JSON.stringify(entry) }).catch(() => {
        closed = true;
      });
    };
    const unsubscribe = journal.subscribe(send);
    stream.onAbort(() => {
      closed = true;
      unsubscribe();
    });
    try {
      if (backlog > 0) for (const entry of journal.list({ limit: backlog })) send(entry);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!closed && !stream.aborted) {
        await stream.sleep(15_000);
        if (!closed && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
    } finally {
      closed = true;
      unsubscribe();
    }
  });
}
