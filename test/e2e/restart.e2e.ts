import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServedPages, withExtension } from './fixture';
import { meipiUi } from './meipi-frame';
import { selectText, totalPainted } from './selection';

const PAGE = `<!doctype html><meta charset="utf-8"><title>重启</title>
<p id="p1">胡同口的老槐树下，几位老人正在下象棋，旁边围着一圈看热闹的街坊。</p>`;

/**
 * The browser restarts (as after an update of the extension) with a page's highlights saved:
 * the next load of the page paints them all again, from the same profile's IndexedDB.
 */
describe('after a restart on the same profile', () => {
  const server = useServedPages({ '/story.html': PAGE });
  let profile: string;
  beforeAll(() => {
    profile = mkdtempSync(join(tmpdir(), 'meipi-profile-'));
  });
  afterAll(() => {
    rmSync(profile, { recursive: true, force: true });
  });

  it('every highlight comes back on the next page load', async () => {
    await withExtension({ userDataDir: profile }, async (before) => {
      const page = await before.context.newPage();
      await page.goto(`${server.origin}/story.html`);
      await page.waitForTimeout(500);
      await selectText(page, '#p1', '胡同口的老槐树');
      await meipiUi(page).getByTestId('color-green').click();
      await expect.poll(() => totalPainted(page)).toBe(1);
      await expect.poll(() => meipiUi(page).getByTestId('highlight-toolbar').count()).toBe(0);
      await selectText(page, '#p1', '几位老人正在下象棋');
      await meipiUi(page).getByTestId('color-pink').click();
      await expect.poll(() => totalPainted(page)).toBe(2);
    });

    await withExtension({ userDataDir: profile }, async (after) => {
      const again = await after.context.newPage();
      await again.goto(`${server.origin}/story.html`);
      await expect.poll(() => totalPainted(again), { timeout: 15_000 }).toBe(2);
    });
  });
});
