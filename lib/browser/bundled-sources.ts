import articles from 'virtual:meipi-seeds';
import { articleIdFromUri } from '../db/source';
import type { SourceDescription } from '../export/notes/source-note';

const byId = new Map(articles.map((article) => [article.id, article]));

/** A bundled article's headline and byline, for exports: its source is only an internal id. */
export function describeBundledSource(source: string): SourceDescription | undefined {
  const id = articleIdFromUri(source);
  const article = id === null ? undefined : byId.get(id);
  if (!article) return undefined;
  return { title: article.title, author: article.byline };
}
