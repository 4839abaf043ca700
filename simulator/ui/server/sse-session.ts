/**
 * One server-sent-events answer with a bounded queue: the UI's streams (the journal stream, the
 * UI event stream) write through it. Events wait in a queue per client and are written one at a
 * time, each after the previous one was taken; a client that falls more than
 * {@link STREAM_CLIENT_MAX_BYTES} or {@link STREAM_CLIENT_MAX_EVENTS} behind (it stopped reading)
 * is sent a `dropped` event (best effort), disconnected, and noted on the simulator's log. A
 * client that goes away costs nothing afterwards: its subscriptions are undone at once and its
 * keep-alive timer is cleared.
 *
 * @example
 * ```ts
 * return boundedSse(c, { name: 'journal stream', log }, (session) => {
 *   session.onClose(journal.subscribe((e) => session.send('entry', JSON.stringify(e))));
 *   session.send('ready', '{}');
 * });
 * ```
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger, SimHonoEnv } from '../../core/deps.js';

/**
 * Most bytes of events one client may have waiting (written to it but not yet taken by its
 * connection). A client that stops reading is dropped beyond it, with a note, never the server.
 */
export const STREAM_CLIENT_MAX_BYTES = 4 * 1024 * 1024;
/** Most events one client may have waiting (see {@link STREAM_CLIENT_MAX_BYTES}). */
export const STREAM_CLIENT_MAX_EVENTS = 2_000;
/** A comment line this often keeps proxies from closing an idle stream. */
export const STREAM_KEEP_ALIVE_MS = 15_000;

/** One server-sent event (the data is one line of JSON). */
export function sseEvent(event: string, data: string, id?: string): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${data}\n\n`;
}

/** The open stream, as its producer sees it. */
export interface SseSession {
  /** Queue one event (`data`: one line of JSON). Ignored once closed. */
  send(event: string, data: string, id?: string): void;
  /** Close the stream, after a last event when given (best effort). */
  close(last?: { event: string; data: string }): void;
  /** Run `undo` when the stream closes (for whatever reason); at once when it is closed already. */
  onClose(undo: () => void): void;
  readonly closed: boolean;
}

/** Options of {@link boundedSse}. */
export interface BoundedSseOptions {
  /** How the log names the stream (`journal stream`). */
  name: string;
  log?: Logger | undefined;
  /** What the `dropped` note tells a client that fell behind to do. */
  reconnectHint?: string;
}

/** Answer with a bounded event stream; `start` subscribes the producers (see the module doc). */
export function boundedSse(c: Context<SimHonoEnv>, options: BoundedSseOptions, start: (session: SseSession) => void): Response {
  const outgoing = c.env?.outgoing;
  return streamSSE(c, async (stream) => {
    let closed = false;
    const queue: string[] = [];
    let queuedBytes = 0;
    let pumping = false;
    const undos: Array<() => void> = [];
    let wakeKeepAlive: (() => void) | undefined;
    const finish = (): void => {
      if (closed) return;
      closed = true;
      queue.length = 0;
      queuedBytes = 0;
      for (const undo of undos.splice(0)) {
        try {
          undo();
        } catch {
          // an undo that throws must not keep the others from running
        }
      }
      wakeKeepAlive?.();
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
        finish();
      } finally {
        pumping = false;
      }
    };
    const enqueue = (chunk: string): void => {
      if (closed) return;
      queue.push(chunk);
      queuedBytes += chunk.length;
      if (queuedBytes > STREAM_CLIENT_MAX_BYTES || queue.length > STREAM_CLIENT_MAX_EVENTS) {
        const waiting = { events: queue.length, bytes: queuedBytes };
        finish();
        options.log?.warn(
          `${options.name}: a client stopped reading (${waiting.events} events, ${waiting.bytes} bytes waiting; the limit is ${STREAM_CLIENT_MAX_EVENTS} events or ${STREAM_CLIENT_MAX_BYTES} bytes) and was disconnected; the simulator goes on serving`,
        );
        const note = {
          code: 'STREAM_CLIENT_TOO_SLOW',
          message: `this client fell more than ${STREAM_CLIENT_MAX_EVENTS} events or ${STREAM_CLIENT_MAX_BYTES} bytes behind and was disconnected; ${options.reconnectHint ?? 'reconnect'}`,
        };
        void stream.write(sseEvent('dropped', JSON.stringify(note))).catch(() => undefined);
        stream.abort();
        outgoing?.destroy();
        return;
      }
      void pump();
    };
    const session: SseSession = {
      send: (event, data, id) => enqueue(sseEvent(event, data, id)),
      close(last) {
        if (closed) return;
        // Written ahead of the writer's close (which ends the answer once the callback returns).
        if (last !== undefined) void stream.write(sseEvent(last.event, last.data)).catch(() => undefined);
        finish();
      },
      onClose(undo) {
        if (closed) undo();
        else undos.push(undo);
      },
      get closed() {
        return closed;
      },
    };
    stream.onAbort(finish);
    try {
      start(session);
      while (!closed && !stream.aborted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, STREAM_KEEP_ALIVE_MS);
          wakeKeepAlive = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeKeepAlive = undefined;
        enqueue(': keep-alive\n\n');
      }
    } finally {
      finish();
    }
  });
}
