// A write of thousands of rows issued in one go keeps the page's thread busy for most of a second
// (Chromium clones every row as its request is made). In batches of one transaction, each next
// batch goes out when the last one's requests succeed: the page gets a turn in between, and the
// transaction still commits all rows or none.

const WRITE_BATCH = 250;

/** Calls `write` on consecutive batches of `rows`, one after the other; call inside a transaction. */
export async function inBatches<T>(
  rows: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let at = 0; at < rows.length; at += WRITE_BATCH) await write(rows.slice(at, at + WRITE_BATCH));
}
