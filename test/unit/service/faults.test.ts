import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotation, type MeipiDatabase, openDatabase } from '@/lib/db';
import { createRouter } from '@/lib/messaging';
import { createServiceHandlers } from '@/lib/service';
import { testEnvironment } from './test-environment';

/** Makes every write fail the way a full disk does in Chromium, at Dexie's storage layer. */
function simulateQuotaExceeded(db: MeipiDatabase) {
  db.use({
    stack: 'dbcore',
    name: 'quota-exceeded',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: () =>
            Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
        };
      },
    }),
  });
}

describe('storage faults reach the user as readable errors, data intact', () => {
  let db: MeipiDatabase;
  beforeEach(() => {
    db = openDatabase(`faults-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('quota exceeded → a quota-exceeded error; existing annotations untouched', async () => {
    const kept = await createAnnotation(db, {
      source: 'https://a.example/',
      title: 'A',
      quote: '保留',
      selectors: [],
    });
    db.close();
    const full = openDatabase(db.name);
    simulateQuotaExceeded(full);
    const route = createRouter(createServiceHandlers(testEnvironment(full, { notifyChanged: () => {} })));
    const reply = await route(
      {
        type: 'annotations/create',
        payload: { input: { source: 'https://a.example/', title: 'A', quote: '新的', selectors: [] } },
      },
      { tabId: 1, url: 'https://a.example/' },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'quota-exceeded' } });
    const update = await route(
      { type: 'annotations/update', payload: { id: kept.id, patch: { note: 'x' } } },
      { extensionPage: true },
    );
    expect(update).toMatchObject({ ok: false, error: { code: 'quota-exceeded' } });
    full.close();

    const reopened = openDatabase(db.name);
    expect(await reopened.annotations.toArray()).toEqual([kept]);
    reopened.close();
  });
});
