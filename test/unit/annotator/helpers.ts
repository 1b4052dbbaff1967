import type { AnnotationStore } from '../../../lib/annotator';
import type { Annotation, AnnotationInput } from '../../../lib/db/types';
import type { AnnotationPatch } from '../../../lib/messaging/protocol';

/** An in-memory store with the background's semantics (ids, timestamps, delete → restore). */
export function memoryStore(initial: Annotation[] = []) {
  const rows = new Map(initial.map((a) => [a.id, a]));
  let clock = 1_000;
  let nextId = 1;
  const store: AnnotationStore & { rows: Map<string, Annotation>; fail: boolean } = {
    rows,
    fail: false,
    list: async (source) => [...rows.values()].filter((a) => a.source === source),
    async create(input: AnnotationInput) {
      if (store.fail) throw new Error('quota');
      const now = clock++;
      const annotation: Annotation = {
        id: `id-${nextId++}`,
        color: 'yellow',
        note: '',
        tags: [],
        ...input,
        createdAt: now,
        updatedAt: now,
      };
      rows.set(annotation.id, annotation);
      return annotation;
    },
    async update(id: string, patch: AnnotationPatch) {
      const current = rows.get(id);
      if (!current) throw new Error('not found');
      const updated = { ...current, ...patch, updatedAt: clock++ };
      rows.set(id, updated);
      return updated;
    },
    async remove(id: string) {
      const current = rows.get(id) ?? null;
      rows.delete(id);
      return current;
    },
    async restore(annotation: Annotation) {
      rows.set(annotation.id, annotation);
      return annotation;
    },
  };
  return store;
}

/**
 * Marks a dispatched event as the reader's own input, as the browser marks real mouse and keys
 * (happy-dom leaves `isTrusted` unset; the annotator acts only on trusted input).
 */
export function byUser<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
