export {
  AnnotationNotFoundError,
  byPositionInPage,
  countAnnotations,
  createAnnotation,
  deleteAnnotation,
  deleteAnnotations,
  getAnnotation,
  listAnnotations,
  normaliseTags,
  putAnnotations,
  recentAnnotations,
  updateAnnotation,
} from './repository';
export type { ReviewCard, ReviewContent, ReviewRecord } from './review-tables';
export { allReviews, applySyncedReviews, restoreReviews, reviewsOf, saveReview } from './reviews';
export {
  DEFAULT_DB_NAME,
  MeipiDatabase,
  openDatabase,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
} from './schema';
export { ARTICLE_URI_PREFIX, articleIdFromUri, articleUri, normaliseUrl } from './source';
export {
  allSyncRecords,
  applySyncedRecords,
  changeLogSize,
  countPendingChanges,
  dropSentChanges,
  markChangesSent,
  readChangeLog,
  readSyncRecords,
  type SyncRecord,
} from './sync-records';
export type { LocalChange, SyncVersion, Tombstone } from './sync-tables';
export type { Annotation, AnnotationInput, Color } from './types';
export { COLORS, isColor } from './types';
export type { VaultFileRecord, VaultRecord } from './vault-tables';
