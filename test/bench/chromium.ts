import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildPinyinTable } from '../../lib/search/build-pinyin-table';
import { findChrome } from '../e2e/chrome-path';

/** Bundles a bench's browser-side module into one IIFE script to inject into a page. */
export async function bundleForPage(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The same Chromium the e2e tests use (CHROME_PATH or the usual places), headless. */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChrome(),
    args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
}

export interface DataPage {
  /** A tab on the page (module script loaded; wait for its global yourself). */
  tab: Page;
  /** The page's address (navigate there again for a fresh page on the same database). */
  url: string;
  /** Serves `body` at `path` from now on (e.g. a corpus the page fetches). */
  serve(path: string, type: string, body: string | Uint8Array): void;
  close(): Promise<void>;
}

/**
 * A page for benches that touch IndexedDB and jieba: served from 127.0.0.1 (a secure context,
 * as extension pages are) in a persistent profile, so IndexedDB is on disk like the extension's
 * (an incognito context keeps it in memory and caps it). Serves the module `script` at /bench.js,
 * jieba's wasm at /jieba.wasm and the pinyin table at /pinyin.json, as the built extension does.
 */
export async function openDataPage(script: string | Uint8Array): Promise<DataPage> {
  const files = new Map<string, { type: string; body: string | Uint8Array }>([
    [
      '/',
      {
        type: 'text/html; charset=utf-8',
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>',
      },
    ],
    ['/bench.js', { type: 'text/javascript', body: script }],
    [
      '/jieba.wasm',
      {
        type: 'application/wasm',
        body: readFileSync(resolve('node_modules/jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm')),
      },
    ],
    ['/pinyin.json', { type: 'application/json', body: JSON.stringify(buildPinyinTable()) }],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '/');
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type });
    res.end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const profileDir = mkdtempSync(join(tmpdir(), 'meipi-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: findChrome(),
    args: ['--no-sandbox'],
  });
  const tab = await context.newPage();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await tab.goto(url);
  return {
    tab,
    url,
    serve: (path, type, body) => files.set(path, { type, body }),
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
      server.close();
    },
  };
}
