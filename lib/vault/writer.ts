import type { VaultFileRecord } from '../db/vault-tables';
import {
  type FolderFailure,
  fileAt,
  folderFailureOf,
  folderPermission,
  isNotFound,
  readText,
  type VaultFileHandle,
  type VaultFolder,
  writeText,
} from './folder';
import { baseName, freeName, nameKey } from './names';
import { type DeletedHighlights, type MergeNote, meipiIdOf, type SourceNote, textHash } from './note';
import { findMeipiNotes, namesIn } from './scan';

export interface ExportOptions {
  /**
   * Read and merge every note. Without it (the automatic export after a change) a note whose fresh
   * text is what Meipi merged last time is left alone, unread: nothing new to bring.
   */
  full: boolean;
  /** A highlight deleted in Meipi: its block marked or removed in the note (the reader's choice). */
  deleted?: DeletedHighlights;
}

export interface ExportOutcome {
  /** Files written (new or changed). */
  written: number;
  /** Notes whose file already said it all. */
  unchanged: number;
  /** Manifest rows to store: every note written, found elsewhere or merged; kept even when a later one failed. */
  entries: VaultFileRecord[];
  /** Why the export stopped early; whatever was written before it is in `entries`. */
  failure?: FolderFailure | 'needs-permission';
}

/**
 * Writes one file per source note into the folder, keeping in step what Meipi wrote before:
 *
 * - A note Meipi wrote (in the manifest) is read, `merge(existing, fresh)`d, and written only if
 *   that changed it. It keeps its file name when its title changes: links in the vault use it.
 *   Only a file whose front matter carries the note's `meipi-id` is merged into: a file the reader
 *   put in its place (or whose id they removed) is theirs, and left as it is.
 * - A note whose file is no longer where Meipi wrote it was renamed or moved: the folder's Markdown
 *   files (subfolders too) are searched once for its front matter's `meipi-id`, and it is merged
 *   there. Not found (the reader deleted it), it is written anew under its old name (or ` (2)`…).
 * - A new note gets its `fileName`, or ` (2)`… when that name is taken by anything else. A file of
 *   that name carrying the note's own `meipi-id` is the note (another profile wrote it, or the
 *   manifest was lost), and so are those the search finds when the manifest is empty.
 * - Nothing is ever deleted: a note missing from `notes` keeps its file as it is.
 */
export async function exportNotes(
  folder: VaultFolder,
  notes: readonly SourceNote[],
  merge: MergeNote,
  manifest: ReadonlyMap<string, VaultFileRecord>,
  options: ExportOptions,
): Promise<ExportOutcome> {
  const outcome: ExportOutcome = { written: 0, unchanged: 0, entries: [] };
  try {
    if ((await folderPermission(folder)) !== 'granted') return { ...outcome, failure: 'needs-permission' };
    const taken = new Set((await namesIn(folder)).map(nameKey));
    let found: Promise<Map<string, string>> | undefined;
    const search = () => {
      found ??= findMeipiNotes(folder);
      return found;
    };
    const write = async (note: SourceNote, path: string, text: string, file?: VaultFileHandle) => {
      await writeText(file ?? (await fileAt(folder, path, true)), text);
      outcome.written++;
      outcome.entries.push({ id: note.id, path, freshHash: textHash(note.markdown) });
    };
    /** Merges into the file at `path`; false if there is none, or it is not this note's (no meipi-id of its own). */
    const mergeInto = async (note: SourceNote, path: string): Promise<boolean> => {
      let file: VaultFileHandle;
      let existing: string;
      try {
        file = await fileAt(folder, path);
        existing = await readText(file);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
      if (meipiIdOf(existing) !== note.id) return false;
      const merged = merge(existing, note.markdown, { deleted: options.deleted ?? 'mark' });
      if (merged !== existing) return write(note, path, merged, file).then(() => true);
      outcome.unchanged++;
      outcome.entries.push({ id: note.id, path, freshHash: textHash(note.markdown) });
      return true;
    };

    /** Notes with no file yet, in the order given: they are named in that order. */
    const anew: { index: number; note: SourceNote; wanted: string }[] = [];
    await inParallel(notes, async (note, index) => {
      const known = manifest.get(note.id);
      if (known) {
        if (!options.full && known.freshHash === textHash(note.markdown)) {
          outcome.unchanged++;
          return;
        }
        if (await mergeInto(note, known.path)) return;
      }
      const elsewhere = known || manifest.size === 0 ? (await search()).get(note.id) : undefined;
      if (elsewhere !== undefined && elsewhere !== known?.path && (await mergeInto(note, elsewhere))) return;
      const wanted = known ? baseName(known.path) : note.fileName;
      if (!known && taken.has(nameKey(wanted)) && (await mergeInto(note, wanted))) return;
      anew.push({ index, note, wanted });
    });
    const named = anew
      .sort((a, b) => a.index - b.index)
      .map(({ note, wanted }) => {
        const name = freeName(wanted, taken);
        taken.add(nameKey(name));
        return { note, name };
      });
    await inParallel(named, ({ note, name }) => write(note, name, note.markdown));
    return outcome;
  } catch (error) {
    return { ...outcome, failure: folderFailureOf(error) };
  }
}

/**
 * Files opened, read and written at once: each is a round trip to the browser's file system
 * (1,000 new notes one by one took ~7 s in Chromium, 64 at a time ~2.7 s, on a loaded machine). The first failure stops taking new ones.
 */
const PARALLEL_FILES = 64;

async function inParallel<T>(items: readonly T[], work: (item: T, index: number) => Promise<unknown>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(PARALLEL_FILES, items.length) }, worker),
  );
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}
