import type { MeipiDatabase } from '../db/schema';
import type { VaultFileRecord, VaultRecord } from '../db/vault-tables';
import type { VaultFolder } from './folder';

/** The last export's outcome, as the library shows it. */
export type VaultStatus =
  | { state: 'done'; at: number; written: number; unchanged: number }
  | { state: 'needs-permission' | 'missing' | 'not-writable' | 'failed'; at: number };

/** The vault as the library shows it: the folder's name (null: none chosen), the setting, the status. */
export interface VaultView {
  folder: string | null;
  auto: boolean;
  /** A highlight deleted in Meipi: its block in the note marked, or removed. */
  deleted: 'mark' | 'remove';
  status: VaultStatus | null;
}

const KEY = 'folder';

export async function readVault(db: MeipiDatabase): Promise<VaultRecord | undefined> {
  return db.vault.get(KEY);
}

export function folderOf(record: VaultRecord | undefined): VaultFolder | undefined {
  return record?.handle as VaultFolder | undefined;
}

export async function readVaultView(db: MeipiDatabase): Promise<VaultView> {
  const record = await readVault(db);
  return {
    folder: folderOf(record)?.name ?? null,
    auto: record?.auto ?? true,
    deleted: record?.deleted ?? 'mark',
    status: (record?.status as VaultStatus | undefined) ?? null,
  };
}

/**
 * Keeps the folder the reader chose. The manifest describes the folder it was written for: it goes
 * with a different folder, and stays when the same folder is chosen again.
 */
export async function chooseFolder(db: MeipiDatabase, folder: VaultFolder): Promise<void> {
  // Outside the transaction: a promise that isn't IndexedDB's would let it commit early.
  const previous = folderOf(await readVault(db));
  const same = previous?.isSameEntry ? await previous.isSameEntry(folder).catch(() => false) : false;
  await db.transaction('rw', db.vault, db.vaultFiles, async () => {
    if (!same) await db.vaultFiles.clear();
    const record = await readVault(db);
    await db.vault.put({ key: KEY, handle: folder, auto: record?.auto ?? true, deleted: record?.deleted });
  });
}

export async function setVaultAuto(db: MeipiDatabase, auto: boolean): Promise<void> {
  await db.transaction('rw', db.vault, async () => {
    const record = await readVault(db);
    await db.vault.put({ ...record, key: KEY, auto });
  });
}

/** How re-exports treat highlights deleted in Meipi; the next export applies it to every note. */
export async function setVaultDeleted(db: MeipiDatabase, deleted: 'mark' | 'remove'): Promise<void> {
  await db.transaction('rw', db.vault, async () => {
    const record = await readVault(db);
    await db.vault.put({ ...record, key: KEY, auto: record?.auto ?? true, deleted });
  });
}

export async function setVaultStatus(db: MeipiDatabase, status: VaultStatus): Promise<void> {
  await db.transaction('rw', db.vault, async () => {
    const record = await readVault(db);
    if (record) await db.vault.put({ ...record, status });
  });
}

export async function readManifest(db: MeipiDatabase): Promise<Map<string, VaultFileRecord>> {
  return new Map((await db.vaultFiles.toArray()).map((row) => [row.id, row]));
}

export async function saveManifest(db: MeipiDatabase, entries: VaultFileRecord[]): Promise<void> {
  await db.vaultFiles.bulkPut(entries);
}
