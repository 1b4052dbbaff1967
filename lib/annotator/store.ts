import type { Annotation, AnnotationInput } from '../db/types';
import type { Messenger } from '../messaging/client';
import type { AnnotationPatch, BackgroundMessages } from '../messaging/protocol';

/** Where an annotator reads and writes annotations; the content script and the reader pass one over messaging. */
export interface AnnotationStore {
  list(source: string): Promise<Annotation[]>;
  create(input: AnnotationInput): Promise<Annotation>;
  update(id: string, patch: AnnotationPatch): Promise<Annotation>;
  /** Resolves with what was deleted (for undo), or null when it was already gone. */
  remove(id: string): Promise<Annotation | null>;
  /** Puts a deleted annotation back exactly as it was (same id and timestamps). */
  restore(annotation: Annotation): Promise<Annotation>;
}

export function messengerStore(send: Messenger<BackgroundMessages>): AnnotationStore {
  return {
    list: (source) => send('annotations/list', { source }),
    create: (input) => send('annotations/create', { input }),
    update: (id, patch) => send('annotations/update', { id, patch }),
    remove: async (id) => (await send('annotations/delete', { id })).deleted,
    restore: (annotation) => send('annotations/restore', { annotation }),
  };
}
