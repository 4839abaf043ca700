/**
 * Issue 17, "Done when": the trainer's whole journey in a real browser as a desktop Chrome runs
 * it — Debian's Chromium with the back/forward cache ON (Playwright turns it off), under the
 * strict policy — twice in a row in one browser with two tabs open:
 *
 * reader (a new card) → PIN change (run 1 at the reader panel's PIN pad, run 2 at the card
 * client's pop-up during the activation) → Ágazati portál activation → IAM+SSO role assignment (password + mobilToken login) → miniHIS by card → miniHIS
 * by mobilToken → inspector → clock (+7 hours) → reset,
 *
 * with Back/Forward on the way (pages must come back from the cache: `pageshow.persisted`), the
 * PIN pad worked with the keyboard only (it must take the focus by itself), the confirmations in
 * view, and the second tab's inspector and clock following live. It fails when any request of the
 * browser (pages, scripts, the shared worker) waits more than 2 s for its answer — measured by
 * the browser (CDP resource timing), except the card operations that wait for the cardholder by
 * design, which must still be sent at once — when the reader panel long-polls, or when more than
 * one event stream is open (pages in the cache must hold no connection).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { chromiumAvailability, launchChromium, type RunningChromium } from './chromium.js';
import { startUiServer, type UiServer } from './ui-server.js';
import { uiEventStreams } from '../../../simulator/ui/ui-app.js';
import { addPinPadReader, createIamRecord, insertCard, openPage, pageProblems, pick, portalPasswordLogin, readerSection, removeCard, startMiniHisLogin } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the UI browser journey: ${chromium.message}`);

/** Longest a request may wait for its answer (issue 17: „no request waits more than 2 s”). */
const MAX_WAIT_MS = 2_000;
/** Card operations answer once the cardholder typed the PIN: they wait for the person by design. */
const WAITS_FOR_CARDHOLDER = /\/card-client\/(authenticate|change-pin|unblock|readout)$/;
const EVENT_STREAM = /\/ui\/api\/events$/;

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' };
const CARD = { documentId: '345678CD', username: 'O61234', activationPin: '11223', pin: '246810' };

interface Measured {
  url: string;
  method: string;
  /** ms from the request's start to the first byte of the answer (browser timing). */
  wait: number;
  /** ms from the request's start until it was sent (queueing for a connection included). */
  sent: number;
}

/** Every request of the browser context (all tabs and the shared worker) with its timing. */
function watchRequests(browser: RunningChromium): { measured: Measured[]; pending: Map<Request, number>; openStreams: Set<Request> } {
  const measured: Measured[] = [];
  const pending = new Map<Request, number>();
  const openStreams = new Set<Request>();
  const context = browser.context;
  context.on('request', (r) => {
    pending.set(r, Date.now());
    if (EVENT_STREAM.test(new URL(r.url()).pathname)) openStreams.add(r);
  });
  context.on('response', (res) => {
    const r = res.request();
    const started = pending.get(r) ?? Date.now();
    pending.delete(r);
    const timing = r.timing();
    const wall = Date.now() - started;
    measured.push({
      url: r.url(),
      method: r.method(),
      wait: timing.responseStart >= 0 ? timing.responseStart : wall,
      sent: timing.requestStart >= 0 ? timing.requestStart : timing.responseStart >= 0 ? timing.responseStart : wall,
    });
  });
  const done = (r: Request): void => {
    pending.delete(r);
    openStreams.delete(r);
  };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  return { measured, pending, openStreams };
}

describe.skipIf(!chromium.available && !chromium.mustFail)('the trainer journey in Chromium with the back/forward cache on', () => {
  let server: UiServer;
  let browser: RunningChromium;
  let main: Page;
  let side: Page;
  let watch: ReturnType<typeof watchRequests>;
  const pageErrors: string[] = [];
  let pageChanges = 0;
  let restored = 0;

  beforeAll(async () => {
    if (!chromium.available) throw new Error(chromium.message);
    server = await startUiServer({ policy: 'strict' });
    browser = await launchChromium({ backForwardCache: true });
    // Every document notes how it was shown: `persisted` is true when it came back from the cache.
    await browser.context.addInitScript(() => {
      const w = window as unknown as { eesztShows: boolean[] };
      w.eesztShows = [];
      window.addEventListener('pageshow', (e) => w.eesztShows.push(e.persisted));
    });
    watch = watchRequests(browser);
    main = await browser.context.newPage();
    side = await browser.context.newPage();
    for (const p of [main, side]) p.on('pageerror', (err) => pageErrors.push(`${p.url()}: ${err.message}`));
    main.on('framenavigated', (frame) => {
      if (frame === main.mainFrame()) pageChanges += 1;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Back or Forward: the page must come back from the back/forward cache, not be loaded anew. */
  async function history(direction: 'back' | 'forward', expectPath: RegExp): Promise<void> {
    if (direction === 'back') await main.goBack({ waitUntil: 'commit' });
    else await main.goForward({ waitUntil: 'commit' });
    await main.waitForURL(expectPath, { waitUntil: 'commit' });
    await main.waitForFunction(() => (window as unknown as { eesztShows?: boolean[] }).eesztShows?.at(-1) !== undefined);
    const shown = await main.evaluate(() => ({
      persisted: (window as unknown as { eesztShows: boolean[] }).eesztShows.at(-1),
      reasons: JSON.stringify((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { notRestoredReasons?: unknown }).notRestoredReasons ?? null),
    }));
    expect(shown.persisted, `${direction} to ${main.url()} was not restored from the back/forward cache: ${shown.reasons}`).toBe(true);
    restored += 1;
  }

  /**
   * Answer the PIN pad with the keyboard only: the pad must have taken the focus itself when it
   * asked (no click, no Tab), then digits and Enter.
   */
  async function typeOnPadByKeyboard(readerId: number, label: string, digits: string): Promise<void> {
    const pad = main.locator(`.pinpad[data-reader="${readerId}"]`);
    await pad.locator('.screen-label', { hasText: new RegExp(`^${label}$`) }).waitFor();
    await main.waitForFunction((id) => document.activeElement?.closest(`.pinpad[data-reader="${id}"]`) !== null && document.activeElement?.classList.contains('pinpad-screen') === true, readerId, { timeout: 5_000 });
    await main.keyboard.type(digits);
    await main.keyboard.press('Enter');
    await pad.locator('.screen-label', { hasText: new RegExp(`^${label}$`) }).waitFor({ state: 'detached' });
  }

  /** Answer the card client's pop-up (reader without PIN pad) with the keyboard only: its field must have the focus. */
  async function typeInPopUpByKeyboard(label: string, digits: string): Promise<void> {
    const dialog = main.locator('dialog#host-prompt');
    await dialog.locator('#host-prompt-label', { hasText: new RegExp(`^${label}$`) }).waitFor();
    await main.waitForFunction(() => document.activeElement?.id === 'host-prompt-input', undefined, { timeout: 5_000 });
    await main.keyboard.type(digits);
    await main.keyboard.press('Enter');
    await main.waitForFunction((l) => {
      const d = document.querySelector('dialog#host-prompt') as HTMLDialogElement | null;
      return d !== null && (!d.open || document.querySelector('#host-prompt-label')?.textContent !== l);
    }, label);
  }

  /** The element is in the viewport (a confirmation the trainer must see). */
  async function expectInView(page: Page, selector: string): Promise<void> {
    const box = await page.locator(selector).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: window.innerHeight };
    });
    // within a pixel: scrolling aligns to whole device pixels, the layout has fractions
    expect(box.top, `${selector} is above the viewport`).toBeGreaterThanOrEqual(-1);
    expect(box.bottom, `${selector} is below the viewport`).toBeLessThanOrEqual(box.height + 1);
  }

  /**
   * The pages in the cache hold nothing: the simulator sees one UI event stream from this browser
   * (the shared worker's; Playwright does not report a shared worker's own requests, so it is
   * counted on the server), and no request of a page waits.
   */
  function expectOneConnection(where: string): void {
    expect(uiEventStreams(server.sim.deps)?.openCount(), `${where}: UI event streams open at the simulator`).toBe(1);
    expect(watch.openStreams.size, `${where}: event streams opened by pages`).toBe(0);
    const now = Date.now();
    const stuck = [...watch.pending.entries()]
      // the worker's script: Playwright reports its request but never its answer
      .filter(([r]) => !r.url().endsWith('/events-worker.js'))
      .filter(([r, at]) => !WAITS_FOR_CARDHOLDER.test(new URL(r.url()).pathname) && now - at > MAX_WAIT_MS)
      .map(([r]) => r.url());
    expect(stuck, `${where}: requests without an answer for over ${MAX_WAIT_MS} ms`).toEqual([]);
  }

  async function journey(run: number): Promise<void> {
    const origin = server.origin;
    // The second tab keeps the inspector open all along.
    if (run === 1) {
      await openPage(side, origin, '/inspector');
      await side.locator('#inspector-live[data-state="live"]').waitFor();
    }
    await main.bringToFront();

    // 1. Reader: the new card of Dr. Tóth Katalin — run 1 into a PIN-pad reader, run 2 into the
    //    reader without PIN pad (reader 0), so both ways of answering the card are walked.
    await openPage(main, origin, '/readers');
    await main.locator('section.reader').first().waitFor();
    if ((await main.locator('.pinpad[data-reader]').count()) === 0) await addPinPadReader(main);
    const pad = Number(await main.locator('.pinpad[data-reader]').first().getAttribute('data-reader'));
    const first = run === 1 ? pad : 0;
    for (const id of [0, pad]) if ((await readerSection(main, id).locator('.no-card').count()) === 0) await removeCard(main, id);
    await insertCard(main, first, CARD.documentId);
    await expect.poll(() => readerSection(main, first).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('activation');

    if (run === 1) {
      // 2. PIN change at the reader panel, keyboard only; the confirmation in view and announced.
      await readerSection(main, pad).getByRole('button', { name: 'Aktiváló PIN cseréje' }).click();
      await typeOnPadByKeyboard(pad, 'Aktiváló PIN', CARD.activationPin);
      await typeOnPadByKeyboard(pad, 'Új eAzonosítás PIN', CARD.pin);
      await typeOnPadByKeyboard(pad, 'Új eAzonosítás PIN újra', CARD.pin);
      await main.locator('#reader-panel-status', { hasText: 'Az aktiváló PIN cseréje megtörtént.' }).waitFor();
      await expect(main.locator('#reader-panel-status').getAttribute('role')).resolves.toBe('status');
      await expectInView(main, '#reader-panel-status');
      await expect.poll(() => readerSection(main, pad).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('active');
    }

    // 3. Ágazati portál → Aktiválás: run 1 on the PIN pad; run 2 at the card client's pop-up,
    //    which changes the activation PIN on the way (keyboard only there too).
    await openPage(main, origin, '/portal/activation');
    await main.waitForFunction(() => /^[A-Z0-9]{4,}$/.test(document.querySelector('#check-code-value')?.textContent ?? ''));
    await main.getByLabel('Felhasználónév', { exact: true }).fill(CARD.username);
    await main.getByLabel('Ellenőrző kód', { exact: true }).fill((await main.locator('#check-code-value').textContent()) ?? '');
    await main.getByRole('button', { name: 'Aktiválás', exact: true }).click();
    if (run === 1) await typeOnPadByKeyboard(pad, 'eAzonosítás PIN', CARD.pin);
    else {
      await typeInPopUpByKeyboard('Aktiváló PIN', CARD.activationPin);
      await typeInPopUpByKeyboard('Új eAzonosítás PIN', CARD.pin);
      await typeInPopUpByKeyboard('Új eAzonosítás PIN újra', CARD.pin);
      await typeInPopUpByKeyboard('eAzonosítás PIN', CARD.pin);
    }
    await main.locator('#activation-status', { hasText: 'Sikeres aktiválás' }).waitFor();
    if (run === 2) await expect(main.locator('#activation-status').textContent()).resolves.toContain('Az aktiváló PIN cseréje megtörtént.');
    await expect(main.locator('#activation-status').getAttribute('role')).resolves.toBe('status');
    await expectInView(main, '#activation-status');
    expect(server.sim.deps.store.state.cards.find((c) => c.documentId === CARD.documentId)?.activatedFor).toBe(CARD.username);
    if (run === 2) {
      // the card moves to the PIN-pad reader for the miniHIS login (the docked panel, no page change)
      await removeCard(main, 0);
      await insertCard(main, pad, CARD.documentId);
    }

    // 4. Back to the readers and forward again: both from the cache.
    await history('back', /\/ui\/readers$/);
    await expect(readerSection(main, pad).locator('[data-pin-state]').getAttribute('data-pin-state')).resolves.toBe('active');
    await history('forward', /\/ui\/portal\/activation$/);
    expectOneConnection(`run ${run}, after the activation`);

    // 5. IAM+SSO: the permission admin (password + mobilToken) grants miniHIS Orvos in 016200102.
    await portalPasswordLogin(main, origin, ADMIN);
    await createIamRecord(main, origin, { userQuery: 'O612', user: /^O61234 – /, unitQuery: '0162001', unit: /^016200102 – Kardiológiai Osztály/, role: 'miniHIS Orvos' });
    await expect(main.locator(`#iam-table tr[data-record="1-1-${CARD.username}-E01620K-016200102"]`).textContent()).resolves.toContain('miniHIS Orvos');
    // the other tab's inspector saw it live
    await side.locator('details[data-service="iam"]').first().waitFor();

    // 6. miniHIS with the card, PIN on the pad by keyboard.
    await startMiniHisLogin(main, origin, { institutionQuery: '01620K', institution: /^01620K – Szent Margit Kórház/, unitQuery: 'Kardio', unit: /^016200102 – Kardiológiai Osztály/, username: CARD.username, readerId: pad });
    await typeOnPadByKeyboard(pad, 'eAzonosítás PIN', CARD.pin);
    await main.waitForURL(/\/ui\/minihis\/terms$/);
    await expect(main.locator('#minihis-session').textContent()).resolves.toContain(CARD.username);
    await history('back', /\/ui\/minihis$/);
    await history('forward', /\/ui\/minihis\/terms$/);

    // 7. miniHIS with the mobilToken (O50123, the code from the simulator's helper).
    await openPage(main, origin, '/minihis');
    await pick(main, 'mh-institution', 'Szent', /^01620K – /);
    await pick(main, 'mh-unit', '016200101', /^016200101 – /);
    await main.getByLabel('Felhasználónév', { exact: true }).fill('O50123');
    await main.getByLabel('EESZT mobilToken').check();
    await main.locator('#mh-token-helper').click();
    await expect.poll(() => main.locator('#mh-token').inputValue()).toMatch(/^\d{6}$/);
    await main.getByRole('button', { name: 'Belépés' }).click();
    await main.waitForURL(/\/minihis\/terms$/);
    await expect(main.locator('#minihis-session').textContent()).resolves.toContain('O50123');

    // 8. Inspector: both miniHIS logins are there.
    await openPage(main, origin, '/inspector');
    await main.locator('#inspector-live[data-state="live"]').waitFor();
    await main.locator('details[data-service="minihis"]', { hasText: '/minihis/api/login' }).first().waitFor();
    expectOneConnection(`run ${run}, at the inspector`);

    // 9. Clock +7 hours; the other tab's clock follows; back to the inspector (cached) shows it too.
    await openPage(main, origin, '/scenario');
    await main.getByRole('button', { name: '+7 óra' }).click();
    await main.locator('#sim-clock', { hasText: '2026-03-02 15:00' }).waitFor();
    await side.locator('#sim-clock', { hasText: '2026-03-02 15:00' }).waitFor();
    await history('back', /\/ui\/inspector$/);
    await main.locator('#sim-clock', { hasText: '2026-03-02 15:00' }).waitFor();
    await main.locator('#inspector-live[data-state="live"]').waitFor();
    await history('forward', /\/ui\/scenario$/);

    // 10. Reset: clock and cards back.
    await main.getByRole('button', { name: 'Alaphelyzetbe állítás' }).click();
    await main.locator('#reset-status', { hasText: 'Alaphelyzetbe állítva' }).waitFor();
    await main.locator('#sim-clock', { hasText: '2026-03-02 08:00:00 UTC' }).waitFor();
    await side.locator('#sim-clock', { hasText: '2026-03-02 08:00:00 UTC' }).waitFor();
    expect(server.sim.deps.store.state.cards.find((c) => c.documentId === CARD.documentId)?.activatedFor ?? null).toBeNull();
    expectOneConnection(`run ${run}, after the reset`);
  }

  it('runs the whole journey twice in one browser with two tabs: bfcache restores, keyboard PIN pad, one connection, no request over 2 s', async () => {
    onTestFailed(async () => {
      console.error(await pageProblems(main));
      const slow = watch.measured.filter((m) => m.wait > MAX_WAIT_MS).map((m) => `${m.method} ${m.url} ${Math.round(m.wait)} ms`);
      console.error(`page changes ${pageChanges}, restored ${restored}; slow: ${slow.join(', ') || 'none'}`);
      await main.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/eeszt-sim-ui-journey-failure.png`, fullPage: true }).catch(() => undefined);
    });
    await journey(1);
    await journey(2);

    expect(pageChanges, 'page changes in the main tab (loads and Back/Forward)').toBeGreaterThanOrEqual(20);
    expect(restored, 'pages restored from the back/forward cache').toBe(12);
    // No request waited more than 2 s for its answer; the cardholder's operations were at least sent at once.
    const slow = watch.measured.filter((m) => (WAITS_FOR_CARDHOLDER.test(new URL(m.url).pathname) ? m.sent : m.wait) > MAX_WAIT_MS);
    expect(slow.map((m) => `${m.method} ${m.url}: ${Math.round(m.wait)} ms (sent after ${Math.round(m.sent)} ms)`)).toEqual([]);
    expect(watch.measured.length).toBeGreaterThan(200);
    // The prompts came on the shared stream: no long poll, and no page opened a stream of its own.
    expect(watch.measured.filter((m) => m.url.includes('/card-client/prompts/next'))).toEqual([]);
    expect(watch.measured.filter((m) => EVENT_STREAM.test(new URL(m.url).pathname))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 420_000);
});
