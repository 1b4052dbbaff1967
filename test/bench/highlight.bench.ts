/**
 * Painting speed in real Chromium: lib/highlight (plus the page-side driver in
 * test/fixtures/highlight/bench-page.ts) is bundled with esbuild into an IIFE and injected into a
 * page with the shipped highlight CSS. Prints a markdown table (medians, budget, PASS/MISS); fails
 * only if highlights are not actually registered/painted, never on timing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { bench as Bench, PaintResult } from '../fixtures/highlight/bench-page';
import { bundleForPage, launchBenchBrowser } from './chromium';

const ROOT = process.cwd();
const RUNS = 11;
const PAINT_BUDGET_MS = 30;

let browser: Browser;
let code: string;
let css: string;

beforeAll(async () => {
  code = await bundleForPage(path.join(ROOT, 'test/fixtures/highlight/bench-page.ts'));
  css = readFileSync(path.join(ROOT, 'lib/highlight/highlight.css'), 'utf8');
  browser = await launchBenchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function paintIn(count: number): Promise<PaintResult> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  try {
    await page.setContent(
      '<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body></body></html>',
    );
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ content: code });
    type Api = typeof Bench;
    return (await page.evaluate(`globalThis.__highlightBench.paint(${count}, ${RUNS})`)) as Awaited<
      ReturnType<Api['paint']>
    >;
  } finally {
    await page.close();
  }
}

const fmt = (ms: number) => ms.toFixed(2);
const verdict = (ms: number, budget: number) => (ms <= budget ? 'PASS' : 'MISS');

it('highlight painting bench (Chromium)', async () => {
  const rows: string[] = [];
  const row = (...cells: string[]) => rows.push(`| ${cells.join(' | ')} |`);
  row('case', 'median ms', 'budget', 'result');
  row('---', '---', '---', '---');
  for (const count of [1_000, 5_000]) {
    const r = await paintIn(count);
    expect(r.supported).toBe(true);
    expect(r.painted).toBe(count);
    expect(r.hitTestFound).toBe(true);
    const budget = count === 1_000 ? PAINT_BUDGET_MS : Number.POSITIVE_INFINITY;
    const budgetText = count === 1_000 ? `≤ ${PAINT_BUDGET_MS}` : '—';
    const judge = (ms: number) => (count === 1_000 ? verdict(ms, budget) : 'info');
    row(`paint ${count} highlights (JS)`, fmt(r.paintMs), budgetText, judge(r.paintMs));
    row(
      `paint ${count} highlights until the next frame is drawn (incl. vsync wait)`,
      fmt(r.paintFrameMs),
      budgetText,
      judge(r.paintFrameMs),
    );
    row(`clear ${count} highlights`, fmt(r.clearMs), '—', 'info');
    row(`hit-test a click among ${count} highlights`, fmt(r.hitTestMs), '≤ 16', verdict(r.hitTestMs, 16));
  }
  console.log(`\nHighlight painting (Chromium, ${RUNS} runs each)\n\n${rows.join('\n')}\n`);
});
