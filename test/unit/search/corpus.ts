// Shared by the relevance tests and the benchmark: the seed articles' sentences as highlights,
// synthetic notes, the query set and its oracle (plain substring checks on the raw text, written
// by hand per query — independent of the segmenter under test).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Annotation, Color } from '../../../lib/db';
import { COLORS } from '../../../lib/db';
import type { SearchOptions } from '../../../lib/search';
import type { Article } from '../../../lib/seeds';
import { parseSeed } from '../../../lib/seeds';

import { prng } from '../../fixtures/prng';

export { prng };

const ROOT = resolve(import.meta.dirname, '../../..');
const SEED = '000_28a013f78859e9ef.txt';
const FIXTURES = resolve(ROOT, 'test/fixtures/search');

export function seedArticles(): Article[] {
  return parseSeed(readFileSync(resolve(ROOT, 'seeds', SEED), 'utf8'), SEED);
}

/** Highlights are usually a sentence or a clause, not a whole paragraph. */
export function sentencesOf(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[。！？!?；;])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface NoteFixture {
  key: string;
  source: string;
  title: string;
  quote: string;
  note: string;
  tags: string[];
  color: Color;
}

const BASE_TIME = Date.UTC(2026, 0, 1);

export function relevanceCorpus(): Annotation[] {
  const out: Annotation[] = [];
  let n = 0;
  for (const article of seedArticles()) {
    article.paragraphs.forEach((paragraph, p) => {
      sentencesOf(paragraph).forEach((quote, s) => {
        const t = BASE_TIME + n * 60_000;
        out.push({
          id: `seed-${article.id}-${p}-${s}`,
          source: `meipi:article/${article.id}`,
          title: article.title,
          quote,
          selectors: [{ type: 'TextQuoteSelector', exact: quote }],
          color: COLORS[n % COLORS.length] ?? 'yellow',
          note: '',
          tags: [],
          createdAt: t,
          updatedAt: t,
        });
        n++;
      });
    });
  }
  const notes = JSON.parse(readFileSync(resolve(FIXTURES, 'notes.json'), 'utf8')) as NoteFixture[];
  for (const f of notes) {
    const t = BASE_TIME + n * 60_000;
    out.push({
      id: f.key,
      source: f.source,
      title: f.title,
      quote: f.quote,
      selectors: [],
      color: f.color,
      note: f.note,
      tags: f.tags,
      createdAt: t,
      updatedAt: t,
    });
    n++;
  }
  return out;
}

export interface QueryCase {
  feature: string;
  q: string;
  options?: SearchOptions;
  /** Expected hits contain, for every group, one of its strings (raw text of any field). */
  all?: string[][];
  /** Expected hits contain none of these. */
  none?: string[];
  /** Contexts where the query's characters cross a word boundary: removed before checking `all`. */
  avoid?: string[];
  /** Expected hits carry one of these tags. */
  tags?: string[];
}

export function queryCases(): QueryCase[] {
  return JSON.parse(readFileSync(resolve(FIXTURES, 'queries.json'), 'utf8')) as QueryCase[];
}

function rawText(a: Annotation): string {
  return [a.quote, a.note, a.tags.join(' '), a.title].join('\n');
}

export function isExpected(c: QueryCase, a: Annotation): boolean {
  const o = c.options ?? {};
  if (o.color && a.color !== o.color) return false;
  if (o.source !== undefined && a.source !== o.source) return false;
  if (o.tag && !a.tags.includes(o.tag)) return false;
  if (c.tags && !a.tags.some((t) => c.tags?.includes(t))) return false;
  let text = rawText(a);
  for (const ctx of c.avoid ?? []) text = text.split(ctx).join('|');
  if (c.all && !c.all.every((group) => group.some((s) => text.includes(s)))) return false;
  if (c.none?.some((s) => rawText(a).includes(s))) return false;
  return true;
}

export interface Score {
  truePositives: number;
  returned: number;
  expected: number;
}

export function scoreCase(c: QueryCase, corpus: Annotation[], returnedIds: readonly string[]): Score {
  const expected = new Set(corpus.filter((a) => isExpected(c, a)).map((a) => a.id));
  const tp = returnedIds.filter((id) => expected.has(id)).length;
  return { truePositives: tp, returned: returnedIds.length, expected: expected.size };
}

export function precisionRecall(scores: Score[]): { precision: number; recall: number } {
  const tp = scores.reduce((s, x) => s + x.truePositives, 0);
  const returned = scores.reduce((s, x) => s + x.returned, 0);
  const expected = scores.reduce((s, x) => s + x.expected, 0);
  return { precision: returned === 0 ? 1 : tp / returned, recall: expected === 0 ? 1 : tp / expected };
}

const TAG_POOL = [
  '环保',
  '党史',
  '待读',
  '人物',
  '城市治理',
  '志愿',
  '文化',
  '政策',
  'tech',
  '旅行',
  '重要',
  '引用',
];

/**
 * `count` annotations cut from the seed text the way people highlight: a clause or sentence
 * (log-normal length, median ≈ 28 characters), a note on ~45% of them (median ≈ 20 characters,
 * some long), tags on ~30%, 25 highlights per page sharing its title (cut from the seed) and URL.
 */
export function syntheticCorpus(count: number, seed = 42): Annotation[] {
  const random = prng(seed);
  const articles = seedArticles();
  const texts = articles.map((a) => a.paragraphs.join(''));
  const logNormal = (median: number, sigma: number, min: number, max: number) => {
    const u = Math.max(1e-9, random());
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, Math.min(max, Math.round(median * Math.exp(sigma * z))));
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const window = (text: string, length: number) => {
    const start = Math.floor(random() * Math.max(1, text.length - length));
    return text.slice(start, start + length);
  };
  const out: Annotation[] = [];
  let page = -1;
  let article = 0;
  let title = '';
  let time = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    if (i % 25 === 0) {
      // a new page: its own title (a headline-length cut of the seed), its own URL
      page++;
      article = Math.floor(random() * articles.length);
      title = window(pick(texts), logNormal(16, 0.3, 8, 40));
    }
    const text = texts[article] ?? '';
    const quote = window(text, logNormal(28, 0.7, 4, 300));
    const note = random() < 0.45 ? window(pick(texts), logNormal(20, 0.9, 2, 400)) : '';
    const tags =
      random() < 0.3 ? [...new Set([pick(TAG_POOL), ...(random() < 0.3 ? [pick(TAG_POOL)] : [])])] : [];
    time += 1_000 + Math.floor(random() * 600_000);
    out.push({
      id: `syn-${i.toString(36).padStart(6, '0')}-${Math.floor(random() * 1e9).toString(36)}`,
      source: `https://example.org/page/${page}`,
      title,
      quote,
      selectors: [
        { type: 'TextQuoteSelector', exact: quote },
        { type: 'TextPositionSelector', start: i * 7, end: i * 7 + quote.length },
      ],
      color: pick(COLORS),
      note,
      tags,
      createdAt: time,
      updatedAt: time,
    });
  }
  return out;
}
