export {
  createPainter,
  type Painter,
  type PainterOptions,
  type PaintItem,
  scrollRangeIntoView,
} from './painter';
export {
  createFakeHighlightApi,
  FOCUS_HIGHLIGHT,
  HIGHLIGHT_PREFIX,
  type HighlightApi,
  type HighlightLike,
  type HighlightRegistryLike,
  highlightName,
  nativeHighlightApi,
  PENDING_HIGHLIGHT,
} from './registry';
export { applyDarkPageTints, detectTheme, luminanceOf } from './theme';
