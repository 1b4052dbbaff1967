import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnnotation, listAnnotations, type MeipiDatabase, openDatabase } from '@/lib/db';
import {
  type BackgroundMessages,
  createMessenger,
  createRouter,
  messageErrorCode,
  type SyncStatusView,
} from '@/lib/messaging';
import { createServiceHandlers, describeSender } from '@/lib/service';
import {
  createSyncController,
  type KeyValueStore,
  SYNC_KEYS,
  type SyncController,
  type SyncEngine,
} from '@/lib/service/sync';
import {
  MemoryFolder,
  MemoryRemote,
  type Remote,
  RemoteError,
  type RemoteErrorKind,
  SyncError,
  type SyncErrorKind,
  syncOnce,
} from '@/lib/sync';
import { testEnvironment } from './test-environment';

const EXTENSION = 'chrome-extension://lpcmbjnnafoijdjdjgdfnbehflmkfddm/';
const library = describeSender({ url: `${EXTENSION}library.html` }, EXTENSION);
const page = describeSender(
  { url: 'https://a.example/', frameId: 0, tab: { id: 3, url: 'https://a.example/' } },
  EXTENSION,
);
const SETTINGS = {
  url: 'https://dav.example/notes/',
  username: 'reader',
  password: 'app-secret-1',
  passphrase: '芝麻开门',
};

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

/** A remote whose folder calls succeed, or fail as told. */
function remoteThat(fail?: () => never): Remote {
  const ok = async () => {
    fail?.();
  };
  return {
    list: async () => {
      fail?.();
      return [];
    },
    read: async () => new Uint8Array(),
    write: ok,
    create: async () => true,
    remove: ok,
    ensureFolder: ok,
    requests: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
}

const REPORT = {
  uploaded: 0,
  downloaded: 0,
  applied: 0,
  conflicts: 0,
  skipped: [],
  requests: 1,
  bytesSent: 0,
  bytesReceived: 0,
};

describe('the background’s sync service', () => {
  let db: MeipiDatabase;
  let store: ReturnType<typeof memoryStore>;
  let engine: SyncEngine;
  let remote: Remote;
  let published: SyncStatusView[];
  let controller: SyncController;
  let clock: number;

  const make = () =>
    createSyncController({
      db,
      store,
      engine,
      createRemote: () => remote,
      exclusive: (work) => work(),
      publish: (status) => published.push(status),
      onApplied: vi.fn(),
      now: () => clock,
      newDeviceId: () => 'device-a',
      changeDelayMs: 100,
    });

  beforeEach(() => {
    db = openDatabase(`sync-service-${crypto.randomUUID()}`);
    store = memoryStore();
    engine = { syncOnce: vi.fn(async () => REPORT) };
    remote = remoteThat();
    published = [];
    clock = 1_700_000_000_000;
    controller = make();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('answers extension pages only: every sync message is refused to a content script', async () => {
    const route = createRouter(createServiceHandlers(testEnvironment(db, { sync: controller })));
    const fromPage = createMessenger<BackgroundMessages>((m) => route(m, page));
    const fromLibrary = createMessenger<BackgroundMessages>((m) => route(m, library));
    const requests = [
      () => fromPage('sync/settings-get', {}),
      () => fromPage('sync/settings-save', { ...SETTINGS }),
      () => fromPage('sync/clear', {}),
      () => fromPage('sync/now', {}),
      () => fromPage('sync/status', {}),
    ];
    for (const request of requests) {
      await expect(request().catch((error: unknown) => messageErrorCode(error))).resolves.toBe('forbidden');
    }
    expect(engine.syncOnce).not.toHaveBeenCalled();
    expect(await fromLibrary('sync/status', {})).toMatchObject({ state: 'off' });
    // Sizes are bounded.
    const huge = 'x'.repeat(5_000);
    await expect(
      fromLibrary('sync/settings-save', { ...SETTINGS, password: huge }).catch((e: unknown) =>
        messageErrorCode(e),
      ),
    ).resolves.toBe('too-large');
  });

  it('never hands the password or the passphrase back: only whether each is set', async () => {
    expect(await controller.save(SETTINGS)).toEqual({ ok: true });
    const view = await controller.settings();
    expect(view).toEqual({ url: SETTINGS.url, username: 'reader', passwordSet: true, passphraseSet: true });
    expect(JSON.stringify(view)).not.toContain('app-secret-1');
    // A null secret keeps the saved one.
    expect(await controller.save({ ...SETTINGS, password: null, passphrase: null })).toEqual({ ok: true });
    expect(store.data.get(SYNC_KEYS.settings)).toMatchObject({
      password: 'app-secret-1',
      passphrase: '芝麻开门',
    });
  });

  it('refuses plain http to another machine and a bad URL, saving nothing; allows http to 127.0.0.1', async () => {
    expect(await controller.save({ ...SETTINGS, url: 'http://dav.example/' })).toEqual({
      ok: false,
      kind: 'insecure',
    });
    expect(await controller.save({ ...SETTINGS, url: 'not a url' })).toEqual({ ok: false, kind: 'url' });
    expect(store.data.has(SYNC_KEYS.settings)).toBe(false);
    expect(engine.syncOnce).not.toHaveBeenCalled();
    expect(await controller.save({ ...SETTINGS, url: 'http://127.0.0.1:8080/dav/' })).toEqual({ ok: true });
  });

  it('tests the connection (folder, listing, then a first sync) before saving; a failed test saves nothing', async () => {
    remote = remoteThat(() => {
      throw new RemoteError('auth', 'PROPFIND answered 401', 401);
    });
    expect(await controller.save(SETTINGS)).toEqual({ ok: false, kind: 'auth' });
    expect(engine.syncOnce).not.toHaveBeenCalled();
    remote = remoteThat();
    const syncError = (kind: SyncErrorKind, remoteKind?: RemoteErrorKind) =>
      new SyncError(kind, `refused: ${kind}`, remoteKind);
    for (const [error, kind] of [
      [syncError('wrong-passphrase'), 'wrong-passphrase'],
      [syncError('needs-passphrase'), 'needs-passphrase'],
      [syncError('remote', 'full'), 'full'],
    ] as const) {
      engine.syncOnce = vi.fn(async () => {
        throw error;
      });
      expect(await controller.save(SETTINGS)).toEqual({ ok: false, kind });
      expect(store.data.has(SYNC_KEYS.settings)).toBe(false);
      expect((await controller.status()).state).toBe('off');
    }
  });

  it('keeps credentials out of the status, even when an error message would carry them', async () => {
    await controller.save(SETTINGS);
    engine.syncOnce = vi.fn(async () => {
      throw new Error(`fetch https://reader:app-secret-1@dav.example/ failed (芝麻开门)`);
    });
    const status = await controller.syncNow();
    expect(status.state).toBe('error');
    expect(status.lastError?.kind).toBe('internal');
    const everywhere = JSON.stringify([status, published, store.data.get(SYNC_KEYS.status)]);
    expect(everywhere).not.toContain('app-secret-1');
    expect(everywhere).not.toContain('芝麻开门');
  });

  it('runs one sync at a time; requests made while one waits share the next run', async () => {
    await controller.save(SETTINGS);
    let inside = 0;
    let most = 0;
    let release = () => {};
    engine.syncOnce = vi.fn(async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      inside--;
      return REPORT;
    });
    const first = controller.syncNow();
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(1));
    const waiting = [controller.syncNow(), controller.syncNow(), controller.syncNow()];
    expect((await controller.status()).state).toBe('syncing');
    release();
    await first;
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(2));
    release();
    await Promise.all(waiting);
    expect(engine.syncOnce).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
  });

  it('syncs once, shortly after a burst of local changes; not at all while off', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    controller.changed();
    await sleep(250);
    expect(engine.syncOnce).not.toHaveBeenCalled();
    await controller.save(SETTINGS);
    vi.mocked(engine.syncOnce).mockClear();
    for (let i = 0; i < 5; i++) {
      controller.changed();
      await sleep(30);
    }
    expect(engine.syncOnce).not.toHaveBeenCalled();
    await sleep(250);
    expect(engine.syncOnce).toHaveBeenCalledTimes(1);
  });

  it('reports progress, pending changes, conflicts and the time; device state persists', async () => {
    await controller.save(SETTINGS);
    vi.mocked(engine.syncOnce).mockClear();
    await createAnnotation(db, { source: 'https://a.example/', title: 't', quote: 'q', selectors: [] });
    expect((await controller.status()).pending).toBe(1);
    engine.syncOnce = vi.fn(async (options) => {
      options.onProgress?.({ phase: 'upload', done: 1, total: 4 });
      await options.saveState({ ...options.state, nextSeq: options.state.nextSeq + 1 });
      return { ...REPORT, conflicts: 2, applied: 3, skipped: ['c-x-0000000001.json'] };
    });
    clock += 60_000;
    const status = await controller.syncNow();
    expect(status).toMatchObject({
      state: 'idle',
      lastSyncedAt: clock,
      conflicts: 2,
      skipped: 1,
      lastError: null,
    });
    expect(published.some((s) => s.state === 'syncing')).toBe(true);
    expect(store.data.get(SYNC_KEYS.device)).toMatchObject({ deviceId: 'device-a', nextSeq: 2 });
    const options = vi.mocked(engine.syncOnce).mock.calls[0]?.[0];
    expect(options?.passphrase).toBe('芝麻开门');
  });

  it('tells views to re-read only after the finished run’s status went out, so repainting never delays it', async () => {
    const seen: string[] = [];
    const onApplied = vi.fn(() => seen.push(published.at(-1)?.state ?? 'none'));
    controller = createSyncController({
      db,
      store,
      engine: { syncOnce: vi.fn(async () => ({ ...REPORT, applied: 2 })) },
      createRemote: () => remote,
      exclusive: (work) => work(),
      publish: (status) => published.push(status),
      onApplied,
      now: () => clock,
      newDeviceId: () => 'device-a',
    });
    await controller.save(SETTINGS);
    await controller.syncNow();
    expect(seen).toEqual(['idle', 'idle']);
  });

  it('a worker stopped mid-run leaves no "syncing" behind; turning off forgets the credentials', async () => {
    await controller.save(SETTINGS);
    await controller.syncNow();
    await store.set(SYNC_KEYS.status, { ...(await controller.status()), state: 'syncing' });
    const restarted = make();
    expect((await restarted.status()).state).toBe('idle');
    const off = await restarted.turnOff();
    expect(off.state).toBe('off');
    expect(await restarted.settings()).toBeNull();
    expect(JSON.stringify([...store.data.values()])).not.toContain('app-secret-1');
    // This device keeps its id for a later restart.
    expect(store.data.get(SYNC_KEYS.device)).toMatchObject({ deviceId: 'device-a' });
  });
});

describe('the sync service over the real engine and an in-memory folder', () => {
  const dbs: MeipiDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });

  function device(folder: MemoryFolder, name: string) {
    const db = openDatabase(`sync-real-${name}-${crypto.randomUUID()}`);
    dbs.push(db);
    const controller = createSyncController({
      db,
      store: memoryStore(),
      engine: { syncOnce },
      createRemote: () => new MemoryRemote(folder),
      exclusive: (work) => work(),
      publish: () => {},
      onApplied: () => {},
    });
    return { db, controller };
  }

  it('two devices converge; a wrong passphrase is refused and writes nothing', async () => {
    const folder = new MemoryFolder();
    const a = device(folder, 'a');
    const b = device(folder, 'b');
    const plain = { ...SETTINGS, passphrase: '' };
    await createAnnotation(a.db, {
      source: 'https://a.example/',
      title: '早市',
      quote: '豆浆油条',
      selectors: [],
      note: '最香',
    });
    expect(await a.controller.save(plain)).toEqual({ ok: true });
    expect((await a.controller.status()).pending).toBe(0);
    const files = [...folder.files.keys()].sort();

    expect(await b.controller.save({ ...plain, passphrase: '另一个口令' })).toEqual({
      ok: false,
      kind: 'not-encrypted',
    });
    expect([...folder.files.keys()].sort()).toEqual(files);
    expect(await b.controller.save(plain)).toEqual({ ok: true });
    expect((await listAnnotations(b.db)).map((x) => x.note)).toEqual(['最香']);
    expect(await b.controller.status()).toMatchObject({ state: 'idle', pending: 0, lastError: null });
  });
});
