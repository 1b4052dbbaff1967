import { describe, expect, it } from 'vitest';
import { compileNoteTemplate, DEFAULT_NOTE_TEMPLATES, TemplateError } from '../../../lib/export';
import { parseTemplate, renderTemplate, type TemplateScope } from '../../../lib/export/notes/template';

const KNOWN = new Set(['title', 'items', 'quote', 'note', 'empty']);

function render(template: string, scope: TemplateScope): string {
  return renderTemplate(parseTemplate(template, KNOWN), [scope]);
}

function errorOf(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('no TemplateError');
}

describe('template language', () => {
  it('places values, with spaces inside the braces allowed', () => {
    expect(render('# {{title}} / {{ title }}', { title: '秋收' })).toBe('# 秋收 / 秋收');
  });

  it('shows a section for a non-empty value and an inverted one for an empty value', () => {
    const t = '{{#note}}有：{{note}}{{/note}}{{^note}}无{{/note}}';
    expect(render(t, { note: '批注' })).toBe('有：批注');
    expect(render(t, { note: '' })).toBe('无');
    expect(render(t, {})).toBe('无');
  });

  it('repeats a section over a list, item values over outer ones', () => {
    const t = '{{#items}}[{{title}}:{{quote}}]{{/items}}';
    expect(render(t, { title: 'T', items: [{ quote: 'a' }, { quote: 'b', title: 'U' }] })).toBe('[T:a][U:b]');
  });

  it('drops lines that hold only a section or comment tag, keeps inline ones', () => {
    const t = 'a\n  {{#note}}  \n{{note}}\n{{/note}}\n{{! why: a comment }}\nb {{#note}}x{{/note}}\n';
    expect(render(t, { note: 'n' })).toBe('a\nn\nb x\n');
    expect(render(t, { note: '' })).toBe('a\nb \n');
  });

  it('continues a multi-line value with its line’s quote prefix and indentation', () => {
    expect(render('> {{quote}}', { quote: 'one\\\ntwo\n\nthree' })).toBe('> one\\\n> two\n>\n> three');
    expect(render('> **批注** {{note}}', { note: 'a\n\nb' })).toBe('> **批注** a\n>\n> b');
    expect(render('    {{note}}', { note: 'a\nb' })).toBe('    a\n    b');
    expect(render('x {{note}}', { note: 'a\nb' })).toBe('x a\nb');
  });

  it('reads CRLF templates like LF ones', () => {
    expect(render('{{#note}}\r\n{{note}}\r\n{{/note}}\r\n', { note: 'n' })).toBe('n\n');
  });

  it.each([
    ['{{titel}}', 'unknown-variable', 'titel', 1],
    ['a\n{{#note}}', 'unclosed-section', 'note', 2],
    ['{{/note}}', 'unexpected-close', 'note', 1],
    ['{{#note}}{{/quote}}', 'unexpected-close', 'quote', 1],
    ['x\ny {{title', 'bad-tag', '', 2],
    ['{{{title}}}', 'bad-tag', '', 1],
    ['{{> partial}}', 'unknown-variable', '> partial', 1],
    ['{{constructor}}', 'unknown-variable', 'constructor', 1],
  ])('rejects %j (%s)', (template, kind, name, line) => {
    const error = errorOf(() => parseTemplate(template, KNOWN));
    expect([error.kind, error.variable, error.line]).toEqual([kind, name, line]);
  });
});

describe('note templates', () => {
  it('accepts both defaults', () => {
    expect(() => compileNoteTemplate(DEFAULT_NOTE_TEMPLATES['zh-CN'])).not.toThrow();
    expect(() => compileNoteTemplate(DEFAULT_NOTE_TEMPLATES.en)).not.toThrow();
  });

  it.each([
    ['# {{title}}', 'highlights-missing'],
    ['{{#highlights}}{{quote}}{{/highlights}}{{#highlights}}{{/highlights}}', 'highlights-repeated'],
    ['{{#title}}{{#highlights}}{{quote}}{{/highlights}}{{/title}}', 'highlights-nested'],
    ['{{^highlights}}{{/highlights}}', 'highlights-nested'],
    ['{{quote}}\n{{#highlights}}{{note}}{{/highlights}}', 'highlight-variable-outside'],
    ['{{#highlights}}{{quote}}{{/highlights}}\n{{#page}}p{{/page}}', 'highlight-variable-outside'],
  ])('rejects %j (%s)', (template, kind) => {
    expect(errorOf(() => compileNoteTemplate(template)).kind).toBe(kind);
  });
});
