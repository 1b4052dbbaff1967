/**
 * The note template language: a small, logic-less subset of Mustache.
 *
 *   {{name}}                 a value (already markdown-safe: the code escapes every value)
 *   {{#name}}…{{/name}}      shown when `name` is non-empty; over a list, once per item
 *   {{^name}}…{{/name}}      shown when `name` is empty
 *   {{! a comment }}         left out
 *
 * A line holding only a section or comment tag is dropped whole, so templates read line by line.
 * A value of several lines continues its line's container prefix (`> ` of a quote, indentation),
 * so `> {{quote}}` keeps every line of a long quote inside the quote. There are no partials, no
 * raw/HTML modes and no expressions: a template can only place values the code has escaped.
 */

export type TemplateErrorKind =
  | 'bad-tag'
  | 'unknown-variable'
  | 'unclosed-section'
  | 'unexpected-close'
  | 'highlights-missing'
  | 'highlights-repeated'
  | 'highlights-nested'
  | 'highlight-variable-outside';

/** A template that cannot be used: `kind` and `name` let the editor say what is wrong in its language. */
export class TemplateError extends Error {
  constructor(
    readonly kind: TemplateErrorKind,
    readonly line: number,
    readonly variable = '',
  ) {
    super(`${kind}${variable ? ` {{${variable}}}` : ''} (line ${line})`);
    this.name = 'TemplateError';
  }
}

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'value'; name: string; line: number }
  | { type: 'section'; name: string; line: number; inverted: boolean; children: TemplateNode[] };

/** A value: text, or (for a section) a list of item scopes. */
export type TemplateValue = string | readonly TemplateScope[];
export type TemplateScope = Readonly<Record<string, TemplateValue>>;

const TAG = /\{\{\s*([#^/!]?)\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

interface Token {
  kind: '' | '#' | '^' | '/' | '!' | 'text';
  text: string;
  line: number;
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  const lines = template.replace(/\r\n?/g, '\n').split(/(?<=\n)/);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const tags = [...line.matchAll(TAG)];
    const rest = line.replace(TAG, '');
    // Unclosed `{{`, and Mustache's unescaped `{{{…}}}`, which this language does not have.
    if (rest.includes('{{') || /\{\{\{|\}\}\}/.test(line)) throw new TemplateError('bad-tag', lineNo);
    const only = tags.length === 1 ? tags[0] : undefined;
    if (only && only[1] !== '' && rest.trim() === '') {
      tokens.push({ kind: only[1] as Token['kind'], text: only[2] ?? '', line: lineNo });
      return;
    }
    let from = 0;
    for (const tag of tags) {
      const at = tag.index ?? 0;
      if (at > from) tokens.push({ kind: 'text', text: line.slice(from, at), line: lineNo });
      tokens.push({ kind: (tag[1] ?? '') as Token['kind'], text: tag[2] ?? '', line: lineNo });
      from = at + tag[0].length;
    }
    if (from < line.length) tokens.push({ kind: 'text', text: line.slice(from), line: lineNo });
  });
  return tokens;
}

/**
 * Parses a template; every name must be one of `known` (for sections too). Throws TemplateError.
 */
export function parseTemplate(template: string, known: ReadonlySet<string>): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { name: string; line: number; children: TemplateNode[] }[] = [];
  let current = root;
  for (const token of tokenize(template)) {
    if (token.kind === 'text') {
      current.push({ type: 'text', text: token.text });
      continue;
    }
    if (token.kind === '!') continue;
    if (!NAME.test(token.text) || !known.has(token.text)) {
      throw new TemplateError('unknown-variable', token.line, token.text);
    }
    if (token.kind === '') current.push({ type: 'value', name: token.text, line: token.line });
    else if (token.kind === '/') {
      const open = stack.pop();
      if (!open || open.name !== token.text)
        throw new TemplateError('unexpected-close', token.line, token.text);
      current = stack[stack.length - 1]?.children ?? root;
    } else {
      const section: TemplateNode = {
        type: 'section',
        name: token.text,
        line: token.line,
        inverted: token.kind === '^',
        children: [],
      };
      current.push(section);
      stack.push({ name: token.text, line: token.line, children: section.children });
      current = section.children;
    }
  }
  const open = stack.pop();
  if (open) throw new TemplateError('unclosed-section', open.line, open.name);
  return root;
}

/** The quote markers and indentation the output's current line starts with. */
function containerPrefix(out: readonly string[]): string {
  let line = '';
  for (let i = out.length - 1; i >= 0; i--) {
    const piece = out[i] ?? '';
    const newline = piece.lastIndexOf('\n');
    line = piece.slice(newline + 1) + line;
    if (newline >= 0) break;
  }
  return /^[ \t]*(?:>[ \t]?)*/.exec(line)?.[0] ?? '';
}

function continueLines(value: string, prefix: string): string {
  if (!prefix || !value.includes('\n')) return value;
  const bare = prefix.trimEnd();
  return value
    .split('\n')
    .map((line, i) => (i === 0 ? line : line === '' ? bare : prefix + line))
    .join('\n');
}

function lookup(scopes: readonly TemplateScope[], name: string): TemplateValue | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const value = scopes[i]?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

function renderInto(nodes: readonly TemplateNode[], scopes: readonly TemplateScope[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.text);
    else if (node.type === 'value') {
      const value = lookup(scopes, node.name);
      if (typeof value === 'string') out.push(continueLines(value, containerPrefix(out)));
    } else {
      const value = lookup(scopes, node.name);
      const empty = value === undefined || value.length === 0;
      if (node.inverted) {
        if (empty) renderInto(node.children, scopes, out);
      } else if (typeof value === 'string') {
        if (!empty) renderInto(node.children, scopes, out);
      } else if (value) {
        for (const item of value) renderInto(node.children, [...scopes, item], out);
      }
    }
  }
}

/** Renders parsed nodes with the innermost scope last. */
export function renderTemplate(nodes: readonly TemplateNode[], scopes: readonly TemplateScope[]): string {
  const out: string[] = [];
  renderInto(nodes, scopes, out);
  return out.join('');
}
