import type { Annotation, AnnotationInput, Color } from '../db/types';
import type { SearchHit } from '../search/search';
import type { RemoteErrorKind } from '../sync/remote';

/** A search hit as sent over the wire: the annotation plus what the UI needs to mark matches. */
export type SearchHitView = SearchHit;

export interface SearchOptionsView {
  limit?: number;
  color?: Color;
  tag?: string;
  source?: string;
  /** Ids the list already shows: the answer is the next page (see lib/search searchPage). */
  shown?: string[];
}

export interface SearchResponse {
  hits: SearchHitView[];
  /** How many annotations match in all, the shown ones included. */
  total?: number;
  /** False when `total` is partly estimated (shown as "约 …"). */
  totalExact?: boolean;
  /** True while jieba is not ready (or failed): results come from character terms only. */
  degraded: boolean;
  /** Why: still loading (results refine by themselves soon) or failed (they won't). */
  segmenter: 'ready' | 'loading' | 'failed';
}

export type AnnotationPatch = Partial<
  Pick<AnnotationInput, 'color' | 'note' | 'tags' | 'title' | 'selectors' | 'quote'>
>;

/**
 * Requests the background answers: content scripts and extension pages → background.
 * Each entry is `[request payload, response value]`.
 */
export interface BackgroundMessages {
  'annotations/list': [{ source: string }, Annotation[]];
  /** A PDF's annotations: those saved under its URL and those made on the same file (by fingerprint) under any other. */
  'annotations/list-document': [{ source: string; fingerprint: string }, Annotation[]];
  'annotations/recent': [{ limit: number }, Annotation[]];
  'annotations/create': [{ input: AnnotationInput }, Annotation];
  'annotations/update': [{ id: string; patch: AnnotationPatch }, Annotation];
  'annotations/delete': [{ id: string }, { deleted: Annotation | null }];
  'annotations/restore': [{ annotation: Annotation }, Annotation];
  'search/query': [{ query: string; options: SearchOptionsView }, SearchResponse];
  /**
   * Open the page (or reader article) of an annotation, scrolled to the passage, which flashes.
   * Done here, not in the popup: the popup closes as soon as the tab takes focus.
   */
  'annotations/open': [{ id: string }, { opened: boolean }];
  /**
   * After a large import the library asks the background (its own thread, with jieba ready) to
   * add word terms to the new index block and tidy the index; answers how many were re-indexed.
   */
  'index/maintain': [Record<string, never>, { reindexed: number }];
  /** The saved sync settings without the password and the passphrase (only whether each is set); null: off. */
  'sync/settings-get': [Record<string, never>, SyncSettingsView | null];
  /** Validates, tests the connection (folder, listing, key check) and saves only if that works. */
  'sync/settings-save': [SyncSettingsInput, SyncSaveResult];
  /** Turns sync off and forgets the credentials (this device's sync state stays for a later restart). */
  'sync/clear': [Record<string, never>, SyncStatusView];
  /** Syncs now (after any sync already running); answers the status once done. */
  'sync/now': [Record<string, never>, SyncStatusView];
  'sync/status': [Record<string, never>, SyncStatusView];
}

/** Why sync could not connect or run, as the UI explains it. */
export type SyncFailureKind =
  | RemoteErrorKind
  | 'wrong-passphrase'
  | 'needs-passphrase'
  | 'not-encrypted'
  /** Plain http to another machine. */
  | 'insecure'
  | 'url'
  /** Anything else (a local storage failure, a bug): its message says more. */
  | 'internal';

export interface SyncSettingsView {
  url: string;
  username: string;
  passwordSet: boolean;
  passphraseSet: boolean;
}

/** What the settings form sends; a null secret keeps the one saved (the form never sees it again). */
export interface SyncSettingsInput {
  url: string;
  username: string;
  password: string | null;
  passphrase: string | null;
}

export type SyncSaveResult = { ok: true } | { ok: false; kind: SyncFailureKind };

export interface SyncStatusView {
  state: 'off' | 'idle' | 'syncing' | 'error';
  lastSyncedAt: number | null;
  /** Local changes not sent yet. */
  pending: number;
  /** The last run's failure; null once a run succeeds. Its message holds no credential. */
  lastError: { kind: SyncFailureKind; message: string } | null;
  /** Conflict copies the last successful run made. */
  conflicts: number;
  /** Remote files the last successful run skipped (corrupt or foreign). */
  skipped: number;
  progress: { phase: 'download' | 'upload'; done: number; total: number } | null;
}

/** The runtime broadcast that tells extension pages the sync status moved. */
export const SYNC_CHANGED = 'sync/changed';

/** The status a runtime broadcast carries, if it is a `sync/changed` one. */
export function syncStatusIn(message: unknown): SyncStatusView | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, payload } = message as { type?: unknown; payload?: Partial<SyncStatusView> };
  return type === SYNC_CHANGED && typeof payload?.state === 'string' ? (payload as SyncStatusView) : null;
}

/**
 * Annotations of `source` changed: one was saved (`upserted`) or deleted (`deletedId`), and a view
 * applies just that; with neither (a bulk import or delete), it re-fetches the source's list.
 */
export interface PageChange {
  source: string;
  upserted?: Annotation;
  deletedId?: string;
}

/** The change a runtime broadcast carries, if it is a `page/changed` one. */
export function pageChangeIn(message: unknown): PageChange | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, payload } = message as { type?: unknown; payload?: Partial<PageChange> };
  return type === 'page/changed' && typeof payload?.source === 'string' ? (payload as PageChange) : null;
}

/** Pushes from the background to a tab's content script. */
export interface TabMessages {
  /** A change made elsewhere (popup, library, another tab); never echoed to the tab that made it. */
  'page/changed': [PageChange, { ok: true }];
  /** Scroll to and flash one highlight. */
  'page/focus': [{ id: string }, { found: boolean }];
  /** From the keyboard command or the context menu. */
  'page/highlight-selection': [{ color?: Color; withNote: boolean }, { saved: boolean }];
  /** The popup asks which of this page's annotations could not be placed. */
  'page/anchor-status': [Record<string, never>, { source: string; orphanIds: string[] }];
}

export type MessageType = keyof BackgroundMessages;
export type RequestOf<M, K extends keyof M> = M[K] extends [infer Req, unknown] ? Req : never;
export type ResponseOf<M, K extends keyof M> = M[K] extends [unknown, infer Res] ? Res : never;

export type Envelope<M, K extends keyof M = keyof M> = K extends keyof M
  ? { type: K; payload: RequestOf<M, K> }
  : never;

export type ErrorCode =
  | 'invalid-message'
  | 'unknown-type'
  | 'too-large'
  | 'not-found'
  | 'quota-exceeded'
  | 'storage-failed'
  | 'unsupported-page'
  /** A content script asked about another page's annotations (or for more than its page). */
  | 'forbidden'
  | 'internal';

export interface ErrorReply {
  ok: false;
  error: { code: ErrorCode; message: string };
}
export type Reply<T> = { ok: true; value: T } | ErrorReply;

/** Thrown on the sending side when the receiver answered with an error (or could not be reached). */
export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/**
 * The code of a MessageError, also one thrown by another bundle's copy of the class (the content
 * bootstrap and the lazily injected UI each bundle their own), where `instanceof` fails.
 */
export function messageErrorCode(error: unknown): MessageError['code'] | null {
  if (error instanceof MessageError) return error.code;
  if (error instanceof Error && error.name === 'MessageError' && 'code' in error) {
    return String((error as { code: unknown }).code) as MessageError['code'];
  }
  return null;
}
