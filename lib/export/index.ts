export { exportFileName, notesFolderName } from './file-name';
export { type ImportOptions, parseWebAnnotations } from './import';
export type { ParsedAnnotation, ReviewField } from './import-fields';
export { type ImportResult, importWebAnnotations } from './import-merge';
export { IMPORT_LIMITS, ImportError, type ImportLimits } from './import-read';
export type { MarkdownOptions } from './markdown';
export { localDate, toMarkdown } from './markdown';
export { obsidianTag } from './markdown-escape';
export { blockIdFor, noteIdFor } from './notes/block-id';
export { type MergeOptions, mergeSourceNote } from './notes/merge-note';
export {
  compileNoteTemplate,
  DEFAULT_NOTE_TEMPLATES,
  HIGHLIGHT_VARIABLES,
  NOTE_VARIABLES,
  type NoteLocale,
} from './notes/note-template';
export {
  type SourceDescription,
  type SourceNote,
  type SourceNoteOptions,
  toSourceNotes,
} from './notes/source-note';
export { TemplateError, type TemplateErrorKind } from './notes/template';
export { parseReviewField } from './review-field';
export { passageUrl, readerUrlFor, textDirective, textFragmentUrl } from './text-fragment';
export { COLOR_CSS, reviewField, toWebAnnotation, toWebAnnotations } from './web-annotation';
