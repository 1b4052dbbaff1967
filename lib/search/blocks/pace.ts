import { Dexie } from 'dexie';

/** How long a slice of index building runs before the thread gets a turn. */
const SLICE_MS = 10;

/**
 * Long index builds (an import's block in the library page, maintenance's jieba in the worker)
 * give the thread a turn every few ms, so the page repaints and the worker answers messages. Inside
 * a transaction the turn goes through Dexie.waitFor, which keeps the transaction alive meanwhile.
 */
export class Pacer {
  private since = performance.now();

  /** The current slice has run its time: `await pause()` before going on. */
  get due(): boolean {
    return performance.now() - this.since >= SLICE_MS;
  }

  async pause(): Promise<void> {
    const turn = new Promise<void>((resolve) => setTimeout(resolve, 0));
    await (Dexie.currentTransaction ? Dexie.waitFor(turn) : turn);
    this.since = performance.now();
  }
}
