import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allSyncRecords,
  applySyncedRecords,
  changeLogSize,
  countPendingChanges,
  createAnnotation,
  deleteAnnotations,
  dropSentChanges,
  type MeipiDatabase,
  markChangesSent,
  openDatabase,
  putAnnotations,
  readChangeLog,
  readSyncRecords,
  updateAnnotation,
} from '@/lib/db';
import { initSegmenter, searchAnnotations } from '@/lib/search';

const input = (quote: string) => ({
  source: 'https://example.com/a',
  title: '示例',
  quote,
  selectors: [{ type: 'TextQuoteSelector' as const, exact: quote }],
});

async function loggedIds(db: MeipiDatabase): Promise<string[]> {
  return (await readChangeLog(db)).map((row) => row.id);
}

describe('lib/db records for sync', () => {
  let db: MeipiDatabase;
  beforeEach(() => {
    db = openDatabase(`sync-records-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('logs every local write in the change log, in order', async () => {
    const a = await createAnnotation(db, input('甲'));
    const b = await createAnnotation(db, input('乙'));
    await updateAnnotation(db, a.id, { note: '改' });
    await deleteAnnotations(db, [b.id, 'unknown-id']);
    await putAnnotations(db, [b]);
    expect(await loggedIds(db)).toEqual([a.id, b.id, a.id, b.id, b.id]);
    expect(await countPendingChanges(db)).toBe(2);
  });

  it('a deletion leaves a tombstone newer than the deleted version; putting it back removes it and wins over it', async () => {
    const a = await createAnnotation(db, input('甲'));
    await deleteAnnotations(db, [a.id]);
    const deleted = (await readSyncRecords(db, [a.id])).get(a.id);
    expect(deleted?.annotation).toBeUndefined();
    expect(deleted?.at).toBeGreaterThan(a.updatedAt);
    await putAnnotations(db, [a]);
    const back = (await readSyncRecords(db, [a.id])).get(a.id);
    expect(back?.annotation).toEqual(a);
    expect(back?.at).toBeGreaterThan(deleted?.at ?? Number.POSITIVE_INFINITY);
    expect(await db.tombstones.count()).toBe(0);
  });

  it('applies other devices’ records without logging them; they are searchable (pinyin too), and a local edit beats their version', async () => {
    await initSegmenter();
    const ahead = Date.now() + 86_400_000;
    const remote = {
      id: 'r1',
      source: 'https://example.com/b',
      title: '远程',
      quote: '垃圾分类',
      selectors: [{ type: 'TextQuoteSelector' as const, exact: '垃圾分类' }],
      color: 'green' as const,
      note: '远方的笔记',
      tags: ['环保'],
      createdAt: 1,
      updatedAt: ahead,
    };
    await applySyncedRecords(db, [
      { id: 'r1', at: ahead, device: 'dev-b', annotation: remote },
      { id: 'gone', at: 5, device: 'dev-b' },
    ]);
    expect(await readChangeLog(db)).toEqual([]);
    expect((await searchAnnotations(db, 'ljfl')).map((h) => h.annotation.id)).toEqual(['r1']);
    const records = await readSyncRecords(db, ['r1', 'gone']);
    expect(records.get('r1')).toMatchObject({ at: ahead, device: 'dev-b' });
    expect(records.get('gone')).toEqual({ id: 'gone', at: 5, device: 'dev-b' });

    const edited = await updateAnnotation(db, 'r1', { note: '本地' });
    expect(edited.updatedAt).toBeGreaterThan(ahead);
    expect((await readSyncRecords(db, ['r1'])).get('r1')).toMatchObject({
      at: edited.updatedAt,
      device: undefined,
    });
    expect((await allSyncRecords(db)).map((r) => r.id).sort()).toEqual(['gone', 'r1']);
  });

  it('marks the outbox sent, keeps rows written meanwhile, and drops sent rows later', async () => {
    const a = await createAnnotation(db, input('甲'));
    const [row] = await readChangeLog(db);
    const b = await createAnnotation(db, input('乙'));
    await markChangesSent(db, row?.seq ?? 0, 7);
    expect((await readChangeLog(db)).map((r) => [r.id, r.sent])).toEqual([
      [a.id, 7],
      [b.id, undefined],
    ]);
    expect(await countPendingChanges(db)).toBe(1);
    expect((await dropSentChanges(db)).map((r) => r.id)).toEqual([b.id]);
    expect(await loggedIds(db)).toEqual([b.id]);
  });

  it('the log grows with every local write, an edit of a pending annotation too, and shrinks only as syncs drop it', async () => {
    expect(await changeLogSize(db)).toBe(0);
    const a = await createAnnotation(db, input('甲'));
    await updateAnnotation(db, a.id, { note: '改' });
    expect(await changeLogSize(db)).toBe(2);
    const rows = await readChangeLog(db);
    await markChangesSent(db, rows.at(-1)?.seq ?? 0, 1);
    expect(await changeLogSize(db)).toBe(2);
    await dropSentChanges(db);
    expect(await changeLogSize(db)).toBe(0);
    await createAnnotation(db, input('乙'));
    expect(await changeLogSize(db)).toBe(1);
  });

  it('drops sent rows that are not the oldest ones too, keeping the outbox', async () => {
    await db.changes.bulkAdd([{ id: 'x' }, { id: 'y', sent: 3 }, { id: 'z', sent: 3 }]);
    expect((await dropSentChanges(db)).map((r) => r.id)).toEqual(['x']);
    expect(await loggedIds(db)).toEqual(['x']);
  });
});
