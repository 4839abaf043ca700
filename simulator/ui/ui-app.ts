/**
 * The trainer and developer UI at `/ui`: server-rendered pages (hono/jsx) plus a small
 * vanilla-JS bundle, both served by the simulator itself (no CDN, no build server). The browser
 * scripts call the simulator's own JSON and SOAP endpoints (same origin), so the UI exercises the
 * real back ends and adds no business logic. Its own JSON routes only read: the journal stream,
 * a decoded token of a journal entry, and the persona sets on offer.
 *
 * | route | what |
 * |---|---|
 * | `GET /ui`, `/ui/readers`, `/ui/portal…`, `/ui/minihis…`, `/ui/inspector`, `/ui/scenario` | pages (docs/ui.md lists them) |
 * | `GET /ui/assets/…` | the stylesheet and browser modules |
 * | `GET /ui/api/events` | the UI event stream: the card client's prompts, and the journal's entries for a caller the control access rules admit (one per browser, from the UI's shared worker) |
 * | `GET /ui/api/journal/stream` | the journal as server-sent events (control access rules) |
 * | `GET /ui/api/journal/{seq}/token` | the SAML token of a journal entry, decoded and validated (control access rules) |
 * | `GET /ui/api/journal/{seq}/eid-packages` | the eID request, rID and readout packages of a journal entry, decoded and verified (control access rules) |
 * | `GET /ui/api/fixture-sets/{default\|generated}?seed=N` | a persona set for `POST /_sim/fixtures` (control access rules) |
 *
 * @example
 * ```ts
 * app.route('/ui', createUiApp(deps));
 * const res = await app.request('/ui/portal?lang=en');
 * ```
 */
import { Hono, type Context } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import type { JournalEntry } from '../core/journal.js';
import { NotFound } from '../core/errors.js';
import { controlAccess } from '../control/access.js';
import { translator } from './i18n/dictionary.js';
import { resolveLanguage } from './i18n/language.js';
import { packageAssets, type AssetBundle } from './server/assets.js';
import { assertionViewOfEntry } from './server/assertion-view.js';
import { eidPackageViewsOfEntry } from './server/eid-package-view.js';
import { fixtureSetNamed } from './server/fixture-sets.js';
import { journalStream } from './server/journal-stream.js';
import { resolvePresentation } from './server/presentation.js';
import { createUiEventStreams, type UiEventStreams } from './server/ui-events.js';
import { mountedCardClient } from '../eid/modules.js';
import type { PageContext, UiNode } from './pages/page-context.js';
import { HomePage } from './pages/home-page.js';
import { ReadersPage } from './pages/readers-page.js';
import { ActivationPage, PortalLoginPage, WafPage } from './pages/portal-pages.js';
import { IamListPage, IamNewPage, IamRolesPage, VmatrixPage } from './pages/iam-pages.js';
import {
  MiniHisConfigurationPage,
  MiniHisEreceptPage,
  MiniHisHomePage,
  MiniHisLoginPage,
  MiniHisOjotePage,
  MiniHisTermsPage,
  MiniHisUserDataPage,
} from './pages/minihis-pages.js';
import { InspectorPage } from './pages/inspector-page.js';
import { ScenarioPage } from './pages/scenario-page.js';

type C = Context<SimHonoEnv>;

/** Content-Security-Policy of every page: nothing but the simulator itself. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Options of {@link createUiApp}. */
export interface UiAppOptions {
  /** The static bundle (default: the package's `simulator/ui/assets`). */
  assets?: AssetBundle;
}

/** Journal service names for the inspector's filter, besides those of the modules. */
const FIXED_SERVICES = ['control', 'discovery'];

async function serviceNames(): Promise<string[]> {
  // Imported when first needed: services.ts lists this module too.
  const { SERVICE_MODULES } = await import('../services.js');
  return [...new Set([...SERVICE_MODULES.map((m) => m.id).filter((id) => !id.startsWith('control-')), ...FIXED_SERVICES])].sort();
}

/** The UI event streams of each environment (by its deps), for tests and diagnostics. */
const eventStreams = new WeakMap<SimDeps, UiEventStreams>();

/** The UI event streams of this environment's UI app, if it is mounted (how many are open). */
export function uiEventStreams(deps: SimDeps): UiEventStreams | undefined {
  return eventStreams.get(deps);
}

/** Build the UI sub-app (mounted at `/ui`). */
export function createUiApp(deps: SimDeps, options: UiAppOptions = {}): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  const assets = (): AssetBundle => options.assets ?? packageAssets();

  const contextOf = (c: C): PageContext => {
    const { lang, setCookie } = resolveLanguage(c.req.query('lang'), c.req.header('cookie'));
    if (setCookie !== undefined) c.header('set-cookie', setCookie, { append: true });
    const presentation = resolvePresentation(c.req.query('presentation'), c.req.header('cookie'));
    if (presentation.setCookie !== undefined) c.header('set-cookie', presentation.setCookie, { append: true });
    const state = deps.clock.state();
    return {
      lang,
      t: translator(lang),
      basePath: deps.basePath,
      path: `${deps.basePath}/ui${c.req.path.replace(/^.*?\/ui(?=\/|$)/, '')}`.replace(/\/$/, ''),
      clock: { epochMs: state.epochMs, frozen: state.frozen },
      presentation: presentation.on,
    };
  };

  const page = async (c: C, render: (ctx: PageContext) => UiNode | Promise<UiNode>): Promise<Response> => {
    const ctx = contextOf(c);
    const element = await render(ctx);
    c.header('content-security-policy', PAGE_CSP);
    c.header('cache-control', 'no-store');
    c.header('content-language', ctx.lang);
    c.header('x-content-type-options', 'nosniff');
    c.set('summary', { operation: 'ui-page', page: ctx.path });
    return c.html(`<!DOCTYPE html>${(await element).toString()}`);
  };

  app.get('/', (c) => page(c, HomePage));
  app.get('/readers', (c) => page(c, ReadersPage));
  app.get('/portal', (c) => page(c, PortalLoginPage));
  app.get('/portal/activation', (c) => page(c, ActivationPage));
  app.get('/portal/iam', (c) => page(c, IamListPage));
  app.get('/portal/iam/new', (c) => page(c, IamNewPage));
  app.get('/portal/iam/records/:id', (c) => page(c, IamRolesPage));
  app.get('/portal/vmatrix', (c) => page(c, VmatrixPage));
  app.get('/portal/waf', (c) => page(c, WafPage));
  app.get('/minihis', (c) => page(c, MiniHisLoginPage));
  app.get('/minihis/terms', (c) => page(c, MiniHisTermsPage));
  app.get('/minihis/configuration', (c) => page(c, MiniHisConfigurationPage));
  app.get('/minihis/user-data', (c) => page(c, MiniHisUserDataPage));
  app.get('/minihis/ojote', (c) => page(c, MiniHisOjotePage));
  app.get('/minihis/home', (c) => page(c, MiniHisHomePage));
  app.get('/minihis/erecept', (c) => page(c, MiniHisEreceptPage));
  app.get('/inspector', async (c) => {
    const services = await serviceNames();
    return page(c, (ctx) => InspectorPage(ctx, services));
  });
  app.get('/scenario', (c) => page(c, ScenarioPage));

  app.get('/assets/*', (c) => {
    const rel = c.req.path.replace(/^.*?\/ui\/assets\//, '');
    const asset = assets().get(rel);
    if (asset === undefined) throw new NotFound(`the UI has no asset \`${rel}\``, {}, 'UI_ASSET_NOT_FOUND');
    c.header('etag', asset.etag);
    c.header('cache-control', 'no-cache');
    c.header('x-content-type-options', 'nosniff');
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    c.header('content-type', asset.type);
    return c.body(asset.body);
  });

  const guard = controlAccess(deps.config.controlToken);
  app.use('/api/journal/*', guard);
  app.use('/api/fixture-sets/*', guard); // a set holds every card's secrets

  app.get('/api/journal/stream', (c) => journalStream(c, deps.journal, deps.log));

  const events = createUiEventStreams({
    journal: deps.journal,
    cardClient: () => mountedCardClient(deps),
    log: deps.log,
    journalAllowed: async (c) => {
      try {
        await guard(c, async () => undefined);
        return true;
      } catch {
        return false;
      }
    },
  });
  eventStreams.set(deps, events);
  app.get('/api/events', (c) => events.open(c));

  const journalEntry = (raw: string): JournalEntry => {
    const seq = /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    const entry = Number.isNaN(seq) ? undefined : deps.journal.get(seq);
    if (entry === undefined) throw new NotFound(`the journal holds no entry #${raw.slice(0, 32)} (it may have been cleared or rolled over)`, {}, 'JOURNAL_ENTRY_NOT_FOUND');
    return entry;
  };

  app.get('/api/journal/:seq/token', (c) => {
    const raw = c.req.param('seq');
    const entry = journalEntry(raw);
    const view = assertionViewOfEntry(deps, entry);
    if (view === undefined) throw new NotFound(`journal entry #${raw} carries no SAML token`, {}, 'TOKEN_NOT_IN_ENTRY');
    return c.json(view);
  });

  app.get('/api/journal/:seq/eid-packages', (c) => c.json({ packages: eidPackageViewsOfEntry(deps, journalEntry(c.req.param('seq'))) }));

  app.get('/api/fixture-sets/:name', async (c) => c.json(await fixtureSetNamed(c.req.param('name'), c.req.query('seed'))));

  return app;
}
