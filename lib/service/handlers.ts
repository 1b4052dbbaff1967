import {
  type Annotation,
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  listAnnotations,
  type MeipiDatabase,
  putAnnotations,
  recentAnnotations,
  updateAnnotation,
} from '../db';
import type { Handlers, PageChange, SearchOptionsView, SearchResponse, SenderInfo } from '../messaging';
import { fingerprintOf } from '../pdf/selectors';
import { bindToSender } from './sender-scope';
import type { SyncService } from './sync';

/** What the background's handlers need from the browser, passed in so they run under Node too. */
export interface ServiceEnvironment {
  db: MeipiDatabase;
  search(query: string, options: SearchOptionsView): Promise<SearchResponse>;
  /** Tells every other view of the change's source (tabs, popup, reader) about one write. */
  notifyChanged(change: PageChange, sender: SenderInfo): void;
  /** Opens an annotation's page scrolled to the passage (see open-annotation.ts). */
  openAnnotation(annotation: Annotation): Promise<void>;
  /** Remembers the colour of the latest highlight, for the keyboard shortcut. */
  rememberColor?(annotation: Annotation): void;
  /** Runs search-index maintenance (one at a time); resolves with how many were re-indexed. */
  maintainIndex(): Promise<number>;
  /** Sync settings, status and runs (lib/service/sync.ts; lib/browser/sync.ts in the extension). */
  sync: SyncService;
}

/** The background's answers to every message in BackgroundMessages. Inputs arrive validated. */
export function createServiceHandlers(env: ServiceEnvironment): Handlers {
  const { db } = env;
  /** The sender applied the result itself: it is not told again. */
  const saved = (annotation: Annotation, sender: SenderInfo) => {
    env.notifyChanged({ source: annotation.source, upserted: annotation }, sender);
    return annotation;
  };
  return bindToSender(
    {
      'annotations/list': ({ source }) => listAnnotations(db, { source }),
      'annotations/list-document': async ({ source, fingerprint }) => {
        const [own, all] = await Promise.all([listAnnotations(db, { source }), listAnnotations(db)]);
        const ids = new Set(own.map((a) => a.id));
        return [...own, ...all.filter((a) => !ids.has(a.id) && fingerprintOf(a.selectors) === fingerprint)];
      },
      'annotations/recent': ({ limit }) => recentAnnotations(db, limit),
      'annotations/create': async ({ input }, sender) => {
        const created = await createAnnotation(db, input);
        env.rememberColor?.(created);
        return saved(created, sender);
      },
      'annotations/update': async ({ id, patch }, sender) =>
        saved(await updateAnnotation(db, id, patch), sender),
      'annotations/delete': async ({ id }, sender) => {
        const existing = await getAnnotation(db, id);
        if (!existing) return { deleted: null };
        await deleteAnnotation(db, id);
        env.notifyChanged({ source: existing.source, deletedId: id }, sender);
        return { deleted: existing };
      },
      'annotations/restore': async ({ annotation }, sender) => {
        await putAnnotations(db, [annotation]);
        return saved(annotation, sender);
      },
      'search/query': ({ query, options }) => env.search(query, options),
      'annotations/open': async ({ id }) => {
        const annotation = await getAnnotation(db, id);
        if (!annotation) return { opened: false };
        await env.openAnnotation(annotation);
        return { opened: true };
      },
      'index/maintain': async () => ({ reindexed: await env.maintainIndex() }),
      'sync/settings-get': () => env.sync.settings(),
      'sync/settings-save': (input) => env.sync.save(input),
      'sync/clear': () => env.sync.turnOff(),
      'sync/now': () => env.sync.syncNow(),
      'sync/status': () => env.sync.status(),
    },
    db,
  );
}
