import { browser } from 'wxt/browser';
import { toTab } from './env';
import { lastColor } from './last-color';
import { openPdfInNewTab } from './pdf-tabs';

const MENU_HIGHLIGHT = 'meipi-highlight';
const MENU_HIGHLIGHT_NOTE = 'meipi-highlight-note';
const MENU_OPEN_PDF = 'meipi-open-pdf';
/** Links the "open in Meipi" entry is offered on: ones whose path ends in .pdf. */
const PDF_LINKS = ['*://*/*.pdf', '*://*/*.pdf?*', '*://*/*.PDF', '*://*/*.PDF?*', 'file:///*.pdf'];
/** The keyboard command declared in the manifest. */
const COMMAND_HIGHLIGHT = 'highlight-selection';

/** Asks the frame holding the selection to highlight it in the last colour used. */
async function highlightSelectionIn(tabId: number, frameId: number | undefined, withNote: boolean) {
  const color = await lastColor();
  await toTab(tabId, frameId)('page/highlight-selection', { color, withNote }).catch((error: unknown) =>
    console.warn('Meipi: this page has no highlighter (restricted page?)', error),
  );
}

/**
 * The context menu on a selection ("highlight", "highlight with a note"), on a link to a PDF
 * ("open in Meipi"), and the keyboard command.
 */
export function installHighlightMenus(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.removeAll().then(() => {
      browser.contextMenus.create({
        id: MENU_HIGHLIGHT,
        title: browser.i18n.getMessage('menuHighlight'),
        contexts: ['selection'],
      });
      browser.contextMenus.create({
        id: MENU_HIGHLIGHT_NOTE,
        title: browser.i18n.getMessage('menuHighlightWithNote'),
        contexts: ['selection'],
      });
      browser.contextMenus.create({
        id: MENU_OPEN_PDF,
        title: browser.i18n.getMessage('menuOpenPdf'),
        contexts: ['link'],
        targetUrlPatterns: PDF_LINKS,
      });
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_OPEN_PDF) {
      if (info.linkUrl) void openPdfInNewTab(info.linkUrl, tab);
      return;
    }
    if (tab?.id === undefined) return;
    void highlightSelectionIn(tab.id, info.frameId, info.menuItemId === MENU_HIGHLIGHT_NOTE);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== COMMAND_HIGHLIGHT || tab?.id === undefined) return;
    void highlightSelectionIn(tab.id, undefined, false);
  });
}
