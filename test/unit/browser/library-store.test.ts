import { afterEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ start: vi.fn<() => Promise<void>>() }));
vi.mock('wxt/browser', () => ({
  browser: {
    tabs: { query: async () => [] },
    runtime: {
      sendMessage: async () => ({ ok: true, value: 0 }),
      getURL: (path: string) => `moz-extension://meipi${path}`,
    },
  },
}));
vi.mock('../../../lib/browser/segmenter', () => ({ startSegmenter: fake.start }));
vi.mock('../../../lib/db', () => ({ putAnnotations: vi.fn(async () => {}), deleteAnnotations: vi.fn() }));

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

async function putOnceWith(failure: unknown): Promise<ReturnType<typeof vi.spyOn>> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  fake.start.mockRejectedValueOnce(failure);
  const { putMany } = await import('../../../lib/browser/library-store');
  await putMany({} as never, []);
  return warn;
}

describe('the library’s own jieba', () => {
  it('says when word segmentation can’t start (the rows are then indexed by characters)', async () => {
    const warn = await putOnceWith(new Error('wasm blocked'));
    expect(warn).toHaveBeenCalledWith(
      'Meipi library: word segmentation unavailable; indexing by characters.',
      expect.any(Error),
    );
  });

  it('says nothing when its load was aborted because the page is being left', async () => {
    const warn = await putOnceWith(new DOMException('The operation was aborted.', 'AbortError'));
    expect(warn).not.toHaveBeenCalled();
  });
});
