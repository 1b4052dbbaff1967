import { normalizeText } from './normalize';

/**
 * The query language:
 *   垃圾分类 志愿        every word must match (a run without spaces is split into words by jieba)
 *   "垃圾分类示范"        an exact phrase (also “…”, 「…」)
 *   -天津 / -"天津市"     leave out annotations that match
 *   #环保                 annotations tagged 环保
 * Everything is normalised like the index (NFKC, lower case, traditional → simplified), so
 * full-width ＃ and － work as well.
 */
export interface ParsedQuery {
  words: string[];
  phrases: string[];
  excludedWords: string[];
  excludedPhrases: string[];
  tags: string[];
  /** The last bare word when the query doesn't end in a space: the user may still be typing it. */
  partial: string | null;
}

const TOKEN = /(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+))/gu;

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = {
    words: [],
    phrases: [],
    excludedWords: [],
    excludedPhrases: [],
    tags: [],
    partial: null,
  };
  const text = normalizeText(query);
  let lastBare: string | null = null;
  for (const m of text.matchAll(TOKEN)) {
    const negated = m[1] === '-';
    const quoted = m[2] ?? m[3] ?? m[4];
    lastBare = null;
    if (quoted !== undefined) {
      const phrase = quoted.trim().replace(/\s+/gu, ' ');
      if (phrase) (negated ? parsed.excludedPhrases : parsed.phrases).push(phrase);
      continue;
    }
    const bare = m[5] ?? '';
    if (!negated && bare.startsWith('#')) {
      const tag = bare.replace(/^#+/u, '');
      if (tag) parsed.tags.push(tag);
      continue;
    }
    if (!bare) continue;
    if (negated) parsed.excludedWords.push(bare);
    else {
      parsed.words.push(bare);
      lastBare = bare;
    }
  }
  if (lastBare !== null && !/\s$/u.test(text)) parsed.partial = lastBare;
  return parsed;
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0 && q.tags.length === 0;
}
