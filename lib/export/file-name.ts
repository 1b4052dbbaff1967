import { localDate } from './markdown';

/**
 * Download names for what is made on `date` (local day). A backup (everything, to restore) and an
 * export (what was chosen, to use elsewhere) get different names so neither is taken for the other:
 * `眉批-备份-2026-11-28.json`, `眉批-导出-2026-11-28.json`; markdown `眉批-2026-11-28.md`.
 */
export function exportFileName(
  date: Date,
  ext: 'md' | 'json',
  purpose: 'backup' | 'export' = 'export',
): string {
  if (ext === 'md') return `眉批-${localDate(date)}.md`;
  return `眉批-${purpose === 'backup' ? '备份' : '导出'}-${localDate(date)}.json`;
}

/** The folder a download of one note per source goes into: `眉批-笔记-2026-11-28`. */
export function notesFolderName(date: Date): string {
  return `眉批-笔记-${localDate(date)}`;
}
