import { afterEach, describe, expect, it } from 'vitest';
import { countPendingChanges, createAnnotation, putAnnotations } from '@/lib/db';
import { FIRST_SNAPSHOT_MIN, parseSyncFileName, SNAPSHOT_EVERY, SyncError } from '@/lib/sync';
import { contents, type Device, input, makeDevice, newFolder, settle } from './devices';

const devices: Device[] = [];
function device(folder = newFolder(), passphrase = ''): Device {
  const d = makeDevice(folder, passphrase);
  devices.push(d);
  return d;
}

async function failure(d: Device): Promise<SyncError> {
  const error = await d.sync().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

function names(folder: ReturnType<typeof newFolder>): string[] {
  return [...folder.files.keys()].sort();
}

describe('sync faults', () => {
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.db.delete();
  });

  it('a 401 in the middle of a sync stops it; the next sync completes it', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(a.db, input('甲', '一', 1));
    await a.sync();
    await createAnnotation(a.db, input('乙', '二', 2));
    await a.sync();
    await createAnnotation(b.db, input('丙', 'B 的', 3));
    b.remote.failRequest(3, 'auth');
    const error = await failure(b);
    expect([error.kind, error.remoteKind]).toEqual(['remote', 'auth']);
    await settle([a, b]);
    expect((await contents(a)).length).toBe(3);
    expect(await contents(a)).toEqual(await contents(b));
  });

  it('507 on upload keeps the change in the outbox; it goes out with the next sync', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await a.sync();
    await a.sync(); // meipi.json's etag now known: the next sync is list, then the upload
    await createAnnotation(a.db, input('甲', '满了', 1));
    a.remote.failRequest(2, 'full');
    expect((await failure(a)).remoteKind).toBe('full');
    expect(await countPendingChanges(a.db)).toBe(1);
    expect((await a.sync()).uploaded).toBe(1);
    expect(await countPendingChanges(a.db)).toBe(0);
    await b.sync();
    expect((await contents(b)).map((n) => n.note)).toEqual(['满了']);
  });

  it('a connection cut mid-upload leaves only a .tmp- file, which readers ignore; the retry sends it', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await a.sync();
    await createAnnotation(a.db, input('甲', '断线', 1));
    a.remote.cutNextWrite();
    expect((await failure(a)).remoteKind).toBe('offline');
    expect(names(folder).filter((n) => n.startsWith('.tmp-')).length).toBe(1);
    expect(await b.sync()).toMatchObject({ downloaded: 0, skipped: [] });
    await a.sync();
    await b.sync();
    expect((await contents(b)).map((n) => n.note)).toEqual(['断线']);
  });

  it('a worker stopped mid-sync restarts from its saved state: no file number reused, nothing lost', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await a.sync();
    await createAnnotation(a.db, input('甲', '第一次', 1));
    // Stopped during the upload (list, meipi.json once more, the upload): the reserved number was
    // saved, the batch never landed.
    a.remote.failRequest(3, 'offline');
    await failure(a);
    expect(a.state.nextSeq).toBe(2);
    await a.sync();
    // Stopped after the upload, before the outbox was cleared: the change goes out again.
    await createAnnotation(a.db, input('乙', '第二次', 2));
    await a.sync();
    await a.db.changes.toCollection().modify((row) => {
      delete row.sent;
    });
    await a.sync();
    const batches = names(folder).flatMap((n) => parseSyncFileName(n) ?? []);
    expect(batches.map((f) => f.seq)).toEqual([2, 3, 4]);
    await b.sync();
    expect(await contents(b)).toEqual(await contents(a));
  });

  it('skips corrupt and foreign files with a warning and applies the rest', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(a.db, input('甲', '会被损坏', 1));
    await a.sync();
    await createAnnotation(a.db, input('乙', '完好', 2));
    await a.sync();
    const [first] = names(folder).filter((n) => n.startsWith('c-'));
    folder.corrupt(first ?? '');
    const foreign = `c-${crypto.randomUUID()}-0000000001.json`;
    folder.put(foreign, new TextEncoder().encode('{"hello": "not meipi"}'));
    folder.put('desktop.ini', new TextEncoder().encode('[.ShellClassInfo]'));
    const report = await b.sync();
    expect(report.skipped.sort()).toEqual([first, foreign].sort());
    expect((await contents(b)).map((n) => n.note)).toEqual(['完好']);
    expect((await b.sync()).skipped).toEqual([]);
  });

  it('skips a plain file in an encrypted folder', async () => {
    const folder = newFolder();
    const a = device(folder, 'pass');
    await createAnnotation(a.db, input('甲', '加密', 1));
    await a.sync();
    const planted = `c-${crypto.randomUUID()}-0000000001.json`;
    folder.put(planted, new TextEncoder().encode('{}'));
    const b = device(folder, 'pass');
    expect((await b.sync()).skipped).toEqual([planted]);
    expect((await contents(b)).map((n) => n.note)).toEqual(['加密']);
  });

  it('a new device starts from a snapshot: a large first upload is one snapshot file', async () => {
    const folder = newFolder();
    const a = device(folder);
    const many = Array.from({ length: FIRST_SNAPSHOT_MIN }, (_, i) => ({
      ...input(`第${i}段`, `笔记${i}`, i),
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      color: 'yellow' as const,
      createdAt: 1_700_000_000_000 + i,
      updatedAt: 1_700_000_000_000 + i,
    }));
    await putAnnotations(a.db, many);
    await a.sync();
    expect(
      names(folder)
        .filter((n) => n !== 'meipi.json')
        .map((n) => n[0]),
    ).toEqual(['s']);
    await createAnnotation(a.db, input('后来的', '后来', 1));
    await a.sync();
    const c = device(folder);
    const report = await c.sync();
    expect(report.requests).toBe(4); // list, meipi.json, the snapshot, the later batch
    expect(report.downloaded).toBe(FIRST_SNAPSHOT_MIN + 1);
    expect(await contents(c)).toEqual(await contents(a));
  });

  it(`after ${SNAPSHOT_EVERY} batches a device compacts: one snapshot, only its own old files removed`, async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(b.db, input('B 的', 'B', 0));
    await b.sync();
    await a.sync();
    for (let i = 1; i <= SNAPSHOT_EVERY + 1; i++) {
      await createAnnotation(a.db, input(`A${i}`, `A 的第 ${i} 条`, i));
      await a.sync();
    }
    const files = names(folder).flatMap((n) => parseSyncFileName(n) ?? []);
    expect(files.filter((f) => f.device === a.state.deviceId).map((f) => f.kind)).toEqual(['snapshot']);
    expect(files.filter((f) => f.device === b.state.deviceId).map((f) => f.kind)).toEqual(['batch']);
    // B last read A before its batches were removed: it reads the snapshot now.
    await b.sync();
    expect(await contents(b)).toEqual(await contents(a));
    const c = device(folder);
    await c.sync();
    expect(await contents(c)).toEqual(await contents(a));
  });

  it('a batch removed by its writer between listing and reading is read from its snapshot next time', async () => {
    const folder = newFolder();
    const a = device(folder);
    const b = device(folder);
    await createAnnotation(a.db, input('甲', '零', 0));
    await a.sync();
    await b.sync();
    for (let i = 1; i <= SNAPSHOT_EVERY; i++) {
      await createAnnotation(a.db, input(`A${i}`, `第 ${i} 条`, i));
      await a.sync();
    }
    let compacted = false;
    b.remote.beforeOperation = async (op) => {
      if (op !== 'read' || compacted) return;
      compacted = true;
      await createAnnotation(a.db, input('压缩', '压缩时', 99));
      await a.sync();
    };
    await b.sync();
    b.remote.beforeOperation = undefined;
    await b.sync();
    expect(await contents(b)).toEqual(await contents(a));
  });
});
