/**
 * A note as lib/export renders it, one per source (`toSourceNotes`): the vault's input. `id` is the
 * stable Meipi id the note's front matter carries as `meipi-id`; `fileName` the name a new file
 * gets (`标题.md`).
 */
export interface SourceNote {
  id: string;
  source: string;
  fileName: string;
  markdown: string;
}

/** What a re-export does with a highlight deleted in Meipi: its block marked (the default) or removed. */
export type DeletedHighlights = 'mark' | 'remove';

/** Re-export into a file that exists: Meipi's fresh note merged into what is there (lib/export's `mergeSourceNote`). */
export type MergeNote = (existing: string, fresh: string, options: { deleted: DeletedHighlights }) => string;

/**
 * Turns annotations into notes; the keeper and the zip take it as a parameter (lib/browser wires
 * lib/export's). May be async: the reader's template is read from extension storage.
 */
export type RenderNotes<A> = (annotations: A[]) => SourceNote[] | Promise<SourceNote[]>;

/** The `meipi-id` in a note's YAML front matter (plain, single- or double-quoted), or undefined. */
export function meipiIdOf(text: string): string | undefined {
  const front = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text)?.[1];
  if (front === undefined) return undefined;
  const value = /^meipi-id:[ \t]*(.+?)[ \t]*$/m.exec(front)?.[1];
  if (value === undefined) return undefined;
  if (value.startsWith('"') && value.endsWith('"') && value.length > 1) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return undefined;
    }
  }
  if (value.startsWith("'") && value.endsWith("'") && value.length > 1) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}

/** A short hash of a text (53-bit cyrb53, hex): tells whether a note changed, not a security check. */
export function textHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}
