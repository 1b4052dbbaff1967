import type { Annotation, AnnotationInput } from '../db/types';
import type { Messenger } from '../messaging/client';
import type { AnnotationPatch, BackgroundMessages } from '../messaging/protocol';
import { messageErrorCode } from '../messaging/protocol';

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

/** Same passage, same words: the annotation a lost reply was about. */
function isSameSave(candidate: Annotation, input: AnnotationInput, sentAt: number): boolean {
  return (
    candidate.createdAt >= sentAt - CLOCK_SLACK_MS &&
    candidate.quote === input.quote &&
    candidate.note === (input.note ?? '') &&
    JSON.stringify(candidate.selectors) === JSON.stringify(input.selectors)
  );
}
const CLOCK_SLACK_MS = 2_000;

export function messengerStore(send: Messenger<BackgroundMessages>): AnnotationStore {
  return {
    list: (source) => send('annotations/list', { source }),
    /**
     * When the background dies mid-request (the service worker was stopped, the extension
     * updated) the reply is lost but the write may have committed. Ask again before reporting a
     * failure, so that "failed, try again" never turns into a duplicate.
     */
    async create(input) {
      const sentAt = Date.now();
      try {
        return await send('annotations/create', { input });
      } catch (error) {
        if (messageErrorCode(error) !== 'unreachable') throw error;
        const landed = (await send('annotations/list', { source: input.source })).find((a) =>
          isSameSave(a, input, sentAt),
        );
        if (landed) return landed;
        throw error;
      }
    },
    update: (id, patch) => send('annotations/update', { id, patch }),
    remove: async (id) => (await send('annotations/delete', { id })).deleted,
    restore: (annotation) => send('annotations/restore', { annotation }),
  };
}
