// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { applyDarkPageTints, detectTheme, luminanceOf } from '../../../lib/highlight';

afterEach(() => {
  document.adoptedStyleSheets = [];
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

describe('luminanceOf', () => {
  it('reads rgb()/rgba() in both syntaxes and ignores (mostly) transparent colours', () => {
    expect(luminanceOf('rgb(255, 255, 255)')).toBeCloseTo(1);
    expect(luminanceOf('rgb(0 0 0)')).toBe(0);
    expect(luminanceOf('rgba(22, 24, 28, 1)')).toBeLessThan(0.05);
    expect(luminanceOf('rgb(22 24 28 / 90%)')).toBeLessThan(0.05);
    expect(luminanceOf('rgba(0, 0, 0, 0)')).toBeNull();
    expect(luminanceOf('transparent')).toBeNull();
  });
});

describe('detectTheme', () => {
  it("follows the page's own background, body first, then the root element", () => {
    document.body.style.backgroundColor = 'rgb(22, 24, 28)';
    expect(detectTheme(document)).toBe('dark');
    document.body.style.backgroundColor = 'rgb(253, 252, 248)';
    expect(detectTheme(document)).toBe('light');
    document.body.style.backgroundColor = 'transparent';
    document.documentElement.style.backgroundColor = 'rgb(10, 10, 10)';
    expect(detectTheme(document)).toBe('dark');
  });
});

describe('applyDarkPageTints', () => {
  it('adopts one extra sheet on dark pages, keeps the page’s own sheets, and removes it again', () => {
    const own = new CSSStyleSheet();
    document.adoptedStyleSheets = [own];
    applyDarkPageTints(document, true);
    applyDarkPageTints(document, true);
    expect(document.adoptedStyleSheets).toHaveLength(2);
    expect(document.adoptedStyleSheets[0]).toBe(own);
    applyDarkPageTints(document, false);
    expect(document.adoptedStyleSheets).toEqual([own]);
  });
});
