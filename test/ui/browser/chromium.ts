/**
 * Chromium for the UI's browser tests and screenshots: Debian's `chromium` package
 * (`/usr/bin/chromium`, installed by `.ci/run`) driven by playwright-core, headless, with a
 * fresh profile and without the background networking that floods a closed network with refused
 * connections. Nothing is ever downloaded.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.context.newPage();
 * await browser.close();
 * ```
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { runningInCi } from '../../helpers/ci.js';

/** Where Debian's Chromium lives (override with `EESZT_SIM_CHROMIUM`). */
export const CHROMIUM_PATH = process.env.EESZT_SIM_CHROMIUM ?? '/usr/bin/chromium';

/** Command-line flags: headless, no sandbox (root in CI), and no calls home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests can run here, and what to say when they cannot. */
export interface ChromiumAvailability {
  available: boolean;
  /** In CI a missing Chromium is an error (CI installs it); elsewhere the tests are skipped. */
  mustFail: boolean;
  message: string;
}

/** Check for Chromium. */
export function chromiumAvailability(): ChromiumAvailability {
  if (existsSync(CHROMIUM_PATH)) return { available: true, mustFail: false, message: '' };
  const message = `Chromium is missing at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y --no-install-recommends chromium; .ci/run does this) or set EESZT_SIM_CHROMIUM`;
  return { available: false, mustFail: runningInCi(), message };
}

/** A running browser with its own profile. */
export interface RunningChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /**
   * Keep Chromium's back/forward cache on, as in a desktop browser (Playwright switches it off
   * with `--disable-back-forward-cache`; this drops that flag). Pages left with a link then stay
   * alive in the cache and come back on Back/Forward with `pageshow.persisted`.
   */
  backForwardCache?: boolean;
}

/** Launch Chromium once (per test file) with a fresh `--user-data-dir`. */
export async function launchChromium(options: LaunchOptions = {}): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'eeszt-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    ...(options.backForwardCache === true ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: 'hu-HU',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
