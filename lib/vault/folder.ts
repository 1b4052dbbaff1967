// The slice of the File System Access API the vault uses, typed here: TypeScript's DOM library
// lacks the permission methods, and the unit tests' in-memory folder implements just this. A
// FileSystemDirectoryHandle from showDirectoryPicker() or navigator.storage.getDirectory() fits.

export type FolderPermission = 'granted' | 'denied' | 'prompt';
type ReadWrite = { mode: 'readwrite' };

export interface VaultWritable {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}

export interface VaultFileHandle {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<{ text(): Promise<string> }>;
  createWritable(): Promise<VaultWritable>;
}

export interface VaultFolder {
  readonly kind: 'directory';
  readonly name: string;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<VaultFileHandle>;
  getDirectoryHandle(name: string): Promise<VaultFolder>;
  values(): AsyncIterable<VaultFileHandle | VaultFolder>;
  /** Absent on handles that need none (the origin private file system's, in some engines). */
  queryPermission?(descriptor: ReadWrite): Promise<FolderPermission>;
  requestPermission?(descriptor: ReadWrite): Promise<FolderPermission>;
  isSameEntry?(other: VaultFolder): Promise<boolean>;
}

const READ_WRITE: ReadWrite = { mode: 'readwrite' };

/** Whether Meipi may write there now (no prompt: works in the background's worker too). */
export async function folderPermission(folder: VaultFolder): Promise<FolderPermission> {
  return folder.queryPermission ? folder.queryPermission(READ_WRITE) : 'granted';
}

/** Asks the reader again; only from a page, inside a click (the browser needs the user's gesture). */
export async function requestFolderPermission(folder: VaultFolder): Promise<FolderPermission> {
  return folder.requestPermission ? folder.requestPermission(READ_WRITE) : 'granted';
}

export type FolderFailure = 'missing' | 'not-writable' | 'failed';

/**
 * A failed folder operation in the reader's terms: the folder (or a subfolder) is gone, or Meipi
 * may not write there (permission dropped, read-only disk, full disk), or something else.
 */
export function folderFailureOf(error: unknown): FolderFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotFoundError') return 'missing';
  if (
    name === 'NotAllowedError' ||
    name === 'NoModificationAllowedError' ||
    name === 'InvalidModificationError' ||
    name === 'QuotaExceededError' ||
    name === 'SecurityError'
  ) {
    return 'not-writable';
  }
  return 'failed';
}

export function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'NotFoundError';
}

/** The folder at a '/'-separated path below `root` and the file name there. */
async function parentOf(root: VaultFolder, path: string): Promise<[VaultFolder, string]> {
  const parts = path.split('/');
  const name = parts.pop() ?? path;
  let folder = root;
  for (const part of parts) folder = await folder.getDirectoryHandle(part);
  return [folder, name];
}

/** The file at a '/'-separated path below `root`; `create` makes it (not its folders) if missing. */
export async function fileAt(root: VaultFolder, path: string, create = false): Promise<VaultFileHandle> {
  const [folder, name] = await parentOf(root, path);
  return folder.getFileHandle(name, { create });
}

export async function readText(file: VaultFileHandle): Promise<string> {
  return (await file.getFile()).text();
}

/** Replaces a file's whole text; nothing here ever removes a file. */
export async function writeText(file: VaultFileHandle, text: string): Promise<void> {
  const writable = await file.createWritable();
  await writable.write(text);
  await writable.close();
}
