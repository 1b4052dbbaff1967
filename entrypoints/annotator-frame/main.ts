import { stringsFor } from '@/components/i18n';
import uiCss from '@/components/ui.css?inline';
import { acceptHost } from '@/lib/annotator/frame-handshake';
import { mountPanels } from '@/lib/annotator/panels';
import { takeFrameKey } from '@/lib/browser/frame-keys';
import { lastColor } from '@/lib/browser/last-color';

// The annotator's panels on web pages, in an extension-origin iframe the page's bootstrap places,
// talking to it over the private channel of lib/annotator/frame-handshake.ts.
void acceptHost(window, takeFrameKey).then((port) => {
  const host = document.createElement('div');
  document.body.append(host);
  mountPanels(host, {
    strings: stringsFor(browser.i18n.getUILanguage()),
    css: uiCss,
    port,
    alive: () => !!browser.runtime?.id,
    lastColor,
  });
});
