import type { Table } from 'dexie';

// Chromium's IndexedDB answers a bulkGet or bulkDelete one request per key: for thousands of keys
// against a small table (sync's tombstones and versions, or any table of a fresh profile) one read
// of the whole table is far faster.

const WHOLE_TABLE_FROM = 500;

/** Rows of these keys (undefined where absent), by key or from one read of a small table. */
export async function rowsOf<T extends { id: string }, Insert>(
  table: Table<T, string, Insert>,
  ids: readonly string[],
): Promise<(T | undefined)[]> {
  if (ids.length < WHOLE_TABLE_FROM || (await table.count()) > ids.length * 2) return table.bulkGet([...ids]);
  const byId = new Map((await table.toArray()).map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

/** Which of these keys the table holds (all of them, unchecked, for a few keys: deleting is as cheap). */
export async function storedKeys<T, Insert>(
  table: Table<T, string, Insert>,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length < WHOLE_TABLE_FROM) return [...ids];
  const stored = new Set((await table.toCollection().primaryKeys()) as string[]);
  return ids.filter((id) => stored.has(id));
}
