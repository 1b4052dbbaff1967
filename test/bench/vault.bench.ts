// The notes folder's budget in real Chromium with the built extension: the export as wired
// (until lib/export's per-source renderer lands, lib/browser/vault's interim one: toMarkdown per
// source) from IndexedDB into a folder of the extension's origin private file system, which has
// the same FileSystemDirectoryHandle API as a folder the reader picks. Never fails on timing.
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { launchExtension } from '../e2e/harness';
import { type BenchRow, benchTable } from '../fixtures/export/bench-run';

const N = 10_000;
const SOURCES = 1_000;
const RUNS = Number(process.env.MEIPI_BENCH_RUNS ?? 7);

it('exports 10k annotations over 1,000 sources into a folder, and merges 1,000 notes again', async () => {
  const bundle = await build({
    stdin: {
      contents: `import { runVaultBench } from './test/fixtures/vault/bench-run';
        globalThis.runVaultBench = runVaultBench;`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    absWorkingDir: path.resolve(process.cwd()),
  });
  const ext = await launchExtension();
  try {
    const page = await ext.openPage('/library.html');
    // Evaluated, not a <script>: the extension pages' CSP allows only their own files.
    await page.evaluate(bundle.outputFiles[0]?.text ?? '');
    const rows = await page.evaluate(
      ([n, sources, runs]) =>
        (
          globalThis as unknown as {
            runVaultBench(n: number, sources: number, runs: number): Promise<BenchRow[]>;
          }
        ).runVaultBench(n, sources, runs),
      [N, SOURCES, RUNS] as const,
    );
    const table = benchTable('vault bench, Chromium (built extension, OPFS)', rows);
    console.log(`\n${table}\n`);
    expect(rows.every((r) => r.times.length === RUNS)).toBe(true);
  } finally {
    await ext.close();
  }
});
