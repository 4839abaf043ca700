/**
 * The traffic inspector and the projection settings in Chromium (issue 17 items 6 and 7): the
 * inspector keeps the HIS traffic in view after many UI page loads (filters on the server, the
 * UI's own requests left out unless asked for), decodes the eID request package, and filters by
 * error code and text; at 1280×720 the second reader's keypad is in view; the presentation mode
 * (larger type, one reader, step captions) is remembered and can be asked for with
 * `?presentation=1`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailability } from './chromium.js';
import { useBrowserPage, type UiServer } from './ui-server.js';
import { addPinPadReader, insertCard, openPage } from './flows.js';
import { sectorUserHeaders } from '../../helpers/eid.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the UI browser inspector and projection tests: ${chromium.message}`);

describe.skipIf(!chromium.available && !chromium.mustFail)('inspector and projection in Chromium', () => {
  const ui = useBrowserPage();
  let server: UiServer;
  let page: Page;
  const pageErrors = ui.pageErrors;
  const onFailure = (): void => ui.onFailure();
  beforeAll(() => {
    ({ server, page } = ui);
  });

  /** A HIS call, made outside the browser (as a HIS would), as the HIS's configured sector user unless `anonymous`. */
  const his = async (path: string, body: unknown, anonymous = false): Promise<Response> => {
    const headers = { 'content-type': 'application/json', ...(anonymous ? {} : await sectorUserHeaders(server.sim)) };
    return server.sim.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  };

  it('keeps the HIS traffic after 24 UI page loads, shows the UI\'s own only when asked, and decodes the eID request package', { timeout: 240_000 }, async () => {
    onFailure();
    expect((await his('/eid/request-package', {})).status).toBe(201);
    expect((await his('/eid/request-package', {}, true)).status).toBe(401); // strict: no sector user token
    const pages = ['/', '/readers', '/portal', '/minihis', '/scenario', '/portal/activation'];
    for (let i = 0; i < 24; i++) await openPage(page, server.origin, pages[i % pages.length] as string);
    const uiOwn = server.sim.deps.journal.list({ ui: 'only' }).length;
    expect(uiOwn).toBeGreaterThan(300); // more than the old inspector's window of 300 entries

    await openPage(page, server.origin, '/inspector');
    const list = page.locator('#inspector-entries');
    const packageEntry = list.locator('details[data-service="eid"]', { has: page.locator('.path', { hasText: /^\/eid\/request-package$/ }) });
    await expect.poll(() => packageEntry.count()).toBe(2);
    await expect(list.locator('details[data-origin="ui"]').count()).resolves.toBe(0);
    await expect(page.locator('#inspector-count').textContent()).resolves.toMatch(/^\d+ bejegyzés$/);

    // The UI's own requests, on demand.
    await page.getByLabel(/A felület saját kérései is/).check();
    await expect.poll(() => list.locator('details[data-origin="ui"]').count()).toBeGreaterThan(100);
    await expect(page.locator('#inspector-count').textContent()).resolves.toMatch(/vannak régebbiek is$/);
    await page.getByLabel(/A felület saját kérései is/).uncheck();
    await expect.poll(() => list.locator('details[data-origin="ui"]').count()).toBe(0);

    // The package decoded: purpose, signature by the eID server, expiry, not used yet.
    const issued = packageEntry.filter({ has: page.locator('.badge', { hasText: '201' }) });
    await issued.locator('summary').click();
    const view = issued.locator('.eid-package[data-kind="request-package"]');
    await view.waitFor();
    await expect(view.locator('h3').textContent()).resolves.toBe('eID hitelesítési kérőcsomag (válaszban)');
    await expect(view.locator('[data-purpose]').getAttribute('data-purpose')).resolves.toBe('login');
    await expect(view.locator('[data-signature]').getAttribute('data-signature')).resolves.toBe('valid');
    await expect(view.locator('[data-expiry]').textContent()).resolves.toBe('2026-03-02 08:05:00 UTC');
    await expect(view.locator('[data-use]').getAttribute('data-use')).resolves.toBe('issued');
    await expect(view.textContent()).resolves.toContain('E01620K');

    // Filters on the server: error code, and text.
    await page.getByLabel('Hibakód').fill('SECTOR_USER_TOKEN_REQUIRED');
    await expect.poll(() => list.locator('details').count()).toBe(1);
    await expect(list.locator('details .code').textContent()).resolves.toBe('SECTOR_USER_TOKEN_REQUIRED');
    await page.getByLabel('Hibakód').fill('');
    await page.getByLabel('Keresés a forgalomban').fill('SECTOR USER CONFIGURED IN THE HIS');
    await expect.poll(() => list.locator('details').count()).toBe(1);
    await expect(list.locator('details .code').textContent()).resolves.toBe('SECTOR_USER_TOKEN_REQUIRED');
    await page.getByLabel('Keresés a forgalomban').fill('');

    // New HIS traffic appears live; the UI's own does not.
    expect((await his('/eid/request-package', { purpose: 'readout' })).status).toBe(201);
    await expect.poll(() => packageEntry.count()).toBe(3);
    await expect(list.locator('details[data-origin="ui"]').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });

  /** Ask the card client to authenticate with the card in `reader` (a HIS's leg 2), so the reader prompts. */
  const startCardLogin = async (reader: number): Promise<{ answer: Promise<Response> }> => {
    const pkg = (await (await his('/eid/request-package', {})).json()) as { requestPackage: string };
    // wrapped: an async function's result promise would otherwise wait for the answer itself
    return { answer: Promise.resolve(server.sim.app.request('/card-client/authenticate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestPackage: pkg.requestPackage, reader }) })) };
  };

  /** The key is inside the viewport and is what the screen shows at its centre (nothing covers it). */
  const expectOnScreen = async (key: ReturnType<Page['locator']>): Promise<void> => {
    const box = await key.boundingBox();
    if (box === null) throw new Error('the key is not rendered');
    const view = page.viewportSize() ?? { width: 0, height: 0 };
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(view.width);
    expect(box.y + box.height).toBeLessThanOrEqual(view.height);
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.textContent ?? null, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    expect(hit).toBe(await key.textContent());
  };

  /** The font Chromium really drew an element's text with (DevTools protocol). */
  const renderedFonts = async (selector: string): Promise<string[]> => {
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map((f) => f.familyName);
    } finally {
      await cdp.detach();
    }
  };

  it('fits 1280×720: the second PIN-pad reader\'s keypad in view and uncovered; hints at 16 px; usernames in a monospace with a distinct zero', { timeout: 180_000 }, async () => {
    onFailure();
    await page.setViewportSize({ width: 1280, height: 720 });
    await openPage(page, server.origin, '/readers');
    await addPinPadReader(page);
    const second = await addPinPadReader(page);
    await insertCard(page, second, '123456AB');
    await openPage(page, server.origin, '/minihis');
    await expect(page.locator('header.topbar').boundingBox()).resolves.toMatchObject({ height: expect.toSatisfy((h: number) => h < 60) });
    const hintSizes = await page.locator('.hint:visible').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(hintSizes.length).toBeGreaterThan(2);
    expect(Math.min(...hintSizes)).toBeGreaterThanOrEqual(16);
    const waiting = await startCardLogin(second);
    const pad = page.locator(`section.reader[data-reader-id="${second}"] .pinpad.asking`);
    await pad.waitFor();
    await page.waitForTimeout(300); // the panel scrolls the asking reader into view
    for (const name of ['1', '9', 'OK']) await expectOnScreen(pad.getByRole('button', { name, exact: true }));
    expect(await page.evaluate(() => scrollY)).toBe(0); // the panel scrolled, not the page
    await page.keyboard.press('Escape');
    expect((await waiting.answer).status).toBeGreaterThanOrEqual(400);

    // Usernames in the persona table: 16 px, drawn with DejaVu Sans Mono (its zero is dotted: O123456 ≠ 0123456).
    await openPage(page, server.origin, '/scenario');
    const username = page.locator('table.data td code', { hasText: /^O\d{5}$/ }).first();
    await username.waitFor();
    expect(await username.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(16);
    expect(await username.evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(/^"DejaVu Sans Mono"/);
    await username.evaluate((e) => e.setAttribute('data-probe', 'username'));
    expect(await renderedFonts('[data-probe="username"]')).toEqual(['DejaVu Sans Mono']);

    // The top bar keeps its last item (the language toggle) on screen at the common desktop widths.
    for (const width of [1280, 1440, 1680, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await openPage(page, server.origin, '/minihis');
      const toggle = await page.locator('header.topbar .lang-toggle').boundingBox();
      expect(toggle, `language toggle at ${width} px`).not.toBeNull();
      expect((toggle?.x ?? 0) + (toggle?.width ?? 0), `language toggle's right edge at ${width} px`).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width} px`).toBeLessThanOrEqual(width);
    }
    expect(pageErrors).toEqual([]);
  });

  it('presentation mode: larger type, one reader, step captions in Hungarian (English under the toggle), remembered, off again', { timeout: 180_000 }, async () => {
    onFailure();
    await page.setViewportSize({ width: 1280, height: 720 });
    await openPage(page, server.origin, '/minihis?presentation=1');
    await expect(page.locator('body').getAttribute('class')).resolves.toBe('presentation');
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(20);
    const caption = page.locator('#step-caption');
    await expect(caption.textContent()).resolves.toBe('miniHIS belépés: intézmény, szervezeti egység, felhasználó, majd eSzemélyi vagy mobilToken.');
    // One reader in the panel: the one holding a card (the readers of the previous test are still attached).
    const shown = page.locator('.reader-panel.docked section.reader:visible');
    await expect.poll(() => shown.count()).toBe(1);
    const holder = Number(await shown.getAttribute('data-reader-id'));
    // Remembered: the toggle in the top bar, no query needed.
    await openPage(page, server.origin, '/portal/activation');
    await expect(page.locator('#presentation-toggle').textContent()).resolves.toBe('Vetítési mód ki');
    await expect(caption.textContent()).resolves.toBe('Kártya aktiválása: felhasználónév és ellenőrző kód, majd a kártya és a PIN-ek.');
    // A reader asking: the caption says so, only that reader is shown, its keypad in view.
    const waiting = await startCardLogin(holder);
    await expect.poll(() => caption.textContent()).toMatch(/^A kártyaolvasó vár: „eAzonosítás PIN” – a kártyabirtokos most adja meg a PIN-padon \(PIN-pados olvasó \d+\)\.$/);
    await expect.poll(() => shown.count()).toBe(1);
    const pad = shown.locator('.pinpad.asking');
    await pad.waitFor();
    await page.waitForTimeout(300);
    await expectOnScreen(pad.getByRole('button', { name: 'OK', exact: true }));
    await page.keyboard.press('Escape');
    expect((await waiting.answer).status).toBeGreaterThanOrEqual(400);
    await expect.poll(() => caption.textContent()).toBe('Kártya aktiválása: felhasználónév és ellenőrző kód, majd a kártya és a PIN-ek.');
    // A flow step: the activation refused at its first step.
    await page.locator('#activation-username').fill('O61234');
    await page.locator('#activation-code').fill('000000');
    await page.locator('#activation-submit').click();
    await expect.poll(() => caption.textContent()).toBe('Nem sikerült: Felhasználónév és ellenőrző kód – a hiba a lépések alatt olvasható.');
    // English under the language toggle.
    await openPage(page, server.origin, '/portal/activation?lang=en');
    await expect(caption.textContent()).resolves.toBe('Card activation: username and check code, then the card and its PINs.');
    await openPage(page, server.origin, '/portal/activation?lang=hu&presentation=0');
    await expect(caption.count()).resolves.toBe(0);
    await expect(page.locator('body').getAttribute('class')).resolves.toBeNull();
    await expect(page.locator('#presentation-toggle').textContent()).resolves.toBe('Vetítési mód');
    expect(pageErrors).toEqual([]);
  });
});
