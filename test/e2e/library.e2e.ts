import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../lib/db/types';
import { type LaunchedExtension, launchExtension } from './harness';
import { create, lastDownload, listAll, recordDownloadNames } from './popup-helpers';

const INPUTS: AnnotationInput[] = [
  {
    source: 'https://example.com/autumn',
    title: '故都的秋',
    quote: '秋天，无论在什么地方的秋天，总是好的',
    selectors: [{ type: 'TextQuoteSelector', exact: '秋天，无论在什么地方的秋天，总是好的' }],
    color: 'yellow',
    note: '开篇就定下了基调',
    tags: ['散文', '郁达夫'],
  },
  {
    source: 'https://example.com/autumn',
    title: '故都的秋',
    quote: '北国的槐树，也是一种能使人联想起秋来的点缀',
    selectors: [{ type: 'TextQuoteSelector', exact: '北国的槐树，也是一种能使人联想起秋来的点缀' }],
    color: 'green',
    note: '槐蕊落地无声',
    tags: ['散文'],
  },
  {
    source: 'https://example.com/ai',
    title: '机器与人',
    quote: '人工智能正在改变新闻业',
    selectors: [{ type: 'TextQuoteSelector', exact: '人工智能正在改变新闻业' }],
    color: 'blue',
    note: '记者的工作会怎样变化？',
    tags: ['科技'],
  },
  {
    source: 'https://example.com/ai',
    title: '机器与人',
    quote: '',
    selectors: [],
    color: 'pink',
    note: '整篇读下来，数据部分最有说服力',
    tags: [],
  },
];

describe('library (real Chromium, built extension)', () => {
  let ext: LaunchedExtension;
  let page: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    page = await ext.openPage('/library.html');
    for (const input of INPUTS) await create(page, input);
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('groups everything by page, updating live as the background writes', async () => {
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(4);
    expect(await page.getByTestId('library-group').count()).toBe(2);
    const firstGroup = (await page.getByTestId('library-group').first().textContent()) ?? '';
    // Newest activity first: the last annotation written belongs to 机器与人.
    expect(firstGroup).toContain('机器与人');
    await ext.screenshot(page, 'library-light');
  });

  it('edits a note, colour and tags inline', async () => {
    const item = page.getByTestId('library-item').filter({ hasText: '槐蕊落地无声' });
    await item.getByTestId('item-edit').click();
    await item.getByTestId('edit-note').fill('槐蕊落地无声，只有一点极微细极柔软的触觉');
    await item.getByTestId('edit-tags').fill('散文, 北平');
    await item.getByTestId('filter-color-purple').click();
    await item.getByTestId('edit-save').click();
    const edited = page.getByTestId('library-item').filter({ hasText: '极柔软的触觉' });
    await expect.poll(() => edited.count()).toBe(1);
    expect(await edited.textContent()).toContain('#北平');
    expect(await edited.locator('.card').getAttribute('data-color')).toBe('purple');
  });

  it('deletes with undo', async () => {
    const item = page.getByTestId('library-item').filter({ hasText: '人工智能正在改变新闻业' });
    await item.getByTestId('item-delete').click();
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(3);
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(4);
  });

  it('filters by colour and by tag', async () => {
    await page.getByTestId('filter-color-blue').first().click();
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(1);
    await page.getByTestId('filter-color-blue').first().click();
    await page.getByTestId('filter-tag').selectOption('散文');
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(2);
    await page.getByTestId('filter-tag').selectOption('');
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(4);
  });

  it('backs up, clears everything, and restores it all exactly', async () => {
    const before = await listAll(page);
    expect(before).toHaveLength(4);

    await recordDownloadNames(page);
    const started = Date.now() - 1000;
    await page.getByTestId('backup-button').click();
    const backup = await lastDownload(page, started);
    const names = await page.evaluate(() => (window as unknown as { __names: string[] }).__names);
    expect(names.at(-1)).toMatch(/^(眉批|meipi)-\d{4}-\d{2}-\d{2}\.json$/);
    expect(backup.text).toContain('槐蕊落地无声');

    await page.getByTestId('clear-all').click();
    await page.getByTestId('clear-all-confirm').click();
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(0);
    await expect.poll(() => page.getByTestId('library-empty').count()).toBe(1);
    expect(await listAll(page)).toHaveLength(0);

    await page.getByTestId('restore-input').setInputFiles({
      name: 'backup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(backup.text),
    });
    await expect.poll(() => page.getByTestId('restore-message').textContent()).toMatch(/4/);
    await expect.poll(() => page.getByTestId('library-item').count()).toBe(4);
    expect(await listAll(page)).toEqual(before);
    await ext.screenshot(page, 'library-restored');
  });

  it('refuses a broken backup clearly and writes nothing', async () => {
    await page.getByTestId('restore-input').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"type": "AnnotationCollection", "first": {"items": [{"oops": true}]}}'),
    });
    const message = page.getByTestId('restore-message');
    await expect.poll(() => message.getAttribute('role')).toBe('alert');
    expect((await message.textContent())?.length).toBeGreaterThan(10);
    expect(await listAll(page)).toHaveLength(4);
  });

  it('follows a dark system theme', async () => {
    const dark = await launchExtension({ colorScheme: 'dark' });
    try {
      const darkPage = await dark.openPage('/library.html');
      for (const input of INPUTS) await create(darkPage, input);
      await expect.poll(() => darkPage.getByTestId('library-item').count()).toBe(4);
      await dark.screenshot(darkPage, 'library-dark');
    } finally {
      await dark.close();
    }
  });
});
