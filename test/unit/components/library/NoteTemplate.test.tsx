// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../../../../components/library/Library';
import { NoteTemplate, type NoteTemplateApi } from '../../../../components/library/NoteTemplate';
import type { Annotation } from '../../../../lib/db/types';
import { DEFAULT_NOTE_TEMPLATES, toSourceNotes } from '../../../../lib/export';
import { webPage } from '../../../fixtures/export/annotations';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';
import { fakeLibraryApi } from './fake-library-api';

const en = translator('en');
const zh = translator('zh_CN');

function fakeNotes(stored?: string, overrides: Partial<NoteTemplateApi> = {}): NoteTemplateApi {
  return {
    load: vi.fn(async () => stored),
    save: vi.fn(async () => {}),
    defaultTemplate: DEFAULT_NOTE_TEMPLATES.en,
    preview: (template, sample) =>
      toSourceNotes(sample, { template, locale: 'en', now: 0 })[0]?.markdown ?? '',
    ...overrides,
  };
}

useRenderHost();

async function mount(api: NoteTemplateApi, sample: Annotation[] = [webPage], t = en) {
  await act(async () => {
    render(<NoteTemplate t={t} api={api} sample={sample} />, host);
  });
  await settle();
}
const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const input = () => q('note-template-input') as HTMLTextAreaElement;
async function type(value: string) {
  await act(async () => {
    input().value = value;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(id: string) {
  await act(async () => q(id)?.click());
  await settle();
}

describe('NoteTemplate', () => {
  it('shows the saved template and previews the note it makes, live as it is edited', async () => {
    await mount(fakeNotes('## {{title}}\n{{#highlights}}\n* {{quote}}\n{{/highlights}}\n'));
    expect(input().value).toBe('## {{title}}\n{{#highlights}}\n* {{quote}}\n{{/highlights}}\n');
    expect(q('note-template-preview')?.textContent).toContain('## 人民日报：秋收时节\n\n%% mp-');
    expect(q('note-template-preview')?.textContent).toContain('* 稻谷金黄，农民们忙着收割。');
    await type('# {{title}} — {{count}}\n{{#highlights}}\n{{note}}\n{{/highlights}}\n');
    expect(q('note-template-preview')?.textContent).toContain('# 人民日报：秋收时节 — 1');
    expect(q('note-template-preview')?.textContent).toContain('这一段写得很生动。');
  });

  it('starts from the default when none is saved', async () => {
    await mount(fakeNotes(undefined));
    expect(input().value).toBe(DEFAULT_NOTE_TEMPLATES.en);
    expect(q('note-template-preview')?.textContent).toContain('> [!quote] 🟢 green · ');
  });

  it('says what is wrong with a template, keeps the last preview and does not save it', async () => {
    const api = fakeNotes(undefined);
    await mount(api);
    const before = q('note-template-preview')?.textContent;
    await type('# {{title}}\n{{#highlights}}\n{{qoute}}\n{{/highlights}}\n');
    expect(q('note-template-error')?.textContent).toBe(
      'The template has an error; exports keep using the one saved before. Line 3: there is no variable {{qoute}}.',
    );
    expect(q('note-template-preview')?.textContent).toBe(before);
    expect((q('note-template-save') as HTMLButtonElement).disabled).toBe(true);
    await type('# {{title}}\n');
    expect(q('note-template-error')?.textContent).toContain(
      'needs one {{#highlights}}…{{/highlights}} section',
    );
    expect(api.save).not.toHaveBeenCalled();
  });

  it('says it in Chinese for a Chinese browser', async () => {
    await mount(fakeNotes(undefined, { defaultTemplate: DEFAULT_NOTE_TEMPLATES['zh-CN'] }), [webPage], zh);
    await type('{{quote}}\n{{#highlights}}{{/highlights}}');
    expect(q('note-template-error')?.textContent).toBe(
      '模板有误，导出仍用之前保存的模板。第 1 行：{{quote}} 只能写在 {{#highlights}}…{{/highlights}} 之间。',
    );
  });

  it('saves an edited template, and the default as none', async () => {
    const api = fakeNotes(undefined);
    await mount(api);
    const edited = `${DEFAULT_NOTE_TEMPLATES.en}\n{{tags}}\n`;
    await type(edited);
    await click('note-template-save');
    expect(api.save).toHaveBeenLastCalledWith(edited);
    expect(q('note-template-status')?.textContent).toBe('Template saved: the next notes export uses it.');
    expect((q('note-template-save') as HTMLButtonElement).disabled).toBe(true);
    await click('note-template-reset');
    expect(api.save).toHaveBeenLastCalledWith(undefined);
    expect(input().value).toBe(DEFAULT_NOTE_TEMPLATES.en);
  });

  it('shows a hint instead of a preview when there is nothing to preview', async () => {
    await mount(fakeNotes(undefined), []);
    expect(q('note-template-preview')?.textContent).toBe('No highlights to preview yet.');
  });
});

describe('Library with notes', () => {
  const api = fakeLibraryApi;

  const list = [webPage, { ...webPage, id: 'other', source: 'https://example.com/other', title: '另一篇' }];

  it('exports one note per source of what is listed, and names a backup as a backup', async () => {
    const library = api({
      exportNotes: vi.fn(async (a: Annotation[]) => new Set(a.map((x) => x.source)).size),
    });
    await act(async () => {
      render(<Library t={en} locale="en" annotations={list} api={library} notes={fakeNotes()} />, host);
    });
    await settle();
    expect(q('note-template-section')).not.toBeNull();
    await click('export-notes');
    expect(vi.mocked(library.exportNotes)?.mock.calls[0]?.[0]).toHaveLength(2);
    expect(host.textContent).toContain('Exported 2 notes');
    await click('backup-button');
    expect(vi.mocked(library.exportJson).mock.calls[0]?.[1]).toBe('backup');
  });

  it('shows neither the button nor the section without them', async () => {
    await act(async () => {
      render(<Library t={en} locale="en" annotations={list} api={api()} />, host);
    });
    await settle();
    expect(q('export-notes')).toBeNull();
    expect(q('note-template-section')).toBeNull();
  });
});
