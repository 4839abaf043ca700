/**
 * The traffic inspector and the projection settings in Chromium (issue 17 items 6 and 7): the
 * inspector keeps the HIS traffic in view after many UI page loads (filters on the server, the
 * UI's own requests left out unless asked for), decodes the eID request package, and filters by
 * error code and text; at 1280×720 the second reader's keypad is in view; the presentation mode
 * (larger type, one reader, step captions) is remembered and can be asked for with
 * `?presentation=1`.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailability, launchChromium, type RunningChromium } from './chromium.js';
import { startUiServer, type UiServer } from './ui-server.js';
import { openPage, pageProblems } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the UI browser inspector and projection tests: ${chromium.message}`);

describe.skipIf(!chromium.available && !chromium.mustFail)('inspector and projection in Chromium', () => {
  let server: UiServer;
  let browser: RunningChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!chromium.available) throw new Error(chromium.message);
    server = await startUiServer();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const onFailure = (): void => {
    onTestFailed(async () => {
      console.error(await pageProblems(page));
    });
  };

  /** A HIS call, made outside the browser (as a HIS would). */
  const his = (path: string, body: unknown): Promise<Response> =>
    Promise.resolve(server.sim.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

  it('keeps the HIS traffic after 24 UI page loads, shows the UI\'s own only when asked, and decodes the eID request package', async () => {
    onFailure();
    expect((await his('/eid/request-package', { institutionId: 'E01620K' })).status).toBe(201);
    expect((await his('/eid/request-package', {})).status).toBe(400);
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
    await page.getByLabel('Hibakód').fill('REQUESTER_MISSING');
    await expect.poll(() => list.locator('details').count()).toBe(1);
    await expect(list.locator('details .code').textContent()).resolves.toBe('REQUESTER_MISSING');
    await page.getByLabel('Hibakód').fill('');
    await page.getByLabel('Keresés a forgalomban').fill('SAY WHICH INSTITUTION');
    await expect.poll(() => list.locator('details').count()).toBe(1);
    await expect(list.locator('details .code').textContent()).resolves.toBe('REQUESTER_MISSING');
    await page.getByLabel('Keresés a forgalomban').fill('');

    // New HIS traffic appears live; the UI's own does not.
    expect((await his('/eid/request-package', { institutionId: 'E01620K', purpose: 'readout' })).status).toBe(201);
    await expect.poll(() => packageEntry.count()).toBe(3);
    await expect(list.locator('details[data-origin="ui"]').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
