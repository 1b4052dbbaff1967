// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HighlightCard } from '../../../components/HighlightCard';
import { STRINGS, stringsFor } from '../../../components/i18n';
import { SelectionToolbar } from '../../../components/SelectionToolbar';
import { UNDO_ON_PAGES, UndoToast } from '../../../components/UndoToast';
import type { Annotation } from '../../../lib/db/types';

const zh = STRINGS['zh-CN'];
const anchor = () => new DOMRect(100, 300, 80, 20);
let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.useRealTimers();
});

const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
function click(id: string) {
  act(() => {
    byTestId(id)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}
function type(id: string, value: string) {
  const field = byTestId(id) as HTMLInputElement | HTMLTextAreaElement;
  act(() => {
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
function key(id: string, init: KeyboardEventInit) {
  act(() => {
    byTestId(id)?.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
  });
}

function toolbar(overrides: Partial<Parameters<typeof SelectionToolbar>[0]> = {}) {
  const props = {
    strings: zh,
    anchor,
    onColor: vi.fn(),
    onSaveNote: vi.fn(),
    onClose: vi.fn(),
    ...overrides,
  };
  act(() => render(h(SelectionToolbar, props), container));
  return props;
}

const annotation: Annotation = {
  id: 'a1',
  source: 'https://example.com/',
  title: '标题',
  quote: '金黄的银杏叶',
  selectors: [],
  color: 'green',
  note: '第一行\n<img src=x onerror=alert(1)> 第二行',
  tags: ['秋天', '北京'],
  createdAt: 1,
  updatedAt: 1,
};

function card(overrides: Partial<Parameters<typeof HighlightCard>[0]> = {}) {
  const props = {
    strings: zh,
    annotation,
    anchor,
    onColor: vi.fn(),
    onSaveNote: vi.fn(),
    onCopyQuote: vi.fn(),
    onCopyLink: vi.fn(),
    onDelete: vi.fn(),
    onClose: vi.fn(),
    ...overrides,
  };
  act(() => render(h(HighlightCard, props), container));
  return props;
}

describe('SelectionToolbar', () => {
  it('has one labelled button per colour; one click saves in that colour', () => {
    const props = toolbar();
    expect(byTestId('highlight-toolbar')).not.toBeNull();
    for (const color of ['yellow', 'green', 'blue', 'pink', 'purple']) {
      expect(byTestId(`color-${color}`)?.getAttribute('aria-label')).toBe(
        zh.highlightIn(zh.colorNames[color as 'blue']),
      );
    }
    click('color-pink');
    expect(props.onColor).toHaveBeenCalledWith('pink');
    expect(byTestId('note-input')).toBeNull();
  });

  it('the note button opens the editor; there colours choose and Ctrl+Enter saves note, tags and colour', () => {
    const props = toolbar();
    click('note-button');
    expect(byTestId('note-input')).not.toBeNull();
    click('color-blue');
    expect(props.onColor).not.toHaveBeenCalled();
    expect(byTestId('color-blue')?.getAttribute('aria-pressed')).toBe('true');
    type('note-input', '第一行\n第二行\n\n');
    type('tags-input', '#秋天，北京 秋天');
    key('note-input', { key: 'Enter', ctrlKey: true });
    expect(props.onSaveNote).toHaveBeenCalledWith({
      note: '第一行\n第二行',
      tags: ['秋天', '北京'],
      color: 'blue',
    });
  });

  it('Cmd+Enter and the save button save too; Esc closes', () => {
    const props = toolbar({ noteOpen: true, initialColor: 'purple' });
    type('note-input', '批注');
    key('note-input', { key: 'Enter', metaKey: true });
    act(() => {
      byTestId('note-save')
        ?.closest('form')
        ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(props.onSaveNote).toHaveBeenCalledTimes(2);
    expect(props.onSaveNote).toHaveBeenLastCalledWith({ note: '批注', tags: [], color: 'purple' });
    key('note-input', { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(1);
  });

  it('shows an error and disables saving while busy', () => {
    toolbar({ noteOpen: true, busy: true, error: zh.saveFailed });
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(zh.saveFailed);
    expect((byTestId('note-save') as HTMLButtonElement).disabled).toBe(true);
    expect((byTestId('color-yellow') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('HighlightCard', () => {
  it('renders the note as text with its line breaks, never as HTML', () => {
    card();
    const note = byTestId('card-note');
    expect(note?.textContent).toBe(annotation.note);
    expect(note?.querySelector('img')).toBeNull();
    expect(container.querySelectorAll('.meipi-tag')).toHaveLength(2);
    expect(byTestId('card-quote')?.textContent).toBe('金黄的银杏叶');
    expect(byTestId('card-color-green')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('edits note and tags, changes colour, copies and deletes through callbacks', () => {
    const props = card();
    click('card-color-green');
    expect(props.onColor).not.toHaveBeenCalled(); // already that colour
    click('card-color-yellow');
    expect(props.onColor).toHaveBeenCalledWith('yellow');
    click('copy-quote');
    click('copy-link');
    expect(props.onCopyQuote).toHaveBeenCalledTimes(1);
    expect(props.onCopyLink).toHaveBeenCalledTimes(1);

    click('card-edit');
    expect((byTestId('note-input') as HTMLTextAreaElement).value).toBe(annotation.note);
    expect((byTestId('tags-input') as HTMLInputElement).value).toBe('秋天, 北京');
    type('note-input', '新的批注');
    key('note-input', { key: 'Enter', ctrlKey: true });
    expect(props.onSaveNote).toHaveBeenCalledWith({ note: '新的批注', tags: ['秋天', '北京'] });
    expect(byTestId('note-input')).toBeNull();

    click('delete-highlight');
    expect(props.onDelete).toHaveBeenCalledTimes(1);
  });

  it('Esc leaves the editor first, then closes the card', () => {
    const props = card();
    click('card-edit');
    key('note-input', { key: 'Escape' });
    expect(byTestId('note-input')).toBeNull();
    expect(props.onClose).not.toHaveBeenCalled();
    key('highlight-card', { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(1);
  });

  it('an empty note shows a muted placeholder', () => {
    card({ annotation: { ...annotation, note: '', tags: [] } });
    expect(byTestId('card-note')?.textContent).toBe(zh.emptyNote);
    expect(container.querySelector('.meipi-tags')).toBeNull();
  });
});

describe('UndoToast', () => {
  it('offers undo and dismisses itself', () => {
    vi.useFakeTimers();
    const onUndo = vi.fn();
    const onDismiss = vi.fn();
    act(() =>
      render(
        h(UndoToast, {
          surface: UNDO_ON_PAGES,
          message: zh.deleted,
          undoLabel: zh.undo,
          closeLabel: zh.close,
          onUndo,
          onDismiss,
          timeoutMs: 5000,
        }),
        container,
      ),
    );
    expect(byTestId('undo-toast')?.textContent).toContain(zh.deleted);
    click('undo-button');
    expect(onUndo).toHaveBeenCalledTimes(1);
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });
});

describe('stringsFor', () => {
  it('is zh-CN by default and English for en-*', () => {
    expect(stringsFor(undefined)).toBe(STRINGS['zh-CN']);
    expect(stringsFor('zh-TW')).toBe(STRINGS['zh-CN']);
    expect(stringsFor('en-GB')).toBe(STRINGS.en);
    expect(STRINGS.en.highlightIn(STRINGS.en.colorNames.blue)).toBe('Highlight blue');
  });
});
