import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four projects: `unit` (Node, happy-dom per file where the DOM is needed, fake-indexeddb),
// `e2e` (real Chromium driven by playwright-core against the built extension), `firefox` (real
// Firefox driven by puppeteer-core over WebDriver BiDi against the Firefox build) and `bench`
// (performance tables; run by `npm run bench`, never by `npm test`).
/** The end-to-end projects drive one real browser at a time, from Node. */
const REAL_BROWSER = {
  environment: 'node',
  testTimeout: 90_000,
  hookTimeout: 90_000,
  fileParallelism: false,
} as const;

export default defineConfig({
  // The same `@/` alias WXT gives the extension code.
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'test/bench/**', 'node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup/unit.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          exclude: ['test/e2e/firefox/**', 'node_modules/**'],
          ...REAL_BROWSER,
        },
      },
      {
        extends: true,
        test: {
          name: 'firefox',
          include: ['test/e2e/firefox/**/*.e2e.ts'],
          ...REAL_BROWSER,
        },
      },
      {
        extends: true,
        test: {
          name: 'bench',
          include: ['test/bench/**/*.bench.ts'],
          environment: 'node',
          setupFiles: ['test/setup/unit.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
