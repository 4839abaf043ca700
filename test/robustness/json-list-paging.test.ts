/**
 * Paging of the JSON lists (issue 15 item 14): `?limit=` (default 100, 1 to 1000) and `?cursor=`
 * (the `next` of the previous answer); every answer holds at most its limit, says `total`, and
 * `next` is null on the last page. A walk sees every item once; bad values are refused as
 * `QUERY_INVALID` with field-level `details.errors`, through HTTP (`app.request`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { JSON_LIST_PAGE } from '../../simulator/core/paging.js';
import { samlAuthorization, userToken } from '../services/support/service-client.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await testSimulator();
});

interface ListAnswer {
  total: number;
  next: string | null;
  [list: string]: unknown;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: ListAnswer & { code?: string; detail?: string; details?: { errors?: Array<{ path: string; message: string }> } } }> {
  const res = await sim.app.request(path, { headers });
  return { status: res.status, body: await json(res) };
}

/** Walk a list page by page; returns the keys in answer order and the number of pages. */
async function walk(path: string, list: string, keyOf: (item: any) => string, limit: number, headers: Record<string, string> = {}, between?: () => Promise<void>): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, headers);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const items = page.body[list] as unknown[];
    expect(items.length).toBeLessThanOrEqual(limit);
    keys.push(...items.map(keyOf));
    cursor = page.body.next;
    pages++;
    if (between !== undefined) await between();
  } while (cursor !== null && pages < 100);
  return { keys, pages };
}

async function revoke(serial: string): Promise<void> {
  const res = await postJson(sim, '/_sim/revocations', { serial, reason: 'keyCompromise' });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

describe('JSON list paging', () => {
  it('bounds an answer to the default page and continues with `next` (revocations)', async () => {
    for (let i = 1; i <= JSON_LIST_PAGE.default + 5; i++) await revoke(i.toString(16).padStart(4, '0') + 'ab');
    const first = await get('/_sim/revocations');
    expect((first.body['revocations'] as unknown[]).length).toBe(JSON_LIST_PAGE.default);
    expect(first.body.total).toBe(JSON_LIST_PAGE.default + 5);
    expect(first.body.next).toEqual(expect.any(String));
    const rest = await get(`/_sim/revocations?cursor=${first.body.next}`);
    expect((rest.body['revocations'] as unknown[]).length).toBe(5);
    expect(rest.body.next).toBeNull();
  });

  it('walks a list once while items are added between pages, and refuses the cursor of an item deleted meanwhile', async () => {
    for (const s of ['a1', 'a2', 'a3', 'a4', 'a5']) await revoke(s);
    let added = 0;
    const { keys } = await walk('/_sim/revocations', 'revocations', (r) => r.serialHex, 2, {}, async () => {
      if (added < 2) await revoke(`b${++added}`);
    });
    expect(keys).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2']);
    const page = await get('/_sim/revocations?limit=2');
    await sim.app.request('/_sim/revocations/a2', { method: 'DELETE' });
    const gone = await get(`/_sim/revocations?limit=2&cursor=${page.body.next}`);
    expect(gone.status).toBe(400);
    expect(gone.body.code).toBe('QUERY_INVALID');
    expect(gone.body.details?.errors).toEqual([
      { path: 'cursor', code: 'FIELD_INVALID', message: 'the item this cursor continues after (`a2`) is no longer in the list (deleted since the previous page); start again without `cursor`' },
    ]);
  });

  it('pages the cards, the runs and the fault rules', async () => {
    const all = (await get(`/_sim/cards?limit=${JSON_LIST_PAGE.max}`)).body;
    const cards = await walk('/_sim/cards', 'cards', (c) => c.documentId, 4);
    expect(cards.keys).toEqual((all['cards'] as Array<{ documentId: string }>).map((c) => c.documentId));
    expect(cards.pages).toBe(Math.ceil(all.total / 4));

    const runs: string[] = [];
    for (let i = 0; i < 3; i++) runs.push((await json(await postJson(sim, '/_sim/runs', {}))).id);
    expect((await walk('/_sim/runs', 'runs', (r) => r.id, 2)).keys.sort()).toEqual([...runs].sort());

    for (let i = 0; i < 5; i++) await postJson(sim, '/_sim/faults', { service: 'erecept', fault: 'delay', delayMs: 1 });
    const first = await get('/_sim/faults?limit=2');
    expect((first.body['rules'] as Array<{ id: string }>).map((r) => r.id)).toEqual(['f1', 'f2']);
    // A rule deleted meanwhile: rules are numbered in creation order, so the next page still follows it.
    await sim.app.request('/_sim/faults/f2', { method: 'DELETE' });
    const second = await get(`/_sim/faults?limit=2&cursor=${first.body.next}`);
    expect((second.body['rules'] as Array<{ id: string }>).map((r) => r.id)).toEqual(['f3', 'f4']);
  });

  it('pages the IAM records, the audit trail, the V-MÁTRIX units and a unit’s grants', async () => {
    const auth = samlAuthorization(await userToken(sim, { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' }));
    for (const [path, list, key] of [
      ['/iam/api/records', 'records', (r: any) => r.id],
      ['/iam/api/vmatrix/units', 'units', (u: any) => u.unit.code],
      ['/iam/api/vmatrix/units/016200101', 'grants', (g: any) => g.username],
    ] as const) {
      const whole = (await get(`${path}?limit=${JSON_LIST_PAGE.max}`, auth)).body;
      expect(whole.total, path).toBeGreaterThan(1);
      expect((await walk(path, list, key, 1, auth)).keys, path).toEqual((whole[list] as unknown[]).map(key));
    }
    const grant = await postJson(sim, '/iam/api/vmatrix/units/016200101/grants', { username: 'O83456', role: 'ORVOS' }, auth);
    expect(grant.status).toBe(201);
    await sim.app.request('/iam/api/vmatrix/units/016200101/grants/O83456/ORVOS', { method: 'DELETE', headers: auth });
    const audit = await walk('/iam/api/audit', 'entries', (e) => String(e.seq), 1, auth);
    expect(audit.keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(audit.keys).size).toBe(audit.keys.length);
  });

  it('refuses a limit outside 1 to the maximum and a foreign or made-up cursor, field by field', async () => {
    for (const limit of ['0', '-3', '2.5', 'sok', '']) {
      const answer = await get(`/_sim/cards?limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect(answer.body.code).toBe('QUERY_INVALID');
      expect(answer.body.details?.errors?.[0]).toEqual({ path: 'limit', code: 'FIELD_INVALID', message: `\`${limit}\` is not a whole number from 1 to ${JSON_LIST_PAGE.max}` });
    }
    const tooMany = await get(`/_sim/cards?limit=${JSON_LIST_PAGE.max + 1}`);
    expect(tooMany.body.details?.errors).toEqual([
      { path: 'limit', code: 'FIELD_INVALID', message: `${JSON_LIST_PAGE.max + 1} is more than the ${JSON_LIST_PAGE.max} items one answer may hold; ask for at most ${JSON_LIST_PAGE.max} and follow the continuation token for the rest` },
    ]);
    const cardsPage = await get('/_sim/cards?limit=1');
    const foreign = await get(`/_sim/revocations?cursor=${cardsPage.body.next}&limit=0`);
    expect(foreign.body.details?.errors?.map((e) => e.path)).toEqual(['limit', 'cursor']);
    expect(foreign.body.details?.errors?.[1]?.message).toBe('was issued for another list (`cards`, not `revocations`); a token continues only the list that answered it');
    const madeUp = await get('/_sim/cards?cursor=%3Cscript%3E');
    expect(madeUp.body.detail).toBe(
      'the list query was refused: cursor: is not a continuation token this list issued; send the `next` of the previous answer unchanged, or leave it out for the first page; send e.g. ?limit=100 and then ?cursor=<next of the answer>',
    );
  });
});
