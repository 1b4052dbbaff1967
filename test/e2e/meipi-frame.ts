import type { FrameLocator, Page } from 'playwright-core';

/** The extension frame the page's UI lives in on web pages (API.md: "Where the UI lives on web pages"). */
export const MEIPI_FRAME = ':root > iframe[src^="chrome-extension://"]';

/** The toolbar, note editor and card on a web page: inside the extension frame. */
export function meipiUi(page: Page): FrameLocator {
  return page.frameLocator(MEIPI_FRAME);
}

/** Whether the extension frame is on screen (the content script hides it between panels). */
export function frameShown(page: Page): Promise<boolean> {
  return page.evaluate((selector) => {
    const frame = document.querySelector<HTMLIFrameElement>(selector);
    return !!frame && getComputedStyle(frame).visibility === 'visible' && frame.offsetWidth > 0;
  }, MEIPI_FRAME);
}

/** The theme the extension frame's UI took from the page ('light' or 'dark'). */
export async function frameTheme(page: Page): Promise<string | undefined> {
  const frame = page.frames().find((f) => f.url().endsWith('/annotator-frame.html'));
  return frame?.evaluate(() => document.querySelector<HTMLElement>('[data-theme]')?.dataset.theme);
}
