// Before jieba is ready (a cold service worker): rows are written with character terms only,
// queries are answered by characters, and maintainSearchIndex upgrades the rows afterwards.
// This file must not call initSegmenter before the "cold" tests: the segmenter is module state.
import { describe, expect, it } from 'vitest';
import { openDatabase, putAnnotations } from '../../../lib/db';
import { initSegmenter, isSegmenterReady, maintainSearchIndex, searchAnnotations } from '../../../lib/search';
import { blockTuning } from '../../../lib/search/blocks';
import {
  precisionRecall,
  queryCases,
  relevanceCorpus,
  type Score,
  scoreCase,
} from '../../fixtures/search/corpus';

const corpus = relevanceCorpus();
const cases = queryCases();
const db = openDatabase('cold');
/** The same corpus written as one bulk index block (an import while jieba was still loading). */
const bulk = openDatabase('cold-bulk');

async function allAnswers(target: typeof db): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const c of cases) {
    const hits = await searchAnnotations(target, c.q, { ...c.options, limit: 1000 });
    out.push(hits.map((h) => [h.annotation.id, h.score.toFixed(9), h.matches, h.highlights, h.approximate]));
  }
  return out;
}

async function table(title: string): Promise<Map<string, { precision: number; recall: number }>> {
  const byFeature = new Map<string, Score[]>();
  for (const c of cases) {
    const hits = await searchAnnotations(db, c.q, { ...c.options, limit: 1000 });
    const score = scoreCase(
      c,
      corpus,
      hits.map((h) => h.annotation.id),
    );
    byFeature.set(c.feature, [...(byFeature.get(c.feature) ?? []), score]);
  }
  const result = new Map([...byFeature].map(([f, s]) => [f, precisionRecall(s)]));
  console.log(
    [`${title}`, '| feature | precision | recall |', '|---|---|---|']
      .concat([...result].map(([f, r]) => `| ${f} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`))
      .join('\n'),
  );
  return result;
}

describe('cold start, then re-index', () => {
  it('answers by characters before jieba is ready', async () => {
    expect(isSegmenterReady()).toBe(false);
    await putAnnotations(db, corpus);
    const rows = await db.searchIndex.toArray();
    expect(rows.every((r) => !r.segmented && r.terms.includes('~unsegmented'))).toBe(true);
    expect(rows.every((r) => !r.terms.some((t) => t.startsWith('w:') || t.startsWith('p:')))).toBe(true);
    expect(rows.some((r) => r.terms.some((t) => t.startsWith('b:垃圾\u0001')))).toBe(true);
    const [hit] = await searchAnnotations(db, '马泽江');
    expect(hit?.approximate).toBe(true);
    const result = await table('cold (characters only)');
    // Character search finds everything a word search would, plus boundary-crossing matches;
    // pinyin needs words, so it waits for jieba.
    for (const feature of [
      'words',
      'phrases',
      '简繁',
      'single characters',
      'exclusions',
      'tags',
      'filters',
    ]) {
      expect(result.get(feature)?.recall, feature).toBe(1);
    }
    expect(result.get('words')?.precision).toBeLessThan(1);
    expect(await searchAnnotations(db, 'ljfl')).toEqual([]);
  });

  it('answers the same from a bulk block written before jieba was ready', async () => {
    const defaultBulkMin = blockTuning.bulkMin;
    blockTuning.bulkMin = 1;
    await putAnnotations(bulk, corpus);
    blockTuning.bulkMin = defaultBulkMin;
    const [block] = await bulk.indexBlocks.toArray();
    expect(block?.segmented).toBe(false);
    expect(await bulk.searchIndex.count()).toBe(0);
    expect(await allAnswers(bulk)).toEqual(await allAnswers(db));
  });

  it('re-indexes the rows once jieba is ready, and then matches words', async () => {
    await initSegmenter();
    expect(await maintainSearchIndex(db, 25)).toBe(corpus.length);
    expect(await maintainSearchIndex(db)).toBe(0);
    const rows = await db.searchIndex.toArray();
    expect(rows.every((r) => r.segmented && !r.terms.includes('~unsegmented'))).toBe(true);
    const result = await table('after maintainSearchIndex');
    for (const [feature, r] of result) {
      expect(r.precision, feature).toBe(1);
      expect(r.recall, feature).toBe(1);
    }
  });

  it('rebuilds the bulk block with words once jieba is ready (one block, not per-row rows)', async () => {
    const defaultBulkMin = blockTuning.bulkMin;
    blockTuning.bulkMin = 1;
    expect(await maintainSearchIndex(bulk)).toBe(corpus.length);
    blockTuning.bulkMin = defaultBulkMin;
    const blocks = await bulk.indexBlocks.toArray();
    expect(blocks.map((b) => b.segmented)).toEqual([true]);
    expect(await bulk.searchIndex.count()).toBe(0);
    expect(await maintainSearchIndex(bulk)).toBe(0);
    expect(await allAnswers(bulk)).toEqual(await allAnswers(db));
  });
});
