import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedExtension, launchExtension } from './harness';
import { meipiUi } from './meipi-frame';
import { type PageServer, servePages } from './page-server';
import { selectText } from './selection';

/**
 * A save on a web page is one message round trip: the saving tab sends one create and hears
 * nothing back (it already painted the result); another tab on the same page gets the one change.
 * The background's messages are recorded inside the service worker itself.
 */

const TEXT = '四合院的门墩上落满了金黄的银杏叶，孩子们踩着落叶跑过，发出清脆的沙沙声。';
const QUOTE = '金黄的银杏叶';

interface Logged {
  from?: number;
  to?: number;
  type: string;
}

type WorkerChrome = {
  tabs: {
    sendMessage(tabId: number, message: { type: string }, ...rest: unknown[]): Promise<unknown>;
    query(filter: object): Promise<{ id?: number; url?: string }[]>;
  };
  runtime: {
    onMessage: { addListener(listener: (m: { type: string }, s: { tab?: { id?: number } }) => void): void };
  };
};

/** Waits for `count` ranges in a colour; polls on a timer, since a tab in the background gets no frames. */
function waitForPainted(page: Page, color: string, count: number): Promise<unknown> {
  return page.waitForFunction(
    ({ name, count }) => (CSS.highlights.get(name)?.size ?? 0) === count,
    { name: `meipi-${color}`, count },
    { polling: 100, timeout: 10_000 },
  );
}

describe('a save on a web page', () => {
  let ext: LaunchedExtension;
  let server: PageServer;

  beforeAll(async () => {
    server = await servePages({
      '/story.html': `<!doctype html><html lang="zh"><head><title>报道</title></head><body><article><p>${TEXT}</p></article></body></html>`,
    });
    ext = await launchExtension();
    ext.context.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('is one round trip: no echo to the saving tab, one change to the other tab, no re-list anywhere', async () => {
    // The same page twice (a tracking parameter does not change the source).
    const other = await ext.context.newPage();
    await other.goto(`${server.origin}/story.html?utm_source=feed`);
    const saving = await ext.context.newPage();
    await saving.goto(`${server.origin}/story.html`);
    for (const page of [other, saving]) {
      await page.waitForFunction(() => CSS.highlights.has('meipi-yellow'), undefined, { polling: 100 });
    }

    const tabIds = await ext.worker.evaluate(async (origin) => {
      const { chrome } = globalThis as unknown as { chrome: WorkerChrome };
      const tabs = await chrome.tabs.query({});
      const id = (url: string) => tabs.find((tab) => tab.url === url)?.id;
      return { saving: id(`${origin}/story.html`), other: id(`${origin}/story.html?utm_source=feed`) };
    }, server.origin);
    expect(tabIds.saving).toBeTypeOf('number');
    expect(tabIds.other).toBeTypeOf('number');

    // Record, inside the worker, every message it receives and every push it sends to a tab.
    await ext.worker.evaluate(() => {
      const scope = globalThis as unknown as { chrome: WorkerChrome; meipiLog: Logged[] };
      scope.meipiLog = [];
      const { tabs, runtime } = scope.chrome;
      const send = tabs.sendMessage.bind(tabs);
      tabs.sendMessage = (tabId, message, ...rest) => {
        scope.meipiLog.push({ to: tabId, type: message.type });
        return send(tabId, message, ...rest);
      };
      // Listens only (returns nothing): the background's own listener still answers.
      runtime.onMessage.addListener((message, sender) => {
        scope.meipiLog.push({ from: sender.tab?.id, type: message.type });
      });
    });

    await selectText(saving, 'article p', QUOTE);
    await meipiUi(saving).getByTestId('color-green').click();
    await waitForPainted(saving, 'green', 1);
    await waitForPainted(other, 'green', 1);
    expect(
      await other.evaluate(() => [...(CSS.highlights.get('meipi-green') ?? [])].map((r) => `${r}`)),
    ).toEqual([QUOTE]);
    await saving.waitForTimeout(500); // an echo, if any, would have arrived by now

    const log = (await ext.worker.evaluate(
      () => (globalThis as unknown as { meipiLog: Logged[] }).meipiLog,
    )) as Logged[];
    const types = (match: (entry: Logged) => boolean) => log.filter(match).map((entry) => entry.type);
    // The toolbar lives in the extension frame (no message to load it); the save is one create.
    expect(types((e) => e.from === tabIds.saving)).toEqual(['annotations/create']);
    expect(types((e) => e.to === tabIds.saving)).toEqual([]);
    expect(types((e) => e.to === tabIds.other)).toEqual(['page/changed']);
    expect(types((e) => e.from === tabIds.other)).toEqual([]);
  });
});
