import { vi } from 'vitest';
import type { FolderPermission, VaultFileHandle, VaultFolder, VaultWritable } from '@/lib/vault';

/** What a real folder throws: DOMExceptions named as the File System Access API names them. */
const fail = (name: string) => new DOMException(name, name);

export class MemoryFile implements VaultFileHandle {
  readonly kind = 'file' as const;
  reads = 0;
  constructor(
    public name: string,
    public text: string,
    private readonly folder: MemoryFolder,
  ) {}
  async getFile() {
    this.folder.check();
    this.reads++;
    const text = this.text;
    return {
      text: async () => text,
      slice: (start: number, end: number) => new Blob([text]).slice(start, end),
    };
  }
  async createWritable(): Promise<VaultWritable> {
    this.folder.check(true);
    let buffer = '';
    return {
      write: async (data: string) => {
        buffer += data;
      },
      close: async () => {
        this.folder.check(true);
        this.text = buffer;
        this.folder.root.writes++;
      },
    };
  }
}

/**
 * An in-memory FileSystemDirectoryHandle: names compared exactly (as on Linux), a permission the
 * test sets, and switches for a folder that is gone or read-only. It has no removeEntry: the code
 * under test could not delete a file if it tried.
 */
export class MemoryFolder implements VaultFolder {
  readonly kind = 'directory' as const;
  readonly entries = new Map<string, MemoryFile | MemoryFolder>();
  permission: FolderPermission = 'granted';
  requested: FolderPermission = 'granted';
  gone = false;
  readOnly = false;
  writes = 0;
  readonly root: MemoryFolder;

  constructor(
    public name: string,
    parent?: MemoryFolder,
  ) {
    this.root = parent?.root ?? this;
  }

  check(writing = false): void {
    if (this.root.gone) throw fail('NotFoundError');
    if (writing && this.root.readOnly) throw fail('NoModificationAllowedError');
  }

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<MemoryFile> {
    this.check();
    const entry = this.entries.get(name);
    if (entry instanceof MemoryFile) return entry;
    if (entry) throw fail('TypeMismatchError');
    if (!options?.create) throw fail('NotFoundError');
    this.check(true);
    const file = new MemoryFile(name, '', this);
    this.entries.set(name, file);
    return file;
  }

  async getDirectoryHandle(name: string): Promise<MemoryFolder> {
    this.check();
    const entry = this.entries.get(name);
    if (entry instanceof MemoryFolder) return entry;
    throw fail(entry ? 'TypeMismatchError' : 'NotFoundError');
  }

  async *values(): AsyncGenerator<MemoryFile | MemoryFolder> {
    this.check();
    yield* [...this.entries.values()];
  }

  async queryPermission(): Promise<FolderPermission> {
    return this.permission;
  }

  async requestPermission(): Promise<FolderPermission> {
    this.permission = this.requested;
    return this.permission;
  }

  async isSameEntry(other: VaultFolder): Promise<boolean> {
    return other === this;
  }

  // The test's own hands on the folder.

  /** The folder at a '/' path, made as needed. */
  dir(path: string): MemoryFolder {
    let folder: MemoryFolder = this;
    for (const part of path.split('/').filter(Boolean)) {
      let next = folder.entries.get(part);
      if (!(next instanceof MemoryFolder)) {
        next = new MemoryFolder(part, folder);
        folder.entries.set(part, next);
      }
      folder = next;
    }
    return folder;
  }

  put(path: string, text: string): void {
    const at = path.lastIndexOf('/');
    const folder = this.dir(path.slice(0, Math.max(at, 0)));
    const name = path.slice(at + 1);
    folder.entries.set(name, new MemoryFile(name, text, folder));
  }

  read(path: string): string | undefined {
    const at = path.lastIndexOf('/');
    const entry = this.dir(path.slice(0, Math.max(at, 0))).entries.get(path.slice(at + 1));
    return entry instanceof MemoryFile ? entry.text : undefined;
  }

  /** Moves a file as a reader does in Obsidian (rename, or into another folder). */
  move(from: string, to: string): void {
    const text = this.read(from);
    if (text === undefined) throw new Error(`no file ${from}`);
    this.take(from);
    this.put(to, text);
  }

  /** Deletes a file as the reader does (Meipi never does). */
  take(path: string): void {
    const at = path.lastIndexOf('/');
    this.dir(path.slice(0, Math.max(at, 0))).entries.delete(path.slice(at + 1));
  }

  /** Every file path below, sorted. */
  paths(prefix = ''): string[] {
    return [...this.entries]
      .flatMap(([name, entry]) =>
        entry instanceof MemoryFolder ? entry.paths(`${prefix}${name}/`) : [`${prefix}${name}`],
      )
      .sort();
  }
}

/**
 * IndexedDB keeps a real directory handle by structured clone; this fake would lose its methods,
 * so fake-indexeddb's clone passes MemoryFolders through as they are (for the test's lifetime).
 */
export function keepFoldersThroughClone(): void {
  const clone = globalThis.structuredClone;
  const keep = (value: unknown): unknown => {
    if (value instanceof MemoryFolder) return value;
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keep(v)]));
    }
    return clone(value);
  };
  vi.stubGlobal('structuredClone', keep);
}

/** A stand-in for lib/export's merge: the user's text outside Meipi's block is kept, the block replaced. */
export function markerMerge(existing: string, fresh: string): string {
  const block = /<!-- meipi -->[\s\S]*?<!-- \/meipi -->/;
  const freshBlock = block.exec(fresh)?.[0];
  return freshBlock && block.test(existing) ? existing.replace(block, () => freshBlock) : existing;
}

/** A hand-made note: front matter with its meipi-id, then Meipi's block. */
export function note(id: string, title: string, body: string) {
  return {
    id,
    source: `https://example.com/${id}`,
    fileName: `${title}.md`,
    markdown: `---\ntitle: "${title}"\nmeipi-id: "${id}"\n---\n<!-- meipi -->\n${body}\n<!-- /meipi -->\n`,
  };
}
