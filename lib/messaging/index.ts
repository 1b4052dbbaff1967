export { createRouter, errorCodeOf } from './background-router';
export { createMessenger, type Messenger, type Transport } from './client';
export { LIMITS } from './limits';
export {
  type AnnotationPatch,
  type BackgroundMessages,
  type Envelope,
  type ErrorCode,
  type ErrorReply,
  MessageError,
  type MessageType,
  messageErrorCode,
  type PageChange,
  pageChangeIn,
  type Reply,
  type RequestOf,
  type ResponseOf,
  type SearchHitView,
  type SearchOptionsView,
  type SearchResponse,
  SYNC_CHANGED,
  type SyncFailureKind,
  type SyncSaveResult,
  type SyncSettingsInput,
  type SyncSettingsView,
  type SyncStatusView,
  syncStatusIn,
  type TabMessages,
} from './protocol';
export {
  createTabRouter,
  type Handlers,
  type HandlersOf,
  type Route,
  type SenderInfo,
  type TabHandlers,
} from './router';
export { validateBackgroundMessage } from './validate';
