// Notes per source, the pure part (Node): rendering 10k annotations over 1,000 sources, and merging
// a re-export into 1,000 notes the user edited. The coordinator times the real folder path.
// Prints a markdown table; never fails on timing.
import { expect, it } from 'vitest';
import type { Annotation } from '../../lib/db/types';
import { mergeSourceNote, toSourceNotes } from '../../lib/export';
import { type BenchRow, benchTable } from '../fixtures/export/bench-run';
import { benchCorpus } from '../fixtures/export/corpus';

const N = 10_000;
const SOURCES = 1_000;
const RUNS = 5;

function time(runs: number, task: () => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    task();
    out.push(performance.now() - t);
  }
  return out;
}

/** What people do to a note between exports: a line under the heading, a thought after the first highlight. */
function handEdited(markdown: string): string {
  return markdown
    .replace('\n## 摘录\n', '\n## 摘录\n\n我读这篇的原因。\n')
    .replace(/(\n\^mp-[0-9a-f]{12}\n)/, '$1\n我对第一条的想法。\n');
}

it('notes per source: render 10k annotations over 1,000 sources, merge 1,000 edited notes', () => {
  const list: Annotation[] = benchCorpus(N).map((a, i) => ({
    ...a,
    source: `https://news.example.com/${i % SOURCES}.html`,
  }));
  // Between the exports: every tenth highlight's note changes, and each source gets one new highlight.
  const later = [
    ...list.map((a, i) => (i % 10 === 0 ? { ...a, note: `${a.note} 改过`, updatedAt: a.updatedAt + 1 } : a)),
    ...Array.from({ length: SOURCES }, (_, s) => ({
      ...(list[s] as Annotation),
      id: `11111111-0000-4000-8000-${String(s).padStart(12, '0')}`,
      quote: '新加的一段摘录',
      selectors: [{ type: 'TextPositionSelector', start: 2500, end: 2507 }],
    })),
  ];
  const rows: BenchRow[] = [];
  let first = toSourceNotes(list, { now: 0 });
  rows.push({
    name: `toSourceNotes, ${N} annotations over ${SOURCES} sources`,
    times: time(RUNS, () => (first = toSourceNotes(list, { now: 0 }))),
    budget: 1000,
  });
  const existing = first.map((n) => handEdited(n.markdown));
  const fresh = toSourceNotes(later, { now: 0 });
  let merged: string[] = [];
  rows.push({
    name: `mergeSourceNote, ${SOURCES} hand-edited notes (changed, new highlights)`,
    times: time(RUNS, () => (merged = fresh.map((n, i) => mergeSourceNote(existing[i] ?? '', n.markdown)))),
    budget: 3000,
  });
  rows.push({
    name: `mergeSourceNote, ${SOURCES} notes, nothing changed`,
    times: time(RUNS, () => first.map((n) => mergeSourceNote(n.markdown, n.markdown))),
    budget: 3000,
  });
  console.log(`\n${benchTable('notes bench, Node', rows)}\n`);
  expect(first).toHaveLength(SOURCES);
  expect(merged.every((m) => m.includes('我对第一条的想法。') && m.includes('新加的一段摘录'))).toBe(true);
});
