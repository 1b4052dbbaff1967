export { domAnchoring } from './anchoring';
export {
  type Anchoring,
  type Annotator,
  type AnnotatorEvent,
  type AnnotatorOptions,
  type AnnotatorUi,
  createAnnotator,
  type SaveOptions,
  textFragment,
} from './core';
export { mountReaderAnnotator, type ReaderAnnotatorOptions } from './reader';
export { annotatableSelection, clipToRoot, isInsideEditable, trimRange } from './selection';
export { type AnnotationStore, messengerStore } from './store';
export { type AnnotatorUiOptions, createAnnotatorUi, UI_HOST_TAG } from './ui';
