import { contentHash } from './block-id';

/**
 * Meipi's blocks inside a note, as a merge finds them again. A highlight is
 *
 *   %% mp-1a2b3c4d5e6f 9f8e7d6c %%      ← Obsidian comment: its id and a hash of what Meipi wrote
 *   (blank line)
 *   …the template's lines…
 *   (blank line)
 *   ^mp-1a2b3c4d5e6f                    ← Obsidian block id: [[Note#^mp-1a2b3c4d5e6f]] links here
 *
 * and after the last one `%% meipi:end <ids> %%` marks where new highlights go and lists every
 * highlight Meipi has written into the note (so a block the user deleted is not written again).
 * `%%…%%` is hidden in Obsidian's reading view. A marker with `deleted` instead of the hash is a
 * highlight deleted in Meipi and kept, marked, in the note.
 */

export const DELETED = 'deleted';
const START = /^%% (mp-[0-9a-z]+) ([0-9a-f]{8}|deleted) %%$/;
const END = /^%% meipi:end((?: [0-9a-z]+)*) %%$/;

export function startMarker(id: string, hashOrDeleted: string): string {
  return `%% ${id} ${hashOrDeleted} %%`;
}

export function endMarker(ids: Iterable<string>): string {
  // Sorted: the same set of highlights always writes the same line.
  const list = [...ids]
    .sort()
    .map((id) => ` ${id.replace(/^mp-/, '')}`)
    .join('');
  return `%% meipi:end${list} %%`;
}

/** A highlight's whole block: marker, content, id line. */
export function blockLines(id: string, content: readonly string[]): string[] {
  return [startMarker(id, contentHash(content)), '', ...content, '', `^${id}`];
}

export interface FoundBlock {
  id: string;
  /** Line range [start, end] of the marker through the id line. */
  start: number;
  end: number;
  /** The lines between them, and whether they are still what Meipi wrote. */
  content: string[];
  edited: boolean;
  deleted: boolean;
}

export interface NoteStructure {
  blocks: FoundBlock[];
  /** Lines of `%% meipi:end … %%` markers (normally one). */
  ends: number[];
  /** Ids the end markers list as written before. */
  written: Set<string>;
}

export function isEndMarker(line: string): boolean {
  return END.test(line.trimEnd());
}

/**
 * Finds intact blocks: a start marker with its own id line before any other marker. Anything else
 * (a marker whose id line was deleted, an id line whose marker was) is left as the user's text.
 */
export function findBlocks(lines: readonly string[]): NoteStructure {
  const blocks: FoundBlock[] = [];
  const ends: number[] = [];
  const written = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    const end = END.exec(line);
    if (end) {
      ends.push(i);
      for (const id of (end[1] ?? '').split(' ')) if (id) written.add(`mp-${id}`);
      continue;
    }
    const start = START.exec(line);
    if (!start) continue;
    const id = start[1] ?? '';
    const idLine = `^${id}`;
    for (let j = i + 1; j < lines.length; j++) {
      const inner = (lines[j] ?? '').trimEnd();
      if (inner.trim() === idLine) {
        const content = lines.slice(i + 1, j);
        const deleted = start[2] === DELETED;
        blocks.push({
          id,
          start: i,
          end: j,
          content,
          deleted,
          edited: !deleted && contentHash(content) !== start[2],
        });
        i = j;
        break;
      }
      if (START.test(inner) || END.test(inner)) break;
    }
  }
  return { blocks, ends, written };
}
