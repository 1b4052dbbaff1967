import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
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
