import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type PageSource, servePages } from '../page-server';
import { type FirefoxExtension, type FirefoxLaunchOptions, launchFirefox } from './harness';

export interface FirefoxFixture extends Omit<FirefoxExtension, 'close'> {
  /** The page server's origin; only with `pages`. */
  readonly origin: string;
  /** The reader with its `index`th bundled article open and rendered. */
  openArticle(index: number): Promise<Page>;
}

/**
 * One Firefox with the Firefox build for the calling `describe` block (and a page server where
 * it needs web pages). After the block, it fails on any error the extension logged.
 */
export function useFirefox(
  options: { pages?: PageSource; launch?: FirefoxLaunchOptions } = {},
): FirefoxFixture {
  let launched: FirefoxExtension | undefined;
  let server: Awaited<ReturnType<typeof servePages>> | undefined;
  beforeAll(async () => {
    if (options.pages) server = await servePages(options.pages);
    launched = await launchFirefox(options.launch);
  });
  afterAll(async () => {
    const errors = launched?.errors() ?? [];
    await launched?.close();
    await server?.close();
    expect(errors, 'errors the extension logged in Firefox').toEqual([]);
  });
  const ff = (): FirefoxExtension => {
    if (!launched) throw new Error('Firefox launches in beforeAll: use it in tests and hooks.');
    return launched;
  };
  return {
    get browser() {
      return ff().browser;
    },
    get downloads() {
      return ff().downloads;
    },
    get origin() {
      if (!server) throw new Error('No pages were given to useFirefox.');
      return server.origin;
    },
    url: (path) => ff().url(path),
    navigate: (page, url) => ff().navigate(page, url),
    reload: (page) => ff().reload(page),
    openPage: (path) => ff().openPage(path),
    openWebPage: (url) => ff().openWebPage(url),
    screenshot: (page, name) => ff().screenshot(page, name),
    errors: () => ff().errors(),
    async openArticle(index) {
      const page = await ff().openPage('/reader.html');
      await page.waitForSelector('[data-testid="article-link"]');
      const links = await page.$$('[data-testid="article-link"]');
      await links[index]?.click();
      await page.waitForSelector('[data-testid="article-body"]');
      return page;
    },
  };
}

/** A test id anywhere in the page, shadow roots included (the reader's panels live in one). */
export const testId = (id: string) => `>>> [data-testid="${id}"]`;

/** The extension frame the UI lives in on web pages, once the content script has made it. */
export async function meipiFrame(page: Page): Promise<Frame> {
  await page.waitForSelector(':root > iframe[src^="moz-extension://"]', { timeout: 15_000 });
  for (let tries = 0; tries < 100; tries++) {
    // Puppeteer keeps an extension frame's first URL (about:blank): ask each frame where it is.
    for (const frame of page.frames()) {
      const at = await frame.evaluate(() => location.href).catch(() => '');
      if (at.endsWith('/annotator-frame.html')) return frame;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(
    `The Meipi frame never loaded: ${page
      .frames()
      .map((f) => f.url())
      .join(', ')}`,
  );
}

/** Polls `read` until it returns `expected` (deep equality), as expect.poll does. */
export function eventually<T>(read: () => T | Promise<T>, expected: T, timeout = 10_000): Promise<void> {
  return expect.poll(read, { timeout, interval: 100 }).toEqual(expected);
}

/** Whether the extension frame is on screen (the content script hides it between panels). */
export function frameShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>(':root > iframe[src^="moz-extension://"]');
    return !!frame && getComputedStyle(frame).visibility === 'visible' && frame.offsetWidth > 0;
  });
}

/**
 * The popup over the active tab: popup.html opened in a tab behind it (by `control`, an extension
 * page), so the tab in front stays the active one the popup looks at.
 */
export async function popupBehind(ff: Pick<FirefoxFixture, 'browser' | 'url'>, control: Page): Promise<Page> {
  const before = new Set(await ff.browser.pages());
  await control.evaluate(
    (url) =>
      (
        globalThis as unknown as {
          browser: { tabs: { create(p: { url: string; active: boolean }): Promise<unknown> } };
        }
      ).browser.tabs.create({ url, active: false }),
    ff.url('/popup.html'),
  );
  return pageOpenedSince(ff, before);
}

/** The tab opened since `before` (the browser's pages then), once puppeteer has it. */
export async function pageOpenedSince(ff: Pick<FirefoxFixture, 'browser'>, before: Set<Page>): Promise<Page> {
  let opened: Page | undefined;
  await eventually(async () => {
    opened = (await ff.browser.pages()).find((p) => !before.has(p));
    return !!opened;
  }, true);
  return opened as Page;
}
