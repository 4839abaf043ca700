/**
 * `/ui/readers`: the virtual card reader panel as the page's main content.
 */
import { Layout } from '../components/layout.js';
import { ReaderPanel } from '../components/reader-panel.js';
import type { PageContext, UiNode } from './page-context.js';

/** The readers page. */
export function ReadersPage(ctx: PageContext): UiNode {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.readers')} script="readers" section="readers" readerPanel={false}>
      <p class="lead">{t('reader.intro')}</p>
      <ReaderPanel ctx={ctx} docked={false} />
    </Layout>
  );
}
