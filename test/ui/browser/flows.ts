/**
 * What a trainer does in the UI, as reusable steps for the browser tests and the screenshot
 * script. Steps find controls by their labels and roles (as a screen reader would) and wait for
 * the back end's answers shown on the page. Labels are the Hungarian ones (the default language).
 */
import type { Page } from 'playwright-core';

/** Open a UI page and wait until its script ran (the reader panel filled in). */
export async function openPage(page: Page, origin: string, path: string): Promise<void> {
  await page.goto(`${origin}/ui${path === '/' ? '' : path}`);
  await page.waitForFunction(() => document.querySelector('#reader-list')?.textContent !== 'Betöltés…' || document.querySelector('#reader-list') === null);
}

/** The reader panel's section of one reader. */
export function readerSection(page: Page, readerId: number): ReturnType<Page['locator']> {
  return page.locator(`section.reader[data-reader-id="${readerId}"]`);
}

/** Put a card into a reader from the panel. */
export async function insertCard(page: Page, readerId: number, documentId: string): Promise<void> {
  const section = readerSection(page, readerId);
  await section.locator(`#reader-${readerId}-card`).selectOption(documentId);
  await section.getByRole('button', { name: 'Behelyezés' }).click();
  await section.locator('code', { hasText: documentId }).waitFor();
}

/** Take the card out of a reader. */
export async function removeCard(page: Page, readerId: number): Promise<void> {
  const section = readerSection(page, readerId);
  await section.getByRole('button', { name: 'Kivétel' }).click();
  await section.locator('.no-card').waitFor();
}

/** Attach a PIN-pad reader; answers its id. */
export async function addPinPadReader(page: Page): Promise<number> {
  const before = await page.locator('section.reader').count();
  await page.locator('#reader-add-pinpad').click();
  await page.locator('section.reader').nth(before).waitFor();
  return Number(await page.locator('section.reader').nth(before).getAttribute('data-reader-id'));
}

/** Answer the card client's host pop-up (reader without PIN pad). */
export async function answerHostPrompt(page: Page, label: string, digits: string): Promise<void> {
  const dialog = page.locator('dialog#host-prompt');
  await dialog.locator('#host-prompt-label', { hasText: new RegExp(`^${label}$`) }).waitFor();
  await dialog.getByLabel(label, { exact: true }).fill(digits);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await page.waitForFunction((l) => {
    const d = document.querySelector('dialog#host-prompt') as HTMLDialogElement | null;
    return d !== null && (!d.open || document.querySelector('#host-prompt-label')?.textContent !== l);
  }, label);
}

/** Type a secret on a PIN-pad reader with the keyboard, as the display asks for it, and press OK (Enter). */
export async function typeOnPinPad(page: Page, readerId: number, label: string, digits: string, options: { withKeypad?: boolean } = {}): Promise<void> {
  const pad = page.locator(`.pinpad[data-reader="${readerId}"]`);
  await pad.locator('.screen-label', { hasText: new RegExp(`^${label}$`) }).waitFor();
  if (options.withKeypad === true) {
    for (const d of digits) await pad.locator(`button[data-key="${d}"]`).click();
    await pad.locator('button[data-key="ok"]').click();
  } else {
    await pad.locator('.pinpad-screen').focus();
    await page.keyboard.type(digits);
    await page.keyboard.press('Enter');
  }
  await pad.locator('.screen-label', { hasText: new RegExp(`^${label}$`) }).waitFor({ state: 'detached' }).catch(() => undefined);
}

/** Pick a value from a pick-only drop-down: type, then choose the option. */
export async function pick(page: Page, comboId: string, query: string, option: string | RegExp): Promise<void> {
  const input = page.locator(`#${comboId}`);
  if (query === '') await input.click();
  else await input.fill(query);
  await page.locator(`#${comboId}-list`).getByRole('option', { name: option }).click();
  await page.locator(`#${comboId}-state[data-picked="true"]`).waitFor();
}

/** Ágazati portál → Aktiválás with a new card in a reader without PIN pad (activation PIN change on the way). */
export async function activateCard(page: Page, origin: string, input: { username: string; activationPin: string; newPin: string }): Promise<void> {
  await openPage(page, origin, '/portal/activation');
  const code = page.locator('#check-code-value');
  await page.waitForFunction(() => /^[A-Z0-9]{4,}$/.test(document.querySelector('#check-code-value')?.textContent ?? ''));
  await page.getByLabel('Felhasználónév', { exact: true }).fill(input.username);
  await page.getByLabel('Ellenőrző kód', { exact: true }).fill((await code.textContent()) ?? '');
  await page.getByRole('button', { name: 'Aktiválás', exact: true }).click();
  await answerHostPrompt(page, 'Aktiváló PIN', input.activationPin);
  await answerHostPrompt(page, 'Új eAzonosítás PIN', input.newPin);
  await answerHostPrompt(page, 'Új eAzonosítás PIN újra', input.newPin);
  await answerHostPrompt(page, 'eAzonosítás PIN', input.newPin);
  await page.locator('#activation-status', { hasText: 'Sikeres aktiválás' }).waitFor();
}

/** Ágazati portál → Bejelentkezés with username, password and (unless `mobilToken: false`) the mobilToken code; lands on the IAM+SSO list. */
export async function portalPasswordLogin(page: Page, origin: string, input: { username: string; password: string; institutionId: string; unitCode: string; mobilToken?: boolean }): Promise<void> {
  await openPage(page, origin, '/portal');
  await page.getByLabel('Felhasználónév', { exact: true }).fill(input.username);
  // Intézmény and Szervezeti egység are picked from the drop-downs (seed 000).
  await pick(page, 'login-institution', input.institutionId, new RegExp(`^${input.institutionId} – `));
  await pick(page, 'login-unit', input.unitCode, new RegExp(`^${input.unitCode} – `));
  await page.getByLabel('Felhasználónév és jelszó').check();
  await page.getByLabel('Jelszó', { exact: true }).fill(input.password);
  if (input.mobilToken !== false) {
    // The second factor (strict policy): the code the user's mobilToken app shows now, from the helper.
    await page.locator('#login-mobiltoken-helper').click();
    await page.waitForFunction(() => /^\d{6}$/.test((document.querySelector('#login-mobiltoken') as HTMLInputElement | null)?.value ?? ''));
  }
  await page.locator('#login-submit').click();
  await page.waitForURL(/\/ui\/portal\/iam$/);
  await page.locator('#iam-table tbody tr').first().waitFor();
}

/** IAM + SSO Adminisztráció: a new record with one role, saved with "TÁROL ÉS VISSZA". */
export async function createIamRecord(page: Page, origin: string, input: { userQuery: string; user: RegExp; unitQuery: string; unit: RegExp; role: string }): Promise<void> {
  await openPage(page, origin, '/portal/iam');
  await page.getByRole('link', { name: 'Új felhasználó jogosultság létrehozás' }).click();
  await page.waitForURL(/\/iam\/new$/);
  await page.locator('#iam-institution-state[data-picked="true"]').waitFor();
  await pick(page, 'iam-partner', '', '1 – ÁEEK EESZT');
  await pick(page, 'iam-system', '', '1 – miniHIS');
  await pick(page, 'iam-user', input.userQuery, input.user);
  await pick(page, 'iam-unit', input.unitQuery, input.unit);
  await page.getByRole('button', { name: 'LÉTREHOZÁS' }).click();
  await page.waitForURL(/\/records\//);
  await page.getByLabel('Elérhető szerepkörök').locator('option', { hasText: input.role }).waitFor({ state: 'attached' });
  await page.getByLabel('Elérhető szerepkörök').selectOption(input.role);
  await page.getByRole('button', { name: 'Áthelyezés a birtokolt szerepkörök közé' }).click();
  await page.getByLabel('Birtokolt szerepkörök').locator('option', { hasText: input.role }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'TÁROL ÉS VISSZA' }).click();
  await page.waitForURL(/\/ui\/portal\/iam$/);
  await page.locator('#iam-list-status', { hasText: 'Mentve' }).waitFor();
}

/** miniHIS → Bejelentkezés: picks institution and unit; the caller then answers the card's prompts. */
export async function startMiniHisLogin(page: Page, origin: string, input: { institutionQuery: string; institution: RegExp; unitQuery: string; unit: RegExp; username: string; readerId?: number }): Promise<void> {
  await openPage(page, origin, '/minihis');
  await pick(page, 'mh-institution', input.institutionQuery, input.institution);
  await pick(page, 'mh-unit', input.unitQuery, input.unit);
  await page.getByLabel('Felhasználónév', { exact: true }).fill(input.username);
  if (input.readerId !== undefined) {
    await page.locator(`#mh-reader option[value="${input.readerId}"]`).waitFor({ state: 'attached' });
    await page.locator('#mh-reader').selectOption(String(input.readerId));
  }
  await page.getByRole('button', { name: 'Belépés' }).click();
}

/** Every refusal shown on the page (for failure messages) plus where the page is. */
export async function pageProblems(page: Page): Promise<string> {
  const problems = await page.locator('.problem:not(:empty), #reader-panel-status').allTextContents().catch(() => []);
  return `at ${page.url()}: ${problems.filter((p) => p.trim() !== '').join(' | ') || '(no problem shown)'}`;
}
