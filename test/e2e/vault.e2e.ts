import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { create, lastDownload, recordDownloadNames } from './popup-helpers';

/**
 * The notes folder in real Chromium. The native folder picker can't be driven headless, so the
 * test chooses the folder the way the picker would leave it: a directory handle (of the origin
 * private file system, the same FileSystemDirectoryHandle API, readable from here) stored in the
 * extension's own IndexedDB from one of its pages. Nothing in the build opens that way in: web
 * pages can neither reach the library page nor the extension's storage.
 */

const FOLDER = 'vault-e2e';

/** Stores an OPFS folder as the chosen vault folder, straight into the `vault` table. */
async function chooseOpfsFolder(page: Page, auto: boolean): Promise<void> {
  await page.evaluate(
    async ({ name, auto }) => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getDirectoryHandle(name, { create: true });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('meipi');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('vault', 'readwrite');
        tx.objectStore('vault').put({ key: 'folder', handle, auto });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: FOLDER, auto },
  );
}

/** The folder's files: name → text. */
function readFolder(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async (name) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const files: Record<string, string> = {};
    for await (const entry of (folder as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
      if (entry.kind === 'file')
        files[entry.name] = await (await (entry as FileSystemFileHandle).getFile()).text();
    }
    return files;
  }, FOLDER);
}

function writeFile(page: Page, file: string, text: string): Promise<void> {
  return page.evaluate(
    async ({ name, file, text }) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, {
        create: true,
      });
      const writable = await (await folder.getFileHandle(file, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    },
    { name: FOLDER, file, text },
  );
}

describe('notes folder', () => {
  const ext = useExtension();

  it('exports one note per source, keeps the reader’s edits on re-export, and follows changes by itself', async () => {
    const page = await ext.openPage('/library.html');
    await create(page, {
      source: 'https://example.com/city',
      title: '城市长效管理',
      quote: '构建文明创建常态化长效机制',
      selectors: [],
      note: '要点',
    });
    await create(page, {
      source: 'https://example.com/waste',
      title: '垃圾分类',
      quote: '垃圾分类志愿服务',
      selectors: [],
    });
    await writeFile(page, '垃圾分类.md', '# 我自己的垃圾分类笔记\n');
    await chooseOpfsFolder(page, false);
    await page.reload();
    await expect.poll(() => page.getByTestId('vault-status').textContent()).toBe(`已选择文件夹「${FOLDER}」`);

    await page.getByTestId('vault-export-now').click();
    await expect
      .poll(() => page.getByTestId('vault-status').textContent())
      .toMatch(/写入 2 个文件，0 个没有变化/);
    let files = await readFolder(page);
    expect(Object.keys(files).sort()).toEqual(['城市长效管理.md', '垃圾分类 (2).md', '垃圾分类.md'].sort());
    expect(files['垃圾分类.md']).toBe('# 我自己的垃圾分类笔记\n');
    expect(files['城市长效管理.md']).toContain('构建文明创建常态化长效机制');
    // The notes are lib/export's: the reader's template (the default), a block id per highlight.
    expect(files['城市长效管理.md']).toMatch(/^---\n[\s\S]*meipi-id: [\s\S]*\n---\n/);
    expect(files['城市长效管理.md']).toMatch(/\^mp-[0-9a-z]+\n/);

    // The reader writes in the note; Meipi gets a new highlight; export again.
    // Obsidian keeps the front matter first: the reader writes below it, and at the end.
    const written = files['城市长效管理.md'] ?? '';
    const body = written.indexOf('\n---\n') + 5;
    await writeFile(
      page,
      '城市长效管理.md',
      `${written.slice(0, body)}# 我的读书笔记\n\n${written.slice(body)}\n## 想法\n长效机制要落地。\n`,
    );
    await create(page, {
      source: 'https://example.com/city',
      title: '城市长效管理',
      quote: '市长主持会议',
      selectors: [],
    });
    await page.getByTestId('vault-export-now').click();
    await expect
      .poll(() => page.getByTestId('vault-status').textContent())
      .toMatch(/写入 1 个文件，1 个没有变化/);
    files = await readFolder(page);
    expect(files['城市长效管理.md']).toContain('# 我的读书笔记');
    expect(files['城市长效管理.md']).toContain('## 想法\n长效机制要落地。');
    expect(files['城市长效管理.md']).toContain('市长主持会议');
    expect(files['城市长效管理.md']).toContain('构建文明创建常态化长效机制');

    // Automatic: the background exports shortly after a change, no click.
    await page.getByTestId('vault-auto').check();
    // Switching it on exports at once; the change after that is the background's to export.
    await expect
      .poll(() => page.getByTestId('vault-status').textContent())
      .toMatch(/写入 0 个文件，2 个没有变化/);
    await ext.screenshot(page, 'library-vault-section', { viewport: true });
    await create(page, {
      source: 'https://example.com/waste',
      title: '垃圾分类',
      quote: '厨余垃圾单独投放',
      selectors: [],
    });
    await expect
      .poll(async () => (await readFolder(page))['垃圾分类 (2).md'] ?? '', { timeout: 20_000 })
      .toContain('厨余垃圾单独投放');
    expect((await readFolder(page))['垃圾分类.md']).toBe('# 我自己的垃圾分类笔记\n');
    await page.close();
  });

  it('downloads the same notes as a zip, one file per source', async () => {
    const page = await ext.openPage('/library.html');
    await recordDownloadNames(page);
    const started = Date.now() - 1000;
    await page.getByTestId('vault-zip').click();
    const { path } = await lastDownload(page, started);
    const names = await page.evaluate(() => (window as unknown as { __names: string[] }).__names);
    expect(names.at(-1)).toMatch(/^(眉批-笔记|meipi-__)-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(readFileSync(path));
    expect(Object.keys(files).sort()).toEqual(['城市长效管理.md', '垃圾分类.md'].sort());
    expect(strFromU8(files['垃圾分类.md'] as Uint8Array)).toContain('厨余垃圾单独投放');
    await page.close();
  });

  it('says so when the folder is gone, and keeps it chosen until another is picked', async () => {
    const page = await ext.openPage('/library.html');
    await page.evaluate(async (name) => {
      await (await navigator.storage.getDirectory()).removeEntry(name, { recursive: true });
    }, FOLDER);
    await page.getByTestId('vault-export-now').click();
    await expect
      .poll(() => page.getByTestId('vault-status').textContent())
      .toBe(`找不到文件夹「${FOLDER}」（已移动或删除）：请重新选择；笔记都还在眉批里`);
    await page.reload();
    await expect.poll(() => page.getByTestId('vault-pick').textContent()).toBe('换一个文件夹…');
    await expect.poll(() => page.getByTestId('vault-status').textContent()).toContain('找不到文件夹');
    await page.close();
  });
});
