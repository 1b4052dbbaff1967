import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../lib/db/types';
import { BROKEN_PDF, chinesePdf, latinPdf, verticalPdf } from '../fixtures/pdf/make';
import { useExtension, withExtension } from './fixture';
import { ask } from './harness';
import { expectPdfSelectors, LAYER, pdfFiles, textLayerShown } from './pdf-helpers';
import { lastDownload, recordDownloadNames } from './popup-helpers';
import { paintedCounts, selectAcross, selectText, totalPainted } from './selection';

describe('the PDF viewer (real Chromium)', () => {
  const files = new Map<string, Uint8Array>();
  const ext = useExtension({
    pages: pdfFiles(files),
  });
  beforeAll(async () => {
    const chinese = await chinesePdf(ext.context, 3);
    files.set('/papers/chinese.pdf', chinese);
    files.set('/mirror/copy-of-chinese.pdf', chinese);
    files.set('/latin.pdf', await latinPdf(2));
    files.set('/broken.pdf', BROKEN_PDF);
    files.set('/vertical.pdf', await verticalPdf(ext.context));
  });
  const viewerFor = (path: string) => `/pdf.html?file=${encodeURIComponent(`${ext.origin}${path}`)}`;

  it('shows a Chinese PDF with a selectable text layer; a mouse highlight and a note stay painted after a reload', async () => {
    const page = await ext.openPage(viewerFor('/papers/chinese.pdf'));
    await textLayerShown(page);
    expect(await page.getByTestId('pdf-page-count').textContent()).toContain('3');

    await selectText(page, LAYER(1), '基本公共服务');
    await page.getByTestId('highlight-toolbar').waitFor();
    await page.getByTestId('color-green').click();
    await expect.poll(() => paintedCounts(page)).toMatchObject({ green: 1 });

    // Across the text items of a line, over radicals in the raw text (⻦, ⻛, ⾬).
    await selectAcross(page, LAYER(1), '处处闻', '声');
    await page.getByTestId('note-button').click();
    await page.getByTestId('note-input').fill('PDF 里的笔记');
    await page.getByTestId('note-save').click();
    await expect.poll(() => totalPainted(page)).toBe(2);
    await ext.screenshot(page, 'pdf-highlighted', { viewport: true });

    const source = `${ext.origin}/papers/chinese.pdf`;
    const stored: Annotation[] = await ask(page, 'annotations/list', { source });
    // The radicals Chromium's printing writes (⼈⺠) are read as the ideographs (人民).
    expect(stored.map((a) => a.quote).sort()).toEqual(['基本公共服务', '处处闻啼鸟。夜来风雨声'].sort());
    const noted = stored.find((a) => a.note === 'PDF 里的笔记');
    expectPdfSelectors(noted?.selectors);

    await page.reload();
    await textLayerShown(page);
    await expect.poll(() => totalPainted(page)).toBe(2);
    await page.close();

    // The popup lists them like any other; its markdown gives the page and links to it.
    const popup = await ext.openPage('/popup.html');
    await popup.getByTestId('search-input').fill('笔记');
    await expect.poll(() => popup.getByTestId('annotation-item').count()).toBe(1);
    await recordDownloadNames(popup);
    const started = Date.now() - 1000;
    await popup.getByTestId('export-markdown').click();
    const { text } = await lastDownload(popup, started);
    expect(text).toContain('处处闻啼鸟。夜来风雨声');
    expect(text).toMatch(/^p\. 1 · /m);
    expect(text).toContain(`(${source}#page=1)`);
    await popup.close();
  });

  it('the find box finds Chinese words the PDF spells with radicals (人⺠ for 人民); zoom', async () => {
    const page = await ext.openPage(viewerFor('/papers/chinese.pdf'));
    await textLayerShown(page);
    await page.getByTestId('pdf-find').fill('人民幸福');
    await expect.poll(() => page.locator(`${LAYER(1)} .highlight`).count()).toBeGreaterThan(0);
    // Zoom: the label follows the viewer's scale.
    const zoom = async () => Number.parseInt((await page.getByTestId('pdf-zoom').textContent()) ?? '', 10);
    const before = await zoom();
    await page.getByTestId('pdf-zoom-in').click();
    await expect.poll(zoom).toBeGreaterThan(before);
    await page.close();
  });

  it('the same file from another URL shows the same highlights (found by its fingerprint)', async () => {
    const page = await ext.openPage(viewerFor('/mirror/copy-of-chinese.pdf'));
    await textLayerShown(page);
    await expect.poll(() => totalPainted(page)).toBe(2);
    await page.close();
  });

  it('a PDF from a second producer (pdf-lib, a standard font) can be highlighted', async () => {
    const page = await ext.openPage(viewerFor('/latin.pdf'));
    await textLayerShown(page);
    await page.getByTestId('pdf-page-number').fill('2');
    await page.getByTestId('pdf-page-number').press('Enter');
    await textLayerShown(page, 2);
    await selectText(page, LAYER(2), 'quick brown fox');
    await page.getByTestId('color-blue').click();
    await expect.poll(() => paintedCounts(page)).toMatchObject({ blue: 1 });
    const [saved] = await ask(page, 'annotations/list', { source: `${ext.origin}/latin.pdf` });
    expect(saved?.quote).toBe('quick brown fox');
    expect(saved?.selectors).toContainEqual(expect.objectContaining({ value: 'page=2' }));
    await page.close();
  });

  it('follows a dark system theme (pages inverted, highlights not) and an English UI', async () => {
    await withExtension({ colorScheme: 'dark', locale: 'en' }, async (dark) => {
      const page = await dark.openPage(viewerFor('/papers/chinese.pdf'));
      await textLayerShown(page);
      expect(await page.getByTestId('pdf-page-count').textContent()).toBe('of 3');
      expect(await page.getByTestId('pdf-find').getAttribute('placeholder')).toBe('Find in document');
      const filter = await page.evaluate(
        () => getComputedStyle(document.querySelector('.page .canvasWrapper') as Element).filter,
      );
      expect(filter).toContain('invert');
      await selectText(page, LAYER(1), '设计的阅读批注');
      await page.getByTestId('color-yellow').click();
      await expect.poll(() => paintedCounts(page)).toMatchObject({ yellow: 1 });
      await dark.screenshot(page, 'pdf-dark', { viewport: true });
    });
  });

  it('vertical text can be selected and highlighted (a text item a character)', async () => {
    const page = await ext.openPage(viewerFor('/vertical.pdf'));
    await textLayerShown(page);
    // One text item a character: the drag runs down the column.
    await selectAcross(page, LAYER(1), '处', '啼');
    await ext.screenshot(page, 'pdf-vertical', { viewport: true });
    await page.getByTestId('color-blue').click();
    await expect.poll(() => paintedCounts(page)).toMatchObject({ blue: 1 });
    const [saved] = await ask(page, 'annotations/list', { source: `${ext.origin}/vertical.pdf` });
    expect(saved?.quote).toBe('处处闻啼');
    await page.close();
  });

  it('a broken file says so', async () => {
    const page = await ext.openPage(viewerFor('/broken.pdf'));
    await expect.poll(() => page.getByTestId('pdf-message').textContent()).toContain('无法打开');
    await page.close();
  });
});
