import { strToU8, zipSync } from 'fflate';
import { localDate } from '../export/markdown';
import { freeName, nameKey } from './names';
import type { SourceNote } from './note';

/** One file per source note, named as in a folder (` (2)` for a second note of the same name). */
export function notesToZip(notes: readonly SourceNote[]): Uint8Array {
  const taken = new Set<string>();
  const files: Record<string, Uint8Array> = {};
  for (const note of notes) {
    const name = freeName(note.fileName, taken);
    taken.add(nameKey(name));
    files[name] = strToU8(note.markdown);
  }
  return zipSync(files);
}

/** `眉批-笔记-2026-12-01.zip`: not the backup's or the single export's name. */
export function zipFileName(date: Date): string {
  return `眉批-笔记-${localDate(date)}.zip`;
}
