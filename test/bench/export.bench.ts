// Export/import speed on 10k annotations: in Node (import into fake-indexeddb) and in Chromium
// (real IndexedDB on disk; the same code bundled with esbuild, served from 127.0.0.1). Prints
// markdown tables; never fails on timing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { initSegmenter } from '../../lib/search';
import { type BenchRow, benchTable, runExportBench } from '../fixtures/export/bench-run';
import { openDataPage } from './chromium';

const N = 10_000;
const PEER = path.resolve(process.cwd(), '../shared/peer/icwb2-data');
/** Real news text for a varied library: the SIGHAN 2005 PKU and MSR test sets, when present. */
const NEWS = ['pku_test.utf8', 'msr_test.utf8']
  .map((f) => path.join(PEER, f))
  .filter((f) => existsSync(f))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const RUNS = 7;

async function inChromium(): Promise<{ rows: BenchRow[]; notes: string }> {
  const bundle = await build({
    stdin: {
      contents: `import { runExportBench } from './test/fixtures/export/bench-run';
        import { initSegmenter } from './lib/search';
        globalThis.runExportBench = async (...args) => {
          await initSegmenter('/jieba.wasm', { pinyinTableUrl: '/pinyin.json' });
          return runExportBench(...args);
        };`,
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
  const page = await openDataPage(bundle.outputFiles[0]?.text ?? '');
  try {
    await page.tab.waitForFunction(() => 'runExportBench' in globalThis);
    return await page.tab.evaluate(
      ([n, runs, news]) =>
        (
          globalThis as unknown as {
            runExportBench: (
              n: number,
              runs: number,
              tag: string,
              news: string,
            ) => Promise<{ rows: BenchRow[]; notes: string }>;
          }
        ).runExportBench(n, runs, 'chromium', news),
      [N, RUNS, NEWS] as const,
    );
  } finally {
    await page.close();
  }
}

it('export and import of 10k annotations', async () => {
  await initSegmenter();
  if (!NEWS) console.warn(`export bench: ${PEER} not found, so no varied-library row`);
  const node = await runExportBench(N, RUNS, 'node', NEWS);
  console.log(`\n${benchTable('export bench, Node (fake-indexeddb)', node.rows)}\n\n${node.notes}\n`);
  const browser = await inChromium();
  console.log(`\n${benchTable('export bench, Chromium (IndexedDB)', browser.rows)}\n\n${browser.notes}\n`);
  expect(node.rows).toHaveLength(browser.rows.length);
});
