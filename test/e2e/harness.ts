import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import type { BackgroundMessages, MessageType, Reply, RequestOf, ResponseOf } from '../../lib/messaging';
import { findChrome } from './chrome-path';

export const EXTENSION_DIR = resolve(process.cwd(), '.output/chrome-mv3');
export const SCREENSHOT_DIR = resolve(process.cwd(), 'test-output/screenshots');

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** chrome-extension://<id><path> */
  url(path: string): string;
  openPage(path: string): Promise<Page>;
  /** Saves test-output/screenshots/<name>.png: the whole page, or with `viewport` what a user sees. */
  screenshot(page: Page, name: string, options?: { viewport?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  locale?: string;
  /** A (modified) copy of the build, for fault tests; the real build by default. */
  extensionDir?: string;
  /** Reuse a browser profile (it is then kept on close): a restart, or an updated extension, on the same data. */
  userDataDir?: string;
}

/**
 * Real Chromium with the built extension loaded, in a fresh profile. Extensions need a headed
 * launch, which `--headless=new` keeps windowless. Background networking is off: this machine's
 * network is closed and Chromium would otherwise retry Google hosts all run long.
 */
export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${extensionDir}: run \`npm run build\` first (npm run test:e2e does).`,
    );
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'meipi-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChrome(),
    headless: false,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'zh-CN',
    viewport: { width: 1100, height: 800 },
    // On Linux Chromium takes its UI language (and so browser.i18n's) from the environment, not --lang.
    env: { ...process.env, LANGUAGE: (options.locale ?? 'zh-CN').replace('-', '_'), LANG: 'C.UTF-8' },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--lang=${options.locale ?? 'zh-CN'}`,
    ],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const url = (path: string) =>
    `chrome-extension://${extensionId}${path.startsWith('/') ? path : `/${path}`}`;
  return {
    context,
    extensionId,
    worker,
    url,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(url(path));
      return page;
    },
    async screenshot(page, name, options = {}) {
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: !options.viewport });
      return file;
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The slice of the extension API that tests call inside extension pages (via page.evaluate). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<Reply<unknown>> } };

/**
 * Sends a typed request to the background from an extension page, exactly as the UI does,
 * and unwraps the reply (throws with the typed error's message).
 */
export async function ask<K extends MessageType>(
  page: Page,
  type: K,
  payload: RequestOf<BackgroundMessages, K>,
): Promise<ResponseOf<BackgroundMessages, K>> {
  const reply = await page.evaluate((message) => chrome.runtime.sendMessage(message), { type, payload });
  if (!reply.ok) throw new Error(`${type} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResponseOf<BackgroundMessages, K>;
}
