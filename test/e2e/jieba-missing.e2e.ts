import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask, EXTENSION_DIR } from './harness';
import { selectText, totalPainted } from './selection';

/**
 * The jieba wasm fails to load (here: it is missing from the package). Saving must still work,
 * search must still find by characters, and the popup must say that word search is unavailable.
 */
describe('without the jieba wasm', () => {
  let brokenBuild: string;
  beforeAll(() => {
    brokenBuild = mkdtempSync(join(tmpdir(), 'meipi-no-jieba-'));
    cpSync(EXTENSION_DIR, brokenBuild, { recursive: true });
    rmSync(join(brokenBuild, 'jieba.wasm'));
  });
  // Registered first, so it runs last: after the browser using the copy has closed.
  afterAll(() => {
    rmSync(brokenBuild, { recursive: true, force: true });
  });
  const ext = useExtension({ launch: () => ({ extensionDir: brokenBuild }) });

  it('still saves, still finds by characters, and says word search is unavailable', async () => {
    const reader = await ext.openArticle(2);
    await selectText(reader, '[data-testid="article-body"]', '启动垃圾分类志愿服务系列活动');
    await reader.getByTestId('note-button').click();
    await reader.getByTestId('note-input').fill('分词坏了也要能存');
    await reader.getByTestId('note-save').click();
    await expect.poll(() => totalPainted(reader)).toBe(1);

    const result = await ask(reader, 'search/query', { query: '垃圾分类', options: {} });
    expect(result.segmenter).toBe('failed');
    expect(result.hits.map((h) => h.annotation.note)).toEqual(['分词坏了也要能存']);

    const popup = await ext.openPage('/popup.html');
    await popup.getByTestId('search-input').fill('志愿服务');
    await expect.poll(() => popup.getByTestId('annotation-item').count()).toBe(1);
    await expect(popup.getByTestId('degraded-hint').textContent()).resolves.toMatch(/分词不可用|unavailable/);
    await ext.screenshot(popup, 'popup-jieba-missing');
  });
});
