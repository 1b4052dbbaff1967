import { browser } from 'wxt/browser';
import { type Annotation, deleteAnnotations, type MeipiDatabase, putAnnotations } from '../db';
import { importWebAnnotations } from '../export';
import { notifyTabs as notifyTabsOf } from './broadcast';
import { background } from './env';
import { startSegmenter } from './segmenter';

/**
 * The library's direct database work: bulk deletes, undo and backup restore write here (one
 * transaction each) instead of one message per annotation; single edits go through the
 * background so open tabs repaint at once.
 */

let segmenter: Promise<void> | null = null;
/**
 * Index rows written here should carry jieba's words like the background's do; if jieba can't
 * start, rows are still written (character terms) and the background re-indexes them later.
 */
function segmenterReady(): Promise<void> {
  segmenter ??= startSegmenter().catch((error: unknown) => {
    // Leaving or reloading the page aborts the load: nothing failed.
    if (error instanceof Error && error.name === 'AbortError') return;
    console.warn('Meipi library: word segmentation unavailable; indexing by characters.', error);
  });
  return segmenter;
}

/** Tells tabs showing these sources (or every tab, with none given) to re-fetch and repaint. */
export function notifyTabs(sources?: ReadonlySet<string>): Promise<void> {
  return notifyTabsOf(browser, (source) => (!sources || sources.has(source) ? { source } : undefined));
}

export async function removeMany(db: MeipiDatabase, ids: string[]): Promise<Annotation[]> {
  const found = (await db.annotations.bulkGet(ids)).filter((a): a is Annotation => a !== undefined);
  await deleteAnnotations(db, ids);
  void notifyTabs(new Set(found.map((a) => a.source)));
  return found;
}

/**
 * A large batch is indexed by characters in its write; the background (its own thread) then adds
 * the words (lib/search/blocks/). If it can't be reached, its next start does it.
 */
function maintainIndexSoon(): void {
  background('index/maintain', {}).catch((error: unknown) =>
    console.warn('Meipi library: index maintenance deferred to the next background start', error),
  );
}

export async function putMany(db: MeipiDatabase, annotations: Annotation[]): Promise<void> {
  await segmenterReady();
  await putAnnotations(db, annotations);
  void notifyTabs(new Set(annotations.map((a) => a.source)));
  maintainIndexSoon();
}

export async function restoreFromFile(
  db: MeipiDatabase,
  file: File,
  onProgress: (done: number, total: number) => void,
) {
  await segmenterReady();
  // The File itself: the importer checks its size before reading a byte of it.
  const result = await importWebAnnotations(db, file, { onProgress });
  void notifyTabs();
  if (result.added + result.updated > 0) maintainIndexSoon();
  return result;
}

/** Starts jieba while the page is idle, so a restore doesn't wait for it. */
export function warmUp(): void {
  const start = () => void segmenterReady();
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}
