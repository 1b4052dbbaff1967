// Maintenance yields to requests: a save while a large import's block is being re-indexed by
// words lands at once, and is indexed and found; edits and deletes meanwhile are not lost.
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createAnnotation,
  deleteAnnotation,
  type MeipiDatabase,
  openDatabase,
  putAnnotations,
  updateAnnotation,
} from '../../../lib/db';
import { initSegmenter, maintainSearchIndex, searchAnnotations } from '../../../lib/search';
import { BlockView, blockTuning } from '../../../lib/search/blocks';
import { benchCorpus } from '../../fixtures/export/corpus';

beforeAll(async () => {
  await initSegmenter();
});

let counter = 0;
/** A database holding one block of `n` imported annotations, by characters only. */
async function importedByCharacters(n: number): Promise<MeipiDatabase> {
  const inline = blockTuning.wordsInlineMax;
  onTestFinished(() => {
    blockTuning.wordsInlineMax = inline;
  });
  blockTuning.wordsInlineMax = n - 1;
  const db = openDatabase(`maintenance-unit-${++counter}`);
  await putAnnotations(db, benchCorpus(n));
  expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([false]);
  return db;
}

const ids = async (db: MeipiDatabase, query: string) =>
  (await searchAnnotations(db, query, { limit: 10_000 })).map((h) => h.annotation.id);

describe('index maintenance', () => {
  it('lets a save through while it re-indexes a large import, and indexes the save', async () => {
    const db = await importedByCharacters(1_000);
    const corpus = benchCorpus(1_000);
    const maintaining = maintainSearchIndex(db);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const saved = await createAnnotation(db, {
      source: 'https://example.com/',
      title: '例子',
      quote: '琵琶行的序言',
      selectors: [],
    });
    // Saved while the words are still being added: not queued behind the whole rebuild.
    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([false]);
    const [edited, deleted] = corpus;
    await updateAnnotation(db, edited?.id ?? '', { note: '琵琶声停' });
    await deleteAnnotation(db, deleted?.id ?? '');
    await maintaining;

    expect((await db.indexBlocks.toArray()).map((b) => b.segmented)).toEqual([true]);
    expect((await ids(db, '琵琶')).sort()).toEqual([saved.id, edited?.id].sort());
    expect(await ids(db, '琵琶行')).toEqual([saved.id]);
    const view = await BlockView.open(db);
    const live = view.blocks.flatMap((b) => view.liveMembers(b));
    const rows = (await db.searchIndex.toCollection().primaryKeys()) as string[];
    // Every annotation indexed in exactly one place, the deleted one nowhere.
    expect([...live, ...rows].sort()).toEqual(
      [saved.id, ...corpus.filter((a) => a !== deleted).map((a) => a.id)].sort(),
    );
    expect((await ids(db, '图书馆')).length).toBe(corpus.filter((a) => a.quote.includes('图书馆')).length);
  });
});
