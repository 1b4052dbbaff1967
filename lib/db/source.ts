/** Query parameters that only track where a visit came from; they never change what a page shows. */
const TRACKING_PARAMS = [
  /^utm_/i,
  /^(fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|spm|from|share_token|scm)$/i,
];

export const ARTICLE_URI_PREFIX = 'meipi:article/';

/**
 * The key annotations of a web page are stored under: no fragment, no tracking parameters,
 * remaining parameters sorted so the same page always gets the same key.
 * Returns null for pages Meipi does not annotate (chrome://, file:, about:, …).
 */
export function normaliseUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  const kept = [...url.searchParams].filter(([key]) => !TRACKING_PARAMS.some((p) => p.test(key)));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.toString();
}

/** The stable source URI of a bundled article: the same on every install. */
export function articleUri(articleId: string): string {
  return `${ARTICLE_URI_PREFIX}${articleId}`;
}

export function articleIdFromUri(source: string): string | null {
  return source.startsWith(ARTICLE_URI_PREFIX) ? source.slice(ARTICLE_URI_PREFIX.length) : null;
}
