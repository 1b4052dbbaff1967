/**
 * lib/vault — notes straight into a folder the reader chose (an Obsidian vault), kept in step:
 * `writer` (one file per source, merged, never deleting), `scan` (notes found by their meipi-id),
 * `store` (the folder handle, setting, status and manifest in lib/db's v6 tables), `keeper` (the
 * background's export after changes), `zip` (the same notes as one download).
 */
export {
  type FolderFailure,
  type FolderPermission,
  folderPermission,
  requestFolderPermission,
  type VaultFileHandle,
  type VaultFolder,
  type VaultWritable,
} from './folder';
export {
  createVaultKeeper,
  exportToVault,
  VAULT_DEBOUNCE_MS,
  type VaultDeps,
  type VaultKeeper,
} from './keeper';
export { freeName } from './names';
export {
  type DeletedHighlights,
  type MergeNote,
  meipiIdOf,
  type RenderNotes,
  type SourceNote,
  textHash,
} from './note';
export { findMeipiNotes } from './scan';
export {
  chooseFolder,
  readVault,
  readVaultView,
  setVaultAuto,
  setVaultDeleted,
  setVaultStatus,
  type VaultStatus,
  type VaultView,
} from './store';
export { type ExportOptions, type ExportOutcome, exportNotes } from './writer';
export { notesToZip, zipFileName } from './zip';
