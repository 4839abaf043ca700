/**
 * `/ui`: the overview — one tile per area and the demo journey of a new card.
 */
import { Layout } from '../components/layout.js';
import type { LabelKey } from '../i18n/dictionary.js';
import { uiUrl, type PageContext, type UiNode } from './page-context.js';

const TILES: ReadonlyArray<{ path: string; title: LabelKey; text: LabelKey }> = [
  { path: '/readers', title: 'nav.readers', text: 'home.readers' },
  { path: '/portal', title: 'nav.portal', text: 'home.portal' },
  { path: '/minihis', title: 'nav.minihis', text: 'home.minihis' },
  { path: '/inspector', title: 'nav.inspector', text: 'home.inspector' },
  { path: '/scenario', title: 'nav.scenario', text: 'home.scenario' },
];

const TOUR: readonly LabelKey[] = ['home.tour1', 'home.tour2', 'home.tour3', 'home.tour4', 'home.tour5'];

/** The overview page. */
export function HomePage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')} script="home" section="home">
      <p class="lead">{t('home.intro')}</p>
      <ul class="tiles">
        {TILES.map((tile) => (
          <li class="tile">
            <a href={uiUrl(ctx, tile.path)}>
              <span class="tile-title">{t(tile.title)}</span>
              <span class="tile-text">{t(tile.text)}</span>
            </a>
          </li>
        ))}
      </ul>
      <section class="card" aria-labelledby="tour-title">
        <h2 id="tour-title">{t('home.tour')}</h2>
        <ol class="tour">
          {TOUR.map((k) => (
            <li>{t(k)}</li>
          ))}
        </ol>
        <p class="muted">{t('home.docs')}</p>
      </section>
    </Layout>
  );
}
