import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({
  browser: { runtime: { getURL: (path: string) => `chrome-extension://meipi${path}` } },
}));

const { sourcePageFor } = await import('../../../lib/browser/export');

describe('sourcePageFor: where a source heading in the library links', () => {
  it('opens a bundled article in the reader', () => {
    expect(sourcePageFor('meipi:article/000_x-1')).toBe(
      'chrome-extension://meipi/reader.html?article=000_x-1',
    );
  });

  it('opens a PDF in Meipi’s viewer, where its highlights are, not in the browser’s', () => {
    expect(sourcePageFor('https://example.org/papers/report.pdf')).toBe(
      `chrome-extension://meipi/pdf.html?file=${encodeURIComponent('https://example.org/papers/report.pdf')}`,
    );
  });

  it('links a web page to itself, and a file with no address nowhere', () => {
    expect(sourcePageFor('https://example.org/a.html')).toBe('https://example.org/a.html');
    expect(sourcePageFor('urn:x-pdf:abc123')).toBeUndefined();
  });
});
