/**
 * Anchoring speed and accuracy in real Chromium. lib/anchoring (plus the page-side driver in
 * test/fixtures/anchoring/bench-page.ts) is bundled with esbuild into an IIFE and injected into a
 * blank page; the article is ~200 K characters of Chinese generated from the seed text (and a
 * ~70 K-character / 200 KB UTF-8 variant). Fails only if our matcher lands a quote wrongly.
 * Prints a markdown table (medians of several runs, budget, PASS/MISS); never fails on timing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { bench as Bench, Tally } from '../fixtures/anchoring/bench-page';
import { prng } from '../unit/anchoring/helpers';
import { bundleForPage, launchBenchBrowser } from './chromium';

const ROOT = process.cwd();
const RUNS = 9;
const BUDGET_MS = 50;

/**
 * Paragraphs of Chinese from a character-bigram model of the seed: the seed's own vocabulary and
 * punctuation, but no long verbatim repeats (repeating the 4 K-character seed 50 times would make
 * every quote ambiguous, which is not what a real 200 K page looks like).
 */
function chineseParagraphs(targetChars: number, seed: number): string[] {
  const source = readFileSync(path.join(ROOT, 'seeds/000_28a013f78859e9ef.txt'), 'utf8')
    .replace(/[#*\s]+/g, '')
    .trim();
  const next = new Map<string, string[]>();
  for (let i = 0; i + 1 < source.length; i++) {
    const key = source.charAt(i);
    const list = next.get(key) ?? [];
    list.push(source.charAt(i + 1));
    next.set(key, list);
  }
  const rand = prng(seed);
  const paragraphs: string[] = [];
  let total = 0;
  let ch = source.charAt(0);
  while (total < targetChars) {
    const length = 40 + Math.floor(rand() * 260);
    let p = '';
    while (p.length < length) {
      p += ch;
      const options = next.get(ch);
      ch = options
        ? (options[Math.floor(rand() * options.length)] as string)
        : source.charAt(Math.floor(rand() * source.length));
    }
    paragraphs.push(p);
    total += p.length;
  }
  return paragraphs;
}

let browser: Browser;
let code: string;

beforeAll(async () => {
  code = await bundleForPage(path.join(ROOT, 'test/fixtures/anchoring/bench-page.ts'));
  browser = await launchBenchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

type Api = typeof Bench;
type Call<K extends keyof Api> = ReturnType<Api[K]>;

async function inPage<K extends keyof Api>(name: K, args: Parameters<Api[K]>): Promise<Call<K>> {
  const page = await browser.newPage();
  try {
    await page.setContent(
      '<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body></body></html>',
    );
    await page.addScriptTag({ content: code });
    // A string expression: nothing from this (transpiled) file has to be serialised into the page.
    return (await page.evaluate(
      `globalThis.__anchoringBench.${name}(...${JSON.stringify(args)})`,
    )) as Call<K>;
  } finally {
    await page.close();
  }
}

const fmt = (ms: number) => ms.toFixed(1);
const tallyText = (t: Tally) => `${t.correct} / ${t.orphan} / ${t.wrong}`;
const verdict = (ms: number) => (ms <= BUDGET_MS ? 'PASS' : 'MISS');

it('anchoring bench (Chromium)', async () => {
  const rows: string[] = [];
  const row = (...cells: string[]) => rows.push(`| ${cells.join(' | ')} |`);
  row('case', 'page', 'median ms', 'budget', 'result', 'correct / orphan / wrong');
  row('---', '---', '---', '---', '---', '---');

  for (const target of [200_000, 68_000]) {
    const paragraphs = chineseParagraphs(target, 7);
    const many = await inPage('anchorMany', [paragraphs, 500, RUNS]);
    const size = `${Math.round(many.chars / 1000)} K chars (${Math.round(Buffer.byteLength(paragraphs.join(''), 'utf8') / 1024)} KB UTF-8), ${many.elements} elements`;
    expect(many.unchangedOk).toBe(500);
    row(
      'anchorAll: 500 highlights, unchanged page',
      size,
      fmt(many.unchangedMs),
      `≤ ${BUDGET_MS}`,
      verdict(many.unchangedMs),
      `${many.unchangedOk} / 0 / ${500 - many.unchangedOk}`,
    );
    row(
      'anchorAll: 500 highlights, paragraph inserted at top',
      size,
      fmt(many.shiftedMs),
      `≤ ${BUDGET_MS}`,
      verdict(many.shiftedMs),
      tallyText(many.shifted),
    );
    row('anchor() ×500, one text map each (why anchorAll exists)', size, fmt(many.eachMs), '—', 'info', '—');
    row('describe(): save one selection', size, fmt(many.describeMs), '—', 'info', '—');
  }

  const paragraphs = chineseParagraphs(200_000, 7);
  const cases: Array<[string, Parameters<Api['fuzzy']> | null]> = [
    ['100 edited quotes, 8–40 chars, 2 substitutions', [paragraphs, 100, RUNS, 8, 40, 2]],
    ['100 edited short quotes, 4–6 chars, 1 substitution', [paragraphs, 100, RUNS, 4, 6, 1]],
    ['100 short quotes (2–6 chars), paragraph deleted', null],
  ];
  for (const [label, args] of cases) {
    const r = args ? await inPage('fuzzy', args) : await inPage('deleted', [paragraphs, 100, RUNS]);
    row(`${label}: Meipi matcher`, '200 K chars', fmt(r.oursMs), '—', 'info', tallyText(r.ours));
    row(`${label}: plain approx-string-match`, '200 K chars', fmt(r.baseMs), '—', 'info', tallyText(r.base));
    expect(r.ours.wrong).toBe(0);
  }
  console.log(`\n### Anchoring bench (Chromium, median of ${RUNS} runs)\n\n${rows.join('\n')}\n`);
});
