import { afterEach, describe, expect, it } from 'vitest';
import {
  createAnnotation,
  deleteAnnotation,
  type ReviewRecord,
  saveReview,
  updateAnnotation,
} from '@/lib/db';
import { rate } from '@/lib/review';
import { CONFLICT_TAG, parseSyncFileName, SNAPSHOT_EVERY } from '@/lib/sync';
import { contents, type Device, input, makeDevice, newFolder, settle } from './devices';

const NOW = new Date(2026, 11, 1, 10);
const devices: Device[] = [];
function device(folder = newFolder()): Device {
  const d = makeDevice(folder);
  devices.push(d);
  return d;
}

/** Review state as every device should agree on it: without who wrote it. */
async function reviews(d: Device): Promise<Omit<ReviewRecord, 'device'>[]> {
  return (await d.db.reviews.toArray())
    .map(({ device: _device, ...r }) => r)
    .sort((x, y) => x.id.localeCompare(y.id));
}

async function pair() {
  const folder = newFolder();
  const a = device(folder);
  const b = device(folder);
  const note = await createAnnotation(a.db, input('垃圾分类志愿服务', '社区的做法值得推广', 1));
  await settle([a, b]);
  return { folder, a, b, id: note.id };
}

describe('review state between devices', () => {
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.db.delete();
  });

  it('brings A’s rating to B, and B’s later one back to A', async () => {
    const { a, b, id } = await pair();
    const first = await saveReview(a.db, rate(undefined, id, 'good', NOW));
    expect((await a.sync()).uploaded).toBe(1);
    expect(await b.sync()).toMatchObject({ downloaded: 1, applied: 1 });
    expect(await b.db.reviews.get(id)).toEqual({ ...first, device: a.state.deviceId });

    // Rated on B after it learnt A's: newer, whatever the clocks, and it wins on A.
    await saveReview(b.db, rate((await b.db.reviews.get(id)) as ReviewRecord, id, 'done', NOW));
    await settle([a, b]);
    expect((await a.db.reviews.get(id))?.retired).toBe(true);
    expect(await reviews(a)).toEqual(await reviews(b));
  });

  it('concurrent ratings: the later version wins on both, and no conflict copy is made', async () => {
    const { a, b, id } = await pair();
    await saveReview(a.db, rate(undefined, id, 'again', NOW));
    const later = await saveReview(b.db, rate(undefined, id, 'good', NOW));
    await settle([a, b]);
    expect((await reviews(a)).map((r) => r.updatedAt)).toEqual([later.updatedAt]);
    expect(await reviews(a)).toEqual(await reviews(b));
    expect((await contents(a)).length).toBe(1);
  });

  it('a rating on one device next to a note edit on the other keeps both, with no conflict copy', async () => {
    // Made on B, so B's copy is its own: a pending rating there must not count as a concurrent edit.
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    const { id } = await createAnnotation(b.db, input('公园城市示范区', 'B 的笔记', 2));
    await settle([a, b]);
    await updateAnnotation(a.db, id, { note: 'A 改了笔记' });
    await saveReview(b.db, rate(undefined, id, 'good', NOW));
    await settle([a, b]);
    for (const d of [a, b]) {
      const list = await contents(d);
      expect(list.map((x) => x.note)).toEqual(['A 改了笔记']);
      expect(list.some((x) => x.tags.includes(CONFLICT_TAG))).toBe(false);
      expect((await d.db.reviews.get(id))?.card.reps).toBe(1);
    }
  });

  it('deleting the annotation on one device removes its review state on the other, and a stale rating does not bring it back', async () => {
    const { a, b, id } = await pair();
    await saveReview(a.db, rate(undefined, id, 'good', NOW));
    await settle([a, b]);
    expect(await b.db.reviews.count()).toBe(1);
    await deleteAnnotation(b.db, id);
    const stale = await saveReview(
      a.db,
      rate((await a.db.reviews.get(id)) as ReviewRecord, id, 'again', NOW),
    );
    expect(stale.id).toBe(id);
    await settle([a, b]);
    expect(await a.db.reviews.count()).toBe(0);
    expect(await b.db.reviews.count()).toBe(0);
  });

  it('snapshots carry review state: a new device starting from one gets it', async () => {
    const { folder, a, b, id } = await pair();
    for (let i = 0; i <= SNAPSHOT_EVERY; i++) {
      await saveReview(
        a.db,
        rate((await a.db.reviews.get(id)) ?? undefined, id, i % 2 ? 'again' : 'good', NOW),
      );
      await a.sync();
    }
    const names = (await a.remote.list()).map((f) => parseSyncFileName(f.name)).filter((n) => n);
    expect(names.some((n) => n?.kind === 'snapshot' && n.device === a.state.deviceId)).toBe(true);
    const c = device(folder);
    await c.sync();
    expect(await reviews(c)).toEqual(await reviews(a));
    await b.sync();
    expect(await reviews(b)).toEqual(await reviews(a));
  });
});
