import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Annotation, createAnnotation, type MeipiDatabase, openDatabase } from '@/lib/db';
import {
  chooseFolder,
  createVaultKeeper,
  exportToVault,
  readVaultView,
  type SourceNote,
  setVaultAuto,
  setVaultDeleted,
  type VaultDeps,
} from '@/lib/vault';
import { keepFoldersThroughClone, MemoryFolder, markerMerge, note } from './memory-folder';

/** One note per source, its body the quotes: enough to see what the keeper writes. */
function render(annotations: Annotation[]): SourceNote[] {
  const bySource = new Map<string, Annotation[]>();
  for (const a of annotations) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  return [...bySource].map(([source, list]) =>
    note(
      source.replace(/\W/g, ''),
      list[0]?.title ?? '',
      list
        .map((a) => `> ${a.quote}`)
        .sort()
        .join('\n'),
    ),
  );
}

let db: MeipiDatabase;
let deps: VaultDeps;

beforeEach(async () => {
  keepFoldersThroughClone();
  db = openDatabase(`vault-${crypto.randomUUID()}`);
  deps = { db, render, merge: markerMerge, exclusive: (work) => work(), now: () => 1_000 };
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await db.delete();
});

const save = (quote: string, source = 'https://example.com/a', title = '城市') =>
  createAnnotation(db, { source, title, quote, selectors: [] });

describe('the vault in the database', () => {
  it('shows no folder until one is chosen, then its name, with automatic export on', async () => {
    expect(await readVaultView(db)).toEqual({ folder: null, auto: true, deleted: 'mark', status: null });
    await chooseFolder(db, new MemoryFolder('Obsidian'));
    expect(await readVaultView(db)).toEqual({
      folder: 'Obsidian',
      auto: true,
      deleted: 'mark',
      status: null,
    });
    expect(
      await exportToVault({ ...deps, db: openDatabase(`none-${crypto.randomUUID()}`) }, true),
    ).toBeNull();
  });

  it('exports every annotation and records the status and the manifest', async () => {
    const folder = new MemoryFolder('Obsidian');
    await chooseFolder(db, folder);
    await save('第一条');
    await save('第二条', 'https://example.com/b', '分类');
    expect(await exportToVault(deps, true)).toEqual({ state: 'done', at: 1_000, written: 2, unchanged: 0 });
    expect(folder.paths()).toEqual(['分类.md', '城市.md'].sort());
    expect((await readVaultView(db)).status).toMatchObject({ state: 'done', written: 2 });
    expect(await db.vaultFiles.count()).toBe(2);
  });

  it('merges with the reader’s choice for highlights deleted in Meipi, kept across a new folder', async () => {
    const folder = new MemoryFolder('Obsidian');
    await chooseFolder(db, folder);
    await save('第一条');
    const merge = vi.fn(markerMerge);
    await exportToVault({ ...deps, merge }, true);
    await exportToVault({ ...deps, merge }, true);
    expect(merge).toHaveBeenLastCalledWith(expect.any(String), expect.any(String), { deleted: 'mark' });
    await setVaultDeleted(db, 'remove');
    await chooseFolder(db, new MemoryFolder('Vault 2'));
    expect((await readVaultView(db)).deleted).toBe('remove');
    await exportToVault({ ...deps, merge }, true);
    await exportToVault({ ...deps, merge }, true);
    expect(merge).toHaveBeenLastCalledWith(expect.any(String), expect.any(String), { deleted: 'remove' });
  });

  it('records a dropped permission for the library to ask again', async () => {
    const folder = new MemoryFolder('Obsidian');
    folder.permission = 'prompt';
    await chooseFolder(db, folder);
    await save('第一条');
    expect(await exportToVault(deps, false)).toEqual({ state: 'needs-permission', at: 1_000 });
    expect((await readVaultView(db)).status?.state).toBe('needs-permission');
  });

  it('keeps the manifest when the same folder is chosen again, and starts anew with another', async () => {
    const folder = new MemoryFolder('Obsidian');
    await chooseFolder(db, folder);
    await save('第一条');
    await exportToVault(deps, true);
    await chooseFolder(db, folder);
    expect(await db.vaultFiles.count()).toBe(1);
    await chooseFolder(db, new MemoryFolder('Other'));
    expect(await db.vaultFiles.count()).toBe(0);
  });
});

describe('the keeper', () => {
  it('exports once after a burst of changes settles, when automatic', async () => {
    const folder = new MemoryFolder('Obsidian');
    await chooseFolder(db, folder);
    await save('第一条');
    vi.useFakeTimers();
    const keeper = createVaultKeeper(deps, 2_000);
    keeper.changed();
    keeper.changed();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(folder.writes).toBe(0);
    keeper.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => expect(folder.writes).toBe(1));
  });

  it('leaves the folder alone when export is on demand', async () => {
    const folder = new MemoryFolder('Obsidian');
    await chooseFolder(db, folder);
    await setVaultAuto(db, false);
    await save('第一条');
    vi.useFakeTimers();
    createVaultKeeper(deps, 10).changed();
    await vi.advanceTimersByTimeAsync(100);
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(folder.writes).toBe(0);
    expect((await readVaultView(db)).auto).toBe(false);
  });
});
