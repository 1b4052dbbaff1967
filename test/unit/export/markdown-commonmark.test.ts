// Every example of the CommonMark spec (0.31.2, 655 examples) as a quote and as a note must stay
// inside its block and read back as exactly the original text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlRenderer } from 'commonmark';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { toMarkdown } from '../../../lib/export';
import {
  bodyBlocks,
  children,
  normaliseLineEndings,
  parseMarkdown,
  plainInlines,
  plainText,
  splitFrontMatter,
} from './commonmark-helpers';

interface SpecExample {
  markdown: string;
  example: number;
  section: string;
}

const spec = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/peer/commonmark/spec.json'), 'utf8'),
) as SpecExample[];

function annotation(quote: string, note: string, i = 0): Annotation {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    source: 'https://example.com/spec',
    title: 'CommonMark spec',
    quote,
    selectors: [{ type: 'TextQuoteSelector', exact: quote, prefix: 'before ', suffix: ' after' }],
    color: 'yellow',
    note,
    tags: ['spec'],
    createdAt: i,
    updatedAt: i,
  };
}

/** heading, source line, then the highlight's blocks, then its meta line. */
function highlightBlocks(markdown: string) {
  const blocks = bodyBlocks(markdown);
  expect(blocks[0]?.type).toBe('heading');
  expect(blocks[1]?.type).toBe('paragraph');
  const meta = blocks[blocks.length - 1];
  expect(meta?.type).toBe('paragraph');
  expect(meta?.firstChild?.type).toBe('link');
  return blocks.slice(2, -1);
}

describe('CommonMark spec examples survive markdown export', () => {
  it('has all 655 examples to test', () => {
    expect(spec).toHaveLength(655);
  });

  it.each(spec.map((e) => [e.example, e.section, e.markdown] as const))(
    'example %i (%s) as a quote and as a note',
    (_n, _section, text) => {
      const expected = normaliseLineEndings(text);

      const asQuote = highlightBlocks(toMarkdown([annotation(text, '')], { now: 0 }));
      expect(asQuote).toHaveLength(1);
      expect(asQuote[0]?.type).toBe('block_quote');
      expect(plainText(children(asQuote[0] as NonNullable<(typeof asQuote)[0]>))).toBe(expected);

      const asNote = highlightBlocks(toMarkdown([annotation('引文', text)], { now: 0 }));
      expect(asNote[0]?.type).toBe('block_quote');
      expect(plainText(children(asNote[0] as NonNullable<(typeof asNote)[0]>))).toBe('引文');
      expect(plainText(asNote.slice(1))).toBe(expected);
    },
  );

  it.each(spec.map((e) => [e.example, e.markdown] as const))(
    'example %i as a page title: one plain heading, and the YAML value reads back',
    (_n, text) => {
      const markdown = toMarkdown([{ ...annotation('q', ''), title: text }], { now: 0 });
      const { frontMatter } = splitFrontMatter(markdown);
      expect(JSON.parse((frontMatter[0] ?? '').replace(/^title: /, ''))).toBe(text);
      const blocks = bodyBlocks(markdown);
      expect(blocks[0]?.type).toBe('heading');
      const collapsed = text.replace(/\s+/gu, ' ').trim();
      expect(plainInlines(blocks[0] as (typeof blocks)[0])).toBe(collapsed || '（无标题）');
      expect(blocks[1]?.type).toBe('paragraph');
      expect(blocks[2]?.type).toBe('block_quote');
    },
  );

  it('keeps every example in its own block when all share one document', () => {
    const list = spec.map((e, i) => annotation(e.markdown, spec[(i + 1) % spec.length]?.markdown ?? '', i));
    const markdown = toMarkdown(list, { now: 0, order: 'oldest' });
    const blocks = bodyBlocks(markdown).slice(2);
    let at = 0;
    for (const [i, e] of spec.entries()) {
      const quote = blocks[at++];
      expect(quote?.type, `example ${e.example}`).toBe('block_quote');
      expect(plainText(children(quote as NonNullable<typeof quote>))).toBe(normaliseLineEndings(e.markdown));
      const note: typeof blocks = [];
      // Note paragraphs run up to the meta line, the paragraph that starts with the passage link.
      while (blocks[at] && blocks[at]?.firstChild?.type !== 'link')
        note.push(blocks[at++] as (typeof blocks)[0]);
      const next = spec[(i + 1) % spec.length]?.markdown ?? '';
      expect(plainText(note), `note after example ${e.example}`).toBe(normaliseLineEndings(next));
      at++; // the meta line
    }
    expect(at).toBe(blocks.length);
  });

  it('renders hostile HTML as text, never as markup', () => {
    const html = new HtmlRenderer().render(
      parseMarkdown(
        toMarkdown([annotation('<script>alert(1)</script>', '<img src=x onerror=alert(1)>')], { now: 0 }),
      ),
    );
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
