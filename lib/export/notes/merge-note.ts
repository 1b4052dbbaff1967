import { mergeFrontMatter, splitNote } from './front-matter';
import { DELETED, endMarker, type FoundBlock, findBlocks, isEndMarker, startMarker } from './note-blocks';

export interface MergeOptions {
  /** A highlight deleted in Meipi: its block removed, or kept and marked (default). */
  deleted?: 'remove' | 'mark';
}

const DELETED_CALLOUT = '> [!note] 已在眉批中删除 · deleted in Meipi';

/**
 * Re-export into a note the user may have edited. `fresh` is a newly rendered note for the same
 * source. What the result keeps and takes:
 * - Front matter: the user's keys as they are; Meipi's own keys (title, author, site, source,
 *   created, updated, meipi-id) from `fresh`; tags: the user's plus any new ones.
 * - Everything outside Meipi's blocks (see note-blocks.ts) stays verbatim: the heading and source
 *   lines written at first export, headings and text the user added, their order of the blocks.
 * - A block still as Meipi wrote it is replaced by its fresh version. A block the user edited
 *   inside is theirs: kept as it is (Meipi's change to it waits until they undo their edit or
 *   delete the block).
 * - A new highlight goes after the block of the highlight before it in page order (and after any
 *   text the user wrote under that block), else before the first block, else at the end marker.
 * - A highlight the note once held whose block the user deleted is not written again.
 * - A highlight gone from `fresh`: `mark` keeps its block with a "deleted in Meipi" callout;
 *   `remove` drops it, unless the user edited it (then it is marked: their words stay).
 * - Damaged markers: a block whose marker or id line is gone is plain user text, kept as it is, and
 *   its highlight is not written again (the end marker lists it, or its id line is still there).
 *   With the end marker gone too, a highlight whose id line is gone is written once more (at the
 *   end, with a new end marker). Nothing is lost either way.
 * Line endings and a byte order mark follow `existing` (CRLF stays CRLF).
 */
export function mergeSourceNote(existing: string, fresh: string, options: MergeOptions = {}): string {
  // An empty file (created by hand, or truncated) has nothing to keep: it gets the whole note.
  if (existing.trim() === '') return fresh;
  const crlf = existing.includes('\r\n');
  // Windows editors may start the file with a byte order mark; it would hide the front matter.
  const bom = existing.startsWith('\uFEFF') ? '\uFEFF' : '';
  const old = splitNote(existing.slice(bom.length).replace(/\r\n?/g, '\n').split('\n'));
  const next = splitNote(fresh.replace(/\r\n?/g, '\n').split('\n'));

  const front = next.front
    ? old.front
      ? mergeFrontMatter(old.front, next.front)
      : next.front
    : (old.front ?? null);
  const body = mergeBody(old.body, next.body, options.deleted ?? 'mark');
  const lines = front ? ['---', ...front, '---', ...body] : body;
  const text = bom + lines.join('\n');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

interface Placed {
  block: FoundBlock;
  lines: string[];
}

function mergeBody(
  existing: readonly string[],
  fresh: readonly string[],
  deleted: 'remove' | 'mark',
): string[] {
  const have = findBlocks(existing);
  const want = findBlocks(fresh);
  const freshById = new Map(want.blocks.map((b) => [b.id, b]));
  const present = new Map(have.blocks.map((b) => [b.id, b]));
  const removed = new Set<string>();

  // Each existing line range of an intact block gets its new lines; everything else stays.
  const replacement = new Map<number, Placed>();
  for (const block of have.blocks) {
    const update = freshById.get(block.id);
    let lines: string[];
    if (update && !block.edited) lines = fresh.slice(update.start, update.end + 1);
    else if (update || block.deleted) lines = existing.slice(block.start, block.end + 1);
    else if (deleted === 'remove' && !block.edited) {
      lines = [];
      removed.add(block.id);
    } else lines = markedDeleted(block, existing);
    replacement.set(block.start, { block, lines });
  }

  // Where each new highlight goes: after its predecessor's block and the user's text under it.
  const text = existing.join('\n');
  const inserts = new Map<number, string[][]>();
  const blockStarts = have.blocks.map((b) => b.start);
  const insertionEnd = have.ends[have.ends.length - 1];
  let previous: FoundBlock | undefined;
  for (const block of want.blocks) {
    const known = present.get(block.id);
    if (known) {
      previous = known;
      continue;
    }
    if (have.written.has(block.id) || new RegExp(`\\^${block.id}\\b`).test(text)) continue;
    const at = insertionPoint(previous, blockStarts, insertionEnd, existing.length);
    const list = inserts.get(at) ?? [];
    list.push(fresh.slice(block.start, block.end + 1));
    inserts.set(at, list);
  }

  const ids = new Set([...have.written, ...have.blocks.map((b) => b.id)]);
  for (const block of want.blocks) ids.add(block.id);
  for (const id of removed) ids.delete(id);
  const end = endMarker(ids);

  const out: string[] = [];
  const pushBlock = (lines: readonly string[]) => {
    if (out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
    out.push(...lines);
    out.push('');
  };
  const flushInserts = (at: number) => {
    for (const lines of inserts.get(at) ?? []) pushBlock(lines);
  };
  const lastEnd = have.ends[have.ends.length - 1];
  for (let i = 0; i < existing.length; i++) {
    flushInserts(i);
    const placed = replacement.get(i);
    if (placed) {
      if (placed.lines.length > 0) pushBlock(placed.lines);
      // The blank line after a block is the block's; a following blank line stays.
      i = placed.block.end;
      if ((existing[i + 1] ?? '').trim() === '') i++;
      continue;
    }
    const line = existing[i] ?? '';
    if (isEndMarker(line)) {
      if (i === lastEnd) out.push(end);
      continue;
    }
    out.push(line);
  }
  const appended = inserts.get(existing.length);
  if (appended || lastEnd === undefined) {
    flushInserts(existing.length);
    if (lastEnd === undefined) {
      if (out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
      out.push(end, '');
    }
  }
  while (out.length > 1 && out[out.length - 1] === '' && out[out.length - 2] === '') out.pop();
  if (out[out.length - 1] !== '') out.push('');
  return out;
}

function insertionPoint(
  previous: FoundBlock | undefined,
  starts: readonly number[],
  end: number | undefined,
  length: number,
): number {
  if (!previous) return starts[0] ?? end ?? length;
  const after = starts.find((s) => s > previous.end);
  if (after !== undefined) return after;
  return end !== undefined && end > previous.end ? end : length;
}

function markedDeleted(block: FoundBlock, existing: readonly string[]): string[] {
  if (block.deleted) return existing.slice(block.start, block.end + 1);
  const content = [...block.content];
  while (content[0]?.trim() === '') content.shift();
  return [startMarker(block.id, DELETED), '', DELETED_CALLOUT, '', ...content, existing[block.end] ?? ''];
}
