/** A file name as file systems compare them: most desktop ones ignore case, macOS also normalises. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** `name.md`, or `name (2).md`, `name (3).md`… whichever is not in `taken` (of nameKey()s). */
export function freeName(fileName: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(fileName))) return fileName;
  const dot = fileName.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
