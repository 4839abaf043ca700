import { describe, expect, it } from 'vitest';
import { createJournal, summarySize, type JournalEntry } from './journal.js';

const entry = (service: string, time: string, correlationId = 'c'): Omit<JournalEntry, 'seq'> => ({
  time,
  service,
  correlationId,
  request: { method: 'POST', path: '/x', query: '', headers: {}, body: '', bytes: 0, truncated: false },
  response: { status: 200, headers: {}, body: '', bytes: 0, truncated: false },
  summary: {},
  client: {},
  durationMs: 1,
});

describe('journal', () => {
  it('is a capped ring that keeps the newest entries', () => {
    const j = createJournal({ capacity: 3 });
    for (let i = 0; i < 5; i++) j.append(entry('sts', `2026-01-01T00:00:0${i}Z`));
    expect(j.list().map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('counts its size budget in bytes (UTF-8) of what it keeps, not in entries or characters', () => {
    // 1000 characters of „ő” are 2000 bytes: two such entries (256 + 2000 + 2 + 2 bytes each) fill a 4600-byte budget
    const big = (i: number): Omit<JournalEntry, 'seq'> => {
      const e = entry('sts', `2026-01-01T00:00:0${i}Z`, `c${i}`);
      return { ...e, request: { ...e.request, body: 'ő'.repeat(1000) } };
    };
    const j = createJournal({ capacity: 100, maxBytes: 4600 });
    for (let i = 0; i < 4; i++) j.append(big(i));
    expect(j.list().map((e) => e.correlationId)).toEqual(['c2', 'c3']);
    // (counted in characters, three would have been kept: 3 x 1260 <= 4600)
    const pending = createJournal({ capacity: 100, maxBytes: 4600 });
    for (let i = 0; i < 4; i++) {
      const { request, response, ...rest } = big(i);
      pending.append({ ...rest, rawSize: Buffer.byteLength(request.body), messages: () => ({ request, response }) });
    }
    expect(pending.list().map((e) => e.correlationId)).toEqual(['c2', 'c3']);
  });

  it('releases what a pending entry keeps once it is read, dropped, cleared or compressed, and only once', () => {
    const released: string[] = [];
    const pendingEntry = (id: string) => {
      const { request, response, ...rest } = entry('sts', '2026-01-01T00:00:00Z', id);
      return { ...rest, rawSize: 10, messages: () => ({ request, response }), release: () => released.push(id) };
    };
    const j = createJournal({ capacity: 2, compactAfterMs: 0 });
    j.append(pendingEntry('a'));
    j.append(pendingEntry('b'));
    j.append(pendingEntry('c')); // drops a, unread
    expect(released).toEqual(['a']);
    expect(j.list({ correlationId: 'b' })).toHaveLength(1); // read: b is settled
    expect(released).toEqual(['a', 'b']);
    j.list(); // b again (already settled) and c
    expect(released).toEqual(['a', 'b', 'c']);
    j.append(pendingEntry('d'));
    j.compact();
    expect(released).toEqual(['a', 'b', 'c', 'd']);
    j.append(pendingEntry('e'));
    j.clear();
    expect(released).toEqual(['a', 'b', 'c', 'd', 'e']);
    // completed after the ring dropped its arrival: released too
    const k = createJournal({ capacity: 1, compactAfterMs: 0 });
    const ticket = k.open({ time: '2026-01-01T00:00:00Z', service: 'sts', correlationId: 'f', request: { method: 'POST', path: '/x', query: '' }, client: {} });
    k.append(pendingEntry('g'));
    ticket.complete(pendingEntry('f'));
    expect(released).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('filters by service, since, correlation id and limit', () => {
    const j = createJournal();
    j.append(entry('sts', '2026-01-01T00:00:00Z', 'a'));
    j.append(entry('eid', '2026-01-01T00:01:00Z', 'b'));
    j.append(entry('sts', '2026-01-01T00:02:00Z', 'c'));
    expect(j.list({ service: 'sts' }).map((e) => e.correlationId)).toEqual(['a', 'c']);
    expect(j.list({ since: '2026-01-01T00:01:00Z' }).map((e) => e.correlationId)).toEqual(['b', 'c']);
    expect(j.list({ correlationId: 'b' })).toHaveLength(1);
    expect(j.list({ limit: 1 }).map((e) => e.correlationId)).toEqual(['c']);
    j.clear();
    expect(j.list()).toEqual([]);
  });

  it('filters by code, user, text, UI origin and time range, and pages back from the newest with a cursor', () => {
    const j = createJournal();
    const at = (i: number): string => `2026-01-01T00:0${i}:00Z`;
    j.append({ ...entry('ui', at(0), 'page'), origin: 'ui' });
    j.append({ ...entry('sts', at(1), 'login'), summary: { operation: 'issue', username: 'O61234' } });
    j.append({ ...entry('card-client', at(2), 'upkeep'), origin: 'ui' });
    j.append({ ...entry('erecept', at(3), 'refused'), errorCode: 'TOKEN_EXPIRED', response: { status: 401, headers: {}, body: '<Fault>token expired at 08:00</Fault>', bytes: 40, truncated: false } });
    j.append({ ...entry('iam', at(4), 'admin'), summary: { admin: 'X23456' } });
    const ids = (f: Parameters<typeof j.list>[0]): string[] => j.list(f).map((e) => e.correlationId);
    expect(ids({ ui: 'exclude' })).toEqual(['login', 'refused', 'admin']);
    expect(ids({ ui: 'only' })).toEqual(['page', 'upkeep']);
    expect(ids({ code: 'TOKEN_EXPIRED' })).toEqual(['refused']);
    expect(ids({ user: 'o61234' })).toEqual(['login']);
    expect(ids({ user: 'X23456' })).toEqual(['admin']);
    expect(ids({ text: 'EXPIRED AT' })).toEqual(['refused']);
    expect(ids({ text: 'o61234' })).toEqual(['login']);
    expect(ids({ service: ['sts', 'iam'] })).toEqual(['login', 'admin']);
    expect(ids({ since: at(1), until: at(3) })).toEqual(['login', 'upkeep']);
    expect(ids({ until: Date.parse(at(1)) })).toEqual(['page']);
    const first = j.page({ ui: 'exclude', limit: 2 });
    expect(first.entries.map((e) => e.correlationId)).toEqual(['refused', 'admin']);
    expect(first.next).toBe(4);
    const second = j.page({ ui: 'exclude', limit: 2, beforeSeq: first.next });
    expect(second.entries.map((e) => e.correlationId)).toEqual(['login']);
    expect(second.next).toBeUndefined();
    expect(j.page({ afterSeq: 3 }).entries.map((e) => e.seq)).toEqual([4, 5]);
    expect(j.page({ limit: 0 }).entries).toEqual([]);
    expect(j.get(4)?.correlationId).toBe('refused');
    expect(j.get(99)).toBeUndefined();
  });

  it('searches only redacted text: a secret is not found by guessing it', () => {
    const j = createJournal();
    const { request, response, ...rest } = entry('sts', '2026-01-01T00:00:00Z', 'pw');
    j.append({ ...rest, rawSize: 10, messages: () => ({ request: { ...request, body: '<wsse:Password>***</wsse:Password>' }, response }) });
    expect(j.list({ text: 'Password>***' })).toHaveLength(1);
    expect(j.list({ text: 'Titok-123' })).toHaveLength(0);
  });

  it('marks requests on arrival with their origin, so a running UI request is hidden too', () => {
    const j = createJournal();
    j.open({ time: '2026-01-01T00:00:00Z', service: 'card-client', correlationId: 'poll', request: { method: 'GET', path: '/card-client/prompts/next', query: '' }, client: {}, origin: 'ui' });
    j.open({ time: '2026-01-01T00:00:01Z', service: 'sts', correlationId: 'his', request: { method: 'POST', path: '/sts', query: '' }, client: {} });
    expect(j.list({ ui: 'exclude' }).map((e) => [e.correlationId, e.state])).toEqual([['his', 'in-progress']]);
  });

  it('notifies subscribers and survives a throwing one', () => {
    const j = createJournal();
    const seen: number[] = [];
    j.subscribe(() => {
      throw new Error('boom');
    });
    const off = j.subscribe((e) => seen.push(e.seq));
    j.append(entry('sts', '2026-01-01T00:00:00Z'));
    off();
    j.append(entry('sts', '2026-01-01T00:00:00Z'));
    expect(seen).toEqual([1]);
  });

  it('builds a pending entry once, on first read, and settles it for subscribers', () => {
    const j = createJournal();
    let built = 0;
    const pending = (correlationId: string) => {
      const { request, response, ...rest } = entry('sts', '2026-01-01T00:00:00Z', correlationId);
      return {
        ...rest,
        rawSize: 10,
        messages: () => {
          built++;
          return { request: { ...request, body: '<wsse:Password>***</wsse:Password>' }, response };
        },
      };
    };
    j.append(pending('a'));
    j.append(pending('b'));
    expect(built).toBe(0);
    expect(j.list({ correlationId: 'b' }).map((e) => e.request.body)).toEqual(['<wsse:Password>***</wsse:Password>']);
    expect(built).toBe(1);
    const all = j.list();
    expect(all.map((e) => e.correlationId)).toEqual(['a', 'b']);
    expect(all.every((e) => !('messages' in e))).toBe(true);
    j.list();
    expect(built).toBe(2);
    const seen: string[] = [];
    j.subscribe((e) => seen.push(e.request.body));
    j.append(pending('c'));
    expect(built).toBe(3);
    expect(seen).toEqual(['<wsse:Password>***</wsse:Password>']);
  });

  it('records a request on arrival (in progress, in arrival order) and completes it in place later', () => {
    const j = createJournal();
    const seen: Array<[number, string | undefined]> = [];
    j.subscribe((e) => seen.push([e.seq, e.state]));
    const arrival = (correlationId: string, time: string) => ({ time, service: 'erecept', correlationId, request: { method: 'POST', path: '/erecept', query: '' }, client: {} });
    const slow = j.open(arrival('slow', '2026-01-01T00:00:00.000Z'));
    const fast = j.open(arrival('fast', '2026-01-01T00:00:00.800Z'));
    expect(j.list().map((e) => [e.seq, e.correlationId, e.state, e.response.status])).toEqual([
      [1, 'slow', 'in-progress', 0],
      [2, 'fast', 'in-progress', 0],
    ]);
    fast.complete(entry('erecept', '2026-01-01T00:00:00.800Z', 'fast'));
    slow.complete({ ...entry('erecept', '2026-01-01T00:00:00.000Z', 'slow'), state: 'aborted', errorCode: 'CLIENT_ABORTED' });
    slow.complete(entry('erecept', '2026-01-01T00:00:00.000Z', 'twice')); // a second completion is ignored
    expect(j.list().map((e) => [e.seq, e.correlationId, e.state, e.errorCode])).toEqual([
      [1, 'slow', 'aborted', 'CLIENT_ABORTED'],
      [2, 'fast', undefined, undefined],
    ]);
    expect(seen).toEqual([
      [2, undefined],
      [1, 'aborted'],
    ]);
  });

  it('an open entry dropped by the ring before it completes is still announced, and the ring stays capped', () => {
    const j = createJournal({ capacity: 2 });
    const seen: number[] = [];
    j.subscribe((e) => seen.push(e.seq));
    const old = j.open({ time: '2026-01-01T00:00:00Z', service: 'sts', correlationId: 'old', request: { method: 'POST', path: '/sts', query: '' }, client: {} });
    j.append(entry('sts', '2026-01-01T00:00:01Z', 'b'));
    j.append(entry('sts', '2026-01-01T00:00:02Z', 'c'));
    old.complete(entry('sts', '2026-01-01T00:00:00Z', 'old'));
    expect(j.list().map((e) => e.correlationId)).toEqual(['b', 'c']);
    expect(seen).toEqual([2, 3, 1]);
  });
  it('stays a ring when it wraps many times: paging, lookup, completion, byte budget and clear keeping what is in progress', () => {
    const j = createJournal({ capacity: 50, maxBytes: 50 * 300 });
    const arrival = (correlationId: string) => ({ time: '2026-01-01T00:00:00Z', service: 'sts', correlationId, request: { method: 'POST', path: '/sts', query: '' }, client: {} });
    let open = j.open(arrival('open-0'));
    for (let i = 1; i <= 1000; i++) {
      j.append(entry(i % 2 === 0 ? 'sts' : 'eid', '2026-01-01T00:00:00Z', `e${i}`));
      if (i % 7 === 0) {
        open.complete(entry('sts', '2026-01-01T00:00:00Z', `done-${i}`));
        open = j.open(arrival(`open-${i}`));
      }
    }
    const seqs = j.list().map((e) => e.seq);
    expect(seqs).toHaveLength(50);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[49]).toBe(1000 + Math.floor(1000 / 7) + 1);
    // every held entry is found by its sequence number, none beyond
    for (const s of seqs) expect(j.get(s)?.seq).toBe(s);
    expect(j.get((seqs[0] as number) - 1)).toBeUndefined();
    // paging back through a wrapped ring returns every entry once, in order
    const paged: number[] = [];
    let cursor: number | undefined;
    do {
      const p = j.page({ limit: 7, ...(cursor === undefined ? {} : { beforeSeq: cursor }) });
      paged.unshift(...p.entries.map((e) => e.seq));
      cursor = p.next;
    } while (cursor !== undefined);
    expect(paged).toEqual(seqs);
    expect(j.page({ service: 'sts', afterSeq: seqs[40] as number }).entries.every((e) => e.service === 'sts' && e.seq > (seqs[40] as number))).toBe(true);
    // the byte budget drops the oldest as entries grow when completed, never the newest
    const big = entry('sts', '2026-01-01T00:00:00Z', 'big');
    open.complete({ ...big, response: { ...big.response, body: 'x'.repeat(40 * 300) } });
    const afterBig = j.list();
    expect(afterBig.at(-1)?.correlationId).toBe('e1000');
    expect(afterBig.length).toBeLessThan(50);
    expect(afterBig.some((e) => e.correlationId === 'big')).toBe(true);
    const stats = j.stats();
    expect(stats).toMatchObject({ entries: afterBig.length, capacity: 50, maxBytes: 50 * 300 });
    expect(stats.bytes).toBeLessThanOrEqual(50 * 300);
    expect(stats.bytes).toBeGreaterThan(40 * 300);
    // clear keeps only what is still in progress, and the ring goes on from there
    const running = j.open(arrival('running'));
    j.clear();
    expect(j.list().map((e) => [e.correlationId, e.state])).toEqual([['running', 'in-progress']]);
    expect(j.stats()).toMatchObject({ entries: 1, bytes: 256 + '/sts'.length });
    for (let i = 0; i < 60; i++) j.append(entry('sts', '2026-01-01T00:00:00Z', `after${i}`));
    running.complete(entry('sts', '2026-01-01T00:00:00Z', 'running-done'));
    expect(j.list().map((e) => e.correlationId)).toEqual(Array.from({ length: 50 }, (_, i) => `after${i + 10}`));
  });

  it('compresses completed entries without changing what readers see, and counts their compressed bytes', () => {
    const j = createJournal({ compactAfterMs: 0 });
    const xml = (i: number): string => `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Answer n="${i}">${'<Item kind="certificate">MIID1DCCArygAwIBAgIQXZ48inhhbrAC7</Item>'.repeat(40)}</Answer></s:Body></s:Envelope>`;
    for (let i = 0; i < 20; i++) {
      const { request, response, ...rest } = entry(i % 2 === 0 ? 'sts' : 'erecept', '2026-01-01T00:00:00Z', `c${i}`);
      j.append({
        ...rest,
        summary: { username: 'O50123', n: i },
        rawSize: 2 * xml(i).length,
        messages: () => ({ request: { ...request, headers: { 'content-type': 'application/soap+xml' }, body: `<wsse:Password>***</wsse:Password>${xml(i)}` }, response: { ...response, body: xml(i), bytes: xml(i).length } }),
      });
    }
    const running = j.open({ time: '2026-01-01T00:00:01Z', service: 'sts', correlationId: 'running', request: { method: 'POST', path: '/sts', query: '' }, client: {} });
    const before = j.list();
    const bytesBefore = j.stats().bytes;
    expect(j.stats().compressed).toBe(0);
    expect(j.compact()).toBe(false);
    expect(j.stats().compressed).toBe(20); // not the one in progress
    expect(j.list()).toEqual(before);
    expect(j.get(5)).toEqual(before[4]);
    expect(Object.keys(j.get(5) ?? {})).toEqual(Object.keys(before[4] ?? { none: 1 })); // same field order in the API's JSON
    expect(j.list({ text: 'answer n="7"' }).map((e) => e.correlationId)).toEqual(['c7']);
    expect(j.list({ text: 'Titok-123' })).toEqual([]);
    expect(j.list({ user: 'o50123', service: 'erecept', limit: 2 }).map((e) => e.correlationId)).toEqual(['c17', 'c19']);
    // counted: the compressed messages (one dictionary per service, counted once), not the text
    expect(j.stats().bytes).toBeLessThan(bytesBefore / 4);
    // a compressed entry is dropped like any other; one completing later is compressed later
    running.complete(entry('sts', '2026-01-01T00:00:02Z', 'done'));
    expect(j.compact(0)).toBe(true);
    expect(j.compact()).toBe(false);
    expect(j.stats()).toMatchObject({ entries: 21, compressed: 21 });
    expect(j.list().at(-1)?.correlationId).toBe('done');
    j.clear();
    expect(j.stats()).toMatchObject({ entries: 0, bytes: 0, compressed: 0 });
  });

  it('compresses by itself once no request arrived for the quiet time, and not while requests arrive', async () => {
    const j = createJournal({ compactAfterMs: 40 });
    const body = '<Answer>' + 'abc'.repeat(500) + '</Answer>';
    const add = (i: number): void => void j.append({ ...entry('sts', '2026-01-01T00:00:00Z', `q${i}`), response: { status: 200, headers: {}, body, bytes: body.length, truncated: false } });
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 8; i++) {
      add(i);
      await sleep(15);
    }
    expect(j.stats().compressed).toBe(0);
    await sleep(150);
    expect(j.stats()).toMatchObject({ entries: 8, compressed: 8 });
    expect(j.list().map((e) => e.response.body)).toEqual(Array.from({ length: 8 }, () => body));
  });

  it('keeps an entry it cannot build as it is when compressing by itself, without throwing out of its timer', async () => {
    const j = createJournal({ compactAfterMs: 10 });
    const { request: _q, response: _r, ...rest } = entry('sts', '2026-01-01T00:00:00Z', 'broken');
    j.append({
      ...rest,
      rawSize: 10,
      messages: () => {
        throw new Error('cannot build');
      },
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(j.stats()).toMatchObject({ entries: 1, compressed: 0 });
    expect(() => j.list()).toThrow('cannot build');
  });

  it('fits more entries in its byte budget once they are compressed', () => {
    const body = '<Answer>' + 'abc'.repeat(500) + '</Answer>';
    const j = createJournal({ capacity: 100, maxBytes: 40_000, compactAfterMs: 0 });
    const add = (i: number): void => void j.append({ ...entry('sts', '2026-01-01T00:00:00Z', `b${i}`), response: { status: 200, headers: {}, body, bytes: body.length, truncated: false } });
    for (let i = 0; i < 40; i++) add(i);
    const uncompressed = j.stats().entries;
    expect(uncompressed).toBeLessThan(25); // 1.8 KB each; compressed about 300 bytes (256 of them for the fields besides the messages)
    for (let i = 40; i < 200; i++) {
      add(i);
      j.compact();
    }
    expect(j.stats().entries).toBe(100);
    expect(j.stats().bytes).toBeLessThanOrEqual(40_000);
    expect(j.list().at(-1)?.correlationId).toBe('b199');
  });

  it('counts a summary in the bytes of its JSON, counted field by field or stringified', () => {
    class Odd {
      toJSON(): string {
        return 'odd';
      }
    }
    const summaries: Array<Record<string, unknown>> = [
      {},
      { operation: 'Issue' },
      { operation: 'Issue', method: 'password', username: 'O50123', factors: 2, institutionId: 'E01620K', unitCode: '016200101', tokenId: '_a1b2', outcome: 'issued' },
      { n: 0, neg: -0, big: 1e21, small: 1.5e-7, t: true, f: false, gone: undefined },
      { quote: 'a "quoted" \\ text', tab: 'a\tb', nl: 'x\ny', ctl: '\u0001' },
      { név: 'Árvíztűrő', emoji: '𝄞', lone: '\ud800' },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, nil: null },
      { nested: { a: 1 }, list: [1, 'b'] },
      { fn: () => 1, odd: new Odd() },
      Object.assign(Object.create({ inherited: 'x' }) as Record<string, unknown>, { own: 'y' }),
      new Odd() as unknown as Record<string, unknown>,
    ];
    for (const s of summaries) expect(summarySize(s)).toBe(Buffer.byteLength(JSON.stringify(s)));
  });
});
