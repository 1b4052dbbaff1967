/**
 * The browser layer: everything that calls `browser.*` for more than one entrypoint, so each
 * entrypoint only wires. The popup and the reader import the files they need directly
 * (`env`, `export`, `active-tab`): this index also reaches Dexie and jieba (`library-store`,
 * `segmenter`), which must stay out of their bundles.
 */
export { type ActiveTab, activeTab, anchorStatusOf } from './active-tab';
export { background, copyText, onAnnotationsChanged, t, toTab, uiLocale } from './env';
export {
  annotationsToMarkdown,
  asciiFileName,
  downloadMarkdown,
  downloadText,
  markdownOptions,
  readerPageFor,
  sourcePageFor,
} from './export';
export { lastColor, rememberColor } from './last-color';
export { type FeedListener, watchAnnotations } from './library-feed';
export { putMany, removeMany, restoreFromFile, warmUp } from './library-store';
export { installHighlightMenus } from './menus';
export { navigatorDeps } from './navigator';
export {
  downloadSourceNotes,
  loadNoteTemplate,
  noteLocale,
  saveNoteTemplate,
  sourceNoteOptions,
  sourceNotes,
} from './notes';
export {
  FILE_URLS_SWITCH,
  openPdfInNewTab,
  opensAllPdfs,
  setOpensAllPdfs,
  watchPdfNavigations,
} from './pdf-tabs';
export { answerRequests } from './requests';
export { startSegmenter } from './segmenter';
