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
 * Collects the posting lists of a block one annotation at a time, so a long build (maintenance
 * re-indexing a large import with jieba) can pause between annotations. Ids must be distinct.
 */
export class BlockBuilder {
  // Term (prefix → body → index) → its posting list; `lastOrd` drops a term's repeats within one
  // annotation without a Set per annotation (a 10k build visits over a million terms).
  private readonly termIds = new Map<string, Map<string, number>>();
  private readonly termNames: string[] = [];
  private readonly postingLists: number[][] = [];
  private readonly lastOrd: number[] = [];
  private readonly titles: TitleMemo = new Map();
  private readonly members: string[] = [];
  private readonly updated: number[] = [];

  constructor(readonly segmented: boolean) {}

  add(annotation: Annotation): void {
    const ord = this.members.length;
    this.members.push(annotation.id);
    this.updated.push(annotation.updatedAt);
    visitIndexTerms(annotation, this.segmented, this.titles, (prefix, body) => {
      let bodies = this.termIds.get(prefix);
      if (!bodies) {
        bodies = new Map();
        this.termIds.set(prefix, bodies);
      }
      const t = bodies.get(body);
      if (t === undefined) {
        bodies.set(body, this.postingLists.length);
        this.termNames.push(prefix + body);
        this.postingLists.push([ord]);
        this.lastOrd.push(ord);
      } else if (this.lastOrd[t] !== ord) {
        this.lastOrd[t] = ord;
        this.postingLists[t]?.push(ord);
      }
    });
  }

  get size(): number {
    return this.members.length;
  }

  finish(): { block: IndexBlock; chunks: IndexChunk[] } {
    const termIndex = new Map(this.termNames.map((name, t) => [name, t]));
    return assemble(termIndex, this.postingLists, this.members, this.updated, this.segmented);
  }
}

/**
 * Builds a block from annotations (the last of a repeated id wins): with jieba's words when
 * `segmented`, characters only otherwise. Synchronous, CPU only.
 */
export function buildBlock(
  annotations: readonly Annotation[],
  segmented = isSegmenterReady(),
): { block: IndexBlock; chunks: IndexChunk[] } {
  const builder = new BlockBuilder(segmented);
  for (const a of lastOfEachId(annotations)) builder.add(a);
  return builder.finish();
}

/** One annotation per id, the last given, in the order ids first appear. */
export function lastOfEachId(annotations: readonly Annotation[]): Iterable<Annotation> {
  const byId = new Map<string, Annotation>();
  for (const a of annotations) byId.set(a.id, a);
  return byId.values();
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
