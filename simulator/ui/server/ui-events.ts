/**
 * The UI event stream (`GET /ui/api/events`, server-sent events): the one connection a browser
 * keeps open to the simulator. The UI's shared worker opens it once for every tab of the
 * browser (docs/ui.md, "Connections") and hands its events to the pages, so no page holds a
 * journal stream or a PIN-prompt long poll of its own.
 *
 * Events:
 * - `prompts` — `{ "prompts": [...] }`: the card client's open prompts, at once and each time one
 *   opens or closes (replaces the long poll `GET /card-client/prompts/next`);
 * - `entry` — one journal entry (already redacted), each as it is appended; only for a caller the
 *   control API's rule admits (loopback, or the control token), as on `/ui/api/journal/stream`;
 * - `ready` — `{ "journal": true|false, "prompts": true|false }`: what this stream carries;
 * - `closed` — `{ "code": "UI_STREAM_REPLACED", "message" }`: the server ended this stream because
 *   the same client opened more than {@link MAX_UI_STREAMS_PER_CLIENT}; do not reconnect it;
 * - a comment line every 15 s.
 *
 * Bounds: at most {@link MAX_UI_STREAMS_PER_CLIENT} streams per client (address and user agent;
 * the oldest is closed when a newer one opens), and the bounded queue of `sse-session.ts` per
 * stream. A stream the client dropped is unsubscribed at once.
 *
 * @example
 * ```ts
 * const events = createUiEventStreams({ journal, cardClient: () => mountedCardClient(deps), journalAllowed });
 * app.get('/api/events', (c) => events.open(c));
 * ```
 */
import type { Context } from 'hono';
import type { Logger, SimHonoEnv } from '../../core/deps.js';
import type { Journal, JournalEntry } from '../../core/journal.js';
import type { CardClient, PromptView } from '../../../virtual-reader/card-client/card-client.js';
import { boundedSse, type SseSession } from './sse-session.js';

/** Most UI event streams one client (address and user agent) keeps open; a newer one closes the oldest. */
export const MAX_UI_STREAMS_PER_CLIENT = 4;

/** Options of {@link createUiEventStreams}. */
export interface UiEventStreamsOptions {
  journal: Journal;
  /** The card client whose prompts the stream carries (undefined: the module is not mounted). */
  cardClient: () => Promise<CardClient | undefined>;
  /** Whether this caller may read the journal (the control API's rule). */
  journalAllowed: (c: Context<SimHonoEnv>) => Promise<boolean>;
  log?: Logger | undefined;
  /** Default {@link MAX_UI_STREAMS_PER_CLIENT}. */
  maxPerClient?: number;
}

/** The UI event streams of one environment. */
export interface UiEventStreams {
  /** Answer a request with a new stream. */
  open(c: Context<SimHonoEnv>): Promise<Response>;
  /** Streams open now, per client key (for tests and the log). */
  openCount(): number;
}

/** Who a stream belongs to: the caller's address and browser. */
function clientKey(c: Context<SimHonoEnv>): string {
  const address = c.env?.incoming?.socket?.remoteAddress ?? 'in-process';
  return `${address} ${c.req.header('user-agent') ?? ''}`;
}

/** Create the streams' registry (one per UI app, i.e. per environment). */
export function createUiEventStreams(options: UiEventStreamsOptions): UiEventStreams {
  const max = Math.max(1, options.maxPerClient ?? MAX_UI_STREAMS_PER_CLIENT);
  const byClient = new Map<string, SseSession[]>();

  const register = (key: string, session: SseSession): void => {
    const open = byClient.get(key) ?? [];
    open.push(session);
    byClient.set(key, open);
    while (open.length > max) {
      const oldest = open.shift() as SseSession;
      oldest.close({
        event: 'closed',
        data: JSON.stringify({
          code: 'UI_STREAM_REPLACED',
          message: `this browser opened more than ${max} UI event streams; the oldest was closed. A browser needs one (the UI's shared worker keeps one for every tab); close unused tabs or reload this one`,
        }),
      });
    }
    session.onClose(() => {
      const list = byClient.get(key);
      if (list === undefined) return;
      const at = list.indexOf(session);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) byClient.delete(key);
    });
  };

  return {
    async open(c) {
      const withJournal = await options.journalAllowed(c);
      const key = clientKey(c);
      const client = await options.cardClient();
      return boundedSse(c, { name: 'UI event stream', log: options.log, reconnectHint: 'reconnect' }, (session) => {
        register(key, session);
        if (client !== undefined) {
          const sendPrompts = (prompts: PromptView[]): void => session.send('prompts', JSON.stringify({ prompts }));
          session.onClose(client.watchPrompts(sendPrompts));
          sendPrompts(client.prompts());
        }
        if (withJournal) session.onClose(options.journal.subscribe((entry: JournalEntry) => session.send('entry', JSON.stringify(entry), String(entry.seq))));
        session.send('ready', JSON.stringify({ journal: withJournal, prompts: client !== undefined }));
      });
    },
    openCount() {
      let n = 0;
      for (const list of byClient.values()) n += list.length;
      return n;
    },
  };
}
