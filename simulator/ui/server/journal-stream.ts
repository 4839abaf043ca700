/**
 * The journal as server-sent events: the last entries first (`backlog`), then every new entry
 * as it is appended (`Journal.subscribe`). The entries are the journal's own, already redacted;
 * nothing is added or unmasked here. Same access rule as the control API (the route is guarded
 * by `controlAccess`). The UI's pages use the UI event stream (`ui-events.ts`), which carries the
 * same entries; this route stays for tools and scripts.
 *
 * Events: `entry` (data: one journal entry as JSON), `ready` (after the backlog), and a comment
 * line every 15 s to keep proxies from closing the stream. The queue per client is bounded
 * (`sse-session.ts`).
 *
 * @example
 * ```ts
 * app.get('/api/journal/stream', (c) => journalStream(c, deps.journal));
 * ```
 */
import type { Context } from 'hono';
import type { Logger, SimHonoEnv } from '../../core/deps.js';
import type { Journal, JournalEntry } from '../../core/journal.js';
import { boundedSse } from './sse-session.js';

export { STREAM_CLIENT_MAX_BYTES, STREAM_CLIENT_MAX_EVENTS } from './sse-session.js';

/** Most backlog entries a client may ask for. */
export const MAX_BACKLOG = 500;

/** Parse the `backlog` query parameter (default 200, 0..{@link MAX_BACKLOG}). */
export function backlogSize(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,6}$/.test(raw)) return 200;
  return Math.min(Number(raw), MAX_BACKLOG);
}

/** Answer a request with the journal stream (see the module doc). */
export function journalStream(c: Context<SimHonoEnv>, journal: Journal, log?: Logger): Response {
  const backlog = backlogSize(c.req.query('backlog'));
  return boundedSse(c, { name: 'journal stream', log, reconnectHint: 'reconnect (the backlog gives the latest entries) or read GET /_sim/journal' }, (session) => {
    session.onClose(journal.subscribe((entry: JournalEntry) => session.send('entry', JSON.stringify(entry), String(entry.seq))));
    if (backlog > 0) for (const entry of journal.list({ limit: backlog })) session.send('entry', JSON.stringify(entry), String(entry.seq));
    session.send('ready', '{}');
  });
}
