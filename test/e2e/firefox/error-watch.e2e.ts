import { describe, expect, it } from 'vitest';
import { launchFirefox } from './harness';

/** The suite fails on what the extension logs only if the watch sees it: checked here, on purpose. */
describe('the Firefox error watch', () => {
  it('sees console errors and warnings, uncaught errors and unhandled rejections of extension pages', async () => {
    const ff = await launchFirefox();
    try {
      const page = await ff.openPage('/popup.html');
      expect(ff.errors()).toEqual([]);
      await page.evaluate(() => {
        console.error('watch-check error');
        console.warn('watch-check warning');
        setTimeout(() => {
          throw new Error('watch-check uncaught');
        });
        void Promise.reject(new Error('watch-check rejected'));
      });
      await expect
        .poll(() => ff.errors().filter((line) => line.includes('watch-check')).length, { timeout: 10_000 })
        .toBe(4);
    } finally {
      await ff.close();
    }
  });
});
