/**
 * The presentation mode of the trainer UI (for a projector in a room): larger type, one reader
 * in the panel, and a caption under the page describing the current step of the flow. Chosen
 * with `?presentation=1` (or the toggle in the top bar, which links there) and remembered in a
 * cookie; `?presentation=0` turns it off. Rendered on the server (a class on `<body>`), so a
 * page never flashes in the other mode.
 *
 * @example
 * ```ts
 * const { on, setCookie } = resolvePresentation(c.req.query('presentation'), c.req.header('cookie'));
 * ```
 */

/** Name of the cookie that remembers the mode. */
export const PRESENTATION_COOKIE = 'eeszt-sim-ui-presentation';

/** The resolved mode and, when the query chose one, the cookie to set. */
export interface ResolvedPresentation {
  on: boolean;
  /** A `Set-Cookie` value, or undefined when nothing changes. */
  setCookie: string | undefined;
}

/** Resolve the mode from the `presentation` query parameter and the `Cookie` header. */
export function resolvePresentation(query: string | undefined, cookieHeader: string | undefined): ResolvedPresentation {
  if (query === '1' || query === '0') return { on: query === '1', setCookie: `${PRESENTATION_COOKIE}=${query}; Path=/; SameSite=Lax; Max-Age=31536000` };
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === PRESENTATION_COOKIE) return { on: value === '1', setCookie: undefined };
  }
  return { on: false, setCookie: undefined };
}
