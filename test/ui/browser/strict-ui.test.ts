/**
 * The trainer UI under the default strict policy, in Chromium: the Ágazati portál's password login
 * with the mobilToken code as second factor (and without it the admin functions refuse, in
 * Hungarian from the error catalogue with the code visible), the mobilToken helper asking for the
 * username, the ÁSZF that only „Nem fogadom el” refuses, and the persona table in Hungarian.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailability } from './chromium.js';
import { useBrowserPage, type UiServer } from './ui-server.js';
import { openPage, pick, portalPasswordLogin } from './flows.js';

const chromium = chromiumAvailability();
if (!chromium.available && !chromium.mustFail) console.warn(`skipping the strict UI browser tests: ${chromium.message}`);

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' };

describe.skipIf(!chromium.available && !chromium.mustFail)('the UI under the strict policy, in Chromium', () => {
  const ui = useBrowserPage();
  let server: UiServer;
  let page: Page;
  const pageErrors = ui.pageErrors;
  const onFailure = (): void => ui.onFailure();
  beforeAll(() => {
    ({ server, page } = ui);
  });

  it('refuses a password-only portal login at IAM+SSO in Hungarian with the code visible (MULTI_FACTOR_REQUIRED)', async () => {
    onFailure();
    await openPage(page, server.origin, '/portal');
    await page.getByLabel('Felhasználónév', { exact: true }).fill(ADMIN.username);
    // Intézmény and Szervezeti egység are drop-downs over the portal's look-ups (seed 000).
    await pick(page, 'login-institution', 'Szent', /^E01620K – Szent Margit Kórház/);
    await pick(page, 'login-unit', '0162001', /^016200101 – /);
    await page.getByLabel('Felhasználónév és jelszó').check();
    await page.getByLabel('Jelszó', { exact: true }).fill(ADMIN.password);
    await page.locator('#login-submit').click();
    await page.waitForURL(/\/ui\/portal\/iam$/);
    const problem = page.locator('#iam-list-problem');
    await problem.locator('.code', { hasText: '(MULTI_FACTOR_REQUIRED)' }).waitFor();
    await expect(problem.locator('p').first().textContent()).resolves.toMatch(/^A betegadatokhoz és az adminisztrációs funkciókhoz többfaktoros bejelentkezés szükséges.* \(MULTI_FACTOR_REQUIRED\)$/);
    // The back end's own English message is one click away.
    await expect(problem.locator('details.problem-detail summary').textContent()).resolves.toMatch(/^Részletek/);
  });

  it('asks for the username before the mobilToken helper looks a code up, and clears that once the username is typed', async () => {
    onFailure();
    await openPage(page, server.origin, '/portal');
    await page.getByLabel('Felhasználónév és jelszó').check();
    const line = page.locator('#login-mobiltoken-helper-status');
    await page.getByRole('button', { name: 'Aktuális kód (szimulátor)' }).click();
    await expect(line.textContent()).resolves.toMatch(/^Előbb adja meg a felhasználónevet/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('login-username');
    await expect(page.locator('#login-mobiltoken').inputValue()).resolves.toBe('');
    await page.keyboard.type(ADMIN.username);
    await expect(line.textContent()).resolves.toBe('');
    await page.getByRole('button', { name: 'Aktuális kód (szimulátor)' }).click();
    await expect.poll(() => page.locator('#login-mobiltoken').inputValue()).toMatch(/^\d{6}$/);
    await expect(line.textContent()).resolves.toMatch(/^X23456 mobilToken alkalmazása most ezt a kódot mutatja/);
    // An unknown user: the helper's refusal in Hungarian, gone once the code field is edited.
    await page.getByLabel('Felhasználónév', { exact: true }).fill('X99999');
    await page.getByRole('button', { name: 'Aktuális kód (szimulátor)' }).click();
    await line.filter({ hasText: '(USER_UNKNOWN)' }).waitFor();
    await page.locator('#login-mobiltoken').fill('123456');
    await expect(line.textContent()).resolves.toBe('');
  });

  it('logs the permission admin in with password + mobilToken code and lists the IAM+SSO records', async () => {
    onFailure();
    await portalPasswordLogin(page, server.origin, ADMIN);
    await expect(page.locator('#iam-list-problem').textContent()).resolves.toBe('');
  });

  it('clears a refusal once the problem is fixed: ROLE_PREFIX_MISMATCH goes when the right role is moved in', async () => {
    onFailure();
    await openPage(page, server.origin, '/portal/iam/new');
    await page.locator('#iam-institution-state[data-picked="true"]').waitFor();
    await pick(page, 'iam-partner', '', '1 – ÁEEK EESZT');
    await pick(page, 'iam-system', '', '1 – miniHIS');
    await pick(page, 'iam-user', 'O834', /^O83456 – /);
    await pick(page, 'iam-unit', '016200102', /^016200102 – /);
    await page.getByRole('button', { name: 'LÉTREHOZÁS' }).click();
    await page.waitForURL(/\/records\/1-1-O83456-E01620K-016200102$/);
    const problem = page.locator('#iam-roles-problem');
    await page.getByLabel('Elérhető szerepkörök').selectOption('miniHIS Szakdolgozó');
    await page.getByRole('button', { name: 'Áthelyezés a birtokolt szerepkörök közé' }).click();
    await problem.locator('.code', { hasText: '(ROLE_PREFIX_MISMATCH)' }).waitFor();
    await expect(problem.locator('p').first().textContent()).resolves.toMatch(/^A szerepkör nem illik a felhasználó típusához: miniHIS Szakdolgozó nem adható O83456 részére;/);
    await page.getByLabel('Elérhető szerepkörök').selectOption('miniHIS Orvos');
    await page.getByRole('button', { name: 'Áthelyezés a birtokolt szerepkörök közé' }).click();
    await page.locator('#iam-roles-status', { hasText: 'A birtokolt szerepkörök közé került: miniHIS Orvos' }).waitFor();
    await expect(problem.textContent()).resolves.toBe('');
    await page.getByRole('button', { name: 'Vissza mentés nélkül' }).click();
    await page.waitForURL(/\/ui\/portal\/iam$/);
  });

  it('refuses a typed, not picked, Intézmény at miniHIS login with PICK_REQUIRED (in Hungarian, at the field), and the list does not stay open over the next field', async () => {
    onFailure();
    await openPage(page, server.origin, '/minihis');
    const list = page.locator('#mh-institution-list');
    await page.locator('#mh-institution').fill('Szent');
    await list.getByRole('option').first().waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => list.isHidden()).toBe(true);
    // A look-up answered after the field was left does not open the list again.
    await page.locator('#mh-institution').fill('Szent M');
    await page.getByLabel('Felhasználónév', { exact: true }).click();
    await page.waitForTimeout(600);
    await expect(list.isHidden()).resolves.toBe(true);
    await page.getByLabel('Felhasználónév', { exact: true }).fill('O50123');
    await page.getByRole('button', { name: 'Belépés' }).click();
    await page.locator('#mh-login-problem .code', { hasText: '(PICK_REQUIRED)' }).waitFor();
    await expect(page.locator('#mh-login-problem p').first().textContent()).resolves.toMatch(/^Az értéket a legördülő listából válassza ki/);
    await expect(page.locator('#mh-institution').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#mh-institution-error').textContent()).resolves.toMatch(/\(PICK_REQUIRED\)$/);
    await expect(list.isHidden()).resolves.toBe(true);
  });

  it('keeps „Következő” of the ÁSZF disabled until the box is ticked; only „Nem fogadom el” refuses; tick + „Következő” goes on', async () => {
    onFailure();
    await openPage(page, server.origin, '/minihis');
    await pick(page, 'mh-institution', 'Szent', /^01620K – /);
    await pick(page, 'mh-unit', '016200101', /^016200101 – /);
    await page.getByLabel('Felhasználónév', { exact: true }).fill('O50123');
    await page.getByLabel('EESZT mobilToken').check();
    await page.locator('#mh-token-helper').click();
    await expect.poll(() => page.locator('#mh-token').inputValue()).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: 'Belépés' }).click();
    await page.waitForURL(/\/minihis\/terms$/);
    await page.locator('#terms-text', { hasText: 'ÁSZF' }).waitFor();
    await expect(page.locator('#terms-text').textContent()).resolves.not.toMatch(/Simulator|the real terms/);
    const next = page.getByRole('button', { name: 'Következő' });
    await expect(next.isDisabled()).resolves.toBe(true);
    await expect(page.locator('#terms-next-hint').textContent()).resolves.toMatch(/„Nem fogadom el”/);
    await page.getByLabel('Elfogadom az ÁSZF-et').check();
    await expect(next.isDisabled()).resolves.toBe(false);
    await page.getByLabel('Elfogadom az ÁSZF-et').uncheck();
    await expect(next.isDisabled()).resolves.toBe(true);
    await page.getByLabel('Elfogadom az ÁSZF-et').check();
    await next.click();
    await page.waitForURL(/\/minihis\/configuration$/);
  });

  it('shows the personas’ „Mire jó” column in Hungarian, English under the toggle', async () => {
    onFailure();
    await openPage(page, server.origin, '/scenario');
    const nurse = page.locator('#personas-table tbody tr', { hasText: 'nurse' });
    await expect(nurse.locator('td').last().textContent()).resolves.toMatch(/^Szakdolgozó \(S felhasználó\)/);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect(page.locator('#personas-table tbody tr', { hasText: 'nurse' }).locator('td').last().textContent()).resolves.toMatch(/^Nurse \(S user\)/);
    await page.getByRole('link', { name: 'Váltás magyar nyelvre' }).click();
    expect(pageErrors).toEqual([]);
  });
});
