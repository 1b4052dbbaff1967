import { vi } from 'vitest';
import type { LibraryApi } from '../../../../components/library/Library';

/** A library api that does nothing and records its calls; tests override what they look at. */
export function fakeLibraryApi(overrides: Partial<LibraryApi> = {}): LibraryApi {
  return {
    search: vi.fn(async () => ({ hits: [], degraded: false })),
    update: vi.fn(async () => {}),
    remove: vi.fn(async () => []),
    restore: vi.fn(async () => {}),
    exportMarkdown: vi.fn(async () => {}),
    copyMarkdown: vi.fn(async () => {}),
    exportJson: vi.fn(async () => {}),
    restoreBackup: vi.fn(async () => ({ added: 0, updated: 0, skipped: 0 })),
    open: vi.fn(async () => {}),
    hrefFor: (source: string) => source,
    ...overrides,
  };
}
