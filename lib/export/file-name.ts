import { localDate } from './markdown';

/** Download name for an export made on `date` (local day): `眉批-2026-11-28.md`. */
export function exportFileName(date: Date, ext: 'md' | 'json'): string {
  return `眉批-${localDate(date)}.${ext}`;
}
