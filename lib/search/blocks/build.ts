import type { Annotation } from '../../model';
import { isSegmenterReady } from '../segmenter';
import type { IndexBlock, IndexChunk } from '../tables';
import { FORMAT_MARKER, type TitleMemo, visitIndexTerms } from '../terms';

// Building blocks from annotations: pure CPU, no database.

export const blockTuning = {
  /** Batches at least this large are written as a block (tests lower it). */
  bulkMin: 500,
  /**
   * Larger batches are indexed by characters in their write transaction and by words in
   * maintenance right after (`compactBlocks`): jieba and pinyin cost ~1 s per 10k annotations of
   * real text here, which would double an import; characters already find every match.
   */
  wordsInlineMax: 2_000,
  /** Maintenance folds per-row rows into a block once there are this many. */
  foldMin: 1_000,
  /** Maintenance merges the two smallest blocks while there are more than this. */
  maxBlocks: 4,
  /** A chunk closes at this many postings or terms: ~64 kB records, one read per term looked up. */
  chunkPostings: 16_384,
  chunkTerms: 2_048,
};

/**
 * Builds a block from annotations (the last of a repeated id wins): with jieba's words when
 * `segmented`, characters only otherwise. Synchronous, CPU only.
 */
export function buildBlock(
  annotations: readonly Annotation[],
  segmented = isSegmenterReady(),
): { block: IndexBlock; chunks: IndexChunk[] } {
  const byId = new Map<string, Annotation>();
  for (const a of annotations) byId.set(a.id, a);
  const list = [...byId.values()];
  // Term (prefix → body → index) → its posting list; `lastOrd` drops a term's repeats within one
  // annotation without a Set per annotation (a 10k build visits over a million terms).
  const termIds = new Map<string, Map<string, number>>();
  const termNames: string[] = [];
  const postingLists: number[][] = [];
  const lastOrd: number[] = [];
  const titles: TitleMemo = new Map();
  list.forEach((annotation, ord) => {
    visitIndexTerms(annotation, segmented, titles, (prefix, body) => {
      let bodies = termIds.get(prefix);
      if (!bodies) {
        bodies = new Map();
        termIds.set(prefix, bodies);
      }
      const t = bodies.get(body);
      if (t === undefined) {
        bodies.set(body, postingLists.length);
        termNames.push(prefix + body);
        postingLists.push([ord]);
        lastOrd.push(ord);
      } else if (lastOrd[t] !== ord) {
        lastOrd[t] = ord;
        postingLists[t]?.push(ord);
      }
    });
  });
  const termIndex = new Map(termNames.map((name, t) => [name, t]));
  return assemble(
    termIndex,
    postingLists,
    [...byId.keys()],
    list.map((a) => a.updatedAt),
    segmented,
  );
}

/** A block record and its chunks from terms (→ index into `postingLists`) and ascending lists. */
export function assemble(
  termIndex: ReadonlyMap<string, number>,
  postingLists: readonly number[][],
  members: string[],
  updated: number[],
  segmented: boolean,
): { block: IndexBlock; chunks: IndexChunk[] } {
  const id = crypto.randomUUID();
  const chunks: IndexChunk[] = [];
  let terms: string[] = [];
  let lists: number[][] = [];
  let size = 0;
  const flush = () => {
    if (terms.length === 0) return;
    const ends = new Uint32Array(terms.length);
    const ords = new Uint32Array(size);
    let at = 0;
    lists.forEach((list, i) => {
      ords.set(list, at);
      at += list.length;
      ends[i] = at;
    });
    chunks.push({ block: id, n: chunks.length, terms, ends, ords });
    terms = [];
    lists = [];
    size = 0;
  };
  // Default sort compares UTF-16 code units, as IndexedDB orders string keys.
  for (const term of [...termIndex.keys()].sort()) {
    const list = postingLists[termIndex.get(term) ?? -1] ?? [];
    if (
      terms.length > 0 &&
      (size + list.length > blockTuning.chunkPostings || terms.length >= blockTuning.chunkTerms)
    )
      flush();
    terms.push(term);
    lists.push(list);
    size += list.length;
  }
  flush();
  return {
    block: {
      id,
      members,
      updated,
      segmented,
      format: FORMAT_MARKER,
      firstTerms: chunks.map((c) => c.terms[0] ?? ''),
    },
    chunks,
  };
}
