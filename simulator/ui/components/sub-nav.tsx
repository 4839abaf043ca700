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
  /** The drop-down menu the entry belongs to (e.g. the portal's E-EGÉSZSÉGÜGY menu, seed 000). */
  group?: LabelKey;
}

/** An entry's link. */
function ItemLink(props: { ctx: PageContext; item: SubNavItem; current: string }): UiNode {
  return (
    <a href={uiUrl(props.ctx, props.item.path)} aria-current={props.item.path === props.current ? 'page' : undefined}>
      {props.ctx.t(props.item.label)}
    </a>
  );
}

/**
 * The area menu and session line. Entries of a `group` form one menu entry that opens a sub-menu
 * (a native disclosure: click, Enter or Space), as the portal's top menu „E-EGÉSZSÉGÜGY” opens the
 * one with „IAM + SSO Adminisztráció” (seed 000); it is open while one of its pages is shown.
 */
export function SubNav(props: { ctx: PageContext; label: string; items: readonly SubNavItem[]; current: string; sessionId: string }): UiNode {
  const { ctx } = props;
  const entries: Array<SubNavItem | { group: LabelKey; items: SubNavItem[] }> = [];
  for (const item of props.items) {
    const last = entries[entries.length - 1];
    if (item.group === undefined) entries.push(item);
    else if (last !== undefined && 'items' in last && last.group === item.group) last.items.push(item);
    else entries.push({ group: item.group, items: [item] });
  }
  return (
    <div class="subnav">
      <nav aria-label={props.label}>
        <ul>
          {entries.map((entry) =>
            'items' in entry ? (
              <li class="subnav-menu">
                <details open={entry.items.some((i) => i.path === props.current)}>
                  <summary>{ctx.t(entry.group)}</summary>
                  <ul>
                    {entry.items.map((item) => (
                      <li>
                        <ItemLink ctx={ctx} item={item} current={props.current} />
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ) : (
              <li>
                <ItemLink ctx={ctx} item={entry} current={props.current} />
              </li>
            ),
          )}
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
  { path: '/portal/vmatrix', label: 'portal.menuVmatrix', group: 'portal.menu' },
  { path: '/portal/waf', label: 'portal.menuWaf', group: 'portal.menu' },
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
