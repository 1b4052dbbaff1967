import { stringsFor } from '@/components/i18n';
import uiCss from '@/components/ui.css?inline';
import { mountAnnotatorFrame } from '@/lib/annotator/frame-app';
import { FRAME_PORT_NAME } from '@/lib/annotator/frame-protocol';

// The annotation UI on web pages, in an extension-origin iframe the content script places
// (lib/annotator/frame-protocol.ts). Its content script runs in the tab's top frame (frame 0).
void browser.tabs.getCurrent().then((tab) => {
  const tabId = tab?.id;
  if (tabId === undefined) return;
  mountAnnotatorFrame(document, {
    strings: stringsFor(browser.i18n.getUILanguage()),
    css: uiCss,
    connect: () => browser.tabs.connect(tabId, { name: FRAME_PORT_NAME, frameId: 0 }),
    announce: (nonce) => window.parent.postMessage({ meipiFrame: nonce }, '*'),
  });
});
