import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Annotation, AnnotationInput } from '../../lib/db/types';

interface DownloadOptions {
  url: string;
  filename?: string;
}
/** The slice of the extension API these helpers call inside extension pages. */
interface ChromeApi {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown }> };
  downloads: {
    download(options: DownloadOptions): Promise<number>;
    search(query: {
      orderBy?: string[];
      limit?: number;
    }): Promise<{ filename: string; state: string; startTime: string }[]>;
  };
}
// Only ever used inside page.evaluate, where the extension page's own `chrome` is in scope.
declare const chrome: ChromeApi;

/** Creates an annotation through the background, as the highlighter does. */
export async function create(page: Page, input: AnnotationInput): Promise<Annotation> {
  const reply = await page.evaluate(
    (payload) => chrome.runtime.sendMessage({ type: 'annotations/create', payload: { input: payload } }),
    input,
  );
  if (!reply?.ok) throw new Error(`create failed: ${JSON.stringify(reply)}`);
  return reply.value as Annotation;
}

/**
 * Files saved with chrome.downloads don't raise Playwright's download event (no page starts
 * them), so read them back the way the extension sees them: chrome.downloads.search, then the file.
 */
export async function lastDownload(
  page: Page,
  after: number,
): Promise<{ name: string; text: string; path: string }> {
  let item: { filename: string; state: string } | undefined;
  await expect
    .poll(
      async () => {
        item = await page.evaluate(async (since) => {
          const [latest] = await chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 });
          return latest && Date.parse(latest.startTime) >= since
            ? { filename: latest.filename, state: latest.state }
            : undefined;
        }, after);
        return item?.state;
      },
      { timeout: 15_000 },
    )
    .toBe('complete');
  const path = item?.filename ?? '';
  return { name: path.split(/[\\/]/).pop() ?? '', text: readFileSync(path, 'utf8'), path };
}

/** Notes the file names the page asks chrome.downloads for (Playwright stores files under GUIDs). */
export async function recordDownloadNames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const names: string[] = [];
    (window as unknown as { __names: string[] }).__names = names;
    const original = chrome.downloads.download.bind(chrome.downloads);
    chrome.downloads.download = ((options: DownloadOptions) => {
      if (options.filename) names.push(options.filename);
      return original(options);
    }) as typeof chrome.downloads.download;
  });
}

/** Every stored annotation, via the background, in a stable order. */
export async function listAll(page: Page): Promise<Annotation[]> {
  const reply = await page.evaluate(() =>
    chrome.runtime.sendMessage({ type: 'annotations/recent', payload: { limit: 10_000 } }),
  );
  return (reply.value as Annotation[]).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * popup.html in a tab of its own that takes `tabUrl`'s tab for the active one, as the real popup
 * opened over that tab would.
 */
export async function popupOver(
  ext: { context: BrowserContext; url(path: string): string },
  tabUrl: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.addInitScript((url: string) => {
    const tabs = (
      globalThis as unknown as { chrome: { tabs: Record<string, (...args: unknown[]) => unknown> } }
    ).chrome.tabs;
    const query = tabs.query?.bind(tabs) as (q: object) => Promise<{ url?: string }[]>;
    tabs.query = async (q: unknown) => {
      const { active, currentWindow } = (q ?? {}) as { active?: boolean; currentWindow?: boolean };
      if (active && currentWindow) return (await query({})).filter((tab) => tab.url === url);
      return query(q as object);
    };
    tabs.getCurrent = async () => undefined;
  }, tabUrl);
  if (viewport) await popup.setViewportSize(viewport);
  await popup.goto(ext.url('/popup.html'));
  return popup;
}
