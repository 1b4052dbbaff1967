import { describe, expect, it } from 'vitest';
import { useExtension, withExtension } from './fixture';

const EXPECTED_TITLES = [/成都/, /宜昌/, /天津/, /吉安|留守儿童/, /曲靖/];
const REJOINED = ['财政部印发通知', '标准制定地', '群众想什么', '中国共产党成立100周年'];

describe('reader (real Chromium, built extension)', () => {
  const ext = useExtension();

  it('lists the five bundled items in order', async () => {
    const page = await ext.openPage('/reader.html');
    const links = page.getByTestId('article-link');
    await expect.poll(() => links.count()).toBe(5);
    const titles = await links.allTextContents();
    for (const [index, pattern] of EXPECTED_TITLES.entries()) expect(titles[index]).toMatch(pattern);
    await ext.screenshot(page, 'reader-index');
    await page.close();
  });

  it('opens each article with its title and paragraphs, and the re-joined sentences', async () => {
    const page = await ext.openPage('/reader.html');
    const count = await page.getByTestId('article-link').count();
    const bodies: string[] = [];
    for (let index = 0; index < count; index++) {
      const link = page.getByTestId('article-link').nth(index);
      const title = (await link.textContent()) ?? '';
      await link.click();
      await expect.poll(() => page.getByTestId('article-title').textContent()).toBe(title);
      const paragraphs = page.getByTestId('article-body').locator('p');
      expect(await paragraphs.count()).toBeGreaterThan(0);
      bodies.push((await page.getByTestId('article-body').textContent()) ?? '');
      await ext.screenshot(page, `reader-article-${index + 1}`);
      await page.goBack();
    }
    const all = bodies.join('\n');
    for (const sentence of REJOINED) expect(all).toContain(sentence);
    expect(all).not.toContain('片仔癀');
    expect(all).not.toContain('官方微信');
    await page.close();
  });

  it('uses CJK typography: serif CJK stack, ~1.8 line height, first-line indent', async () => {
    const page = await ext.openPage('/reader.html');
    await page.getByTestId('article-link').first().click();
    const style = await page
      .getByTestId('article-body')
      .locator('p')
      .first()
      .evaluate((p) => {
        const s = getComputedStyle(p);
        return {
          font: s.fontFamily,
          lineHeight: Number.parseFloat(s.lineHeight) / Number.parseFloat(s.fontSize),
          indent: s.textIndent,
        };
      });
    expect(style.font).toContain('Noto Serif CJK SC');
    expect(style.lineHeight).toBeCloseTo(1.8, 1);
    expect(style.indent).not.toBe('0px');
    await page.close();
  });

  it('follows a dark system theme', async () => {
    await withExtension({ colorScheme: 'dark' }, async (dark) => {
      const page = await dark.openPage('/reader.html');
      await page.getByTestId('article-link').first().click();
      await expect
        .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
        .toBe('rgb(27, 26, 24)');
      await dark.screenshot(page, 'reader-article-dark');
    });
  });
});
