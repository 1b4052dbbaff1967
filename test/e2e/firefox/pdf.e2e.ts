import { chromium } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinesePdf } from '../../fixtures/pdf/make';
import { findChrome } from '../chrome-path';
import { dropPdf, expectPdfSelectors, LAYER, pdfFiles } from '../pdf-helpers';
import { paintedCounts, selectAcross, selectText, totalPainted } from '../selection';
import { eventually, pageOpenedSince, popupBehind, testId, useFirefox } from './fixture';
import { ask } from './harness';

/**
 * Meipi's PDF viewer in Firefox, on the Chinese PDF the Chromium suite uses (printed by Chromium
 * with Noto CJK embedded). Firefox's own print of the same page is no fixture: its ToUnicode maps
 * leave most Hanzi unreadable (PDF.js's text layer shows U+FFFD for them).
 */
describe('the PDF viewer in real Firefox', () => {
  const files = new Map<string, Uint8Array>();
  const ff = useFirefox({
    pages: pdfFiles(files),
  });
  beforeAll(async () => {
    const printer = await chromium.launch({
      executablePath: findChrome(),
      args: ['--headless=new', '--no-sandbox'],
    });
    try {
      const chinese = await chinesePdf(await printer.newContext(), 2);
      files.set('/papers/chinese.pdf', chinese);
      files.set('/arxiv/pdf/2401.01234', chinese); // a PDF whose URL doesn't say so
    } finally {
      await printer.close();
    }
  });

  it('shows the text layer; a mouse highlight and a note are stored with page and fingerprint, and painted after a reload', async () => {
    const page = await ff.openPage(`/pdf.html?file=${encodeURIComponent(`${ff.origin}/papers/chinese.pdf`)}`);
    await page.waitForSelector(`${LAYER(1)} span`, { timeout: 20_000 });
    expect(await page.$eval('[data-testid="pdf-page-count"]', (el) => el.textContent)).toContain('2');

    await selectText(page, LAYER(1), '基本公共服务');
    await page.waitForSelector(testId('highlight-toolbar'), { visible: true });
    await page.click(testId('color-green'));
    await eventually(async () => (await paintedCounts(page)).green, 1);
    // Across the text items of a line, over radicals in the raw text (⻦, ⻛, ⾬).
    await selectAcross(page, LAYER(1), '处处闻', '声');
    await page.click(testId('note-button'));
    await page.waitForSelector(testId('note-input'), { visible: true });
    await page.type(testId('note-input'), 'Firefox 里的 PDF 笔记');
    await page.click(testId('note-save'));
    await eventually(() => totalPainted(page), 2);
    await ff.screenshot(page, 'pdf-highlighted');

    const source = `${ff.origin}/papers/chinese.pdf`;
    await eventually(async () => (await ask(page, 'annotations/list', { source })).length, 2);
    const stored = await ask(page, 'annotations/list', { source });
    expect(stored.map((a) => a.quote).sort()).toEqual(['基本公共服务', '处处闻啼鸟。夜来风雨声'].sort());
    const noted = stored.find((a) => a.note === 'Firefox 里的 PDF 笔记');
    expectPdfSelectors(noted?.selectors);

    await ff.reload(page);
    await page.waitForSelector(`${LAYER(1)} span`, { timeout: 20_000 });
    await eventually(() => totalPainted(page), 2);
  });

  type Api = {
    tabs: {
      query(q: object): Promise<{ id: number; url?: string }[]>;
    };
  };
  const tabUrls = (control: Page) =>
    control.evaluate(async () =>
      (await (globalThis as unknown as { browser: Api }).browser.tabs.query({})).map((t) => t.url ?? ''),
    );

  it('a PDF in Firefox’s own viewer, known by its Content-Type, opens in Meipi’s from the popup', async () => {
    const control = await ff.openPage('/library.html');
    const paper = `${ff.origin}/arxiv/pdf/2401.01234`;
    await ff.openWebPage(paper).catch(() => {}); // Firefox's viewer: no load event of a web page
    const popup = await popupBehind(ff, control);
    await popup.waitForSelector('[data-testid="open-pdf"]', { timeout: 10_000 });
    await popup.evaluate(() =>
      document.querySelector<HTMLButtonElement>('[data-testid="open-pdf"]')?.click(),
    );
    const inMeipi = ff.url(`/pdf.html?file=${encodeURIComponent(paper)}`);
    await eventually(async () => (await tabUrls(control)).includes(inMeipi), true);
  });

  it('with “open every PDF in Meipi” on, a tab going to a PDF lands in the viewer', async () => {
    const library = await ff.openPage('/library.html');
    await library.click('[data-testid="pdf-open-all"]');
    const report = `${ff.origin}/papers/chinese.pdf`;
    const tab = await ff.browser.newPage();
    await (
      tab.mainFrame() as unknown as { browsingContext: { navigate(u: string, w: 'none'): Promise<void> } }
    ).browsingContext
      .navigate(report, 'none')
      .catch(() => {});
    await eventually(
      async () => (await tabUrls(library)).includes(ff.url(`/pdf.html?file=${encodeURIComponent(report)}`)),
      true,
    );
    await library.click('[data-testid="pdf-open-all"]');
  });

  it('a PDF dropped on the library opens in the viewer (handed over by BroadcastChannel), kept by its fingerprint', async () => {
    const library = await ff.openPage('/library.html');
    const before = new Set(await ff.browser.pages());
    const bytes = Buffer.from(files.get('/papers/chinese.pdf') as Uint8Array).toString('base64');
    await library.evaluate(dropPdf, bytes);
    const shown = await pageOpenedSince(ff, before);
    await shown.waitForSelector(`${LAYER(1)} span`, { timeout: 20_000 });
    await selectText(shown, LAYER(1), '基本公共服务');
    await shown.click(testId('color-purple'));
    await eventually(async () => (await paintedCounts(shown)).purple, 1);
    await eventually(
      async () =>
        (await ask(shown, 'annotations/recent', { limit: 10 })).some(
          (a) => a.color === 'purple' && /^urn:x-pdf:[0-9a-f]{32}$/.test(a.source),
        ),
      true,
    );
  });
});
