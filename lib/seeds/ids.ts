/** FNV-1a (32-bit) in base 36: short and stable, with no crypto API (this also runs in the build config). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** "seeds/000_28A0.txt" → "000_28a0"; a stem that is not plain ASCII also gets its hash, so "日报1" ≠ "晚报1". */
function sourceSlug(source: string): string {
  const stem = source.replace(/^.*[\\/]/u, '').replace(/\.[^.]*$/u, '');
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return /^[\w-]+$/u.test(stem) ? slug : [slug, shortHash(stem)].filter(Boolean).join('-');
}

/**
 * `<source slug>-<title hash>`: the same on every build and install, ASCII and URL-safe, and
 * unchanged when other articles are added to or removed from the seed. `taken` collects the
 * ids of one seed so that two equal titles get "-2", "-3".
 */
export function articleId(source: string, title: string, taken: Set<string>): string {
  const base = `${sourceSlug(source)}-${shortHash(title)}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
