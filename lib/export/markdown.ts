import { articleIdFromUri } from '../db/source';
import type { Annotation, Color } from '../db/types';
import { pageOf } from '../pdf/selectors';
import {
  escapeInline,
  isLinkableUrl,
  markdownLink,
  obsidianTag,
  quoteLines,
  textToParagraphLines,
  yamlString,
} from './markdown-escape';
import { passageUrl } from './text-fragment';

export interface MarkdownOptions {
  /** Notes under each quote (default true). Page-level notes are dropped when false. */
  includeNotes?: boolean;
  /** `#tags` per highlight and in the front matter (default true). */
  includeTags?: boolean;
  /** The highlight colour in each highlight's meta line (default true). */
  includeColors?: boolean;
  /** A link back to the exact passage (default true). */
  includeLinks?: boolean;
  /** Sections per source (default), or per local day of creation, then per source. */
  groupBy?: 'source' | 'date';
  /** Highlights in page order (default; page-level notes last), or by creation time. */
  order?: 'position' | 'newest' | 'oldest';
  /** The export time for the front matter; pass it for reproducible output. */
  now?: Date | number;
  /** Document title when several sources are exported (default "眉批导出"). */
  title?: string;
  /**
   * The link back to one annotation. Consulted first; `undefined` falls back to the built-in:
   * a text-fragment URL for http(s) pages, nothing otherwise. The extension maps bundled
   * articles (`meipi:article/<id>`) here, e.g. with `readerUrlFor(browser.runtime.getURL('/'), a)`.
   */
  resolveLink?: (annotation: Annotation) => string | undefined;
  /** The link for a source's heading line; falls back to the source itself when it is an http(s) URL. */
  resolveSourceLink?: (source: string) => string | undefined;
  /** What the caller knows of a source: a bundled article's headline and byline. */
  describeSource?: (source: string) => { title?: string; author?: string } | undefined;
}

const DEFAULT_DOCUMENT_TITLE = '眉批导出';
const UNTITLED = '（无标题）';
/** A bundled article's source line: its internal id means nothing to a reader. */
const READER_LABEL = '眉批阅读器（链接只在装有眉批的浏览器中打开）';

export const COLOR_LABELS: Record<Color, string> = {
  yellow: '🟡 黄',
  green: '🟢 绿',
  blue: '🔵 蓝',
  pink: '🌸 粉',
  purple: '🟣 紫',
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** YYYY-MM-DD in the local time zone: the day the reader sees. */
export function localDate(time: Date | number): string {
  const d = typeof time === 'number' ? new Date(time) : time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

function positionOf(a: Annotation): number {
  for (const s of a.selectors) {
    if (s.type === 'TextPositionSelector' && typeof s.start === 'number') return s.start;
  }
  return Number.POSITIVE_INFINITY;
}

type Order = NonNullable<MarkdownOptions['order']>;

export function compareWithin(order: Order): (a: Annotation, b: Annotation) => number {
  const tie = (a: Annotation, b: Annotation) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (order === 'newest') return (a, b) => b.createdAt - a.createdAt || tie(a, b);
  if (order === 'oldest') return (a, b) => a.createdAt - b.createdAt || tie(a, b);
  return (a, b) => {
    const pa = positionOf(a);
    const pb = positionOf(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    return a.createdAt - b.createdAt || tie(a, b);
  };
}

interface Group<K> {
  key: K;
  items: Annotation[];
  first: number;
  last: number;
}

/** Groups keep the order the sort key gives them: newest activity first, or oldest first. */
function groupBy<K>(
  annotations: readonly Annotation[],
  keyOf: (a: Annotation) => K,
  order: Order,
): Group<K>[] {
  const groups = new Map<K, Group<K>>();
  for (const a of annotations) {
    const key = keyOf(a);
    const group = groups.get(key);
    if (group) {
      group.items.push(a);
      group.first = Math.min(group.first, a.createdAt);
      group.last = Math.max(group.last, a.createdAt);
    } else groups.set(key, { key, items: [a], first: a.createdAt, last: a.createdAt });
  }
  const list = [...groups.values()];
  list.sort(order === 'newest' ? (a, b) => b.last - a.last : (a, b) => a.first - b.first);
  const within = compareWithin(order);
  for (const g of list) g.items.sort(within);
  return list;
}

function headingText(text: string): string {
  const single = text.replace(/\s+/gu, ' ').trim();
  return single ? escapeInline(single) : UNTITLED;
}

function titleOf(items: readonly Annotation[], o: Resolved): string {
  const source = items[0]?.source ?? '';
  const described = o.describeSource?.(source)?.title?.trim();
  return described || (items.find((a) => a.title.trim())?.title ?? source);
}

function authorOf(source: string, o: Resolved): string {
  return o.describeSource?.(source)?.author?.trim() ?? '';
}

function uniqueTags(annotations: readonly Annotation[]): string[] {
  const seen = new Set<string>();
  for (const a of annotations) {
    for (const t of a.tags) {
      const safe = obsidianTag(t);
      if (safe) seen.add(safe);
    }
  }
  return [...seen];
}

interface Resolved {
  includeNotes: boolean;
  includeTags: boolean;
  includeColors: boolean;
  includeLinks: boolean;
  resolveLink?: (annotation: Annotation) => string | undefined;
  resolveSourceLink?: (source: string) => string | undefined;
  describeSource?: MarkdownOptions['describeSource'];
}

function passageLink(a: Annotation, o: Resolved): string | undefined {
  const custom = o.resolveLink?.(a);
  if (custom !== undefined) return custom;
  return passageUrl(a);
}

/** The byline (when known) and the source line of a source's section. */
function sourceLines(source: string, o: Resolved): string[] {
  const link = o.resolveSourceLink?.(source) ?? (isLinkableUrl(source) ? source : undefined);
  const label = articleIdFromUri(source) !== null ? READER_LABEL : source;
  const author = authorOf(source, o);
  return [
    ...(author ? [`作者：${escapeInline(author.replace(/\s+/gu, ' '))}`, ''] : []),
    `来源：${link ? markdownLink(label, link) : escapeInline(label.replace(/\s+/gu, ' '))}`,
    '',
  ];
}

/** One highlight: quote as a block quote, the note as paragraphs, then a meta line. */
function renderAnnotation(a: Annotation, o: Resolved, out: string[]): void {
  const quote = textToParagraphLines(a.quote);
  const note = o.includeNotes ? textToParagraphLines(a.note) : [];
  if (quote.length === 0 && note.length === 0) return;
  if (quote.length > 0) out.push(...quoteLines(quote), '');
  if (note.length > 0) out.push(...note, '');

  const meta: string[] = [];
  const page = pageOf(a.selectors);
  if (page !== null) meta.push(`p. ${page}`);
  if (o.includeLinks) {
    const link = passageLink(a, o);
    if (link) meta.push(markdownLink('↗ 原文', link));
  }
  if (o.includeColors && quote.length > 0) meta.push(COLOR_LABELS[a.color] ?? escapeInline(a.color));
  if (o.includeTags) {
    const tags = a.tags.map(obsidianTag).filter((t) => t);
    if (tags.length > 0) meta.push([...new Set(tags)].map((t) => `#${t}`).join(' '));
  }
  if (meta.length > 0) out.push(meta.join(' · '), '');
}

function renderItems(items: readonly Annotation[], o: Resolved, out: string[]): void {
  for (const a of items) renderAnnotation(a, o, out);
}

/**
 * Markdown for Obsidian, Logseq and Typora. One source: YAML front matter (title, source, exported,
 * tags), its title as `#` heading and its highlights. Several: a `##` section per source (or per
 * day, then `###` per source). Quotes and notes are escaped so they render as their literal text.
 */
export function toMarkdown(annotations: Annotation[], options: MarkdownOptions = {}): string {
  const o: Resolved = {
    includeNotes: options.includeNotes ?? true,
    includeTags: options.includeTags ?? true,
    includeColors: options.includeColors ?? true,
    includeLinks: options.includeLinks ?? true,
    resolveLink: options.resolveLink,
    resolveSourceLink: options.resolveSourceLink,
    describeSource: options.describeSource,
  };
  const order: Order = options.order ?? 'position';
  const grouping = options.groupBy ?? 'source';
  const now = options.now ?? Date.now();
  const visible = o.includeNotes ? annotations : annotations.filter((a) => a.quote !== '');
  const bySource = groupBy(visible, (a) => a.source, order);
  const single = bySource.length === 1 ? bySource[0] : undefined;

  const out: string[] = ['---'];
  const docTitle = single ? titleOf(single.items, o) : (options.title ?? DEFAULT_DOCUMENT_TITLE);
  out.push(`title: ${yamlString(docTitle)}`);
  const author = single ? authorOf(single.key, o) : '';
  if (author) out.push(`author: ${yamlString(author)}`);
  if (single) out.push(`source: ${yamlString(single.key)}`);
  out.push(`exported: ${yamlString(localDate(now))}`);
  const tags = o.includeTags ? uniqueTags(visible) : [];
  if (tags.length > 0) out.push('tags:', ...tags.map((t) => `  - ${yamlString(t)}`));
  out.push('---', '', `# ${headingText(docTitle)}`, '');

  if (single) {
    out.push(...sourceLines(single.key, o));
    if (grouping === 'date') {
      for (const day of groupBy(single.items, (a) => localDate(a.createdAt), order)) {
        out.push(`## ${day.key}`, '');
        renderItems(day.items, o, out);
      }
    } else renderItems(single.items, o, out);
  } else if (grouping === 'date') {
    for (const day of groupBy(visible, (a) => localDate(a.createdAt), order)) {
      out.push(`## ${day.key}`, '');
      for (const source of groupBy(day.items, (a) => a.source, order)) {
        out.push(`### ${headingText(titleOf(source.items, o))}`, '', ...sourceLines(source.key, o));
        renderItems(source.items, o, out);
      }
    }
  } else {
    for (const source of bySource) {
      out.push(`## ${headingText(titleOf(source.items, o))}`, '', ...sourceLines(source.key, o));
      renderItems(source.items, o, out);
    }
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
