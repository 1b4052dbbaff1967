import { describe, expect, it } from 'vitest';
import { buildDocumentText, normalisePdfText, rawSpellings } from '../../../lib/pdf/document-text';

describe('the document text of a PDF', () => {
  it('drops the spaces PDF.js puts between Hanzi and keeps one between words', () => {
    const doc = buildDocumentText(['春眠 不觉晓， 处处  闻啼鸟。', 'the  quick\tfox 跳过 lazy dog']);
    expect(doc.text).toBe('春眠不觉晓，处处闻啼鸟。\nthe quick fox 跳过 lazy dog');
  });

  it('reads radical code points as the ideographs they look like (Chromium prints ⻚ for 页)', () => {
    expect(normalisePdfText('第1⻚ ⽰例⽂档，⼈⺠幸福，夜来⻛⾬声')).toBe(
      '第1页示例文档，人民幸福，夜来风雨声',
    );
    // Vertical text's punctuation reads as the horizontal forms.
    expect(normalisePdfText('春眠不觉晓︐处处闻啼⻦︒')).toBe('春眠不觉晓，处处闻啼鸟。');
  });

  it('spells a find-box query every way the raw text may hold it', () => {
    expect(rawSpellings('人民日报')).toEqual(['人民日报', '人⺠日报']);
    expect(rawSpellings('风声')).toEqual(['风声', '⻛声']);
    expect(rawSpellings('example')).toEqual(['example']);
    expect(rawSpellings('页'.repeat(10))).toHaveLength(32);
  });

  it('maps offsets between pages and the document both ways', () => {
    const pages = ['第一页 文字', '第二页'];
    const doc = buildDocumentText(pages);
    expect(doc.text).toBe('第一页文字\n第二页');
    expect(doc.pageCount).toBe(2);
    // "文" is raw offset 4 of page 1 (after the dropped space), document offset 3.
    expect(doc.fromPage(1, 4)).toBe(3);
    expect(doc.toPage(3)).toEqual({ page: 1, offset: 3 });
    expect(doc.pageAt(6)).toBe(2);
    expect(doc.fromPage(2, 1)).toBe(7);
    expect(doc.toPage(7)).toEqual({ page: 2, offset: 1 });
    // The end of a page's text is a boundary of that page.
    expect(doc.toPage(5)).toEqual({ page: 1, offset: 6 });
  });

  it('an empty document (a scan) has no text', () => {
    expect(buildDocumentText(['', '  ']).text.trim()).toBe('');
  });
});
