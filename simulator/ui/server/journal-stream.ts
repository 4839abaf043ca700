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
import type { Logger, SimHonoEnv } from '../../core/deps.js';
import type { Journal, JournalEntry } from '../../core/journal.js';

/** Most backlog entries a client may ask for. */
export const MAX_BACKLOG = 500;

/** Parse the `backlog` query parameter (default 200, 0..{@link MAX_BACKLOG}). */
export function backlogSize(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,6}$/.test(raw)) return 200;
  return Math.min(Number(raw), MAX_BACKLOG);
}

/**
 * Most bytes of events one client may have waiting (written to it but not yet taken by its
 * connection). A client that stops reading is dropped beyond it, with a note, never the server.
 */
export const STREAM_CLIENT_MAX_BYTES = 4 * 1024 * 1024;
/** Most events one client may have waiting (see {@link STREAM_CLIENT_MAX_BYTES}). */
export const STREAM_CLIENT_MAX_EVENTS = 2_000;

/** One server-sent event (the data is one line of JSON). */
function sseEvent(event: string, data: string, id?: string): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${data}\n\n`;
}

/**
 * Answer a request with the journal stream. Events wait in a bounded queue per client and are
 * written one at a time, each after the previous one was taken; a client that falls more than
 * {@link STREAM_CLIENT_MAX_BYTES} or {@link STREAM_CLIENT_MAX_EVENTS} behind (it stopped reading)
 * is sent a `dropped` event (best effort), disconnected, and noted on the simulator's log.
 */
export function journalStream(c: Context<SimHonoEnv>, journal: Journal, log?: Logger): Response {
  const backlog = backlogSize(c.req.query('backlog'));
  const outgoing = c.env?.outgoing;
  return streamSSE(c, async (stream) => {
    let closed = false;
    const queue: string[] = [];
    let queuedBytes = 0;
    let pumping = false;
    let unsubscribe = (): void => undefined;
    const drop = (): void => {
      if (closed) return;
      const waiting = { events: queue.length, bytes: queuedBytes };
      closed = true;
      unsubscribe();
      queue.length = 0;
      queuedBytes = 0;
      log?.warn(
        `journal stream: a client stopped reading (${waiting.events} events, ${waiting.bytes} bytes waiting; the limit is ${STREAM_CLIENT_MAX_EVENTS} events or ${STREAM_CLIENT_MAX_BYTES} bytes) and was disconnected; the simulator goes on serving`,
      );
      const note = { code: 'STREAM_CLIENT_TOO_SLOW', message: `this client fell more than ${STREAM_CLIENT_MAX_EVENTS} events or ${STREAM_CLIENT_MAX_BYTES} bytes behind the journal and was disconnected; reconnect (the backlog gives the latest entries) or read GET /_sim/journal` };
      void stream.write(sseEvent('dropped', JSON.stringify(note))).catch(() => undefined);
      stream.abort();
      outgoing?.destroy();
    };
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (!closed && queue.length > 0) {
          const chunk = queue.shift() as string;
          queuedBytes -= chunk.length;
          await stream.write(chunk);
        }
      } catch {
        closed = true;
        unsubscribe();
      } finally {
        pumping = false;
      }
    };
    const enqueue = (chunk: string): void => {
      if (closed) return;
      queue.push(chunk);
      queuedBytes += chunk.length;
      if (queuedBytes > STREAM_CLIENT_MAX_BYTES || queue.length > STREAM_CLIENT_MAX_EVENTS) {
        drop();
        return;
      }
      void pump();
    };
    unsubscribe = journal.subscribe((entry: JournalEntry) => enqueue(sseEvent('entry', JSON.stringify(entry), String(entry.seq))));
    stream.onAbort(() => {
      closed = true;
      unsubscribe();
    });
    try {
      if (backlog > 0) for (const entry of journal.list({ limit: backlog })) enqueue(sseEvent('entry', JSON.stringify(entry), String(entry.seq)));
      enqueue(sseEvent('ready', '{}'));
      while (!closed && !stream.aborted) {
        await stream.sleep(15_000);
        enqueue(': keep-alive\n\n');
      }
    } finally {
      closed = true;
      unsubscribe();
    }
  });
}
