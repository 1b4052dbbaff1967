/**
 * Bulk index blocks: the search index of a large batch (an import, a restore, an undo of a bulk
 * delete) written as sorted posting lists instead of one multi-entry row per annotation.
 *
 * Why: Chromium's IndexedDB pays per stored key (~20–40 µs here), and a row of ~90 terms is ~90
 * index keys, so 10k imported annotations cost ~900k keys (5–10 s). A block is one record of
 * members plus a few dozen chunk records holding every term's posting list as member positions
 * (Uint32Array), like an SSTable: a 10k import writes ~60 records.
 *
 * Blocks are immutable. The invariant that keeps lookups simple: an annotation's terms live in
 * exactly one place — its searchIndex row, or one block where it is not stale. A per-row write or a
 * delete marks the annotation stale in any block holding it (`indexStale`); a block write deletes
 * the rows of its members and marks them stale in older blocks. `compactBlocks` keeps it tidy:
 * rebuilds outdated or stale-heavy blocks, folds accumulated rows into blocks, merges small blocks.
 */
export { blockTuning, buildBlock } from './build';
export { compactBlocks } from './maintain';
export { BlockView } from './view';
export { retireFromBlocks, writeBlock } from './write';
