/**
 * The reader panel's confirmation against answers that arrive out of order, in Chromium. The
 * browser runs the PIN change over three connections at once: `POST /card-client/change-pin`
 * (answers when the card is done), `POST /prompts/{id}/answer` (one per prompt) and the panel's
 * `GET /card-client/prompts` refreshes; on a slow machine their answers reach the page in any
 * order. The trainer must still see „Az aktiváló PIN cseréje megtörtént.” and a PIN pad at rest:
 *
 * - the last answer's reply arriving after the change-pin reply must not wipe the confirmation;
 * - a prompt list read while the last prompt was still open, arriving after the change, must not
 *   bring the answered prompt back onto the pad nor the „Kártyabirtokosra vár” line over the
 *   confirmation.
 * - at the card client's pop-up, an answer's reply arriving after the next question opened must
 *   not close that question nor clear what the trainer already typed into it.
 *
 * Both orders were seen in a loaded CI run of the journey (test/ui/browser/journey.test.ts); here
 * Playwright holds the one reply back until the other was shown, so each order happens every run.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { chromiumAvailability } from './chromium.js';
import { useBrowserPage, type UiServer } from './ui-server.js';
import { addPinPadReader, answerHostPrompt, insertCard, openPage, readerSection, removeCard, typeOnPinPad } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the reader panel order tests: ${chromium.message}`);

const CARD = { documentId: '345678CD', activationPin: '11223', pin: '246810' };
const CHANGED = 'Az aktiváló PIN cseréje megtörtént.';

/** Marks the reply a route held back (the page's script counts those it has read). */
const HELD_HEADER = 'x-test-held-back';

/** A reply held back by a route until the test lets it go. */
interface Held {
  /** Resolves once a matching request was answered by the simulator (and is being held). */
  caught: Promise<void>;
  release(): Promise<void>;
}

/**
 * Hold back the browser's first reply on `pattern` that `select` accepts (the others pass): the
 * request reaches the simulator at once, only its answer waits.
 */
async function holdReply(page: Page, pattern: string, select: (body: string) => boolean): Promise<Held> {
  let caught!: () => void;
  const caughtP = new Promise<void>((resolve) => (caught = resolve));
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let holding = false;
  let fulfilled!: () => void;
  const done = new Promise<void>((resolve) => (fulfilled = resolve));
  const handler = async (route: Route): Promise<void> => {
    const response = await route.fetch();
    if (holding || !select(await response.text())) {
      await route.fulfill({ response });
      return;
    }
    holding = true;
    caught();
    await released;
    await route.fulfill({ response, headers: { ...response.headers(), [HELD_HEADER]: '1' } });
    fulfilled();
  };
  await page.route(pattern, handler);
  return {
    caught: caughtP,
    async release() {
      letGo();
      await done;
      // Replies still passing through (the page keeps refreshing) go on unheld; their handlers'
      // late fulfil after the unroute is what `ignoreErrors` drops.
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    },
  };
}

describe.skipIf(!chromium.available && !chromium.mustFail)('the reader panel confirms a PIN change whatever order the replies come in', () => {
  const ui = useBrowserPage();
  let server: UiServer;
  let page: Page;
  let pad = 0;

  beforeAll(async () => {
    ({ server, page } = ui);
    // Counts the held-back replies the page's script has read and acted on: the count goes up in
    // a task after `Response.text()` resolved, so every promise continuation of the caller ran first.
    await page.addInitScript((header) => {
      const w = window as unknown as { eesztHeldRead: number };
      w.eesztHeldRead = 0;
      const text = Response.prototype.text;
      Response.prototype.text = async function (this: Response): Promise<string> {
        const body = await text.call(this);
        if (this.headers.get(header) !== null) setTimeout(() => (w.eesztHeldRead += 1), 0);
        return body;
      };
    }, HELD_HEADER);
    await openPage(page, server.origin, '/readers');
    pad = await addPinPadReader(page);
  });

  beforeEach(async () => {
    // The cards as issued (activation PIN), none in a reader.
    await server.sim.app.request('/_sim/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"keepClock":true}' });
    for (const id of [0, pad]) if ((await readerSection(page, id).locator('.no-card').count()) === 0) await removeCard(page, id);
  });

  /** The new card into a reader. */
  async function newCardIn(readerId: number): Promise<void> {
    await insertCard(page, readerId, CARD.documentId);
    await expect.poll(() => readerSection(page, readerId).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('activation');
  }

  /** Let the held reply go and wait until the page's script has read it and acted on it. */
  async function releaseAndWaitRead(held: Held): Promise<void> {
    const before = await page.evaluate(() => (window as unknown as { eesztHeldRead: number }).eesztHeldRead);
    await held.release();
    await page.waitForFunction((n) => (window as unknown as { eesztHeldRead: number }).eesztHeldRead > n, before);
  }

  async function startChangeAndAnswerTwo(): Promise<void> {
    await newCardIn(pad);
    await readerSection(page, pad).getByRole('button', { name: 'Aktiváló PIN cseréje' }).click();
    await typeOnPinPad(page, pad, 'Aktiváló PIN', CARD.activationPin);
    await typeOnPinPad(page, pad, 'Új eAzonosítás PIN', CARD.pin);
    await readerSection(page, pad).locator('.screen-label', { hasText: /^Új eAzonosítás PIN újra$/ }).waitFor();
  }

  async function expectConfirmedAndAtRest(readerId = pad): Promise<void> {
    await expect(page.locator('#reader-panel-status').textContent()).resolves.toBe(CHANGED);
    if (readerId === pad) await expect(readerSection(page, pad).locator('.screen-label').textContent()).resolves.toBe('Készenlét');
    else await expect(page.locator('dialog#host-prompt').evaluate((d) => (d as HTMLDialogElement).open)).resolves.toBe(false);
    await expect.poll(() => readerSection(page, readerId).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('active');
    await expect(page.locator('#reader-panel-status').textContent()).resolves.toBe(CHANGED);
  }

  it('keeps the confirmation when the last answer’s reply comes after the change’s', async () => {
    ui.onFailure();
    await startChangeAndAnswerTwo();
    const answerReply = await holdReply(page, '**/card-client/prompts/*/answer', () => true);
    await page.keyboard.type(CARD.pin);
    await page.keyboard.press('Enter');
    await answerReply.caught;
    // The card is done and the change's reply was shown while the answer's reply still travels.
    await page.locator('#reader-panel-status', { hasText: CHANGED }).waitFor();
    await releaseAndWaitRead(answerReply);
    await expectConfirmedAndAtRest();
    expect(ui.pageErrors).toEqual([]);
  });

  it('does not bring the answered prompt back from a prompt list read before the answer', async () => {
    ui.onFailure();
    await startChangeAndAnswerTwo();
    // A list read while „Új eAzonosítás PIN újra” is open; the panel refreshes after any write
    // of the card client it sees in the journal, so one such write makes it read the list now.
    const staleList = await holdReply(page, '**/card-client/prompts', (body) => body.includes('Új eAzonosítás PIN újra'));
    await server.sim.app.request('/card-client/cardholder', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"mode":"interactive"}' });
    await staleList.caught;
    await page.keyboard.type(CARD.pin);
    await page.keyboard.press('Enter');
    await page.locator('#reader-panel-status', { hasText: CHANGED }).waitFor();
    await readerSection(page, pad).locator('.screen-label', { hasText: /^Készenlét$/ }).waitFor();
    await releaseAndWaitRead(staleList);
    await expectConfirmedAndAtRest();
    expect(ui.pageErrors).toEqual([]);
  });

  it('leaves the pop-up’s next question and what was typed there alone when the previous answer’s reply comes late', async () => {
    ui.onFailure();
    // Reader 0 has no PIN pad: the card client's pop-up asks.
    await newCardIn(0);
    await readerSection(page, 0).getByRole('button', { name: 'Aktiváló PIN cseréje' }).click();
    await answerHostPrompt(page, 'Aktiváló PIN', CARD.activationPin);
    const dialog = page.locator('dialog#host-prompt');
    await dialog.locator('#host-prompt-label', { hasText: /^Új eAzonosítás PIN$/ }).waitFor();
    const answerReply = await holdReply(page, '**/card-client/prompts/*/answer', () => true);
    await page.keyboard.type(CARD.pin);
    await page.keyboard.press('Enter');
    await answerReply.caught;
    // The next question is on the pop-up (pushed on the stream) and the trainer types into it.
    await dialog.locator('#host-prompt-label', { hasText: /^Új eAzonosítás PIN újra$/ }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'host-prompt-input');
    await page.keyboard.type(CARD.pin.slice(0, 3));
    await releaseAndWaitRead(answerReply);
    await expect(dialog.evaluate((d) => (d as HTMLDialogElement).open)).resolves.toBe(true);
    await expect(dialog.locator('#host-prompt-label').textContent()).resolves.toBe('Új eAzonosítás PIN újra');
    await expect(dialog.getByLabel('Új eAzonosítás PIN újra', { exact: true }).inputValue()).resolves.toBe(CARD.pin.slice(0, 3));
    await page.keyboard.type(CARD.pin.slice(3));
    await page.keyboard.press('Enter');
    await page.locator('#reader-panel-status', { hasText: CHANGED }).waitFor();
    await expectConfirmedAndAtRest(0);
    expect(ui.pageErrors).toEqual([]);
  });
});
