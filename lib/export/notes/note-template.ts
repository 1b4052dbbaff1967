import { parseTemplate, TemplateError, type TemplateNode } from './template';

/** Values of the whole note, usable anywhere in the template. */
export const NOTE_VARIABLES = [
  'title',
  'author',
  'site',
  'url',
  'sourceLink',
  'linkNote',
  'created',
  'updated',
  'exported',
  'count',
  'tags',
  'highlights',
] as const;

/** Values of one highlight, usable inside {{#highlights}}…{{/highlights}} (`tags` there: the highlight's). */
export const HIGHLIGHT_VARIABLES = ['quote', 'note', 'tags', 'color', 'date', 'link', 'page'] as const;

const KNOWN = new Set<string>([...NOTE_VARIABLES, ...HIGHLIGHT_VARIABLES]);
const HIGHLIGHT_ONLY = new Set<string>(HIGHLIGHT_VARIABLES.filter((v) => v !== 'tags'));

export type NoteLocale = 'zh-CN' | 'en';

/**
 * The defaults: each highlight as one callout (a block quote that Obsidian titles with its colour,
 * date and link), so the block id after it links to quote, note and tags together.
 */
export const DEFAULT_NOTE_TEMPLATES: Record<NoteLocale, string> = {
  'zh-CN': `# {{title}}

{{#author}}
作者：{{author}}

{{/author}}
来源：{{sourceLink}}
{{#linkNote}}

{{linkNote}}
{{/linkNote}}

## 摘录

{{#highlights}}
{{#quote}}
> [!quote] {{color}} · {{date}}{{#page}} · p. {{page}}{{/page}}{{#link}} · {{link}}{{/link}}
> {{quote}}
{{#note}}
>
> **批注** {{note}}
{{/note}}
{{/quote}}
{{^quote}}
> [!note] 批注 · {{date}}{{#link}} · {{link}}{{/link}}
> {{note}}
{{/quote}}
{{#tags}}
>
> {{tags}}
{{/tags}}
{{/highlights}}
`,
  en: `# {{title}}

{{#author}}
By {{author}}

{{/author}}
Source: {{sourceLink}}
{{#linkNote}}

{{linkNote}}
{{/linkNote}}

## Highlights

{{#highlights}}
{{#quote}}
> [!quote] {{color}} · {{date}}{{#page}} · p. {{page}}{{/page}}{{#link}} · {{link}}{{/link}}
> {{quote}}
{{#note}}
>
> **Note** {{note}}
{{/note}}
{{/quote}}
{{^quote}}
> [!note] Note · {{date}}{{#link}} · {{link}}{{/link}}
> {{note}}
{{/quote}}
{{#tags}}
>
> {{tags}}
{{/tags}}
{{/highlights}}
`,
};

/** A note template split around its one highlights section. */
export interface NoteTemplate {
  before: TemplateNode[];
  highlight: TemplateNode[];
  after: TemplateNode[];
}

function sections(nodes: readonly TemplateNode[], name: string): TemplateNode[] {
  return nodes.flatMap((n) =>
    n.type === 'section' ? [...(n.name === name ? [n] : []), ...sections(n.children, name)] : [],
  );
}

function checkOutside(nodes: readonly TemplateNode[]): void {
  for (const node of nodes) {
    if (node.type === 'text') continue;
    if (HIGHLIGHT_ONLY.has(node.name))
      throw new TemplateError('highlight-variable-outside', node.line, node.name);
    if (node.type === 'section') checkOutside(node.children);
  }
}

/**
 * Parses a user's template: exactly one top-level {{#highlights}}…{{/highlights}}, highlight
 * values only inside it. Throws TemplateError.
 */
export function compileNoteTemplate(template: string): NoteTemplate {
  const nodes = parseTemplate(template, KNOWN);
  const all = sections(nodes, 'highlights');
  const index = nodes.findIndex((n) => n.type === 'section' && n.name === 'highlights');
  const first = all[0];
  if (!first) throw new TemplateError('highlights-missing', 1, 'highlights');
  if (index < 0 || first !== nodes[index] || (first.type === 'section' && first.inverted)) {
    throw new TemplateError('highlights-nested', first.type === 'text' ? 1 : first.line, 'highlights');
  }
  const second = all[1];
  if (second && second.type !== 'text')
    throw new TemplateError('highlights-repeated', second.line, 'highlights');
  const section = nodes[index];
  const before = nodes.slice(0, index);
  const after = nodes.slice(index + 1);
  checkOutside(before);
  checkOutside(after);
  return { before, highlight: section?.type === 'section' ? section.children : [], after };
}
