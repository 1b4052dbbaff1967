import { browser } from 'wxt/browser';

/** The websites Meipi runs on: the manifest's host permissions, which the reader can take away. */
const WEBSITES = ['http://*/*', 'https://*/*'];

/**
 * Whether Meipi may run on websites. Firefox lets the reader withdraw an add-on's access to them
 * in about:addons, Chrome's site access can be "on click" or a list of sites; without it no content
 * script runs and the browser hides the tabs' URLs from the popup.
 */
export function hasWebsiteAccess(): Promise<boolean> {
  return browser.permissions.contains({ origins: WEBSITES });
}

/**
 * The browser's own prompt for access to websites (permissions.request must come straight from the
 * reader's click: nothing awaited before it), then the tab reloaded so the highlights come back.
 */
export async function grantSiteAccess(tabId: number | undefined): Promise<boolean> {
  const given = await browser.permissions.request({ origins: WEBSITES });
  if (given && tabId !== undefined) await browser.tabs.reload(tabId);
  return given;
}
