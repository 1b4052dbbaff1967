import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { BackgroundMessages, MessageType, Reply, RequestOf, ResponseOf } from '../../../lib/messaging';
import { GECKO_ID } from '../../../wxt.config';

export const FIREFOX_EXTENSION_DIR = resolve(process.cwd(), '.output/firefox-mv3');
export const SCREENSHOT_DIR = resolve(process.cwd(), 'test-output/screenshots/firefox');

/**
 * Firefox gives each install a random moz-extension:// UUID; the `extensions.webextensions.uuids`
 * pref pins it for the tests, so pages can be opened by URL.
 */
const UUID = '5e1f0c2a-8d3b-4f6a-9c7e-1b2d3e4f5a6b';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

/** FIREFOX_PATH wins; otherwise the usual install places. Never downloads a browser. */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'No Firefox found for the Firefox end-to-end tests. Install one (Debian: ' +
      '`sudo apt-get install -y firefox-esr firefox-esr-l10n-zh-cn`) or set FIREFOX_PATH.',
  );
}

export interface FirefoxLaunchOptions {
  colorScheme?: 'light' | 'dark';
  locale?: string;
  /** Further Firefox prefs (the benches shorten the background's idle timeout). */
  prefs?: Record<string, string | number | boolean>;
  /** Another build of the extension (a benchmark's old build); the Firefox build by default. */
  extensionDir?: string;
}

export interface FirefoxExtension {
  browser: Browser;
  /** Where downloads.download saves files. */
  downloads: string;
  /** moz-extension://<uuid><path> */
  url(path: string): string;
  /** A new tab on an extension page, loaded. */
  openPage(path: string): Promise<Page>;
  /** A new tab on a web page, loaded. */
  openWebPage(url: string): Promise<Page>;
  /** Navigates `page` to `url` (an extension page or a web page) and waits for it to load. */
  navigate(page: Page, url: string): Promise<void>;
  /** Reloads `page` and waits for the new document. */
  reload(page: Page): Promise<void>;
  /** test-output/screenshots/firefox/<name>.png */
  screenshot(page: Page, name: string): Promise<string>;
  /** Every error Firefox reported from the extension's own code (pages, frame, background, content script). */
  errors(): string[];
  close(): Promise<void>;
}

/**
 * Real Firefox (Debian's ESR) with the built extension installed as a temporary add-on, driven
 * by puppeteer-core over WebDriver BiDi (geckodriver isn't installable here). Extension pages are
 * reached with `--remote-allow-system-access`; `page.goto` never resolves on them, so pages are
 * navigated with BiDi's `browsingContext.navigate` and then waited on.
 */
export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No Firefox build at ${extensionDir}: run \`npm run build:firefox\` first (npm run test:firefox does).`,
    );
  }
  const locale = options.locale ?? 'zh-CN';
  const downloads = mkdtempSync(join(tmpdir(), 'meipi-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1100, height: 800 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // Extension pages' console output reaches stdout, where errors() reads it.
      'devtools.console.stdout.content': true,
      'intl.locale.requested': locale,
      'intl.accept_languages': locale,
      // Debian's language packs are app-scoped add-ons; a new profile would leave them off.
      'extensions.autoDisableScopes': 0,
      'extensions.enabledScopes': 15,
      'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
      // downloads.download saves straight into a folder of the test's, asking nothing.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      // The closed network: no update, telemetry or remote-settings traffic.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      ...options.prefs,
    },
  });
  const log: string[] = [];
  for (const stream of [browser.process()?.stdout, browser.process()?.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => log.push(...chunk.split('\n')));
  }
  await browser.installExtension(extensionDir);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const url = (path: string) => `${EXTENSION_ORIGIN}${path.startsWith('/') ? path : `/${path}`}`;
  async function navigate(page: Page, target: string): Promise<void> {
    // Marks the document being left, so a reload (the same URL) waits for the new one.
    await page.evaluate(() => {
      (window as unknown as { __left?: boolean }).__left = true;
    });
    await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(target, 'none');
    await page.waitForFunction(
      (expected: string) =>
        !(window as unknown as { __left?: boolean }).__left &&
        location.href === expected &&
        document.readyState === 'complete',
      { polling: 50, timeout: 30_000 },
      target,
    );
  }
  const opened = async (target: string) => {
    const page = await browser.newPage();
    await navigate(page, target);
    return page;
  };
  return {
    browser,
    downloads,
    url,
    navigate,
    reload: async (page) => navigate(page, await page.evaluate(() => location.href)),
    openPage: (path) => opened(url(path)),
    openWebPage: opened,
    async screenshot(page, name) {
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file as `${string}.png` });
      return file;
    },
    errors: () => (process.env.FF_LOG ? log : extensionErrors(log)),
    close: () => browser.close(),
  };
}

/** The piece of puppeteer's BiDi frame these tests use: navigate without waiting for a load event. */
interface BidiFrame {
  browsingContext: { navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void> };
}

/**
 * Firefox's stdout lines that are errors of the extension's own: uncaught errors and
 * console.error/warn in its pages, frame, background or content script (they name the
 * moz-extension:// URL or come from `console.error`). The browser's own noise (remote
 * settings, telemetry in a closed network) names neither.
 */
export function extensionErrors(lines: readonly string[]): string[] {
  const ours = (line: string) =>
    line.includes(EXTENSION_ORIGIN) || /page-annotator\.js|background\.js/.test(line);
  return lines.filter(
    (line) =>
      (/^JavaScript error:/.test(line) && ours(line)) ||
      (/^console\.(error|warn):/.test(line) && !/RSLoader|Remote Settings|nimbus|Telemetry/i.test(line)),
  );
}

/** Sends a typed request to the background from an extension page, as the UI does; unwraps the reply. */
export async function ask<K extends MessageType>(
  page: Page,
  type: K,
  payload: RequestOf<BackgroundMessages, K>,
): Promise<ResponseOf<BackgroundMessages, K>> {
  const reply = (await page.evaluate(
    (message) =>
      (
        globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).browser.runtime.sendMessage(message),
    { type, payload },
  )) as Reply<unknown>;
  if (!reply.ok) throw new Error(`${type} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResponseOf<BackgroundMessages, K>;
}
