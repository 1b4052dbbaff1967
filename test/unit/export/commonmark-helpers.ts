// Reading exported markdown back with the reference CommonMark parser.
import { type Node, Parser } from 'commonmark';

export function parseMarkdown(markdown: string): Node {
  return new Parser().parse(markdown);
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.next) out.push(c);
  return out;
}

/** Node types that mean "plain text" inside a paragraph: anything else is markup that leaked. */
const PLAIN_INLINES = new Set(['text', 'softbreak', 'linebreak']);

/**
 * The literal text of paragraphs (joined by a blank line, line breaks as "\n"). Throws when a
 * paragraph holds markup (emphasis, code, HTML, links…) or the block holds anything but paragraphs.
 */
export function plainText(blocks: readonly Node[]): string {
  return blocks
    .map((block) => {
      if (block.type !== 'paragraph') throw new Error(`expected a paragraph, found ${block.type}`);
      return plainInlines(block);
    })
    .join('\n\n');
}

/** The literal text of a paragraph or heading; throws when it holds markup. */
export function plainInlines(block: Node): string {
  return children(block)
    .map((inline) => {
      if (!PLAIN_INLINES.has(inline.type)) throw new Error(`markup leaked: ${inline.type}`);
      return inline.type === 'text' ? (inline.literal ?? '') : '\n';
    })
    .join('');
}

export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Splits YAML front matter (as Obsidian, Logseq and Typora read it) from the markdown body. */
export function splitFrontMatter(markdown: string): { frontMatter: string[]; body: string } {
  const lines = markdown.split('\n');
  if (lines[0] !== '---') return { frontMatter: [], body: markdown };
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new Error('front matter is not closed');
  return { frontMatter: lines.slice(1, end), body: lines.slice(end + 1).join('\n') };
}

/** Top-level blocks of the markdown body (front matter removed). */
export function bodyBlocks(markdown: string): Node[] {
  return children(parseMarkdown(splitFrontMatter(markdown).body));
}
