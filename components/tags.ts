/** Tags typed as free text: split on commas (ASCII or Chinese), 、, semicolons or whitespace; '#' dropped; unique. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[,，、;；\s]+/)) {
    const tag = raw.replace(/^#+/, '').trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}
