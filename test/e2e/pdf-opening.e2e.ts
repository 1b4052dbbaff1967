import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinesePdf, latinPdf, scannedPdf } from '../fixtures/pdf/make';
import { useExtension } from './fixture';
import { ask } from './harness';
import { dropPdf, LAYER, PDF_HEADERS, textLayerShown } from './pdf-helpers';
import { popupOver } from './popup-helpers';
import { selectText, totalPainted } from './selection';

const PASSWORD_PDF = readFileSync(resolve(__dirname, '../fixtures/pdf/password-protected.pdf'));

describe('opening PDFs in Meipi (real Chromium)', () => {
  const files = new Map<string, Uint8Array>();
  const ext = useExtension({
    pages: async (path) => {
      if (path === '/links.html')
        return {
          body: '<!doctype html><meta charset="utf-8"><a id="paper" href="/report.pdf">论文（PDF）</a>',
        };
      const body = files.get(path);
      return body && { body, headers: PDF_HEADERS };
    },
  });
  beforeAll(async () => {
    files.set('/report.pdf', await chinesePdf(ext.context, 2));
    // arXiv's way: a PDF under a URL that doesn't say so, known only by its Content-Type.
    files.set('/arxiv/pdf/2401.01234', files.get('/report.pdf') as Uint8Array);
    files.set(
      '/long.pdf',
      await latinPdf(30, (n) => `Page ${n}: chapter ${n} of the long report, paragraph ${n * 7}.`),
    );
    files.set('/secret.pdf', PASSWORD_PDF);
    const shot = await ext.context.newPage();
    await shot.setContent('<p style="font: 28px serif; padding: 40px">扫描件：只有图像，没有文字</p>');
    files.set(
      '/scan.pdf',
      await scannedPdf(await shot.screenshot({ clip: { x: 0, y: 0, width: 600, height: 160 } })),
    );
    await shot.close();
  });
  const viewerFor = (path: string) => `/pdf.html?file=${encodeURIComponent(`${ext.origin}${path}`)}`;

  it('the popup on a PDF tab opens it in the viewer; popup search finds its highlight and Enter reopens the passage, which flashes', async () => {
    const url = `${ext.origin}/report.pdf`;
    const tab = await ext.context.newPage();
    await tab.goto(url).catch(() => {}); // Chromium's own viewer (or a download): the tab keeps the URL
    const popup = await popupOver(ext, url);
    await popup.getByTestId('open-pdf').click();
    await expect.poll(() => tab.url()).toContain('/pdf.html?file=');
    await textLayerShown(tab);

    await selectText(tab, LAYER(1), '基本公共服务');
    await tab.getByTestId('color-pink').click();
    await expect.poll(() => totalPainted(tab)).toBe(1);
    await tab.close();

    const search = await ext.openPage('/popup.html');
    await search.getByTestId('search-input').fill('公共服务');
    const item = search.getByTestId('annotation-item').first();
    await expect.poll(() => item.textContent()).toContain('基本公共服务');
    const opened = ext.context.waitForEvent('page');
    await search.getByTestId('search-input').press('Enter');
    const viewer = await opened;
    await expect.poll(() => viewer.url()).toContain('annotation=');
    await expect
      .poll(() => viewer.evaluate(() => CSS.highlights.get('meipi-focus')?.size ?? 0), { timeout: 15_000 })
      .toBe(1);
    await viewer.close();
    await search.close().catch(() => {});
  });

  it('a PDF under a URL without .pdf is known by its Content-Type: the popup offers to open it', async () => {
    const url = `${ext.origin}/arxiv/pdf/2401.01234`;
    const tab = await ext.context.newPage();
    await tab.goto(url).catch(() => {});
    const popup = await popupOver(ext, url);
    await popup.getByTestId('open-pdf').click();
    await expect.poll(() => tab.url()).toContain(`/pdf.html?file=${encodeURIComponent(url)}`);
    await textLayerShown(tab);
    await tab.close();
    await popup.close().catch(() => {});
  });

  it('the context menu on a link to a PDF opens it in the viewer, in a tab beside the page', async () => {
    const links = await ext.openWebPage('/links.html');
    const opened = ext.context.waitForEvent('page');
    // What Chrome calls when the menu entry is clicked: the handler lib/browser/menus.ts installed.
    await ext.worker.evaluate(async (pageUrl) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl });
      chrome.contextMenus.onClicked.dispatch(
        {
          menuItemId: 'meipi-open-pdf',
          linkUrl: new URL('/report.pdf', pageUrl).href,
          pageUrl,
          editable: false,
        },
        tab,
      );
    }, links.url());
    const viewer = await opened;
    await expect
      .poll(() => viewer.url())
      .toContain(`pdf.html?file=${encodeURIComponent(`${ext.origin}/report.pdf`)}`);
    await textLayerShown(viewer);
    await viewer.close();
    await links.close();
  });

  it('highlights on pages not rendered yet are no orphans, and are painted when their page renders', async () => {
    const page = await ext.openPage(viewerFor('/long.pdf'));
    await textLayerShown(page);
    await page.getByTestId('pdf-page-number').fill('20');
    await page.getByTestId('pdf-page-number').press('Enter');
    await textLayerShown(page, 20);
    await selectText(page, LAYER(20), 'chapter 20');
    await page.getByTestId('color-yellow').click();
    await expect.poll(() => totalPainted(page)).toBe(1);

    await page.reload();
    await textLayerShown(page);
    const tabId = await page.evaluate(async () => (await chrome.tabs.getCurrent())?.id);
    // The popup's question: the viewer answers once it has read the document's text.
    const status = () =>
      ext.worker
        .evaluate(
          (id) => chrome.tabs.sendMessage(id as number, { type: 'page/anchor-status', payload: {} }),
          tabId,
        )
        .catch(() => null);
    await expect.poll(status).toMatchObject({ ok: true, value: { orphanIds: [] } });
    expect(await totalPainted(page)).toBe(0);
    expect(await page.locator(LAYER(20)).count()).toBe(0);
    await page.getByTestId('pdf-page-number').fill('20');
    await page.getByTestId('pdf-page-number').press('Enter');
    await expect.poll(() => totalPainted(page)).toBe(1);
    const [saved] = await ask(page, 'annotations/list', { source: `${ext.origin}/long.pdf` });
    expect(saved?.selectors).toContainEqual(expect.objectContaining({ value: 'page=20' }));
    await page.close();
  });

  it('a scan says it has no text layer', async () => {
    const page = await ext.openPage(viewerFor('/scan.pdf'));
    await expect.poll(() => page.getByTestId('pdf-message').textContent()).toContain('此 PDF 没有文字层');
    await page.close();
  });

  it('a password-protected PDF asks for the password, again after a wrong one, then opens', async () => {
    const page = await ext.openPage(viewerFor('/secret.pdf'));
    await page.getByTestId('pdf-password').fill('wrong');
    await page.getByTestId('pdf-password-submit').click();
    await expect.poll(() => page.getByTestId('pdf-message').textContent()).toContain('密码不正确');
    await page.getByTestId('pdf-password').fill('meipi');
    await page.getByTestId('pdf-password-submit').click();
    await expect.poll(() => page.locator(`${LAYER(1)}`).textContent()).toContain('A secret page');
    await page.close();
  });

  it('a PDF dropped on the library opens in the viewer; highlights on a file with no URL are kept by its fingerprint', async () => {
    const library = await ext.openPage('/library.html');
    const bytes = Buffer.from(files.get('/report.pdf') as Uint8Array).toString('base64');
    const opened = ext.context.waitForEvent('page');
    await library.evaluate(dropPdf, bytes);
    const viewer = await opened;
    await textLayerShown(viewer);
    await selectText(viewer, LAYER(1), '阅读批注');
    await viewer.getByTestId('color-purple').click();
    await expect.poll(() => totalPainted(viewer)).toBeGreaterThan(0);
    const saved = (await ask(viewer, 'annotations/recent', { limit: 5 })).find((a) => a.quote === '阅读批注');
    expect(saved?.source).toMatch(/^urn:x-pdf:[0-9a-f]{32}$/);
    expect(saved?.selectors).toContainEqual(expect.objectContaining({ value: 'page=1' }));
    await viewer.close();
    await library.close();
  });

  it('with "open every PDF in Meipi" on (the library), a tab going to a PDF lands in the viewer', async () => {
    const library = await ext.openPage('/library.html');
    await library.getByTestId('pdf-open-all').check();
    await expect
      .poll(() => library.evaluate(async () => (await chrome.storage.local.get('pdfOpenAll')).pdfOpenAll))
      .toBe(true);
    const tab = await ext.context.newPage();
    await tab.goto(`${ext.origin}/report.pdf`).catch(() => {}); // the redirect aborts this navigation
    await expect
      .poll(() => tab.url())
      .toContain(`pdf.html?file=${encodeURIComponent(`${ext.origin}/report.pdf`)}`);
    await textLayerShown(tab);
    // And one whose URL doesn't name a PDF, by its Content-Type.
    const paper = `${ext.origin}/arxiv/pdf/2401.01234`;
    await tab.goto(paper).catch(() => {});
    await expect.poll(() => tab.url()).toContain(`pdf.html?file=${encodeURIComponent(paper)}`);
    await textLayerShown(tab);
    await library.getByTestId('pdf-open-all').uncheck();
    await tab.close();
    await library.close();
  });
});

declare const chrome: {
  tabs: {
    getCurrent(): Promise<{ id?: number } | undefined>;
    query(filter: object): Promise<{ id?: number; index: number }[]>;
    sendMessage(id: number, message: unknown): Promise<unknown>;
  };
  contextMenus: { onClicked: { dispatch(info: object, tab: unknown): void } };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};
