import * as jieba from 'jieba-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MeipiDatabase, openDatabase, putAnnotations } from '../../../lib/db';
import { initSegmenter, searchAnnotations, segmentForIndex } from '../../../lib/search';
import { relevanceCorpus, seedArticles } from '../../fixtures/search/corpus';

// Sub-word traps: jieba's search mode emits every dictionary word inside a longer word, also
// ones that straddle the word's own parts (感人|事迹 yields 人事). Listed here for the seed's text.

interface Trap {
  subword: string;
  word: string;
}

/** Search-mode sub-words of the seed's words that the index leaves out, with their word. */
function seedTraps(): Trap[] {
  const traps = new Map<string, Trap>();
  for (const article of seedArticles()) {
    for (const text of [article.title, ...article.paragraphs]) {
      const indexed = new Set(segmentForIndex(text));
      for (const word of jieba.cut(text, true)) {
        for (const sub of jieba.cut_for_search(word, true)) {
          if (sub !== word && !indexed.has(sub)) traps.set(`${sub} ${word}`, { subword: sub, word });
        }
      }
    }
  }
  return [...traps.values()];
}

let db: MeipiDatabase;
const corpus = relevanceCorpus();

beforeAll(async () => {
  await initSegmenter();
  db = openDatabase('subwords');
  await putAnnotations(db, corpus);
});

describe('sub-words that cross a word’s own segmentation', () => {
  it('are found in the seed and listed', () => {
    const traps = seedTraps();
    console.log(traps.map((t) => `${t.subword} in ${t.word}`).join('\n'));
    expect(traps).toEqual(
      expect.arrayContaining(
        [
          ['人事', '感人事迹'],
          ['愿者', '志愿者'],
          ['会主', '社会主义'],
          ['津市', '天津市'],
          ['作人', '工作人员'],
          ['国共', '中国共产党'],
          ['好生', '美好生活'],
        ].map(([subword, word]) => ({ subword, word })),
      ),
    );
  });

  it('find nothing where they occur only inside such a word', async () => {
    for (const { subword, word } of seedTraps()) {
      const hits = await searchAnnotations(db, subword, { limit: 1000 });
      for (const hit of hits) {
        const a = hit.annotation;
        const text = [a.quote, a.note, a.tags.join(' '), a.title].join('\n').split(word).join('|');
        expect(text, `${subword} (trap in ${word}) found ${a.id}`).toContain(subword);
      }
    }
  });

  it('keep the parts that tile a word (positive controls)', async () => {
    for (const [part, word] of [
      ['垃圾', '垃圾分类'],
      ['分类', '垃圾分类'],
      ['志愿', '志愿者'],
      ['感人', '感人事迹'],
      ['事迹', '感人事迹'],
      ['社会', '社会主义'],
      ['天津', '天津市'],
      ['政府', '市政府'],
    ] as const) {
      expect(segmentForIndex(word), word).toContain(part);
      const hits = await searchAnnotations(db, part, { limit: 1000 });
      const carriers = corpus.filter((a) => a.quote.includes(word)).map((a) => a.id);
      expect(carriers.length, word).toBeGreaterThan(0);
      expect(
        hits.map((h) => h.annotation.id),
        `${part} finds ${word}`,
      ).toEqual(expect.arrayContaining(carriers));
    }
  });
});
