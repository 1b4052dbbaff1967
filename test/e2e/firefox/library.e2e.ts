import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { eventually, useFirefox } from './fixture';
import { ask } from './harness';

const NOTES = [
  {
    source: 'https://example.com/hutong',
    title: '胡同',
    quote: '银杏叶落满了胡同',
    note: '秋天的北京',
    tags: ['北京'],
  },
  { source: 'https://example.com/ai', title: '新闻业', quote: '人工智能正在改变新闻业', note: '', tags: [] },
  {
    source: 'https://example.com/ai',
    title: '新闻业',
    quote: '记者的工作方式',
    note: '值得一读',
    tags: ['媒体'],
  },
];

describe('the library in real Firefox', () => {
  const ff = useFirefox();

  it('backs up as a download, clears everything, and restores it all exactly from the file', async () => {
    const page = await ff.openPage('/library.html');
    for (const [i, n] of NOTES.entries()) {
      await ask(page, 'annotations/create', {
        input: { ...n, selectors: [], color: (['yellow', 'green', 'blue'] as const)[i] ?? 'yellow' },
      });
    }
    await ff.reload(page);
    await eventually(async () => (await page.$$('[data-testid="library-item"]')).length, 3);
    const listAll = async () =>
      (await ask(page, 'annotations/recent', { limit: 100 })).sort((a: Annotation, b: Annotation) =>
        a.id.localeCompare(b.id),
      );
    const before = await listAll();

    await page.click('[data-testid="backup-button"]');
    const backups = () => readdirSync(ff.downloads).filter((name) => name.endsWith('.json'));
    await eventually(() => backups().length, 1);
    const [name = ''] = backups();
    expect(name).toMatch(/^(眉批-备份|meipi-backup)-\d{4}-\d{2}-\d{2}\.json$/);
    const file = join(ff.downloads, name);
    await eventually(() => readFileSync(file, 'utf8').includes('银杏叶落满了胡同'), true);

    await page.click('[data-testid="clear-all"]');
    await page.click('[data-testid="clear-all-confirm"]');
    await page.waitForSelector('[data-testid="library-empty"]');
    expect(await listAll()).toEqual([]);

    const input = await page.$('[data-testid="restore-input"]');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
    await eventually(
      () => page.$eval('[data-testid="restore-message"]', (el) => /3/.test(el.textContent ?? '')),
      true,
    );
    await eventually(async () => (await page.$$('[data-testid="library-item"]')).length, 3);
    expect(await listAll()).toEqual(before);
    await ff.screenshot(page, 'library-restored');
  });

  it('offers the notes as a zip where Firefox has no folder picker (the zip downloads), and local PDFs by drop or pick', async () => {
    const page = await ff.openPage('/library.html');
    await page.waitForSelector('[data-testid="vault-section"]');
    expect(await page.$('[data-testid="vault-pick"]')).toBeNull();
    expect(await page.$eval('[data-testid="vault-section"]', (el) => el.textContent)).toContain(
      '不能直接写入文件夹',
    );
    await page.click('[data-testid="vault-zip"]');
    const zips = () => readdirSync(ff.downloads).filter((name) => name.endsWith('.zip'));
    await eventually(() => zips().length, 1);
    expect(zips()[0]).toMatch(/^(眉批-笔记|meipi-notes)-\d{4}-\d{2}-\d{2}\.zip$/);
    // A zip: "PK" and one markdown note per source (two sources).
    await eventually(
      () =>
        readFileSync(join(ff.downloads, zips()[0] ?? ''))
          .subarray(0, 2)
          .toString(),
      'PK',
    );
    const bytes = readFileSync(join(ff.downloads, zips()[0] ?? '')).toString('latin1');
    expect(bytes.match(/\.md/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});
