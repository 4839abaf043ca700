/**
 * A simulator on a real loopback port for the browser: default fixtures, seed-1 test PKI, the
 * clock frozen at 2026-03-02 08:00 UTC (so screenshots and token times are stable), and the one
 * browser-page set-up the focused browser test files share ({@link useBrowserPage}).
 */
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { listen } from '../../../simulator/server/listen.js';
import type { Simulator } from '../../../simulator/simulator.js';
import type { LazyServiceModule } from '../../../simulator/core/lazy-module.js';
import { SERVICE_MODULES } from '../../../simulator/services.js';
import { testSimulator } from '../../helpers/sim.js';
import { chromiumAvailability, launchChromium, type RunningChromium } from './chromium.js';
import { pageProblems } from './flows.js';

/** A listening simulator. */
export interface UiServer {
  sim: Simulator;
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Start one under the simulator's default policy, strict (the UI works under it: portal password +
 * mobilToken code, flows.ts); `policy: 'lenient'` only where a test is about leniency.
 */
export async function startUiServer(options: { policy?: 'strict' | 'lenient' } = {}): Promise<UiServer> {
  const sim = await testSimulator({ config: { policy: options.policy ?? 'strict' } });
  await buildLazyModules(sim);
  const listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
  return {
    sim,
    origin: listeners.httpOrigin ?? '',
    async close() {
      await listeners.close();
      sim.close();
    },
  };
}

/**
 * Build every lazily mounted module (core/lazy-module.ts) before the browser's first request, as
 * a started simulator that has been used once has them. Under vitest each one's first request
 * imports its TypeScript through vitest's on-the-fly transform: measured here at load average
 * 15 on 2 cores, the UI's first `GET /card-client/readers`, `/card-client/prompts` and
 * `/_sim/cards` took 1.65–1.97 s in the simulator (its journal's `durationMs`), which tripped the
 * journey's 2 s budget in 5 of 20 loaded runs; from `dist/` the same first request takes 0.22 s of
 * CPU (0.69 s wall at load 13). The browser tests measure the UI, not the test runner's transform.
 */
async function buildLazyModules(sim: Simulator): Promise<void> {
  for (const m of SERVICE_MODULES) if ('buildFor' in m) await (m as LazyServiceModule).buildFor(sim.deps);
}

/** What {@link useBrowserPage} gives a test file (filled in by its `beforeAll`). */
export interface BrowserPage {
  server: UiServer;
  browser: RunningChromium;
  page: Page;
  /** Uncaught errors of the page's scripts, in order. */
  readonly pageErrors: string[];
  /** Call first in a test: prints the page's problems (console, failed requests) if it fails. */
  onFailure(): void;
}

/**
 * One simulator, one Chromium and one page for a test file: started in `beforeAll`, closed in
 * `afterAll`. Use inside the file's `describe`.
 *
 * @example
 * ```ts
 * describe('UI pages in Chromium', () => {
 *   const ui = useBrowserPage();
 *   it('…', async () => { ui.onFailure(); await openPage(ui.page, ui.server.origin, '/portal'); });
 * });
 * ```
 */
export function useBrowserPage(options: { policy?: 'strict' | 'lenient' } = {}): BrowserPage {
  const chromium = chromiumAvailability();
  const pageErrors: string[] = [];
  const ui = {
    pageErrors,
    onFailure(): void {
      onTestFailed(async () => {
        console.error(await pageProblems(ui.page));
      });
    },
  } as BrowserPage;
  beforeAll(async () => {
    if (!chromium.available) throw new Error(chromium.message);
    ui.server = await startUiServer(options);
    ui.browser = await launchChromium();
    ui.page = await ui.browser.context.newPage();
    ui.page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.server?.close();
  });
  return ui;
}
