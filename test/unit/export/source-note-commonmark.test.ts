// Every CommonMark spec example as a quote, a note and a title of a note per source: it stays
// inside its highlight's block quote (or the heading) and reads back as exactly the original text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlRenderer, type Node } from 'commonmark';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { localDate, mergeSourceNote, toSourceNotes } from '../../../lib/export';
import {
  bodyBlocks,
  children,
  normaliseLineEndings,
  parseMarkdown,
  plainInlines,
  splitFrontMatter,
} from './commonmark-helpers';

const spec = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/peer/commonmark/spec.json'), 'utf8'),
) as { markdown: string; example: number }[];

function annotation(quote: string, note: string, i = 0): Annotation {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    // Not a URL: no links in the note, so every paragraph must read as plain text.
    source: 'urn:x-meipi-test:spec',
    title: 'CommonMark spec',
    quote,
    selectors: [{ type: 'TextPositionSelector', start: i, end: i + 1 }],
    color: 'yellow',
    note,
    tags: [],
    createdAt: i,
    updatedAt: i,
  };
}

/** Paragraph text with the one markup the default template adds, the note label, as its source. */
function calloutText(quote: Node): string {
  return children(quote)
    .map((block) => {
      if (block.type !== 'paragraph') throw new Error(`expected a paragraph, found ${block.type}`);
      return children(block)
        .map((inline) => {
          if (inline.type === 'text') return inline.literal ?? '';
          if (inline.type === 'softbreak' || inline.type === 'linebreak') return '\n';
          if (inline.type === 'strong' && inline.firstChild?.literal === '批注' && !inline.firstChild.next)
            return '**批注**';
          throw new Error(`markup leaked: ${inline.type}`);
        })
        .join('');
    })
    .join('\n\n');
}

/** The highlights' block quotes: the body is heading, source, heading, then per highlight marker, quote, id. */
function highlightQuotes(markdown: string): Node[] {
  const blocks = bodyBlocks(markdown).slice(3);
  const quotes: Node[] = [];
  for (let i = 0; i + 2 < blocks.length; i += 3) {
    expect(plainInlines(blocks[i] as Node)).toMatch(/^%% mp-[0-9a-f]{12} [0-9a-f]{8} %%$/);
    expect(blocks[i + 1]?.type).toBe('block_quote');
    quotes.push(blocks[i + 1] as Node);
    expect(plainInlines(blocks[i + 2] as Node)).toMatch(/^\^mp-[0-9a-f]{12}$/);
  }
  expect(plainInlines(blocks[blocks.length - 1] as Node)).toMatch(/^%% meipi:end( [0-9a-f]{12})+ %%$/);
  expect(blocks.length % 3).toBe(1);
  return quotes;
}

describe('CommonMark spec examples stay inert in notes per source', () => {
  it('has all 655 examples to test', () => expect(spec).toHaveLength(655));

  it('keeps each example as a quote and a note inside its own block quote, read back exactly', () => {
    const list = spec.map((e, i) => annotation(e.markdown, spec[(i + 1) % spec.length]?.markdown ?? '', i));
    const markdown = toSourceNotes(list)[0]?.markdown ?? '';
    const quotes = highlightQuotes(markdown);
    expect(quotes).toHaveLength(spec.length);
    quotes.forEach((quote, i) => {
      const a = list[i] as Annotation;
      expect(calloutText(quote), `example ${spec[i]?.example}`).toBe(
        `[!quote] 🟡 黄 · ${localDate(a.createdAt)}\n${normaliseLineEndings(a.quote)}\n\n**批注** ${normaliseLineEndings(a.note)}`,
      );
    });
    // Re-exporting the same note changes nothing.
    expect(mergeSourceNote(markdown, markdown)).toBe(markdown);
  });

  it.each(spec.map((e) => [e.example, e.markdown] as const))(
    'example %i as a title: one plain heading, and the YAML value reads back',
    (_n, text) => {
      const markdown = toSourceNotes([{ ...annotation('q', ''), title: text }])[0]?.markdown ?? '';
      const { frontMatter } = splitFrontMatter(markdown);
      const collapsed = text.replace(/\s+/gu, ' ').trim();
      expect(JSON.parse((frontMatter[0] ?? '').replace(/^title: /, ''))).toBe(text.trim() || '无标题');
      const blocks = bodyBlocks(markdown);
      expect(blocks[0]?.type).toBe('heading');
      expect(plainInlines(blocks[0] as Node)).toBe(collapsed || '无标题');
      expect(highlightQuotes(markdown)).toHaveLength(1);
    },
  );

  it('renders hostile HTML as text, never as markup', () => {
    const note = toSourceNotes([annotation('<script>alert(1)</script>', '<img src=x onerror=alert(1)>')]);
    const html = new HtmlRenderer().render(parseMarkdown(note[0]?.markdown ?? ''));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
