// his.test.ts: a vitest test file of a HIS, with the EESZT simulator behind msw.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { createEesztHandlers } from 'eeszt-sim/msw';

// One environment per test file: its own store, clock and journal.
const { handlers, baseUrl, close } = await createEesztHandlers({ clock: { start: '2026-03-02T08:00:00Z', frozen: true } });
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// Back to the fixtures after each test (the clock stays where the test file put it).
afterEach(async () => {
  await fetch(`${baseUrl}/_sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"keepClock":true}' });
});
afterAll(() => {
  server.close();
  close();
});

test('the HIS finds the STS through discovery', async () => {
  const discovery = (await (await fetch(`${baseUrl}/.well-known/eeszt-sim`)).json()) as { endpoints: Record<string, string> };
  expect(discovery.endpoints['sts']).toBe(`${baseUrl}/sts`);
});

test('the simulator clock is the one this file set', async () => {
  const clock = (await (await fetch(`${baseUrl}/_sim/clock`)).json()) as { now: string; frozen: boolean };
  expect(clock).toMatchObject({ now: '2026-03-02T08:00:00.000Z', frozen: true });
});
