import { beforeAll, describe, expect, it } from 'vitest';
import { type MeipiDatabase, openDatabase, putAnnotations } from '../../../lib/db';
import { initSegmenter, searchAnnotations } from '../../../lib/search';
import {
  precisionRecall,
  type QueryCase,
  queryCases,
  relevanceCorpus,
  type Score,
  scoreCase,
} from '../../fixtures/search/corpus';

const corpus = relevanceCorpus();
const cases = queryCases();
let db: MeipiDatabase;

async function run(c: QueryCase): Promise<string[]> {
  const hits = await searchAnnotations(db, c.q, { ...c.options, limit: 1000 });
  return hits.map((h) => h.annotation.id);
}

beforeAll(async () => {
  await initSegmenter();
  db = openDatabase('relevance');
  await putAnnotations(db, corpus);
});

describe('relevance over the seed articles and synthetic notes', () => {
  it('has a query set that can fail: every trap context exists, every other query has hits', () => {
    const text = corpus.map((a) => [a.quote, a.note, a.tags.join(' '), a.title].join('\n')).join('\n');
    for (const c of cases) {
      for (const ctx of c.avoid ?? []) expect(text, `trap ${ctx}`).toContain(ctx);
      if (!c.avoid) expect(scoreCase(c, corpus, []).expected, c.q).toBeGreaterThan(0);
    }
    expect(corpus.length).toBeGreaterThan(60);
  });

  it('meets precision and recall per feature', async () => {
    const byFeature = new Map<string, Score[]>();
    const misses: string[] = [];
    for (const c of cases) {
      const ids = await run(c);
      const score = scoreCase(c, corpus, ids);
      if (score.truePositives !== score.returned || score.truePositives !== score.expected) {
        misses.push(
          `${c.feature} ${JSON.stringify(c.q)}: tp ${score.truePositives} returned ${score.returned} expected ${score.expected}`,
        );
      }
      byFeature.set(c.feature, [...(byFeature.get(c.feature) ?? []), score]);
    }
    const rows = [...byFeature].map(([feature, scores]) => ({
      feature,
      queries: scores.length,
      ...precisionRecall(scores),
    }));
    console.log(
      ['| feature | queries | precision | recall |', '|---|---|---|---|']
        .concat(
          rows.map(
            (r) => `| ${r.feature} | ${r.queries} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`,
          ),
        )
        .join('\n'),
    );
    if (misses.length) console.log(`imperfect queries:\n${misses.join('\n')}`);
    for (const r of rows) {
      expect.soft(r.precision, `${r.feature} precision`).toBeGreaterThanOrEqual(0.95);
      expect.soft(r.recall, `${r.feature} recall`).toBeGreaterThanOrEqual(0.95);
    }
  });
});
