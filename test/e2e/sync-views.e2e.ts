import { describe, expect, it } from 'vitest';
import { useExtension } from './fixture';
import { ask } from './harness';
import { selectText, totalPainted } from './selection';

const BODY = '[data-testid="article-body"]';

/** Two views of one article edit the same annotation: last write wins, every view follows, nothing doubles. */
describe('two tabs and the popup on the same annotation', () => {
  const ext = useExtension();

  it('keeps every view in step and never duplicates', async () => {
    const first = await ext.openArticle(2);
    const articleUrl = first.url();
    const second = await ext.context.newPage();
    await second.goto(articleUrl);
    await second.getByTestId('article-body').waitFor();

    await first.bringToFront();
    await selectText(first, BODY, '启动垃圾分类志愿服务系列活动');
    await first.getByTestId('color-blue').click();
    await expect.poll(() => totalPainted(first)).toBe(1);
    await expect.poll(() => totalPainted(second)).toBe(1); // the other tab follows without a reload

    const source = await first.evaluate(
      () => `meipi:article/${new URLSearchParams(location.search).get('article')}`,
    );
    const [saved] = await ask(first, 'annotations/list', { source });
    if (!saved) throw new Error('nothing saved');

    // Both tabs (and the popup) write the same annotation at nearly the same time.
    const popup = await ext.openPage('/popup.html');
    const writes = await Promise.all([
      ask(first, 'annotations/update', { id: saved.id, patch: { note: '来自第一个标签页' } }),
      ask(second, 'annotations/update', { id: saved.id, patch: { note: '来自第二个标签页' } }),
      ask(popup, 'annotations/update', { id: saved.id, patch: { color: 'pink' } }),
    ]);
    const newest = writes.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
    const stored = await ask(first, 'annotations/list', { source });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual(newest); // the last write, whole
    expect(new Set(writes.map((w) => w.updatedAt)).size).toBe(3); // writes are ordered, never tied

    await ask(second, 'annotations/delete', { id: saved.id });
    await expect.poll(() => totalPainted(first)).toBe(0);
    await expect.poll(() => totalPainted(second)).toBe(0);
    expect(await ask(first, 'annotations/list', { source })).toEqual([]);
  });
});
