/**
 * The second menu row of an area (Ágazati portál, miniHIS) and its session line, which the
 * area's browser script fills (who is logged in, token validity, log-out).
 */
import type { LabelKey } from '../i18n/dictionary.js';
import { uiUrl, type PageContext, type UiNode } from '../pages/page-context.js';

/** One entry of an area menu. */
export interface SubNavItem {
  path: string;
  label: LabelKey;
  /** A group heading shown before the entry (e.g. the portal's E-EGÉSZSÉGÜGY menu). */
  group?: LabelKey;
}

/** The area menu and session line. */
export function SubNav(props: { ctx: PageContext; label: string; items: readonly SubNavItem[]; current: string; sessionId: string }): UiNode {
  const { ctx } = props;
  return (
    <div class="subnav">
      <nav aria-label={props.label}>
        <ul>
          {props.items.map((item) => (
            <li>
              {item.group === undefined ? null : <span class="subnav-group">{ctx.t(item.group)}:</span>}
              <a href={uiUrl(ctx, item.path)} aria-current={item.path === props.current ? 'page' : undefined}>
                {ctx.t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div id={props.sessionId} class="session-line" aria-live="polite"></div>
    </div>
  );
}

/** The Ágazati portál's menu. */
export const PORTAL_MENU: readonly SubNavItem[] = [
  { path: '/portal', label: 'portal.login' },
  { path: '/portal/activation', label: 'portal.activate' },
  { path: '/portal/iam', label: 'portal.menuIam', group: 'portal.menu' },
  { path: '/portal/vmatrix', label: 'portal.menuVmatrix' },
  { path: '/portal/waf', label: 'portal.menuWaf' },
];

/** miniHIS's menu. */
export const MINIHIS_MENU: readonly SubNavItem[] = [
  { path: '/minihis', label: 'minihis.login' },
  { path: '/minihis/home', label: 'minihis.home' },
  { path: '/minihis/configuration', label: 'minihis.config' },
  { path: '/minihis/user-data', label: 'minihis.userData' },
  { path: '/minihis/ojote', label: 'minihis.ojote' },
  { path: '/minihis/erecept', label: 'minihis.erecept' },
];
