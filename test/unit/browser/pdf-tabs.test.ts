import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({ browser: {} }));

const { isPdfResponse } = await import('../../../lib/browser/pdf-tabs');

describe('isPdfResponse: a PDF known by its Content-Type, whatever its URL', () => {
  it('takes application/pdf (any case, with parameters) and the old x-pdf', () => {
    expect(isPdfResponse([{ name: 'Content-Type', value: 'application/pdf' }])).toBe(true);
    expect(isPdfResponse([{ name: 'content-type', value: 'Application/PDF; qs=0.001' }])).toBe(true);
    expect(isPdfResponse([{ name: 'content-type', value: 'application/x-pdf' }])).toBe(true);
  });

  it('leaves pages, downloads of other kinds and missing headers alone', () => {
    expect(isPdfResponse([{ name: 'content-type', value: 'text/html; charset=utf-8' }])).toBe(false);
    expect(isPdfResponse([{ name: 'content-type', value: 'application/pdfx' }])).toBe(false);
    expect(isPdfResponse([{ name: 'x-content-type', value: 'application/pdf' }])).toBe(false);
    expect(isPdfResponse(undefined)).toBe(false);
  });
});
