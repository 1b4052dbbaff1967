// The records lib/vault keeps (schema v6): the chosen folder with its settings and last status, and
// the manifest of the files Meipi wrote there. A directory handle is structured-cloneable, so
// IndexedDB keeps it (chrome.storage can't); lib/vault gives the fields their meaning.

/** The one `vault` row (key 'folder'). `handle`: a FileSystemDirectoryHandle, opaque here. */
export interface VaultRecord {
  key: 'folder';
  handle?: unknown;
  /** Export after every change (the background, while permission lasts), or only on demand. */
  auto: boolean;
  /** A highlight deleted in Meipi: its block marked (default) or removed from the note. */
  deleted?: 'mark' | 'remove';
  /** The last export's outcome, for the library to show; lib/vault's VaultStatus. */
  status?: unknown;
}

/** A note Meipi wrote: its source note's id, where the file is (relative to the folder), and hashes. */
export interface VaultFileRecord {
  id: string;
  path: string;
  /** Hash of the fresh note last merged in: the same again means nothing new from Meipi. */
  freshHash: string;
}
