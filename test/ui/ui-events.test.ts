/**
 * Issue 17 item 1, the server side: the UI event stream (`GET /ui/api/events`) carries the card
 * client's prompts (instead of a long poll) and the journal's entries on one connection, keeps
 * the control API's rule for the journal, closes the oldest of a client's streams beyond the
 * bound, and a stream the client dropped is unsubscribed at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/simulator.js';
import { MAX_UI_STREAMS_PER_CLIENT } from '../../simulator/ui/server/ui-events.js';
import { mountedCardClient } from '../../simulator/eid/modules.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';

/** Read a server-sent-events answer as it comes. */
function eventReader(res: Response): { until(pred: (events: Array<{ event: string; data: string }>) => boolean): Promise<Array<{ event: string; data: string }>>; cancel(): Promise<void>; events: Array<{ event: string; data: string }> } {
  const reader = res.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  const events: Array<{ event: string; data: string }> = [];
  let ended = false;
  return {
    events,
    async until(pred) {
      while (!pred(events)) {
        if (ended) throw new Error(`the stream ended; events: ${JSON.stringify(events)}`);
        const chunk = await reader.read();
        if (chunk.done) {
          ended = true;
          continue;
        }
        text += decoder.decode(chunk.value, { stream: true });
        let cut: number;
        while ((cut = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data });
        }
      }
      return events;
    },
    async cancel() {
      await reader.cancel().catch(() => undefined);
    },
  };
}

const promptsOf = (e: { data: string }): Array<{ id: number; label: string }> => JSON.parse(e.data).prompts;

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

describe('the UI event stream', () => {
  it('pushes the card client prompts as they open and close, and the journal entries, on one stream', async () => {
    const stream = eventReader(await sim.app.request('/ui/api/events'));
    const first = await stream.until((ev) => ev.some((e) => e.event === 'ready'));
    expect(JSON.parse(first.find((e) => e.event === 'ready')?.data ?? '{}')).toEqual({ journal: true, prompts: true });
    expect(promptsOf(first.find((e) => e.event === 'prompts') ?? { data: '{}' })).toEqual([]);

    expect((await postJson(sim, '/card-client/readers/0/card', { documentId: '345678CD' })).status).toBe(201);
    const change = postJson(sim, '/card-client/change-pin', { reader: 0 });
    const opened = await stream.until((ev) => ev.some((e) => e.event === 'prompts' && promptsOf(e).length === 1));
    const prompt = promptsOf(opened.filter((e) => e.event === 'prompts').at(-1) ?? { data: '{}' })[0];
    expect(prompt?.label).toBe('Aktiváló PIN');
    // the card client call that opened it is in the same stream as a journal entry
    await stream.until((ev) => ev.some((e) => e.event === 'entry' && JSON.parse(e.data).request.path === '/card-client/readers/0/card'));

    expect((await sim.app.request(`/card-client/prompts/${prompt?.id}/cancel`, { method: 'POST' })).status).toBe(200);
    await stream.until((ev) => ev.filter((e) => e.event === 'prompts').at(-1)?.data === '{"prompts":[]}');
    expect((await change).status).toBeGreaterThanOrEqual(400);
    await stream.cancel();
    await sim.app.request('/card-client/readers/0/card', { method: 'DELETE' });
  });

  it('closes the oldest stream of a client beyond the bound and unsubscribes a dropped stream at once', async () => {
    const client = await mountedCardClient(sim.deps);
    if (client === undefined) throw new Error('the card client is not mounted');
    // Count the live subscriptions the streams hold (journal and prompts).
    let live = 0;
    const journalSubscribe = sim.deps.journal.subscribe.bind(sim.deps.journal);
    const watchPrompts = client.watchPrompts.bind(client);
    const counted = (undo: () => void): (() => void) => {
      live += 1;
      let done = false;
      return () => {
        if (!done) live -= 1;
        done = true;
        undo();
      };
    };
    sim.deps.journal.subscribe = (l) => counted(journalSubscribe(l));
    client.watchPrompts = (l) => counted(watchPrompts(l));
    const streams = [];
    for (let i = 0; i < MAX_UI_STREAMS_PER_CLIENT; i += 1) {
      const s = eventReader(await sim.app.request('/ui/api/events'));
      await s.until((ev) => ev.some((e) => e.event === 'ready'));
      streams.push(s);
    }
    expect(live).toBe(2 * MAX_UI_STREAMS_PER_CLIENT);
    const newest = eventReader(await sim.app.request('/ui/api/events'));
    await newest.until((ev) => ev.some((e) => e.event === 'ready'));
    const oldest = streams[0];
    const closed = await oldest?.until((ev) => ev.some((e) => e.event === 'closed'));
    const note = JSON.parse(closed?.find((e) => e.event === 'closed')?.data ?? '{}');
    expect(note.code).toBe('UI_STREAM_REPLACED');
    expect(note.message).toContain(`more than ${MAX_UI_STREAMS_PER_CLIENT} UI event streams`);
    // the replaced stream ends (the answer is complete), the others stay open
    await expect(oldest?.until(() => false)).rejects.toThrow(/the stream ended/);

    expect(live).toBe(2 * MAX_UI_STREAMS_PER_CLIENT);
    // a stream the browser drops stops costing at once: its subscriptions are undone
    for (const s of [...streams.slice(1), newest]) await s.cancel();
    const until = Date.now() + 5_000;
    while (live > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(live).toBe(0);
    // after the drop, a new client stream does not close anyone (the registry is empty again)
    const fresh = [];
    for (let i = 0; i < MAX_UI_STREAMS_PER_CLIENT; i += 1) {
      const s = eventReader(await sim.app.request('/ui/api/events'));
      await s.until((ev) => ev.some((e) => e.event === 'ready'));
      fresh.push(s);
    }
    await fresh[0]?.until((ev) => ev.length >= 2);
    expect(fresh[0]?.events.some((e) => e.event === 'closed')).toBe(false);
    for (const s of fresh) await s.cancel();
    sim.deps.journal.subscribe = journalSubscribe;
    client.watchPrompts = watchPrompts;
  });

  it('carries prompts but no journal entries for a caller the control API rule refuses', async () => {
    const guarded = await testSimulator({ config: { controlToken: 's3cret' } });
    try {
      const stream = eventReader(await guarded.app.request('/ui/api/events'));
      const events = await stream.until((ev) => ev.some((e) => e.event === 'ready'));
      expect(JSON.parse(events.find((e) => e.event === 'ready')?.data ?? '{}')).toEqual({ journal: false, prompts: true });
      await guarded.app.request('/.well-known/eeszt-sim');
      await new Promise((r) => setTimeout(r, 50));
      expect(stream.events.some((e) => e.event === 'entry')).toBe(false);
      await stream.cancel();
      const allowed = eventReader(await guarded.app.request('/ui/api/events', { headers: { authorization: 'Bearer s3cret' } }));
      const ok = await allowed.until((ev) => ev.some((e) => e.event === 'ready'));
      expect(JSON.parse(ok.find((e) => e.event === 'ready')?.data ?? '{}').journal).toBe(true);
      await allowed.cancel();
    } finally {
      guarded.close();
    }
  });

  it('ends a long poll for prompts as soon as its caller goes away', async () => {
    const client = await mountedCardClient(sim.deps);
    const stop = new AbortController();
    const started = Date.now();
    const waiting = client?.nextPrompt(20_000, stop.signal);
    setTimeout(() => stop.abort(), 50);
    await expect(waiting).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await json(await sim.app.request('/card-client/prompts'))).prompts).toEqual([]);
  });
});
