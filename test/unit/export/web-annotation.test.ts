import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { COLORS } from '../../../lib/db/types';
import { toWebAnnotation, toWebAnnotations } from '../../../lib/export';
import {
  bundledArticle,
  hostile,
  oddIdentity,
  pageNote,
  unusualAnnotations,
  unusualSelectors,
  webPage,
} from '../../fixtures/export/annotations';
import { failedAssertions, loadMustAssertions, WAT_ROOT } from './w3c-validator';

const musts = loadMustAssertions('annotations/annotationMusts.test');
const collectionMusts = loadMustAssertions('collections/collectionMusts.test');

type Json = Record<string, unknown>;

function readPeer(file: string): unknown {
  return JSON.parse(readFileSync(path.join(WAT_ROOT, file), 'utf8'));
}

/** Variations over every field, so each branch of the mapping meets the schemas. */
function variations(): Annotation[] {
  const out: Annotation[] = [];
  let n = 0;
  for (const base of unusualAnnotations) {
    for (const color of COLORS) {
      for (const note of ['', 'note', '中文笔记', 'ひらがな', '한국어']) {
        for (const tags of [[], ['one'], ['a b', '标签']]) {
          n++;
          out.push({
            ...base,
            id: `5a5a5a5a-0000-4000-8000-${String(n).padStart(12, '0')}`,
            color,
            note,
            tags,
          });
        }
      }
    }
  }
  return out;
}

describe('W3C Web Annotation export', () => {
  it('the validator can fail: the peer sample-bad.json breaks MUSTs, sample-ours.json passes', () => {
    expect(musts.length).toBeGreaterThan(50);
    expect(failedAssertions(musts, readPeer('sample-bad.json'))).toEqual(
      expect.arrayContaining([
        '3.1-annotationIdValidated.json',
        '3.2.5-notBodyBodyValue.json',
        '3.3.1-annotationCreatedValidated.json',
        '4.2-TextDataPositionSelectorValid.json',
      ]),
    );
    expect(failedAssertions(musts, readPeer('sample-ours.json'))).toEqual([]);
  });

  it('every exported annotation meets every MUST assertion', () => {
    const hypothesisStyle: Annotation = {
      ...webPage,
      id: '6b6b6b6b-0000-4000-8000-000000000001',
      selectors: [
        {
          type: 'RangeSelector',
          startContainer: '/p[1]',
          startOffset: 0,
          endContainer: '/p[1]',
          endOffset: 10,
        },
        { type: 'TextQuoteSelector', exact: 'q', prefix: 'p', suffix: 's' },
      ],
    };
    const list = [...unusualAnnotations, hypothesisStyle, ...variations()];
    const collection = toWebAnnotations(list) as { first: { items: unknown[] } };
    expect(collection.first.items).toHaveLength(list.length);
    for (const [i, item] of collection.first.items.entries()) {
      expect(failedAssertions(musts, item), `item ${i} (${list[i]?.id})`).toEqual([]);
    }
  });

  it('the collection meets the collection MUSTs and counts its items', () => {
    const collection = toWebAnnotations(unusualAnnotations) as Json;
    expect(failedAssertions(collectionMusts, collection)).toEqual([]);
    expect(collection).toMatchObject({
      type: 'AnnotationCollection',
      total: unusualAnnotations.length,
      first: { type: 'AnnotationPage', startIndex: 0 },
    });
    expect((collection['@context'] as unknown[])[0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(toWebAnnotations(unusualAnnotations)).toEqual(collection);
    expect(failedAssertions(collectionMusts, toWebAnnotations([]))).toEqual([]);
  });

  it('maps a highlight with a note and tags onto the model', () => {
    expect(toWebAnnotation(webPage)).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:uuid:0b7c1f9e-3d2a-4c55-9e1f-6a7b8c9d0e1f',
      type: 'Annotation',
      motivation: 'commenting',
      created: '2025-11-28T08:00:00.123Z',
      modified: '2025-11-28T09:00:00.456Z',
      body: [
        {
          type: 'TextualBody',
          purpose: 'commenting',
          value: '这一段写得很生动。',
          format: 'text/plain',
          language: 'zh',
        },
        { type: 'TextualBody', purpose: 'tagging', value: '阅读' },
        { type: 'TextualBody', purpose: 'tagging', value: 'machine learning' },
        { type: 'TextualBody', purpose: 'tagging', value: 'C++' },
        { type: 'TextualBody', purpose: 'tagging', value: '1984' },
      ],
      target: {
        source: webPage.source,
        'dcterms:title': webPage.title,
        styleClass: 'meipi-green',
        selector: webPage.selectors,
      },
      stylesheet: { type: 'CssStylesheet', value: '.meipi-green { background-color: #bbf7d0; }' },
    });
  });

  it('chooses the motivation from what the annotation holds', () => {
    expect(toWebAnnotation({ ...webPage, note: '' }).motivation).toBe('highlighting');
    expect(toWebAnnotation(pageNote).motivation).toBe('commenting');
    expect(toWebAnnotation({ ...pageNote, note: '', tags: ['t'] }).motivation).toBe('tagging');
    expect(toWebAnnotation({ ...pageNote, note: '' }).motivation).toBe('bookmarking');
    expect(toWebAnnotation({ ...pageNote, note: '' }).body).toBeUndefined();
  });

  it('keeps selectors the model does not define in meipi:selectors, portable ones in selector', () => {
    const item = toWebAnnotation(unusualSelectors);
    const target = item.target as Json;
    // The W3C-shaped RangeSelector, Css and Fragment selectors are portable; the custom type and
    // the TextPositionSelector with refinedBy are not.
    expect(target.selector).toEqual(unusualSelectors.selectors.slice(0, 3));
    expect(target['meipi:selectors']).toEqual(unusualSelectors.selectors);
    expect(target['meipi:quote']).toBe(unusualSelectors.quote);
    expect(item['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { meipi: 'urn:meipi:' }]);
    // A plain highlight needs none of the extensions.
    expect(JSON.stringify(toWebAnnotation(bundledArticle))).not.toContain('meipi:selectors');
  });

  it('writes a URI for every source and keeps the original when it had to change it', () => {
    const iri = toWebAnnotation(hostile).target as Json;
    expect(iri.source).toBe('https://zh.wikipedia.org/wiki/%E7%9C%89%E6%89%B9%20(%E6%89%B9%E6%B3%A8)');
    expect(iri['meipi:source']).toBe(hostile.source);
    const odd = toWebAnnotation(oddIdentity);
    expect((odd.target as Json).source).toBe('urn:meipi:source:local%20notes%2C%20not%20a%20URL');
    expect(odd.id).toBe('urn:meipi:annotation:legacy-id%2Fwith%20spaces');
    expect(odd['meipi:tags']).toEqual(oddIdentity.tags);
    expect((toWebAnnotation(bundledArticle).target as Json).source).toBe(
      'meipi:article/renmin-2026-11-28-003',
    );
  });

  it('keeps timestamps xsd:dateTime can not hold in meipi:* numbers instead', () => {
    const item = toWebAnnotation(hostile);
    expect(item.created).toBe('1969-12-31T23:59:59.999Z');
    expect(item.modified).toBeUndefined();
    expect(item['meipi:updatedAt']).toBe(hostile.updatedAt);
  });
});
