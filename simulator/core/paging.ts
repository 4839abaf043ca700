/**
 * Paging of every list the simulator answers: a page size limit (a default when the client
 * sends none, and a maximum it may ask for) and an opaque continuation token that names where
 * the next page starts. The seeds say nothing about list sizes; the limits are a simulator
 * assumption (docs/hardening.md, "Lists"), there so that no answer grows with the data.
 *
 * SOAP lists take `PageSize` and `PageToken` and answer `More` and `NextPageToken`
 * (simulator/services/document-service.ts); JSON lists take `?limit=` and `?cursor=` and answer
 * `next` ({@link readJsonPage}, {@link jsonPage}).
 *
 * @example
 * ```ts
 * const { items, total, next } = pageOf(c.req.query(), 'cards', cards, (card) => card.documentId);
 * return c.json({ cards: items, total, next });
 * ```
 */
import { BadRequest } from './errors.js';
import type { FieldError } from './body-schema.js';

/** The page size limits of one list. */
export interface PageLimits {
  /** Items answered when the client names no size. */
  readonly default: number;
  /** The most items one answer may hold; a larger size is refused. */
  readonly max: number;
}

/** The business services' SOAP lists (ListPrescriptions, ...). */
export const SOAP_LIST_PAGE: PageLimits = Object.freeze({ default: 100, max: 500 });
/** The JSON lists of the control API, IAM, V-MÁTRIX, miniHIS and the UI. */
export const JSON_LIST_PAGE: PageLimits = Object.freeze({ default: 100, max: 1000 });

/**
 * The scope of a list's tokens: its name, whose list it is and its filters, so that a cursor
 * continues only the very list that answered it (`iam-records:E01620K:unitCode=016200101`).
 */
export function listScope(name: string, owner: string, filter: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`);
  return [name, owner, ...parts].join(':');
}

/** Longest page token accepted (the tokens this module writes are far shorter). */
const MAX_TOKEN_LENGTH = 1024;

/**
 * A continuation token: the list it belongs to (`scope`, e.g. `erecept:123456788`) and the
 * position after the last item answered. Opaque to clients (base64url), so that its form may
 * change; it is not a secret.
 */
export function encodePageToken(scope: string, after: string): string {
  return Buffer.from(JSON.stringify(['p1', scope, after]), 'utf8').toString('base64url');
}

/**
 * The position a continuation token names, or a message saying why the token cannot be used
 * for the list `scope` (malformed, or issued for another list).
 */
export function decodePageToken(token: string, scope: string, nextName = 'next'): { after: string } | { problem: string } {
  const refuse = `send the \`${nextName}\` of the previous answer unchanged, or leave it out for the first page`;
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return { problem: `is not a continuation token this list issued; ${refuse}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 'p1' || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'string') {
    return { problem: `is not a continuation token this list issued; ${refuse}` };
  }
  if (parsed[1] !== scope) return { problem: `was issued for another list (\`${parsed[1]}\`, not \`${scope}\`); a token continues only the list that answered it` };
  return { after: parsed[2] };
}

/** What a list request asked for: how many items, and after which position (undefined: from the start). */
export interface PageRequest {
  limit: number;
  after: string | undefined;
}

/**
 * Check a page size given as text (a query parameter or an XML element): a whole number from 1 to
 * `limits.max`. Returns a message on failure.
 */
export function checkPageSize(text: string, limits: PageLimits): number | { problem: string } {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) return { problem: `\`${text.slice(0, 40)}\` is not a whole number from 1 to ${limits.max}` };
  if (n > limits.max) return { problem: `${n} is more than the ${limits.max} items one answer may hold; ask for at most ${limits.max} and follow the continuation token for the rest` };
  return n;
}

/**
 * Read `?limit=` and `?cursor=` of a JSON list (`scope` names the list, as in its tokens). Every
 * problem is refused at once as `QUERY_INVALID` with field-level `details.errors`
 * (`{ path, code, message }`, as the body validator answers).
 */
export function readJsonPage(query: Record<string, string | undefined>, limits: PageLimits, scope: string): PageRequest {
  const errors: FieldError[] = [];
  let limit = limits.default;
  if (query['limit'] !== undefined) {
    const checked = checkPageSize(query['limit'], limits);
    if (typeof checked === 'number') limit = checked;
    else errors.push({ path: 'limit', code: 'FIELD_INVALID', message: checked.problem });
  }
  let after: string | undefined;
  if (query['cursor'] !== undefined) {
    const decoded = decodePageToken(query['cursor'], scope);
    if ('after' in decoded) after = decoded.after;
    else errors.push({ path: 'cursor', code: 'FIELD_INVALID', message: decoded.problem });
  }
  if (errors.length > 0) {
    throw new BadRequest(
      `the list query was refused: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}; send e.g. ?limit=${limits.default} and then ?cursor=<next of the answer>`,
      { details: { errors } },
      'QUERY_INVALID',
    );
  }
  return { limit, after };
}

/** One page of a JSON list, with the continuation of the rest. */
export interface JsonPage<T> {
  items: T[];
  /** Items in the whole list. */
  total: number;
  /** Give as `?cursor=` for the next page; `null` when this page is the last. */
  next: string | null;
}

/**
 * Cut one page out of a list in its answer order. `keyOf` gives each item's stable position key
 * (an id or sequence number, unique in the list); the page starts after the item whose key is
 * `page.after`. When that item is gone (deleted meanwhile), `orderKey` places the position: the
 * page then starts at the first item whose order key is greater (order keys must increase along
 * the list, e.g. sequence numbers). A list without `orderKey` refuses the cursor of a vanished
 * item (`QUERY_INVALID`), rather than guess and answer an item twice or miss one.
 */
export function jsonPage<T>(all: readonly T[], page: PageRequest, keyOf: (item: T) => string, scope: string, orderKey?: (key: string) => number | string): JsonPage<T> {
  let start = 0;
  if (page.after !== undefined) {
    const after = page.after;
    const at = all.findIndex((item) => keyOf(item) === after);
    if (at >= 0) start = at + 1;
    else if (orderKey !== undefined) {
      const target = orderKey(after);
      const next = all.findIndex((item) => orderKey(keyOf(item)) > target);
      start = next < 0 ? all.length : next;
    } else {
      const message = `the item this cursor continues after (\`${after.slice(0, 80)}\`) is no longer in the list (deleted since the previous page); start again without \`cursor\``;
      throw new BadRequest(`the list query was refused: cursor: ${message}`, { details: { errors: [{ path: 'cursor', code: 'FIELD_INVALID', message }] } }, 'QUERY_INVALID');
    }
  }
  const items = all.slice(start, start + page.limit);
  const last = items.at(-1);
  const more = start + page.limit < all.length;
  return { items, total: all.length, next: more && last !== undefined ? encodePageToken(scope, keyOf(last)) : null };
}

/**
 * Read the paging query of a JSON list and cut its page: `{ items, total, next }`. One call per
 * list endpoint (see {@link readJsonPage} and {@link jsonPage}).
 *
 * @example
 * ```ts
 * const { items, total, next } = pageOf(c.req.query(), 'cards', cards, (x) => x.documentId);
 * return c.json({ cards: items, total, next });
 * ```
 */
export function pageOf<T>(query: Record<string, string | undefined>, scope: string, all: readonly T[], keyOf: (item: T) => string, orderKey?: (key: string) => number | string): JsonPage<T> {
  return jsonPage(all, readJsonPage(query, JSON_LIST_PAGE, scope), keyOf, scope, orderKey);
}
