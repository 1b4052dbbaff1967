import type { Article } from './types';

/** PROVISIONAL: replaced by the real parser. One article per `#` heading. */
export function parseSeed(text: string, source: string): Article[] {
  const articles: Article[] = [];
  for (const block of text.split(/\n(?=#)/)) {
    const [head, ...rest] = block.split('\n');
    if (!head?.startsWith('#')) continue;
    const title = head.replace(/^#+\s*/, '');
    articles.push({
      id: `a${articles.length}`,
      title,
      kind: 'article',
      paragraphs: rest.map((l) => l.trim()).filter(Boolean),
      source,
    });
  }
  return articles;
}
