import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnnotation, deleteAnnotation, getAnnotation, updateAnnotation } from '@/lib/db';
import { initSegmenter, searchAnnotations } from '@/lib/search';
import { CONFLICT_TAG } from '@/lib/sync';
import { contents, type Device, input, makeDevice, newFolder, settle } from './devices';

const devices: Device[] = [];
function device(folder = newFolder(), passphrase = ''): Device {
  const d = makeDevice(folder, passphrase);
  devices.push(d);
  return d;
}

describe('sync between devices', () => {
  beforeAll(async () => {
    await initSegmenter();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.db.delete();
  });

  it('brings A’s three notes to B exactly, searchable there (pinyin too)', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(a.db, input('垃圾分类志愿服务', '社区的做法值得推广', 1));
    await createAnnotation(a.db, input('公园城市示范区', '第二条笔记', 2));
    await createAnnotation(a.db, input('天府绿道', 'third note', 3));
    expect((await a.sync()).uploaded).toBe(3);
    const report = await b.sync();
    expect(report).toMatchObject({ downloaded: 3, applied: 3, conflicts: 0, skipped: [] });
    expect(await contents(b)).toEqual(await contents(a));
    expect((await searchAnnotations(b.db, '志愿')).map((h) => h.annotation.quote)).toEqual([
      '垃圾分类志愿服务',
    ]);
    expect((await searchAnnotations(b.db, 'ljfl')).length).toBe(1);
    expect((await searchAnnotations(b.db, '推广')).length).toBe(1);
  });

  it('sends B’s edit and deletion back to A', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    const one = await createAnnotation(a.db, input('甲段', '原笔记', 1));
    const two = await createAnnotation(a.db, input('乙段', '要删', 2));
    await a.sync();
    await b.sync();
    await updateAnnotation(b.db, one.id, { note: 'B 改过的笔记', color: 'pink' });
    await deleteAnnotation(b.db, two.id);
    await b.sync();
    const report = await a.sync();
    expect(report.applied).toBe(2);
    expect(await getAnnotation(a.db, one.id)).toMatchObject({ note: 'B 改过的笔记', color: 'pink' });
    expect(await getAnnotation(a.db, two.id)).toBeUndefined();
    expect(await contents(a)).toEqual(await contents(b));
    expect((await searchAnnotations(a.db, '要删')).length).toBe(0);
  });

  it('never resurrects a deletion with an older edit', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    const x = await createAnnotation(a.db, input('一段话', '笔记', 1));
    await a.sync();
    await b.sync();
    await updateAnnotation(a.db, x.id, { note: 'A 离线时改的（更早）' });
    await new Promise((r) => setTimeout(r, 5));
    await deleteAnnotation(b.db, x.id);
    await b.sync();
    await a.sync();
    await b.sync();
    const c = device(folder);
    await c.sync();
    for (const d of [a, b, c]) expect(await getAnnotation(d.db, x.id)).toBeUndefined();
  });

  for (const order of ['A first', 'B first'] as const) {
    it(`keeps both texts when both edit one note offline (${order}), with one conflict copy`, async () => {
      const folder = newFolder();
      const a = device(folder);
      const b = device(folder);
      const x = await createAnnotation(a.db, input('同一段', '原文', 1));
      await a.sync();
      await b.sync();
      await updateAnnotation(a.db, x.id, { note: 'A 的想法' });
      await updateAnnotation(b.db, x.id, { note: 'B 的想法' });
      const [first, second] = order === 'A first' ? [a, b] : [b, a];
      await first.sync();
      const resolved = await second.sync();
      expect(resolved.conflicts).toBe(1);
      await settle([a, b]);
      await settle([b, a]);
      const onA = await contents(a);
      expect(onA).toEqual(await contents(b));
      expect(onA.map((n) => n.note).sort()).toEqual(['A 的想法', 'B 的想法']);
      const copy = onA.find((n) => n.id !== x.id);
      expect(copy).toMatchObject({
        quote: '同一段',
        source: x.source,
        selectors: x.selectors,
        color: x.color,
      });
      expect(copy?.tags).toContain(CONFLICT_TAG);
      // B edited last: B's text stays on the annotation, A's is the copy.
      expect((await getAnnotation(a.db, x.id))?.note).toBe('B 的想法');
    });
  }

  it('makes one copy when both devices sync at the same time (each uploads before seeing the other)', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    const x = await createAnnotation(a.db, input('同一段', '原文', 1));
    await a.sync();
    await b.sync();
    await updateAnnotation(a.db, x.id, { note: 'A 的想法' });
    await updateAnnotation(b.db, x.id, { note: 'B 的想法' });
    await createAnnotation(b.db, input('B 新的', '新', 2));
    // Both list the folder before either writes: neither sees the other's batch in this sync.
    let listed = 0;
    let release: () => void = () => {};
    const bothListed = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const d of [a, b])
      d.remote.beforeOperation = async (op) => {
        if (op === 'list' && ++listed === 2) release();
        if (op === 'write') await bothListed;
      };
    const reports = await Promise.all([a.sync(), b.sync()]);
    expect(reports.map((r) => r.downloaded)).toEqual([0, 0]);
    for (const d of [a, b]) d.remote.beforeOperation = undefined;
    await settle([a, b]);
    const onA = await contents(a);
    expect(onA).toEqual(await contents(b));
    expect(onA.map((n) => n.note).sort()).toEqual(['A 的想法', 'B 的想法', '新']);
  });

  it('converges with clocks a day apart; an edit made after seeing a day-ahead one still wins', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    const day = 86_400_000;
    const x = await createAnnotation(a.db, input('时钟', '原文', 1));
    await a.sync();
    await b.sync();
    const { putAnnotations } = await import('@/lib/db');
    // B's clock runs a day ahead, A's a day behind.
    await putAnnotations(b.db, [{ ...x, note: 'B 超前的编辑', updatedAt: Date.now() + day }]);
    await putAnnotations(a.db, [
      { ...(await createAnnotation(a.db, input('A 滞后', '滞后', 2))), updatedAt: Date.now() - day },
    ]);
    await settle([a, b]);
    expect(await contents(a)).toEqual(await contents(b));
    expect((await getAnnotation(a.db, x.id))?.note).toBe('B 超前的编辑');
    await updateAnnotation(a.db, x.id, { note: 'A 看过之后再改' });
    await settle([a, b]);
    expect((await getAnnotation(b.db, x.id))?.note).toBe('A 看过之后再改');
    expect(await contents(a)).toEqual(await contents(b));
  });

  it('costs one request when nothing is new, three to send one change, two to receive it', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(a.db, input('一', '一', 1));
    await a.sync();
    await b.sync();
    await a.sync();
    await b.sync();
    expect((await a.sync()).requests).toBe(1);
    expect((await b.sync()).requests).toBe(1);
    await createAnnotation(a.db, input('二', '二', 2));
    const up = await a.sync();
    const down = await b.sync();
    expect(up.requests).toBeLessThanOrEqual(6);
    expect(up.requests).toBe(3);
    expect(down.requests).toBe(2);
    expect((await b.sync()).requests).toBe(1);
  });
});
