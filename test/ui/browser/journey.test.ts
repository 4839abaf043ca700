/**
 * The trainer's end-to-end journey in a real browser (Debian's Chromium, headless): activate a
 * new card through the reader panel (activation PIN change at the host pop-up), assign
 * `miniHIS Orvos` in the IAM+SSO screens, log in to miniHIS with the card on a PIN-pad reader,
 * and find the exchange — and the decoded SAML token — in the traffic inspector.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailability, launchChromium, type RunningChromium } from './chromium.js';
import { startUiServer, type UiServer } from './ui-server.js';
import { activateCard, addPinPadReader, createIamRecord, insertCard, openPage, pageProblems, portalPasswordLogin, readerSection, removeCard, startMiniHisLogin, typeOnPinPad } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the UI browser journey: ${chromium.message}`);

describe.skipIf(!chromium.available && !chromium.mustFail)('UI journey in Chromium', () => {
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

  it('activates a card, assigns miniHIS Orvos, logs in with the PIN pad and shows the exchange', async () => {
    const origin = server.origin;
    onTestFailed(async () => {
      console.error(await pageProblems(page));
      await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/eeszt-sim-ui-journey-failure.png`, fullPage: true }).catch(() => undefined);
    });

    // 1. The new card of Dr. Tóth Katalin (O61234) goes into reader 0 (no PIN pad).
    await openPage(page, origin, '/readers');
    await insertCard(page, 0, '345678CD');
    await expect.poll(() => readerSection(page, 0).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('activation');

    // 2. Ágazati portál → Aktiválás: activation PIN 11223 → new PIN 246810 (twice) → PIN.
    await activateCard(page, origin, { username: 'O61234', activationPin: '11223', newPin: '246810' });
    await expect(page.locator('#activation-status').textContent()).resolves.toContain('Az aktiváló PIN cseréje megtörtént');
    await expect.poll(() => readerSection(page, 0).locator('[data-pin-state]').getAttribute('data-pin-state')).toBe('active');
    expect(server.sim.deps.store.state.cards.find((c) => c.documentId === '345678CD')?.activatedFor).toBe('O61234');

    // 3. The permission admin X23456 logs in and grants miniHIS Orvos in unit 016200102 (Kardiológiai
    //    Osztály; the fixtures already have her record in 016200101).
    await portalPasswordLogin(page, origin, { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' });
    await createIamRecord(page, origin, { userQuery: 'O612', user: /^O61234 – /, unitQuery: '0162001', unit: /^016200102 – Kardiológiai Osztály/, role: 'miniHIS Orvos' });
    await expect(page.locator('#iam-table tr[data-record="1-1-O61234-E01620K-016200102"]').textContent()).resolves.toContain('miniHIS Orvos');

    // 4. A PIN-pad reader; the card moves there; miniHIS login with the card, PIN typed on the pad.
    const pad = await addPinPadReader(page);
    await removeCard(page, 0);
    await insertCard(page, pad, '345678CD');
    await startMiniHisLogin(page, origin, { institutionQuery: '01620K', institution: /^01620K – Szent Margit Kórház/, unitQuery: 'Kardio', unit: /^016200102 – Kardiológiai Osztály/, username: 'O61234', readerId: pad });
    await typeOnPinPad(page, pad, 'eAzonosítás PIN', '246810');
    await page.waitForURL(/\/ui\/minihis\/terms$/);
    await expect(page.locator('#minihis-session').textContent()).resolves.toContain('O61234');

    // 5. The traffic inspector shows the login exchange and the admin's decoded token.
    await openPage(page, origin, '/inspector');
    await page.locator('#inspector-live[data-state="live"]').waitFor();
    const login = page.locator('details[data-service="minihis"]', { hasText: 'POST/minihis/api/login' }).first();
    await login.locator('summary').click();
    await expect(login.locator('.entry-body').textContent()).resolves.toContain('ridPackage');
    await page.locator('#inspector-service').selectOption('sts');
    const sts = page.locator('details[data-service="sts"]').first();
    await sts.locator('summary').click();
    const token = sts.locator('.token');
    await token.waitFor();
    await expect(token.textContent()).resolves.toContain('X23456');
    await expect(token.locator('[data-signature]').getAttribute('data-signature')).resolves.toBe('valid');
    await expect(sts.locator('.entry-body').textContent()).resolves.not.toContain('Jogosultsag-Admin-1');
    expect(pageErrors).toEqual([]);
  });
});
