/**
 * Which language a page is shown in: `?lang=hu|en` chooses and is remembered in a cookie;
 * otherwise the cookie; otherwise Hungarian (the real screens' language).
 *
 * @example
 * ```ts
 * const { lang, setCookie } = resolveLanguage(c.req.query('lang'), c.req.header('cookie'));
 * ```
 */
import { LANGS, type Lang } from './dictionary.js';

/** Name of the cookie that remembers the language. */
export const LANG_COOKIE = 'eeszt-sim-ui-lang';

/** The resolved language and, when the query chose one, the cookie to set. */
export interface ResolvedLanguage {
  lang: Lang;
  /** A `Set-Cookie` value, or undefined when nothing changes. */
  setCookie: string | undefined;
}

function isLang(value: string | undefined): value is Lang {
  return value !== undefined && (LANGS as readonly string[]).includes(value);
}

/** Read the language cookie from a `Cookie` header. */
export function langFromCookie(cookieHeader: string | undefined): Lang | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === LANG_COOKIE && isLang(value)) return value;
  }
  return undefined;
}

/** Resolve the language of a request from its `lang` query parameter and `Cookie` header. */
export function resolveLanguage(query: string | undefined, cookieHeader: string | undefined): ResolvedLanguage {
  if (isLang(query)) return { lang: query, setCookie: `${LANG_COOKIE}=${query}; Path=/; SameSite=Lax; Max-Age=31536000` };
  return { lang: langFromCookie(cookieHeader) ?? 'hu', setCookie: undefined };
}

/** The other language, for the toggle link. */
export function otherLang(lang: Lang): Lang {
  return lang === 'hu' ? 'en' : 'hu';
}
