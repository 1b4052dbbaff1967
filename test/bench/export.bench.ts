// Export/import speed on 10k annotations: in Node (import into fake-indexeddb) and in Chromium
// (real IndexedDB; the same code bundled with esbuild, served from a routed http origin). Prints
// markdown tables; never fails on timing.
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { findChrome } from '../e2e/chrome-path';
import { type BenchRow, benchTable, runExportBench } from '../fixtures/export/bench-run';

const N = 10_000;
const RUNS = 7;
const ORIGIN = 'http://meipi-bench.test';

async function inChromium(): Promise<{ rows: BenchRow[]; notes: string }> {
  const bundle = await build({
    stdin: {
      contents: `import { runExportBench } from './test/fixtures/export/bench-run';
        globalThis.runExportBench = runExportBench;`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    absWorkingDir: path.resolve(process.cwd()),
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const browser = await chromium.launch({ executablePath: findChrome(), headless: true });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/bench.js')
        return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>',
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => 'runExportBench' in globalThis);
    return await page.evaluate(
      ([n, runs]) =>
        (
          globalThis as unknown as {
            runExportBench: (
              n: number,
              runs: number,
              tag: string,
            ) => Promise<{ rows: BenchRow[]; notes: string }>;
          }
        ).runExportBench(n, runs, 'chromium'),
      [N, RUNS] as const,
    );
  } finally {
    await browser.close();
  }
}

it('export and import of 10k annotations', async () => {
  const node = await runExportBench(N, RUNS, 'node');
  console.log(`\n${benchTable('export bench, Node (fake-indexeddb)', node.rows)}\n\n${node.notes}\n`);
  const browser = await inChromium();
  console.log(`\n${benchTable('export bench, Chromium (IndexedDB)', browser.rows)}\n\n${browser.notes}\n`);
  expect(node.rows).toHaveLength(browser.rows.length);
});
