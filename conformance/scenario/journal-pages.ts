/**
 * Reading a whole journal through `GET /_sim/journal`, which answers at most one page (the newest
 * entries first, older ones behind the answer's `next`): the judge needs every entry of a run,
 * also under `--journal-capacity` above the page size.
 */
import type { JournalEntry } from '../../simulator/core/journal.js';

/** One answer of `GET /_sim/journal`. */
export interface JournalPageAnswer {
  entries: JournalEntry[];
  next?: string;
}

/**
 * Every entry, oldest first, by following `next` from the newest page back.
 *
 * @example
 * ```ts
 * const all = await readWholeJournal((query) => getJson(`${base}/_sim/journal${query}`));
 * ```
 */
export async function readWholeJournal(getPage: (query: string) => Promise<JournalPageAnswer>): Promise<JournalEntry[]> {
  const pages: JournalEntry[][] = [];
  let query = '';
  for (;;) {
    const page = await getPage(query);
    pages.unshift(page.entries);
    if (page.next === undefined || page.entries.length === 0) break;
    query = `?cursor=${encodeURIComponent(page.next)}`;
  }
  return pages.flat();
}
