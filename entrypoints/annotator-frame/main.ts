import { stringsFor } from '@/components/i18n';
import uiCss from '@/components/ui.css?inline';
import { mountAnnotatorFrame } from '@/lib/annotator/frame-app';

// The annotation UI on web pages, in an extension-origin iframe the content script places and
// connects to (lib/annotator/frame-protocol.ts).
mountAnnotatorFrame(document, {
  strings: stringsFor(browser.i18n.getUILanguage()),
  css: uiCss,
  accept(name, onPort) {
    const listener = (port: Browser.runtime.Port) => {
      // Named after our nonce, and from a content script (a tab): the one that framed us.
      if (port.name !== name || !port.sender?.tab) return;
      browser.runtime.onConnect.removeListener(listener);
      onPort(port);
    };
    browser.runtime.onConnect.addListener(listener);
  },
  announce: (nonce) => window.parent.postMessage({ meipiFrame: nonce }, '*'),
});
