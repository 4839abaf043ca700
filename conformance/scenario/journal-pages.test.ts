import { describe, expect, it } from 'vitest';
import { createJournal } from '../../simulator/core/journal.js';
import { readWholeJournal } from './journal-pages.js';

describe('readWholeJournal', () => {
  it('follows `next` back to the oldest page and returns every entry once, oldest first', async () => {
    const journal = createJournal({ capacity: 50 });
    for (let i = 0; i < 23; i++) {
      journal.append({ at: new Date(0).toISOString(), service: 'sts', request: { method: 'POST', path: `/sts/${i}`, query: '', headers: {}, body: '', bytes: 0, truncated: false }, response: { status: 200, headers: {}, body: '', bytes: 0, truncated: false }, summary: {}, client: '127.0.0.1', durationMs: 0 } as never);
    }
    const queries: string[] = [];
    const all = await readWholeJournal(async (query) => {
      queries.push(query);
      const cursor = new URLSearchParams(query.slice(1)).get('cursor');
      const page = journal.page({ limit: 5, ...(cursor === null ? {} : { beforeSeq: Number(cursor) }) });
      return page.next === undefined ? { entries: page.entries } : { entries: page.entries, next: String(page.next) };
    });
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(queries).toHaveLength(5);
    expect(queries[0]).toBe('');
  });
});
