import { articleIdFromUri } from '../../db/source';
import type { Annotation, Color } from '../../db/types';
import { pageOf } from '../../pdf/selectors';
import { COLOR_LABELS, compareWithin, localDate } from '../markdown';
import {
  escapeInline,
  isLinkableUrl,
  linkDestination,
  markdownLink,
  obsidianTag,
  textToParagraphLines,
} from '../markdown-escape';
import { passageUrl } from '../text-fragment';
import { blockIdFor, noteIdFor } from './block-id';
import { frontMatterLines } from './front-matter';
import { blockLines, endMarker } from './note-blocks';
import { safeFileStem, uniqueFileNames } from './note-file-name';
import {
  compileNoteTemplate,
  DEFAULT_NOTE_TEMPLATES,
  type NoteLocale,
  type NoteTemplate,
} from './note-template';
import { renderTemplate, type TemplateScope } from './template';

export interface SourceNote {
  /** Stable Meipi id of the source (front matter `meipi-id`), the same on every export and device. */
  id: string;
  /** The annotations' source. */
  source: string;
  /** Suggested file name from the title, safe on Windows/macOS/Linux/Obsidian, ends in `.md`. */
  fileName: string;
  /** The whole note. */
  markdown: string;
}

export interface SourceDescription {
  title?: string;
  author?: string;
  site?: string;
}

export interface SourceNoteOptions {
  /** The user's template; undefined = the default for `locale`. Throws TemplateError when unusable. */
  template?: string;
  /** The export time, for {{exported}}. */
  now?: Date | number;
  locale?: NoteLocale;
  /** As MarkdownOptions.resolveLink: consulted first, then a text-fragment link for web pages. */
  resolveLink?: (a: Annotation) => string | undefined;
  /** The source's own link; falls back to the source when it is an http(s) URL. */
  resolveSourceLink?: (source: string) => string | undefined;
  /** What the caller knows of a source beyond the annotations (a reader article's title and byline). */
  describeSource?: (source: string) => SourceDescription | undefined;
}

interface Labels {
  colors: Record<Color, string>;
  passage: string;
  reader: string;
  readerNote: string;
  untitled: string;
}

const LABELS: Record<NoteLocale, Labels> = {
  'zh-CN': {
    colors: COLOR_LABELS,
    passage: '↗ 原文',
    reader: '眉批阅读器',
    readerNote: '这篇文章在眉批自带的阅读器里：链接只在装有眉批的浏览器中打开。',
    untitled: '无标题',
  },
  en: {
    colors: { yellow: '🟡 yellow', green: '🟢 green', blue: '🔵 blue', pink: '🌸 pink', purple: '🟣 purple' },
    passage: '↗ source',
    reader: 'Meipi reader',
    readerNote:
      'This article is in Meipi’s own reader: the links open only in a browser where Meipi is installed.',
    untitled: 'Untitled',
  },
};

function singleLine(text: string): string {
  return escapeInline(text.replace(/\s+/gu, ' ').trim());
}

function tagLine(tags: readonly string[]): string {
  const safe = [...new Set(tags.map(obsidianTag).filter((t) => t))];
  return safe.map((t) => `#${t}`).join(' ');
}

/** A URL as text that is also a valid link destination, and not markup (`*`, `_`, `~` encoded). */
function urlText(url: string): string {
  return linkDestination(url).replace(/[*_~|]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Context {
  labels: Labels;
  template: NoteTemplate;
  exported: string;
  options: SourceNoteOptions;
}

function passageLink(a: Annotation, options: SourceNoteOptions): string | undefined {
  const custom = options.resolveLink?.(a);
  if (custom !== undefined) return custom;
  return passageUrl(a);
}

function highlightScope(a: Annotation, context: Context): TemplateScope {
  const link = passageLink(a, context.options);
  return {
    quote: textToParagraphLines(a.quote).join('\n'),
    note: textToParagraphLines(a.note).join('\n'),
    tags: tagLine(a.tags),
    color: context.labels.colors[a.color] ?? escapeInline(a.color),
    date: localDate(a.createdAt),
    link: link && isLinkableUrl(link) ? markdownLink(context.labels.passage, link) : '',
    page: String(pageOf(a.selectors) ?? ''),
  };
}

/** Template output as lines: no blank lines at the edges, runs of blank lines as one. */
function tidyLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const out: string[] = [];
  for (const line of lines) if (line !== '' || (out.length > 0 && out[out.length - 1] !== '')) out.push(line);
  while (out[out.length - 1] === '') out.pop();
  return out;
}

interface Rendered {
  note: SourceNote;
  stem: string;
  first: number;
}

function renderNote(source: string, items: Annotation[], context: Context): Rendered {
  const { labels, options } = context;
  const described = options.describeSource?.(source);
  const title = described?.title?.trim() || items.find((a) => a.title.trim())?.title.trim() || '';
  const link = options.resolveSourceLink?.(source) ?? (isLinkableUrl(source) ? source : undefined);
  const reader = articleIdFromUri(source) !== null;
  const id = noteIdFor(source);
  const created = Math.min(...items.map((a) => a.createdAt));
  const updated = Math.max(...items.map((a) => a.updatedAt));
  const allTags = items.flatMap((a) => a.tags);
  const sourceLabel = reader ? labels.reader : described?.site?.trim() || source;

  const scope: TemplateScope = {
    title: title ? singleLine(title) : labels.untitled,
    author: singleLine(described?.author ?? ''),
    site: singleLine(described?.site ?? ''),
    url: link && isLinkableUrl(link) ? urlText(link) : '',
    sourceLink: link && isLinkableUrl(link) ? markdownLink(sourceLabel, link) : singleLine(source),
    linkNote: reader ? labels.readerNote : '',
    created: localDate(created),
    updated: localDate(updated),
    exported: context.exported,
    count: String(items.length),
    tags: tagLine(allTags),
  };

  const blocks: string[] = [];
  for (const a of items) {
    const content = tidyLines(
      renderTemplate(context.template.highlight, [scope, highlightScope(a, context)]),
    );
    blocks.push(...blockLines(blockIdFor(a.id), content), '');
  }
  blocks.push(endMarker(items.map((a) => blockIdFor(a.id))));
  const before = tidyLines(renderTemplate(context.template.before, [scope]));
  const after = tidyLines(renderTemplate(context.template.after, [scope]));

  const front = frontMatterLines({
    title: title || labels.untitled,
    author: described?.author?.trim() || undefined,
    site: described?.site?.trim() || undefined,
    source: link ?? source,
    created: localDate(created),
    updated: localDate(updated),
    tags: [...new Set(allTags.map(obsidianTag).filter((t) => t))],
    meipiId: id,
  });
  const body = [
    ...before,
    ...(before.length ? [''] : []),
    ...blocks,
    ...(after.length ? ['', ...after] : []),
  ];
  const markdown = `${[...front, '', ...body].join('\n')}\n`;
  return {
    note: { id, source, fileName: '', markdown },
    stem: safeFileStem(title, labels.untitled),
    first: created,
  };
}

/**
 * One note per source: front matter from code (always valid YAML), the body from the template,
 * each highlight in page order inside its Meipi block (see note-blocks.ts). Notes come oldest
 * source first. Throws TemplateError for a template that cannot be used.
 */
export function toSourceNotes(annotations: Annotation[], options: SourceNoteOptions = {}): SourceNote[] {
  const locale = options.locale ?? 'zh-CN';
  const context: Context = {
    labels: LABELS[locale],
    template: compileNoteTemplate(options.template ?? DEFAULT_NOTE_TEMPLATES[locale]),
    exported: localDate(options.now ?? Date.now()),
    options,
  };
  const bySource = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = bySource.get(a.source);
    if (list) list.push(a);
    else bySource.set(a.source, [a]);
  }
  const order = compareWithin('position');
  const rendered = [...bySource].map(([source, items]) => renderNote(source, items.sort(order), context));
  rendered.sort((a, b) => a.first - b.first || (a.note.source < b.note.source ? -1 : 1));
  const names = uniqueFileNames(rendered.map((r) => ({ stem: r.stem, id: r.note.id })));
  return rendered.map((r, i) => ({ ...r.note, fileName: names[i] ?? `${r.note.id}.md` }));
}
