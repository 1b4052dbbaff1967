export { exportFileName } from './file-name';
export type { ImportLimits, ImportOptions, ImportResult, ParsedAnnotation } from './import';
export { IMPORT_LIMITS, ImportError, importWebAnnotations, parseWebAnnotations } from './import';
export type { MarkdownOptions } from './markdown';
export { localDate, toMarkdown } from './markdown';
export { obsidianTag } from './markdown-escape';
export { readerUrlFor, textDirective, textFragmentUrl } from './text-fragment';
export { COLOR_CSS, toWebAnnotation, toWebAnnotations } from './web-annotation';
