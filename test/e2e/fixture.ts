import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type LaunchedExtension, type LaunchOptions, launchExtension } from './harness';
import { type PageSource, servePages } from './page-server';

/**
 * The setup every e2e file shares: one browser with the built extension (and, where a file
 * needs web pages, one page server) for the whole `describe` block that calls it, closed after.
 */

export interface ServedPages {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
}

export interface ExtensionFixture extends Omit<LaunchedExtension, 'close'> {
  /** The page server's origin; only with `pages`. */
  readonly origin: string;
  /** A new tab on a served page (`path` may carry a query and a fragment). */
  openWebPage(path: string): Promise<Page>;
  /** The reader with its `index`th bundled article open and rendered. */
  openArticle(index: number): Promise<Page>;
}

/** Serves `pages` for the calling `describe` block. */
export function useServedPages(pages: PageSource): ServedPages {
  let server: Awaited<ReturnType<typeof servePages>> | undefined;
  beforeAll(async () => {
    server = await servePages(pages);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get origin() {
      if (!server) throw new Error('The page server starts in beforeAll: use it in tests and hooks.');
      return server.origin;
    },
  };
}

/**
 * Launches the extension for the calling `describe` block. `launch` is read when the block
 * starts, so it may name something an earlier `beforeAll` prepared (a modified build).
 */
export function useExtension(
  options: { pages?: PageSource; launch?: () => LaunchOptions } = {},
): ExtensionFixture {
  const served = options.pages ? useServedPages(options.pages) : undefined;
  let launched: LaunchedExtension | undefined;
  beforeAll(async () => {
    launched = await launchExtension(options.launch?.());
  });
  afterAll(async () => {
    await launched?.close();
  });
  const ext = (): LaunchedExtension => {
    if (!launched) throw new Error('The extension launches in beforeAll: use it in tests and hooks.');
    return launched;
  };
  const origin = (): string => {
    if (!served) throw new Error('No pages were given to useExtension.');
    return served.origin;
  };
  return {
    get context() {
      return ext().context;
    },
    get extensionId() {
      return ext().extensionId;
    },
    get worker() {
      return ext().worker;
    },
    get origin() {
      return origin();
    },
    url: (path) => ext().url(path),
    openPage: (path) => ext().openPage(path),
    screenshot: (page, name, screenshotOptions) => ext().screenshot(page, name, screenshotOptions),
    async openWebPage(path) {
      const page = await ext().context.newPage();
      await page.goto(`${origin()}${path}`);
      return page;
    },
    async openArticle(index) {
      const page = await ext().openPage('/reader.html');
      await page.getByTestId('article-link').nth(index).click();
      await page.getByTestId('article-body').waitFor();
      return page;
    },
  };
}

/** A second browser for one test (another theme, locale or profile), closed when `work` ends. */
export async function withExtension<T>(
  options: LaunchOptions,
  work: (ext: LaunchedExtension) => Promise<T>,
): Promise<T> {
  const ext = await launchExtension(options);
  try {
    return await work(ext);
  } finally {
    await ext.close();
  }
}
