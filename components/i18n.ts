import type { Color } from '../lib/db/types';

export type Locale = 'zh-CN' | 'en';

/** Every string the annotation UI shows; passed in as a prop so components never look up locales themselves. */
export interface UiStrings {
  toolbarLabel: string;
  /** How the keyboard reaches and uses the toolbar (its tooltip). */
  toolbarKeys: string;
  colorNames: Record<Color, string>;
  highlightIn: (colorName: string) => string;
  addNote: string;
  notePlaceholder: string;
  tagsPlaceholder: string;
  tagsLabel: string;
  noteLabel: string;
  save: string;
  cancel: string;
  close: string;
  saveHint: string;
  cardLabel: string;
  editNote: string;
  copyQuote: string;
  copyLink: string;
  copied: string;
  copyFailed: string;
  deleteHighlight: string;
  deleted: string;
  undo: string;
  saveFailed: string;
  /** The selection or note is over the size the background accepts. */
  tooLarge: string;
  /** The browser's storage for the extension is full. */
  storageFull: string;
  /** After the extension was reloaded under the page. */
  extensionGone: string;
  emptyNote: string;
  /** The card's switch between overlapping highlights: this is `index` of `count`. */
  nextOverlap: (index: number, count: number) => string;
}

const zhCN: UiStrings = {
  toolbarLabel: '眉批：标注所选文字',
  toolbarKeys: '键盘：Tab 进入，←/→ 选颜色，Enter 高亮，Esc 回到页面（保留所选文字）',
  colorNames: { yellow: '黄色', green: '绿色', blue: '蓝色', pink: '粉色', purple: '紫色' },
  highlightIn: (name) => `${name}高亮`,
  addNote: '写批注',
  notePlaceholder: '写下你的想法…',
  tagsPlaceholder: '标签，用逗号或空格分隔',
  tagsLabel: '标签',
  noteLabel: '批注',
  save: '保存',
  cancel: '取消',
  close: '关闭',
  saveHint: 'Ctrl/⌘ + Enter 保存',
  cardLabel: '眉批：高亮',
  editNote: '编辑批注',
  copyQuote: '复制原文',
  copyLink: '复制链接',
  copied: '已复制',
  copyFailed: '复制失败',
  deleteHighlight: '删除',
  deleted: '已删除高亮',
  undo: '撤销',
  saveFailed: '保存失败，请重试',
  tooLarge: '选中的文字或批注太长（原文上限 10 万字，批注 20 万字），请缩短后再保存',
  storageFull: '浏览器存储空间已满，无法保存；已有的批注不受影响',
  extensionGone: '眉批刚刚更新，这条批注无法再保存：请先复制文字，刷新页面后重新添加。',
  emptyNote: '（无批注）',
  nextOverlap: (index, count) => `此处有 ${count} 条重叠的高亮，当前第 ${index} 条：看下一条`,
};

const en: UiStrings = {
  toolbarLabel: 'Meipi: annotate the selection',
  toolbarKeys:
    'Keyboard: Tab to enter, ←/→ between colours, Enter to highlight, Esc back to the page (selection kept)',
  colorNames: { yellow: 'Yellow', green: 'Green', blue: 'Blue', pink: 'Pink', purple: 'Purple' },
  highlightIn: (name) => `Highlight ${name.toLowerCase()}`,
  addNote: 'Add note',
  notePlaceholder: 'Write a note…',
  tagsPlaceholder: 'Tags, separated by commas or spaces',
  tagsLabel: 'Tags',
  noteLabel: 'Note',
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  saveHint: 'Ctrl/⌘ + Enter to save',
  cardLabel: 'Meipi: highlight',
  editNote: 'Edit note',
  copyQuote: 'Copy quote',
  copyLink: 'Copy link',
  copied: 'Copied',
  copyFailed: 'Copy failed',
  deleteHighlight: 'Delete',
  deleted: 'Highlight deleted',
  undo: 'Undo',
  saveFailed: 'Could not save, please try again',
  tooLarge:
    'The selection or note is too long (100,000 characters of text, 200,000 of note): shorten it and save again',
  storageFull: "The browser's storage is full, so this can't be saved; your existing notes are safe",
  extensionGone:
    'Meipi was just updated and can no longer save this note: copy your text, reload the page, and add it again.',
  emptyNote: '(no note)',
  nextOverlap: (index, count) => `${count} highlights overlap here, this is ${index}: show the next`,
};

export const STRINGS: Record<Locale, UiStrings> = { 'zh-CN': zhCN, en };

/** zh-CN unless the locale is English. */
export function stringsFor(locale: string | undefined): UiStrings {
  return locale?.toLowerCase().startsWith('en') ? en : zhCN;
}
