/**
 * What every server-rendered page needs: the language and its translator, where the
 * environment lives (`basePath`: '' or `/run/<id>`), the request path (for the language toggle
 * and the active menu entry), and the simulator clock at render time.
 */
import type { html } from 'hono/html';
import type { Lang, Translator } from '../i18n/dictionary.js';

/** The clock as rendered into the header (the browser keeps it ticking). */
export interface ClockView {
  epochMs: number;
  frozen: boolean;
}

/** Rendering context of one page. */
export interface PageContext {
  lang: Lang;
  t: Translator;
  /** Environment prefix: '' or `/run/<id>`. */
  basePath: string;
  /** Path of the request, without the query. */
  path: string;
  clock: ClockView;
  /** Presentation mode (projector): larger type, one reader, step captions (`?presentation=1`, remembered). */
  presentation: boolean;
}

/** URL of a UI page or asset within the environment, e.g. `ui('/portal')` → `/run/x/ui/portal`. */
export function uiUrl(ctx: Pick<PageContext, 'basePath'>, path: string): string {
  return `${ctx.basePath}/ui${path === '/' ? '' : path}`;
}

/** Format a simulator time for people: `2026-03-02 08:00:00 UTC`. */
export function formatSimTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** What a component or page renders to (hono/jsx's element type). */
export type UiNode = ReturnType<typeof html>;
