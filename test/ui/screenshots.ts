/**
 * `npm run screenshots`: regenerates a screenshot of each main screen of the trainer UI into
 * `docs/screens/` (used in the README tour and docs/ui.md). It drives Debian's Chromium
 * through the same journey as the browser test — activation, IAM+SSO, V-MÁTRIX, miniHIS with
 * the PIN pad, eRecept, inspector, scenario — against a simulator on a loopback port with the
 * clock frozen at 2026-03-02 08:00 UTC.
 *
 * Not a test (the file name has no `.test`): `npm run build && node dist/test/ui/screenshots.js`.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { packageRoot } from '../../simulator/package-root.js';
import { chromiumAvailability, launchChromium } from './browser/chromium.js';
import { sectorUserHeaders } from '../helpers/eid.js';
import { startUiServer } from './browser/ui-server.js';
import {
  addPinPadReader,
  answerHostPrompt,
  insertCard,
  openPage,
  pageProblems,
  pick,
  portalPasswordLogin,
  readerSection,
  removeCard,
  startMiniHisLogin,
  typeOnPinPad,
} from './browser/flows.js';

/** The screenshots, in tour order. */
export const SCREENSHOTS = [
  'ui-overview.png',
  'ui-portal-activation.png',
  'ui-iam-new.png',
  'ui-iam-roles.png',
  'ui-vmatrix.png',
  'ui-minihis-login.png',
  'ui-minihis-configuration.png',
  'ui-minihis-erecept.png',
  'ui-readers.png',
  'ui-inspector.png',
  'ui-scenario.png',
] as const;

type ScreenName = (typeof SCREENSHOTS)[number];

async function main(): Promise<void> {
  const chromium = chromiumAvailability();
  if (!chromium.available) throw new Error(chromium.message);
  const out = join(packageRoot(), 'docs', 'screens');
  mkdirSync(out, { recursive: true });
  const server = await startUiServer();
  const browser = await launchChromium({ viewport: { width: 1440, height: 960 } });
  const page = await browser.context.newPage();
  const origin = server.origin;
  const shot = async (name: ScreenName, options: { fullPage?: boolean } = {}): Promise<void> => {
    await page.mouse.move(0, 0);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(out, name), fullPage: options.fullPage ?? false });
    process.stdout.write(`docs/screens/${name}\n`);
  };
  try {
    await openPage(page, origin, '/');
    await shot('ui-overview.png');

    // Ágazati portál → Aktiválás with the new card in reader 0 (no PIN pad): the host pop-up.
    await openPage(page, origin, '/readers');
    await insertCard(page, 0, '345678CD');
    await activationUntilNewPin(page, origin);
    await shot('ui-portal-activation.png');
    await page.locator('dialog#host-prompt').getByRole('button', { name: 'OK' }).click();
    await answerHostPrompt(page, 'Új eAzonosítás PIN újra', '246810');
    await answerHostPrompt(page, 'eAzonosítás PIN', '246810');
    await page.locator('#activation-status', { hasText: 'Sikeres aktiválás' }).waitFor();

    // IAM + SSO Adminisztráció: the new record form with the unit drop-down open, then the roles.
    await portalPasswordLogin(page, origin, { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' });
    await openPage(page, origin, '/portal/iam/new');
    await page.locator('#iam-institution-state[data-picked="true"]').waitFor();
    await pick(page, 'iam-partner', '', '1 – ÁEEK EESZT');
    await pick(page, 'iam-system', '', '1 – miniHIS');
    await pick(page, 'iam-user', 'O612', /^O61234 – /);
    await page.locator('#iam-unit').fill('0162001');
    await page.locator('#iam-unit-list').getByRole('option').first().waitFor();
    await page.locator('#iam-unit').press('ArrowDown');
    await page.locator('#iam-unit').press('ArrowDown');
    await shot('ui-iam-new.png');
    await page.locator('#iam-unit').press('Enter');
    await page.getByRole('button', { name: 'LÉTREHOZÁS' }).click();
    await page.waitForURL(/\/records\//);
    await page.getByLabel('Elérhető szerepkörök').locator('option', { hasText: 'miniHIS Orvos' }).waitFor({ state: 'attached' });
    await page.getByLabel('Elérhető szerepkörök').selectOption('miniHIS Orvos');
    await page.getByRole('button', { name: 'Áthelyezés a birtokolt szerepkörök közé' }).click();
    await page.getByLabel('Birtokolt szerepkörök').locator('option', { hasText: 'miniHIS Orvos' }).waitFor({ state: 'attached' });
    await page.getByLabel('Elérhető szerepkörök').selectOption('miniHIS Szakdolgozó');
    await page.getByLabel('Elérhető szerepkörök').dispatchEvent('change');
    await shot('ui-iam-roles.png');
    await page.getByRole('button', { name: 'TÁROL ÉS VISSZA' }).click();
    await page.waitForURL(/\/ui\/portal\/iam$/);

    await openPage(page, origin, '/portal/vmatrix');
    await page.locator('#vmatrix-table tbody tr').first().waitFor();
    await page.getByLabel('Szervezeti egység').selectOption('016200102');
    await page.locator('#vmatrix-table tbody tr', { hasText: 'O50123' }).waitFor();
    await page.getByLabel('Felhasználó', { exact: true }).fill('O61234');
    await page.getByLabel('Szerepkör', { exact: true }).selectOption('ORVOS');
    await page.getByRole('button', { name: 'Szerepkör hozzáadása' }).click();
    await page.locator('#vmatrix-status', { hasText: 'O61234' }).waitFor();
    await shot('ui-vmatrix.png');

    // miniHIS with the card on a PIN-pad reader.
    const pad = await addPinPadReader(page);
    await removeCard(page, 0);
    await insertCard(page, pad, '345678CD');
    await startMiniHisLogin(page, origin, { institutionQuery: 'Szent', institution: /^01620K – Szent Margit Kórház/, unitQuery: 'Kardio', unit: /^016200102 – /, username: 'O61234', readerId: pad });
    const padLocator = page.locator(`.pinpad[data-reader="${pad}"]`);
    await padLocator.locator('.screen-label', { hasText: 'eAzonosítás PIN' }).waitFor();
    for (const d of '2468') await padLocator.locator(`button[data-key="${d}"]`).click();
    await shot('ui-minihis-login.png');
    await padLocator.locator('button[data-key="1"]').click();
    await padLocator.locator('button[data-key="0"]').click();
    await padLocator.locator('button[data-key="ok"]').click();
    await page.waitForURL(/\/minihis\/terms$/);
    await page.getByLabel('Elfogadom az ÁSZF-et').check();
    await page.getByRole('button', { name: 'Következő' }).click();
    await page.waitForURL(/\/minihis\/configuration$/);
    await page.locator('#cfg-careType option').nth(1).waitFor({ state: 'attached' });
    await page.getByLabel('Intézmény azonosító').fill('01620K');
    await page.getByLabel('Szolgáltató kódja').fill('016200102');
    await page.getByLabel('Telefonszám').fill('+36 1 234 5678');
    await page.getByLabel('E-mail cím').fill('kardiologia@szentmargit.hu');
    await page.getByLabel('Ellátás típusa').selectOption('jarobeteg-szakellatas');
    await page.getByLabel('Beutaló intézmény típusa').selectOption('nem-finanszirozott');
    await page.getByLabel('Vényírási kategória').selectOption('jarobeteg-szakrendeles');
    await page.getByRole('button', { name: 'Befejezés' }).click();
    await page.locator('#cfg-problem:not(:empty)').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('ui-minihis-configuration.png', { fullPage: true });
    await page.getByLabel('Nyomtatott Felírási Igazolás formátuma').selectOption('a4');
    await page.getByRole('button', { name: 'Befejezés' }).click();
    await page.waitForURL(/\/minihis\/user-data$/);

    // eRecept with the EESZT connection activated by card.
    await openPage(page, origin, '/minihis/erecept');
    await page.locator(`#eeszt-reader option[value="${pad}"]`).waitFor({ state: 'attached' });
    await page.locator('#eeszt-reader').selectOption(String(pad));
    await page.getByRole('button', { name: 'Kapcsolat aktiválása eSzemélyivel' }).click();
    await typeOnPinPad(page, pad, 'eAzonosítás PIN', '246810');
    await page.locator('#eeszt-state.active').waitFor();
    await page.getByRole('button', { name: 'Felírás' }).click();
    await page.locator('#rx-result dt').first().waitFor();
    await shot('ui-minihis-erecept.png', { fullPage: true });

    // The readers: a card in each, the PIN pad asking while a HIS waits for the cardholder.
    await openPage(page, origin, '/readers');
    await insertCard(page, 0, '123456AB');
    // The HIS's leg 1, as its configured sector user (the strict default, seed 003).
    const pkg = (await (await server.sim.app.request('/eid/request-package', { method: 'POST', headers: { 'content-type': 'application/json', ...(await sectorUserHeaders(server.sim)) }, body: '{}' })).json()) as { requestPackage: string };
    const waiting = server.sim.app.request('/card-client/authenticate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestPackage: pkg.requestPackage, reader: pad }) });
    await padLocator.locator('.screen-label', { hasText: 'eAzonosítás PIN' }).waitFor();
    for (const d of '246') await padLocator.locator(`button[data-key="${d}"]`).click();
    await readerSection(page, pad).scrollIntoViewIfNeeded();
    await shot('ui-readers.png');
    await padLocator.locator('button[data-key="cancel"]').click();
    await waiting;

    // The inspector: the card login's STS exchange with its token decoded.
    await openPage(page, origin, '/inspector');
    await page.locator('#inspector-live[data-state="live"]').waitFor();
    await page.locator('#inspector-service').selectOption('sts');
    const sts = page.locator('details[data-service="sts"]').first();
    await sts.locator('summary').click();
    await sts.locator('section.token:not(.eid-package)').waitFor(); // the SAML token (an eID package is decoded too)
    await shot('ui-inspector.png');

    // The scenario switcher after +7 hours.
    await openPage(page, origin, '/scenario');
    await page.locator('#personas-table tbody tr').first().waitFor();
    await page.getByRole('button', { name: '+7 óra' }).click();
    await page.locator('#clock-now', { hasText: '15:00:00' }).waitFor();
    await shot('ui-scenario.png');
  } catch (err) {
    process.stderr.write(`screenshots: failed ${await pageProblems(page)}\n`);
    const failure = join(tmpdir(), 'eeszt-sim-screenshots-failure.png');
    await page.screenshot({ path: failure, fullPage: true }).catch(() => undefined);
    process.stderr.write(`screenshots: the page at the failure: ${failure}\n`);
    throw err;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Activation page up to the "Új eAzonosítás PIN" pop-up, the new PIN typed (masked). */
async function activationUntilNewPin(page: Page, origin: string): Promise<void> {
  await openPage(page, origin, '/portal/activation');
  await page.waitForFunction(() => /^[A-Z0-9]{4,}$/.test(document.querySelector('#check-code-value')?.textContent ?? ''));
  await page.getByLabel('Felhasználónév', { exact: true }).fill('O61234');
  await page.getByLabel('Ellenőrző kód', { exact: true }).fill((await page.locator('#check-code-value').textContent()) ?? '');
  await page.getByRole('button', { name: 'Aktiválás', exact: true }).click();
  await answerHostPrompt(page, 'Aktiváló PIN', '11223');
  const dialog = page.locator('dialog#host-prompt');
  await dialog.locator('#host-prompt-label', { hasText: /^Új eAzonosítás PIN$/ }).waitFor();
  await dialog.getByLabel('Új eAzonosítás PIN', { exact: true }).fill('246810');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
