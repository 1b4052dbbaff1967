import { describe, expect, it } from 'vitest';
import { articleIdFromUri, articleUri, normaliseUrl } from '@/lib/db';

describe('normaliseUrl', () => {
  it('drops the fragment and tracking parameters, sorts the rest', () => {
    expect(normaliseUrl('https://news.example.cn/a?utm_source=wx&b=2&a=1&fbclid=z#top')).toBe(
      'https://news.example.cn/a?a=1&b=2',
    );
    expect(normaliseUrl('https://example.com/p?id=3#:~:text=垃圾')).toBe('https://example.com/p?id=3');
  });
  it('keeps meaningful parameters and paths as they are', () => {
    expect(normaliseUrl('http://127.0.0.1:8080/x/y?page=2')).toBe('http://127.0.0.1:8080/x/y?page=2');
  });
  it('refuses pages Meipi does not annotate', () => {
    for (const url of ['chrome://extensions', 'about:blank', 'file:///tmp/a.html', 'not a url', '']) {
      expect(normaliseUrl(url)).toBeNull();
    }
  });
  it('gives bundled articles a stable URI', () => {
    expect(articleUri('chengdu')).toBe('meipi:article/chengdu');
    expect(articleIdFromUri('meipi:article/chengdu')).toBe('chengdu');
    expect(articleIdFromUri('https://x')).toBeNull();
  });
});
