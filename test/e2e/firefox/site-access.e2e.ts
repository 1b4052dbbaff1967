import { describe, expect, it } from 'vitest';
import { eventually, popupBehind, useFirefox } from './fixture';

type Api = {
  permissions: {
    remove(p: { origins: string[] }): Promise<boolean>;
    contains(p: { origins: string[] }): Promise<boolean>;
  };
};

/**
 * Firefox lets the reader take an add-on's access to websites away (about:addons → permissions).
 * Then no highlight can show there, and the popup says why and offers the browser's prompt.
 */
describe('site access withdrawn in Firefox', () => {
  const ff = useFirefox({
    pages: { '/page.html': '<!doctype html><meta charset="utf-8"><p id="p">没有权限的页面</p>' },
  });

  it('the popup over such a page says Meipi has no access and offers to ask for it', async () => {
    const control = await ff.openPage('/library.html');
    expect(
      await control.evaluate(async () => {
        const api = (globalThis as unknown as { browser: Api }).browser;
        await api.permissions.remove({ origins: ['http://*/*'] });
        return api.permissions.contains({ origins: ['http://127.0.0.1/*'] });
      }),
    ).toBe(false);
    const page = await ff.openWebPage(`${ff.origin}/page.html`);
    // No content script ran: nothing registered in the page's highlight registry.
    await new Promise((done) => setTimeout(done, 500));
    expect(await page.evaluate(() => CSS.highlights.size)).toBe(0);

    // The popup over that tab: opened behind it, so the page stays the active tab it looks at.
    const shown = await popupBehind(ff, control);
    await eventually(
      () => shown.evaluate(() => document.querySelector('[data-testid="no-site-access"]')?.textContent ?? ''),
      '眉批没有访问此网站的权限，无法在这里高亮和显示批注。 允许访问网站',
    );
    expect(await shown.$('[data-testid="unsupported-page"]')).toBeNull();
    await shown.setViewport({ width: 380, height: 560 });
    await ff.screenshot(shown, 'popup-no-site-access');
  });
});
