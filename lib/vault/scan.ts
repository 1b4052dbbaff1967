import type { VaultFileHandle, VaultFolder } from './folder';
import { meipiIdOf } from './note';

/** Front matter sits at a note's start: the scan reads no more of a file than this. */
const FRONT_MATTER_BYTES = 4096;

/** The names directly in the folder: files and subfolders (a new note's name must not clash with either). */
export async function namesIn(folder: VaultFolder): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of folder.values()) names.push(entry.name);
  return names;
}

async function frontOf(file: VaultFileHandle): Promise<string> {
  const blob = (await file.getFile()) as {
    text(): Promise<string>;
    slice?(start: number, end: number): Blob;
  };
  return blob.slice ? blob.slice(0, FRONT_MATTER_BYTES).text() : blob.text();
}

/**
 * meipi-id → path of every Markdown file below the folder that carries one: where notes went that
 * the reader renamed or moved into a subfolder. Hidden folders (`.obsidian`, `.trash`: a note in
 * Obsidian's trash is not brought back) are skipped; the first file found for an id wins.
 */
export async function findMeipiNotes(root: VaultFolder): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (folder: VaultFolder, prefix: string): Promise<void> => {
    for await (const entry of folder.values()) {
      if (entry.name.startsWith('.')) continue;
      if (entry.kind === 'directory') {
        await walk(entry, `${prefix}${entry.name}/`);
      } else if (entry.name.toLowerCase().endsWith('.md')) {
        const id = await frontOf(entry).then(meipiIdOf, () => undefined);
        if (id !== undefined && !found.has(id)) found.set(id, `${prefix}${entry.name}`);
      }
    }
  };
  await walk(root, '');
  return found;
}
