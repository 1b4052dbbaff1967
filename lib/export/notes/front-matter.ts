import { yamlString } from '../markdown-escape';

/**
 * YAML front matter, written by code (never by the template) so it is valid for any title: every
 * string is a double-quoted scalar, dates are bare `YYYY-MM-DD`, tags a block list.
 */

export interface NoteFields {
  title: string;
  author?: string;
  site?: string;
  source: string;
  created: string;
  updated: string;
  tags: readonly string[];
  meipiId: string;
}

/** The keys Meipi writes and owns: a merge replaces them; every other key is the user's. */
const OWNED_KEYS = ['title', 'author', 'site', 'source', 'created', 'updated', 'tags', 'meipi-id'];

export function frontMatterLines(fields: NoteFields): string[] {
  const out = ['---', `title: ${yamlString(fields.title)}`];
  if (fields.author) out.push(`author: ${yamlString(fields.author)}`);
  if (fields.site) out.push(`site: ${yamlString(fields.site)}`);
  out.push(
    `source: ${yamlString(fields.source)}`,
    `created: ${fields.created}`,
    `updated: ${fields.updated}`,
  );
  if (fields.tags.length > 0) out.push('tags:', ...fields.tags.map((t) => `  - ${yamlString(t)}`));
  out.push(`meipi-id: ${yamlString(fields.meipiId)}`, '---');
  return out;
}

/** A top-level key with its value lines (continuations: indented lines, list items, blanks). */
interface FrontMatterEntry {
  key: string;
  lines: string[];
}

/** Splits a note (LF line endings) into its front matter lines (without the `---`) and the body; null: none. */
export function splitNote(lines: readonly string[]): { front: string[] | null; body: string[] } {
  if (lines[0]?.trimEnd() !== '---') return { front: null, body: [...lines] };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trimEnd();
    if (line === '---' || line === '...') return { front: lines.slice(1, i), body: lines.slice(i + 1) };
  }
  // Never closed: not front matter as Obsidian reads it; all of it stays, as body.
  return { front: null, body: [...lines] };
}

const KEY_LINE = /^(?:"([^"]*)"|'([^']*)'|([^\s#:'"-][^:]*?|-[^\s:][^:]*?))\s*:(?:\s|$)/;

function parseEntries(front: readonly string[]): FrontMatterEntry[] {
  const entries: FrontMatterEntry[] = [];
  for (const line of front) {
    const key = KEY_LINE.exec(line);
    const last = entries[entries.length - 1];
    if (key && !/^\s/.test(line)) entries.push({ key: key[1] ?? key[2] ?? key[3] ?? '', lines: [line] });
    // A value goes on in indented lines, list items and blank lines.
    else if (last && /^(?:\s|-(?:\s|$)|$)/.test(line)) last.lines.push(line);
    // Anything else (a comment, a line the user typed) keeps its place as a keyless entry of its own.
    else entries.push({ key: '', lines: [line] });
  }
  return entries;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** The tags of a `tags` entry as Obsidian reads them: a block list, a flow list, or one string. */
function tagValues(entry: FrontMatterEntry): string[] {
  const first = entry.lines[0] ?? '';
  const inline = first.slice(first.indexOf(':') + 1).trim();
  if (inline.startsWith('[') && inline.endsWith(']')) {
    return inline
      .slice(1, -1)
      .split(',')
      .map(unquote)
      .filter((t) => t);
  }
  if (inline)
    return inline
      .split(/[\s,]+/)
      .map(unquote)
      .filter((t) => t);
  return entry.lines
    .slice(1)
    .map((line) => /^\s*-\s+(.*)$/.exec(line)?.[1])
    .filter((t): t is string => t !== undefined)
    .map(unquote)
    .filter((t) => t);
}

/**
 * The user's keys kept in their order and words, Meipi's keys from `fresh`; `tags` is the union
 * (tags the user added stay; a tag removed in Meipi also stays: Meipi cannot tell it from theirs).
 */
export function mergeFrontMatter(existing: readonly string[], fresh: readonly string[]): string[] {
  const mine = parseEntries(fresh);
  const theirs = parseEntries(existing);
  const freshByKey = new Map(mine.map((e) => [e.key, e]));
  const written = new Set<string>();
  const out: string[] = [];
  for (const entry of theirs) {
    if (!OWNED_KEYS.includes(entry.key)) {
      out.push(...entry.lines);
      continue;
    }
    if (written.has(entry.key)) continue;
    written.add(entry.key);
    const replacement = freshByKey.get(entry.key);
    if (entry.key === 'tags') out.push(...mergedTags(entry, replacement));
    else if (replacement) out.push(...replacement.lines);
  }
  for (const entry of mine) if (!written.has(entry.key)) out.push(...entry.lines);
  return out;
}

function mergedTags(existing: FrontMatterEntry, fresh: FrontMatterEntry | undefined): string[] {
  const have = tagValues(existing);
  const extra = (fresh ? tagValues(fresh) : []).filter((t) => !have.includes(t));
  if (extra.length === 0) return existing.lines;
  return ['tags:', ...[...have, ...extra].map((t) => `  - ${yamlString(t)}`)];
}
