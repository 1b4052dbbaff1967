import { Dexie, liveQuery, type ObservabilitySet } from 'dexie';
import type { VaultApi } from '../../components/library/VaultSettings';
import { listAnnotations } from '../db/repository';
import type { MeipiDatabase } from '../db/schema';
import type { Annotation } from '../db/types';
import { toMarkdown } from '../export/markdown';
import {
  chooseFolder,
  createVaultKeeper,
  exportToVault,
  folderPermission,
  type MergeNote,
  notesToZip,
  type RenderNotes,
  readVault,
  readVaultView,
  requestFolderPermission,
  type SourceNote,
  setVaultAuto,
  type VaultDeps,
  type VaultFolder,
  type VaultKeeper,
  zipFileName,
} from '../vault';
import { downloadBlob, markdownOptions } from './export';

/** How annotations become notes (lib/export's toSourceNotes and mergeSourceNote, once they land). */
export interface NotesRenderer {
  render: RenderNotes<Annotation>;
  merge: MergeNote;
}

const MEIPI_BLOCK = /<!-- meipi -->[\s\S]*?<!-- \/meipi -->/;

/**
 * Until lib/export renders notes of their own (the notes helper's toSourceNotes/mergeSourceNote):
 * each source's annotations as today's markdown, inside a marked block that re-export replaces,
 * under front matter carrying the source as its meipi-id. The coordinator swaps this for the real
 * renderer where startVaultKeeper and vaultPageApi are called.
 */
export const interimNotes: NotesRenderer = {
  render(annotations) {
    const bySource = new Map<string, Annotation[]>();
    for (const a of annotations) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
    const options = markdownOptions();
    return [...bySource].map(([source, list]): SourceNote => {
      const title = list.find((a) => a.title.trim())?.title ?? '';
      // toMarkdown's front matter gains the meipi-id and stays outside the block: merges keep it.
      const [, front = '---\n---\n', body = ''] =
        /^(---\n[\s\S]*?\n---\n)?([\s\S]*)$/.exec(toMarkdown(list, options)) ?? [];
      return {
        id: source,
        source,
        fileName: `${fileNameOf(title) || '眉批'}.md`,
        markdown: `${front.replace('---\n', `---\nmeipi-id: ${JSON.stringify(source)}\n`)}\n<!-- meipi -->\n${body.trim()}\n<!-- /meipi -->\n`,
      };
    });
  },
  merge(existing, fresh) {
    const block = MEIPI_BLOCK.exec(fresh)?.[0] ?? fresh;
    return MEIPI_BLOCK.test(existing)
      ? existing.replace(MEIPI_BLOCK, () => block)
      : `${existing.trimEnd()}\n\n${block}\n`;
  },
};

/** A title as a file name on every desktop system: no path or reserved characters, not too long. */
function fileNameOf(title: string): string {
  return (
    title
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\\/:*?"<>|#^[\]]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\.+|\.+$/g, '')
      .slice(0, 80)
      .trim()
  );
}

/** One export at a time across the worker and the library page (a second window included). */
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  return navigator.locks ? (navigator.locks.request('meipi-vault', work) as Promise<T>) : work();
}

function depsOf(db: MeipiDatabase, notes: NotesRenderer): VaultDeps {
  return { db, render: notes.render, merge: notes.merge, exclusive };
}

/**
 * The background's keeper: call once at worker start. Every committed write to the annotations
 * (this worker's, the library's bulk work, a sync's) reaches it through Dexie's `storagemutated`.
 */
export function startVaultKeeper(db: MeipiDatabase, notes: NotesRenderer): VaultKeeper {
  const keeper = createVaultKeeper(depsOf(db, notes));
  const annotations = `idb://${db.name}/annotations/`;
  Dexie.on('storagemutated', (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => part.startsWith(annotations) || part === 'all')) keeper.changed();
  });
  return keeper;
}

interface DirectoryPicker {
  showDirectoryPicker?(options: { id?: string; mode: 'readwrite' }): Promise<VaultFolder>;
}

/** The library page's vault: the picker, permission asked again inside the reader's click, exports, the zip. */
export function vaultPageApi(db: MeipiDatabase, notes: NotesRenderer): VaultApi {
  const deps = depsOf(db, notes);
  const picker = globalThis as DirectoryPicker;
  const folder = async () => (await readVault(db))?.handle as VaultFolder | undefined;
  return {
    canPick: typeof picker.showDirectoryPicker === 'function',
    watch(listener) {
      const subscription = liveQuery(() => readVaultView(db)).subscribe({
        next(view) {
          // Asked outside the liveQuery: a promise that isn't Dexie's would confuse its zones.
          void folder()
            .then((handle) => (handle ? folderPermission(handle) : null))
            .catch(() => null)
            .then((permission) => listener({ ...view, permission }));
        },
        error: (error: unknown) => console.warn('Meipi vault: reading the settings failed', error),
      });
      return () => subscription.unsubscribe();
    },
    async pick() {
      if (!picker.showDirectoryPicker) return false;
      let chosen: VaultFolder;
      try {
        chosen = await picker.showDirectoryPicker({ id: 'meipi-vault', mode: 'readwrite' });
      } catch (error) {
        if ((error as { name?: unknown }).name === 'AbortError') return false;
        throw error;
      }
      await chooseFolder(db, chosen);
      return true;
    },
    async regrant() {
      const handle = await folder();
      if (!handle || (await requestFolderPermission(handle)) !== 'granted') return null;
      return exportToVault(deps, true);
    },
    exportNow: () => exportToVault(deps, true),
    setAuto: (auto) => setVaultAuto(db, auto),
    async downloadZip() {
      const zip = notesToZip(notes.render(await listAnnotations(db)));
      await downloadBlob(
        new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        zipFileName(new Date()),
      );
    },
  };
}
