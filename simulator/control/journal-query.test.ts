import { describe, expect, it } from 'vitest';
import { SimError } from '../core/errors.js';
import { DEFAULT_JOURNAL_LIMIT, parseJournalQuery } from './journal-query.js';

function refusal(q: Record<string, string>): { code: string; message: string; field: unknown } {
  try {
    parseJournalQuery(q);
  } catch (err) {
    if (err instanceof SimError) return { code: err.code, message: err.message, field: (err.details as { field?: unknown } | undefined)?.field };
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(q)}`);
}

describe('journal query parameters', () => {
  it('builds the filter', () => {
    expect(parseJournalQuery({ service: 'sts,eid', code: 'TOKEN_EXPIRED', user: ' O61234 ', text: 'login', ui: 'exclude', since: '2026-03-02T08:00:00Z', until: '1772438400000', limit: '200', cursor: '41', after: '7' })).toEqual({
      service: ['sts', 'eid'],
      code: 'TOKEN_EXPIRED',
      user: 'O61234',
      text: 'login',
      ui: 'exclude',
      since: '2026-03-02T08:00:00Z',
      until: 1772438400000,
      limit: 200,
      beforeSeq: 41,
      afterSeq: 7,
    });
    expect(parseJournalQuery({ service: 'sts', text: '' })).toEqual({ service: 'sts', limit: DEFAULT_JOURNAL_LIMIT });
    // No `limit`: still one bounded page (the newest DEFAULT_JOURNAL_LIMIT), the rest behind `next`.
    expect(parseJournalQuery({})).toEqual({ limit: DEFAULT_JOURNAL_LIMIT });
    expect(DEFAULT_JOURNAL_LIMIT).toBe(5000);
  });

  it('refuses what it cannot read, naming the parameter and what to send', () => {
    expect(refusal({ limit: '5001' })).toMatchObject({ code: 'QUERY_INVALID', field: 'limit' });
    expect(refusal({ limit: '-1' })).toMatchObject({ code: 'QUERY_INVALID', field: 'limit' });
    expect(refusal({ service: 'sts,' })).toMatchObject({ field: 'service' });
    expect(refusal({ user: ' ' })).toMatchObject({ field: 'user' });
    expect(refusal({ ui: 'yes' }).message).toBe("`ui` must be `exclude` (leave out the trainer UI's own requests) or `only`; `yes` is neither");
    expect(refusal({ after: '1.5' })).toMatchObject({ field: 'after' });
    expect(refusal({ cursor: 'next' }).message).toContain('the `next` of the previous answer');
    expect(refusal({ backlog: '3' })).toMatchObject({ field: 'backlog' });
  });
});
