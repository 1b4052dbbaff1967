import { stringsFor } from '../components/i18n';
import uiCss from '../components/ui.css?inline';
import { getPageSession } from '../lib/annotator/page-session';
import { createAnnotatorUi } from '../lib/annotator/ui';

/**
 * The annotation UI for web pages (toolbar, note editor, card), injected by the background into the
 * frame whose bootstrap asked for it; it picks up that bootstrap's session from the shared isolated world.
 */
export default defineUnlistedScript(() => {
  const session = getPageSession();
  if (!session) return;
  const ui = createAnnotatorUi(session.annotator, { css: uiCss, strings: stringsFor(session.locale) });
  session.provideUi(ui);
});
