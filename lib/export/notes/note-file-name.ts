/**
 * File names for notes that open on Windows, macOS, Linux, Android and in Obsidian: no
 * `\ / : * ? " < > |`, none of Obsidian's link characters `# ^ [ ] |`, no control characters,
 * no leading dot, no trailing dot or space, not a reserved Windows device name, and short
 * enough for every file system (at most 120 UTF-16 units before `.md`, whole characters only).
 */

const FORBIDDEN = /[\\/:*?"<>|#^[\]\p{Cc}\p{Cf}\u2028\u2029]/gu;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_STEM = 120;

function clip(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** A safe file stem (no extension) for a title; `fallback` when nothing usable is left. */
export function safeFileStem(title: string, fallback: string): string {
  let stem = title
    .normalize('NFC')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+/u, '');
  stem = clip(stem, MAX_STEM).replace(/[.\s]+$/u, '');
  if (!stem) stem = fallback;
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  return stem;
}

/**
 * `<stem>.md` per note, unique ignoring case (macOS and Windows folders are case-insensitive).
 * Notes are given in a stable order (oldest first); a later note whose name is taken gets its
 * id's first characters appended, so adding a note never renames an earlier one.
 */
export function uniqueFileNames(notes: readonly { stem: string; id: string }[]): string[] {
  const taken = new Set<string>();
  return notes.map(({ stem, id }) => {
    let name = `${stem}.md`;
    const suffix = id.replace(/^src-/, '');
    for (let len = 6; taken.has(name.toLowerCase()); len += 2) {
      const tag = len <= suffix.length ? suffix.slice(0, len) : `${suffix}-${len}`;
      name = `${clip(stem, MAX_STEM - tag.length - 3)} (${tag}).md`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
