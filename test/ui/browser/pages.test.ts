/**
 * Focused page tests in Chromium (one browser for the file): pick-only drop-downs, the PIN pad
 * from the keyboard, the eRecept screen with a SAML token that expires after +7 hours, the
 * language toggle, and reset.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailability } from './chromium.js';
import { useBrowserPage, type UiServer } from './ui-server.js';
import { sectorUserHeaders } from '../../helpers/eid.js';
import { addPinPadReader, answerHostPrompt, insertCard, openPage, pick, portalPasswordLogin, removeCard } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the UI browser page tests: ${chromium.message}`);

describe.skipIf(!chromium.available && !chromium.mustFail)('UI pages in Chromium', () => {
  const ui = useBrowserPage();
  let server: UiServer;
  let page: Page;
  const pageErrors = ui.pageErrors;
  const onFailure = (): void => ui.onFailure();
  beforeAll(() => {
    ({ server, page } = ui);
  });

  it('refuses a typed user in the IAM form: the back end demands a pick (PICK_REQUIRED)', async () => {
    onFailure();
    await portalPasswordLogin(page, server.origin, { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' });
    await openPage(page, server.origin, '/portal/iam/new');
    await page.locator('#iam-institution-state[data-picked="true"]').waitFor();
    await pick(page, 'iam-partner', '', '1 – ÁEEK EESZT');
    await pick(page, 'iam-system', '', '1 – miniHIS');
    await page.locator('#iam-user').fill('O83456');
    await pick(page, 'iam-unit', '016200102', /^016200102 – /);
    await expect(page.locator('#iam-user-state').textContent()).resolves.toBe('Nincs kiválasztva a listából');
    await page.getByRole('button', { name: 'LÉTREHOZÁS' }).click();
    await page.locator('#iam-new-problem', { hasText: 'PICK_REQUIRED' }).waitFor();
    await expect(page.locator('#iam-user').getAttribute('aria-invalid')).resolves.toBe('true');
    // Picking it from the list goes through.
    await pick(page, 'iam-user', 'O834', /^O83456 – /);
    await page.getByRole('button', { name: 'LÉTREHOZÁS' }).click();
    await page.waitForURL(/\/records\/1-1-O83456-E01620K-016200102$/);
    // A role that does not fit the user is explained by the back end when moved in.
    await page.getByLabel('Elérhető szerepkörök').selectOption('miniHIS Szakdolgozó');
    await page.getByRole('button', { name: 'Áthelyezés a birtokolt szerepkörök közé' }).click();
    await page.locator('#iam-roles-problem', { hasText: 'ROLE_PREFIX_MISMATCH' }).waitFor();
    await page.getByRole('button', { name: 'Vissza mentés nélkül' }).click();
    await page.waitForURL(/\/ui\/portal\/iam$/);
  });

  it('works the PIN pad from the keyboard: digits, correction, and Esc cancels the operation', async () => {
    onFailure();
    await openPage(page, server.origin, '/readers');
    const pad = await addPinPadReader(page);
    await insertCard(page, pad, '123456AB');
    const pkg = (await (await server.sim.app.request('/eid/request-package', { method: 'POST', headers: { 'content-type': 'application/json', ...(await sectorUserHeaders(server.sim)) }, body: '{}' })).json()) as { requestPackage: string };
    const waiting = server.sim.app.request('/card-client/authenticate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestPackage: pkg.requestPackage, reader: pad }) });
    const device = page.getByRole('group', { name: `PIN-pad: PIN-pados olvasó ${pad}` });
    await device.locator('.screen-label', { hasText: 'eAzonosítás PIN' }).waitFor();
    await device.getByRole('status', { name: 'Kijelző' }).focus();
    await page.keyboard.type('123');
    await expect(device.locator('.screen-digits').getAttribute('aria-label')).resolves.toBe('3 számjegy beírva');
    await page.keyboard.press('Backspace');
    await expect(device.locator('.screen-digits').textContent()).resolves.toBe('**');
    // Keys are buttons: Tab reaches them and Enter presses the focused one (not OK).
    await device.getByRole('button', { name: '7', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(device.locator('.screen-digits').textContent()).resolves.toBe('***');
    await page.keyboard.press('Escape');
    const answer = await waiting;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(((await answer.json()) as { code: string }).code).toBe('PIN_CANCELLED');
    await device.locator('.screen-label', { hasText: 'Készenlét' }).waitFor();
  });

  it('uses the EESZT token against eRecept, and after +7 hours eRecept refuses it (TOKEN_EXPIRED)', async () => {
    onFailure();
    await openPage(page, server.origin, '/minihis');
    await pick(page, 'mh-institution', 'Szent', /^01620K – /);
    await pick(page, 'mh-unit', '016200101', /^016200101 – /);
    await page.getByLabel('Felhasználónév', { exact: true }).fill('O50123');
    await page.getByLabel('EESZT mobilToken').check();
    await page.getByRole('button', { name: 'Aktuális kód (szimulátor)' }).click();
    await expect.poll(() => page.locator('#mh-token').inputValue()).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: 'Belépés' }).click();
    await page.waitForURL(/\/minihis\/terms$/);
    await openPage(page, server.origin, '/minihis/erecept');
    // Strict policy: the password connection needs the mobilToken code too (seed 003). The login's
    // code works once, so wait for the app's next code: one minute on the simulator clock.
    await server.sim.app.request('/_sim/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '1m' }) });
    await page.getByLabel('EESZT jelszó').fill('Aktiv-Orvos-1');
    await page.locator('#eeszt-mobiltoken-helper').click();
    await expect.poll(() => page.locator('#eeszt-mobiltoken').inputValue()).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: 'Aktiválás jelszóval' }).click();
    await page.locator('#eeszt-state.active').waitFor();
    await page.getByRole('button', { name: 'Felírás' }).click();
    await page.locator('#rx-result dd', { hasText: /^ER-\d+$/ }).waitFor();

    await openPage(page, server.origin, '/scenario');
    await page.getByRole('button', { name: '+7 óra' }).click();
    await page.locator('#sim-clock', { hasText: '2026-03-02 15:01:00 UTC' }).waitFor();
    await openPage(page, server.origin, '/minihis/erecept');
    await page.getByRole('button', { name: 'Felírás' }).click();
    await page.locator('#rx-problem', { hasText: 'TOKEN_EXPIRED' }).waitFor();
  });

  it('identifies the patient by their eSzemélyi on the prescription form: patient card, patient\'s PIN, TAJ filled in (seed 004)', async () => {
    onFailure();
    await openPage(page, server.origin, '/minihis');
    await pick(page, 'mh-institution', 'Szent', /^01620K – /);
    await pick(page, 'mh-unit', '016200101', /^016200101 – /);
    await page.getByLabel('Felhasználónév', { exact: true }).fill('O50123');
    await page.getByLabel('EESZT mobilToken').check();
    await page.getByRole('button', { name: 'Aktuális kód (szimulátor)' }).click();
    await expect.poll(() => page.locator('#mh-token').inputValue()).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: 'Belépés' }).click();
    await page.waitForURL(/\/minihis\/terms$/);
    await openPage(page, server.origin, '/minihis/erecept');
    await insertCard(page, 0, '246802NF');
    await page.locator('#rx-taj').fill('');
    await page.getByRole('button', { name: 'Beteg azonosítása eSzemélyivel' }).click();
    await answerHostPrompt(page, 'eAzonosítás PIN', '246802');
    await page.locator('#rx-status', { hasText: 'Nagy Ferenc, TAJ 123456788' }).waitFor();
    await expect(page.locator('#rx-taj').inputValue()).resolves.toBe('123456788');
    await removeCard(page, 0);
  });

  it('switches to English and back, remembering the choice', async () => {
    onFailure();
    await openPage(page, server.origin, '/portal/iam/new');
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('button', { name: 'CREATE (LÉTREHOZÁS)' }).count()).resolves.toBe(1);
    await openPage(page, server.origin, '/readers');
    await expect(page.locator('h1').textContent()).resolves.toBe('Card readers');
    await expect(page.getByRole('button', { name: '+ PIN-pad reader' }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Váltás magyar nyelvre' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Kártyaolvasók');
  });

  it('resets the simulator from the scenario page: clock back, cards back', async () => {
    onFailure();
    await openPage(page, server.origin, '/scenario');
    await page.getByRole('button', { name: 'Alaphelyzetbe állítás' }).click();
    await page.locator('#reset-status', { hasText: 'Alaphelyzetbe állítva' }).waitFor();
    await page.locator('#sim-clock', { hasText: '2026-03-02 08:00:00 UTC' }).waitFor();
    await page.locator('#personas-table tbody tr', { hasText: 'doctor-activation-pin' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
