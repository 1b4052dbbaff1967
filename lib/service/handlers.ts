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
import type { Handlers, SearchOptionsView, SearchResponse } from '../messaging';
import { bindToSender } from './sender-scope';

/** What the background's handlers need from the browser, passed in so they run under Node too. */
export interface ServiceEnvironment {
  db: MeipiDatabase;
  search(query: string, options: SearchOptionsView): Promise<SearchResponse>;
  /** Tells every view of `source` (tabs, popup) that its annotations changed. */
  notifyChanged(source: string): void;
  /** Opens an annotation's page scrolled to the passage (see open-annotation.ts). */
  openAnnotation(annotation: Annotation): Promise<void>;
  /** Remembers the colour of the latest highlight, for the keyboard shortcut. */
  rememberColor?(annotation: Annotation): void;
  /** Runs search-index maintenance (one at a time); resolves with how many were re-indexed. */
  maintainIndex(): Promise<number>;
}

/** The background's answers to every message in BackgroundMessages. Inputs arrive validated. */
export function createServiceHandlers(env: ServiceEnvironment): Handlers {
  const { db } = env;
  const changed = (annotation: Annotation) => {
    env.notifyChanged(annotation.source);
    return annotation;
  };
  return bindToSender(
    {
      'annotations/list': ({ source }) => listAnnotations(db, { source }),
      'annotations/recent': ({ limit }) => recentAnnotations(db, limit),
      'annotations/create': async ({ input }) => {
        const created = await createAnnotation(db, input);
        env.rememberColor?.(created);
        return changed(created);
      },
      'annotations/update': async ({ id, patch }) => changed(await updateAnnotation(db, id, patch)),
      'annotations/delete': async ({ id }) => {
        const existing = await getAnnotation(db, id);
        if (!existing) return { deleted: null };
        await deleteAnnotation(db, id);
        changed(existing);
        return { deleted: existing };
      },
      'annotations/restore': async ({ annotation }) => {
        await putAnnotations(db, [annotation]);
        return changed(annotation);
      },
      'search/query': ({ query, options }) => env.search(query, options),
      'annotations/open': async ({ id }) => {
        const annotation = await getAnnotation(db, id);
        if (!annotation) return { opened: false };
        await env.openAnnotation(annotation);
        return { opened: true };
      },
      'index/maintain': async () => ({ reindexed: await env.maintainIndex() }),
    },
    db,
  );
}
