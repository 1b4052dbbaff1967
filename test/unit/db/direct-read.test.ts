import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Annotation,
  listAnnotations,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  recentAnnotations,
} from '@/lib/db';
import { openDirectReader } from '@/lib/db/direct-read';
import { SCHEMA_VERSION } from '@/lib/db/layout';

const at = (n: number, patch: Partial<Annotation> = {}): Annotation => ({
  id: `id-${String(n).padStart(3, '0')}`,
  source: n % 3 === 0 ? 'https://example.com/a' : 'https://example.com/b',
  title: '示例',
  quote: `引文${n}`,
  selectors: [{ type: 'TextPositionSelector', start: 1000 - n, end: 1001 - n }],
  color: 'yellow',
  note: '',
  tags: [],
  createdAt: 1_700_000_000_000 + n,
  // Ties on purpose: the order among equal times must match Dexie's too.
  updatedAt: 1_700_000_000_000 + Math.floor(n / 4),
  ...patch,
});

const exists = async (name: string) => (await indexedDB.databases()).some((d) => d.name === name);

describe('the direct reader', () => {
  let name: string;
  let db: MeipiDatabase;
  beforeEach(async () => {
    name = `direct-${crypto.randomUUID()}`;
    db = openDatabase(name);
    await putAnnotations(
      db,
      Array.from({ length: 45 }, (_, n) => at(n)),
    );
    await putAnnotations(db, [at(99, { selectors: [], source: 'https://example.com/a' })]);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('reads what the background would answer, without Dexie', async () => {
    const reader = openDirectReader(name);
    for (const limit of [30, 1, 4, 46, 100, 0]) {
      expect((await reader.recent(limit))?.map((a) => a.id)).toEqual(
        (await recentAnnotations(db, limit)).map((a) => a.id),
      );
    }
    const page = await reader.listPage('https://example.com/a');
    expect(page).toEqual(await listAnnotations(db, { source: 'https://example.com/a' }));
    expect(page?.at(-1)?.id).toBe('id-099'); // the page note last
    expect(await reader.listPage('https://nowhere.example/')).toEqual([]);
  });

  it('knows the newest schema version', () => {
    expect(db.verno).toBe(SCHEMA_VERSION);
  });

  it('never creates the database: no database, no answer', async () => {
    const missing = `direct-missing-${crypto.randomUUID()}`;
    const reader = openDirectReader(missing);
    expect(await reader.recent(30)).toBeUndefined();
    expect(await reader.listPage('https://example.com/a')).toBeUndefined();
    expect(await exists(missing)).toBe(false);
  });

  it('gives no answer from a schema newer than it knows, and never holds up an upgrade', async () => {
    const reader = openDirectReader(name);
    expect(await reader.recent(1)).toHaveLength(1);
    db.close();
    // A later version of the extension upgrades the database while the popup is open.
    const upgrade = indexedDB.open(name, (SCHEMA_VERSION + 1) * 10);
    await new Promise((resolve, reject) => {
      upgrade.onsuccess = resolve;
      upgrade.onerror = () => reject(upgrade.error);
      upgrade.onblocked = () => reject(new Error('blocked by the reader'));
    });
    upgrade.result.close();
    expect(await reader.recent(30)).toBeUndefined();
    expect(await openDirectReader(name).recent(30)).toBeUndefined();
  });
});
