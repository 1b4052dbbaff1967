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
