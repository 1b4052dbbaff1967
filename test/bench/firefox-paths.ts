// The real-path rows the Firefox issue asks for (popup cold and warm, keystroke, first toolbar),
// timed in real Firefox with the Firefox build, the way real-path.bench.ts times them in Chromium.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type FirefoxExtension, launchFirefox } from '../e2e/firefox/harness';
import { selectText } from '../e2e/selection';
import { framedPopupFirstCard } from './framed-popup';

/** Firefox suspends an idle event page after this (30 s by default): shortened for the cold rows. */
const IDLE_MS = 2_000;

export interface FirefoxTimings {
  cold: number[];
  warm: number[];
  keys: number[];
  toolbar: number[];
}

/** Firefox runs no preload script in extension pages: the popup is timed framed (./framed-popup.ts) in the smallest extension page. */
async function popupFirstCardFramed(ff: FirefoxExtension): Promise<number> {
  const host = await ff.openPage('/annotator-frame.html');
  const ms = await host.evaluate(framedPopupFirstCard);
  await host.close();
  return ms;
}

async function restore(ff: FirefoxExtension, backup: Buffer, count: number): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'meipi-ff-backup-')), 'backup.json');
  writeFileSync(file, backup);
  const library = await ff.openPage('/library.html');
  const input = await library.waitForSelector('[data-testid="restore-input"]');
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
  await expect
    .poll(() => library.$eval('[data-testid="restore-message"]', (el) => el.textContent ?? ''), {
      timeout: 300_000,
      interval: 250,
    })
    .toMatch(new RegExp(String(count)));
  await library.close();
}

/** The toolbar button's path: the popup's first card, on a suspended (cold) or running background. */
async function popupFirstCard(ff: FirefoxExtension, cold: boolean): Promise<number> {
  const probe = await ff.openPage('/popup.html');
  await probe.waitForSelector('[data-testid="annotation-item"]', { timeout: 60_000 });
  await probe.close();
  // Cold: no extension page talking to it, past the idle timeout: Firefox suspends the event page.
  // Warm: a moment for the probe's tab to go, well inside the timeout.
  const sleptSince = Date.now();
  await new Promise((done) => setTimeout(done, cold ? IDLE_MS + 1_500 : 300));
  const ms = await popupFirstCardFramed(ff);
  if (cold && (await backgroundStartedAt(ff)) < sleptSince)
    throw new Error('The background never slept: the cold row would time a running one.');
  return ms;
}

/** When the running background page started (extension.getBackgroundPage, which wakes it if it sleeps). */
async function backgroundStartedAt(ff: FirefoxExtension): Promise<number> {
  const page = await ff.openPage('/annotator-frame.html');
  const at = await page.evaluate(() => {
    const api = (globalThis as unknown as { browser: { extension: { getBackgroundPage(): Window | null } } })
      .browser;
    return api.extension.getBackgroundPage()?.performance.timeOrigin ?? 0;
  });
  await page.close();
  return at;
}

/** Keystroke → results in the popup: from the search the popup sends (after its debounce) to the frame showing the answer. */
async function keystrokes(
  ff: FirefoxExtension,
  queries: readonly string[],
  samples: number[],
): Promise<void> {
  const popup = await ff.openPage('/popup.html');
  await popup.waitForSelector('[data-testid="annotation-item"]', { timeout: 60_000 });
  // The popup calls browser.runtime.sendMessage for each search: timed from that call.
  await popup.evaluate(() => {
    const w = window as unknown as {
      __searchMs: number[];
      browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
    };
    w.__searchMs = [];
    const runtime = w.browser.runtime;
    const send = runtime.sendMessage.bind(runtime);
    runtime.sendMessage = (message: unknown) => {
      const reply = send(message);
      if ((message as { type?: string } | null)?.type !== 'search/query') return reply;
      const sentAt = performance.now();
      // The popup renders the answer in the task after the reply; the frame after that shows it.
      void reply.then(() =>
        setTimeout(() => requestAnimationFrame(() => w.__searchMs.push(performance.now() - sentAt))),
      );
      return reply;
    };
  });
  const input = '[data-testid="search-input"]';
  for (const query of queries) {
    await popup.click(input, { count: 3 });
    await popup.keyboard.press('Backspace');
    await new Promise((done) => setTimeout(done, 250));
    for (const key of query) {
      await popup.type(input, key);
      await new Promise((done) => setTimeout(done, 250)); // past the 120 ms debounce: every key its own search
    }
  }
  await new Promise((done) => setTimeout(done, 500));
  const measured = await popup.evaluate(() => (window as unknown as { __searchMs: number[] }).__searchMs);
  if (measured.length === 0) throw new Error('The popup sent no search the bench could time.');
  samples.push(...measured);
  await popup.close();
}

/** mouseup → Meipi's toolbar (its extension frame) visible, for the first selection in a fresh tab. */
async function firstToolbar(ff: FirefoxExtension, pageUrl: string, passage: string): Promise<number> {
  const page = await ff.openWebPage(pageUrl);
  await page.setViewport({ width: 1100, height: 800 });
  await new Promise((done) => setTimeout(done, 300)); // the bootstrap has listed this page's annotations
  await page.evaluate(() => {
    const w = window as unknown as { __toolbarMs: Promise<number> };
    w.__toolbarMs = new Promise<number>((resolve) => {
      let upAt = 0;
      window.addEventListener('mouseup', (event) => (upAt = event.timeStamp), { capture: true, once: true });
      const tick = (now: number) => {
        const frame = document.querySelector<HTMLIFrameElement>(':root > iframe[src^="moz-extension://"]');
        const shown = !!frame && getComputedStyle(frame).visibility === 'visible' && frame.offsetWidth > 0;
        if (upAt && shown) resolve(now - upAt);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  });
  await selectText(page, '#p3', passage);
  const ms = await page.evaluate(() => (window as unknown as { __toolbarMs: Promise<number> }).__toolbarMs);
  await page.close();
  return ms;
}

/** Every Firefox row, `runs` times each, on a library of the annotations in `backup`. */
export async function firefoxRealPaths(options: {
  backup: Buffer;
  count: number;
  runs: number;
  queries: readonly string[];
  longPageUrl: string;
  passage: string;
  wanted(...keys: string[]): boolean;
  progress(what: string): void;
}): Promise<FirefoxTimings> {
  const timings: FirefoxTimings = { cold: [], warm: [], keys: [], toolbar: [] };
  const ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_MS } });
  try {
    if (options.wanted('toolbar'))
      for (let run = 0; run < options.runs; run++)
        timings.toolbar.push(await firstToolbar(ff, options.longPageUrl, options.passage));
    options.progress('Firefox: toolbar');
    if (!options.wanted('cold', 'warm', 'popup', 'keys')) return timings;
    await restore(ff, options.backup, options.count);
    options.progress('Firefox: 10k restored');
    if (options.wanted('cold', 'popup'))
      for (let run = 0; run < options.runs; run++) timings.cold.push(await popupFirstCard(ff, true));
    if (options.wanted('warm', 'popup'))
      for (let run = 0; run < options.runs; run++) timings.warm.push(await popupFirstCard(ff, false));
    options.progress('Firefox: popup cold/warm');
    if (options.wanted('keys')) await keystrokes(ff, options.queries, timings.keys);
    options.progress('Firefox: keystrokes 10k');
    const errors = ff.errors();
    if (errors.length) throw new Error(`The extension logged errors in Firefox:\n${errors.join('\n')}`);
  } finally {
    await ff.close();
  }
  return timings;
}
