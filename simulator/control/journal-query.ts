/**
 * The query parameters of `GET /_sim/journal` (and of the UI's journal routes), checked and turned
 * into a {@link JournalFilter}. Every filter is applied on the server, so a reader asks for the
 * traffic it wants instead of the newest N entries of everything (where the trainer UI's own
 * upkeep requests pushed the HIS traffic out).
 *
 * | parameter | meaning |
 * |---|---|
 * | `service` | one service id or several, comma-separated (`sts,eid`) |
 * | `code` | the refusal's error code (`TOKEN_EXPIRED`) |
 * | `user` | a user the summary names (`username`, `admin`, ...), ignoring case (`O61234`) |
 * | `text` | text in path, query, code, summary or the redacted bodies, ignoring case |
 * | `ui` | `exclude` (leave out the UI's own requests) or `only` |
 * | `since`, `until` | ISO 8601 or epoch ms; `since` inclusive, `until` exclusive |
 * | `correlationId` | one exchange |
 * | `limit` | the newest N matching entries (1 to {@link MAX_JOURNAL_LIMIT}; without it {@link DEFAULT_JOURNAL_LIMIT}, so every answer is bounded even under `--journal-capacity` above it) |
 * | `cursor` | the previous answer's `next`: the page of older matching entries |
 * | `after` | a sequence number: only entries after it (what came since) |
 *
 * @example
 * ```ts
 * const filter = parseJournalQuery(c.req.query()); // { ui: 'exclude', limit: 200 }
 * ```
 */
import { BadRequest } from '../core/errors.js';
import type { JournalFilter } from '../core/journal.js';

/** Largest `limit` a journal read may ask for. */
export const MAX_JOURNAL_LIMIT = 5000;
/** `limit` when none is given: the default ring holds as many, so by default one answer is the whole journal. */
export const DEFAULT_JOURNAL_LIMIT = MAX_JOURNAL_LIMIT;
/** Longest `text` filter, in characters. */
export const MAX_JOURNAL_TEXT = 200;

/** Query parameters the journal reads know (anything else is refused: a typo must not silently widen the answer). */
export const JOURNAL_QUERY_PARAMETERS = ['service', 'code', 'user', 'text', 'ui', 'since', 'until', 'correlationId', 'limit', 'cursor', 'after'] as const;

function invalid(field: string, message: string): BadRequest {
  return new BadRequest(message, { details: { field } }, 'QUERY_INVALID');
}

function time(field: string, raw: string): string | number {
  if (/^\d{1,16}$/.test(raw)) return Number(raw);
  if (!Number.isFinite(Date.parse(raw))) throw invalid(field, `\`${field}\` value \`${raw.slice(0, 64)}\` is not a time; use ISO 8601 (2026-03-02T08:00:00Z) or epoch milliseconds`);
  return raw;
}

function sequence(field: string, raw: string, what: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw invalid(field, `\`${field}\` value \`${raw.slice(0, 64)}\` is not ${what}; use a journal sequence number (${field === 'cursor' ? 'the `next` of the previous answer' : 'the `seq` of an entry'})`);
  return Number(raw);
}

/**
 * Check the journal query parameters and build the filter. Throws `QUERY_INVALID` (400) naming the
 * parameter (`details.field`) and what to send instead.
 */
export function parseJournalQuery(q: Record<string, string>, options: { allowed?: readonly string[] } = {}): JournalFilter {
  const allowed = options.allowed ?? JOURNAL_QUERY_PARAMETERS;
  for (const key of Object.keys(q)) {
    if (!allowed.includes(key)) throw invalid(key, `the journal has no filter \`${key.slice(0, 64)}\`; use ${allowed.join(', ')}`);
  }
  const filter: JournalFilter = {};
  if (q.service !== undefined) {
    const services = q.service.split(',').map((s) => s.trim());
    if (services.some((s) => !/^[\w.-]{1,64}$/.test(s))) throw invalid('service', `\`service\` must be one service id or several separated by commas (\`sts,eid\`); \`${q.service.slice(0, 64)}\` is not`);
    filter.service = services.length === 1 ? (services[0] as string) : services;
  }
  if (q.code !== undefined) {
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(q.code)) throw invalid('code', `\`code\` must be an error code in capitals (\`TOKEN_EXPIRED\`); \`${q.code.slice(0, 64)}\` is not`);
    filter.code = q.code;
  }
  if (q.user !== undefined) {
    if (q.user.trim() === '' || q.user.length > 128) throw invalid('user', '`user` must be a username of 1 to 128 characters (`O61234`)');
    filter.user = q.user.trim();
  }
  if (q.text !== undefined && q.text !== '') {
    if (q.text.length > MAX_JOURNAL_TEXT) throw invalid('text', `\`text\` is ${q.text.length} characters long; search for at most ${MAX_JOURNAL_TEXT}`);
    filter.text = q.text;
  }
  if (q.ui !== undefined) {
    if (q.ui !== 'exclude' && q.ui !== 'only') throw invalid('ui', `\`ui\` must be \`exclude\` (leave out the trainer UI's own requests) or \`only\`; \`${q.ui.slice(0, 64)}\` is neither`);
    filter.ui = q.ui;
  }
  if (q.since !== undefined) filter.since = time('since', q.since);
  if (q.until !== undefined) filter.until = time('until', q.until);
  if (q.correlationId !== undefined) filter.correlationId = q.correlationId;
  if (q.limit !== undefined) {
    const limit = /^\d{1,9}$/.test(q.limit) ? Number(q.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_JOURNAL_LIMIT)) throw invalid('limit', `\`limit\` must be a whole number from 1 to ${MAX_JOURNAL_LIMIT}; \`${q.limit.slice(0, 64)}\` is not`);
    filter.limit = limit;
  } else {
    filter.limit = DEFAULT_JOURNAL_LIMIT;
  }
  if (q.cursor !== undefined) filter.beforeSeq = sequence('cursor', q.cursor, 'a cursor');
  if (q.after !== undefined) filter.afterSeq = sequence('after', q.after, 'a sequence number');
  return filter;
}
