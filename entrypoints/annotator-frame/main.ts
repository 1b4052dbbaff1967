import { stringsFor } from '@/components/i18n';
import uiCss from '@/components/ui.css?inline';
import { FRAME_PORT_NAME } from '@/lib/annotator/panel-protocol';
import { mountPanels } from '@/lib/annotator/panels';
import { lastColor } from '@/lib/browser/last-color';

// The annotator's panels on web pages, in an extension-origin iframe the page's bootstrap places.
// Handshake (lib/annotator/panel-protocol.ts): listen under a fresh nonce, announce it to the
// parent, take the first port from a content script (a tab) that connects under that name.
const nonce = crypto.randomUUID();
const name = `${FRAME_PORT_NAME}:${nonce}`;
const accept = (port: Browser.runtime.Port) => {
  if (port.name !== name || !port.sender?.tab) return;
  browser.runtime.onConnect.removeListener(accept);
  const host = document.createElement('div');
  document.body.append(host);
  mountPanels(host, {
    strings: stringsFor(browser.i18n.getUILanguage()),
    css: uiCss,
    port,
    alive: () => !!browser.runtime?.id,
    lastColor,
  });
};
browser.runtime.onConnect.addListener(accept);
window.parent.postMessage({ meipiFrame: nonce }, '*');
