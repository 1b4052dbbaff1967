export { domAnchoring } from './anchoring';
export {
  type Anchoring,
  type Annotator,
  type AnnotatorEvent,
  type AnnotatorOptions,
  type AnnotatorUi,
  createAnnotator,
  type SaveOptions,
} from './core';
export { focusIdIn, followFocusLinks, passageLink } from './focus-link';
export {
  acceptHost,
  type FrameKeys,
  introduceHost,
  messagePortLike,
  type TakeFrameKey,
} from './frame-handshake';
export { createFrameSurface, type FrameSurfaceOptions } from './frame-surface';
export { createInlineSurface, type InlineSurfaceOptions, UI_HOST_TAG } from './inline-surface';
export { watchMutations } from './mutation-watcher';
export { pageMessageHandlers } from './page-messages';
export { createPanelHost, type PanelSurface } from './panel-host';
export { type HostPort, type PanelPort, portPair } from './panel-protocol';
export { mountPanels, type PanelsOptions } from './panels';
export { type Anchored, createPlacements, NOT_YET, type Placements } from './placements';
export { mountReaderAnnotator, type ReaderAnnotatorOptions } from './reader';
export { annotatableSelection, clipToRoot, isInsideEditable, trimRange } from './selection';
export { observeSelections, type SelectionHandlers } from './selection-observer';
export { type AnnotationStore, messengerStore } from './store';
