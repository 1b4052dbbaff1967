import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../../lib/db/types';
import { startRclone, type WebdavServer } from '../../fixtures/sync/servers';
import { ask as askChromium, type LaunchedExtension, launchExtension } from '../harness';
import { eventually, useFirefox } from './fixture';
import { ask } from './harness';

const PASSPHRASE = '槐花胡同 2026 早市';
const NOTE: AnnotationInput = {
  source: 'https://example.com/hutong',
  title: '老城的早晨',
  quote: '胡同里的槐花开了',
  selectors: [{ type: 'TextQuoteSelector', exact: '胡同里的槐花开了' }],
  note: '槐花的味道让我想起外婆家',
  tags: ['北京'],
};

/** Everything the server holds, as one string (file names and bytes). */
function serverBytes(root: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(name, readFileSync(path).toString('utf8'));
    }
  };
  walk(root);
  return out.join('\n');
}

/**
 * Firefox and Chromium as two devices of one reader, through a real WebDAV server (rclone): the
 * sync code runs in Firefox's event page as in Chromium's worker, and both read each other's
 * encrypted files.
 */
describe('Firefox syncs with Chromium through one WebDAV server', () => {
  const ff = useFirefox();
  let server: WebdavServer;
  let chromium: LaunchedExtension;
  beforeAll(async () => {
    server = await startRclone();
    chromium = await launchExtension();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  async function configureFirefox(library: Page): Promise<void> {
    for (const [id, value] of [
      ['sync-url', server.url],
      ['sync-username', server.username],
      ['sync-password', server.password],
      ['sync-passphrase', PASSPHRASE],
    ] as const) {
      await library.type(`[data-testid="${id}"]`, value);
    }
    await library.click('[data-testid="sync-save"]');
  }
  async function syncFirefox(library: Page): Promise<void> {
    const before = (await ask(library, 'sync/status', {})).lastSyncedAt ?? 0;
    await library.waitForSelector('[data-testid="sync-now"]:not([disabled])', { timeout: 20_000 });
    await library.click('[data-testid="sync-now"]');
    await eventually(
      async () => ((await ask(library, 'sync/status', {})).lastSyncedAt ?? 0) > before,
      true,
      30_000,
    );
  }
  async function syncChromium(library: ChromiumPage): Promise<void> {
    const before = (await askChromium(library, 'sync/status', {})).lastSyncedAt ?? 0;
    await expect.poll(() => library.getByTestId('sync-now').isEnabled(), { timeout: 20_000 }).toBe(true);
    await library.getByTestId('sync-now').click();
    await expect
      .poll(async () => ((await askChromium(library, 'sync/status', {})).lastSyncedAt ?? 0) > before, {
        timeout: 30_000,
      })
      .toBe(true);
  }

  it('a note made in Firefox reaches Chromium encrypted, and Chromium’s edit comes back', async () => {
    const libraryFf = await ff.openPage('/library.html');
    const made = await ask(libraryFf, 'annotations/create', { input: NOTE });
    await configureFirefox(libraryFf);
    await syncFirefox(libraryFf);
    await eventually(
      () => libraryFf.$eval('[data-testid="sync-status"]', (el) => /^已同步/.test(el.textContent ?? '')),
      true,
    );
    await ff.screenshot(libraryFf, 'library-synced');
    // End-to-end encrypted: the server never holds the words.
    const stored = serverBytes(server.root);
    expect(stored.length).toBeGreaterThan(0);
    for (const words of ['槐花', '外婆', 'example.com', '北京']) expect(stored).not.toContain(words);

    const libraryCr = await chromium.openPage('/library.html');
    await libraryCr.getByTestId('sync-url').fill(server.url);
    await libraryCr.getByTestId('sync-username').fill(server.username);
    await libraryCr.getByTestId('sync-password').fill(server.password);
    await libraryCr.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await libraryCr.getByTestId('sync-save').click();
    await syncChromium(libraryCr);
    await expect
      .poll(async () =>
        (await askChromium(libraryCr, 'annotations/list', { source: NOTE.source })).map((a) => [
          a.id,
          a.note,
        ]),
      )
      .toEqual([[made.id, NOTE.note]]);

    await askChromium(libraryCr, 'annotations/update', {
      id: made.id,
      patch: { note: '在 Chromium 里改过' },
    });
    await syncChromium(libraryCr);
    await syncFirefox(libraryFf);
    await eventually(
      async () => (await ask(libraryFf, 'annotations/list', { source: NOTE.source })).map((a) => a.note),
      ['在 Chromium 里改过'],
    );
  });
});
