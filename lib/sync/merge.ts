import { type Annotation, normaliseTags, type ReviewRecord } from '../db';
import type { ReviewChange, SyncChange } from './format';

// The merge rules (FORMAT.md): per annotation the greater version (time, then device id) wins; a
// deletion is a version too, so it beats every older edit and an older edit never brings it back;
// when both sides edited the note concurrently, the losing text is kept as a conflict copy.

export const CONFLICT_TAG = '同步冲突';

export interface Version {
  at: number;
  device: string;
}

/** A total order: time, then device id. */
export function compareVersions(a: Version, b: Version): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.device < b.device ? -1 : a.device > b.device ? 1 : 0;
}

/** The newest version of each annotation among `changes`. */
export function newestPerId<T extends SyncChange>(changes: Iterable<T>): Map<string, T> {
  const newest = new Map<string, T>();
  for (const change of changes) {
    const prior = newest.get(change.id);
    if (!prior || compareVersions(change, prior) > 0) newest.set(change.id, change);
  }
  return newest;
}

/** The newest version of each annotation's review state among `reviews`. */
export function newestReviewPerId(reviews: Iterable<ReviewChange>): Map<string, ReviewChange> {
  const newest = new Map<string, ReviewChange>();
  for (const review of reviews) {
    const prior = newest.get(review.id);
    if (!prior || compareVersions(reviewVersion(review), reviewVersion(prior)) > 0)
      newest.set(review.id, review);
  }
  return newest;
}

function reviewVersion(review: ReviewRecord, here = ''): Version {
  return { at: review.updatedAt, device: review.device ?? here };
}

/** A remote review state replaces the local one only with a greater version: last writer wins. */
export function reviewWins(remote: ReviewChange, local: ReviewRecord | undefined, me: string): boolean {
  return !local || compareVersions(reviewVersion(remote), reviewVersion(local, me)) > 0;
}

/** 128 bits of a string (cyrb128): synchronous, so it can run inside a database transaction. */
function hash128(text: string): number[] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** The copy's id from (annotation id, losing version): two devices resolving one conflict make one copy.
 *  UUID-shaped (version 8, RFC 9562 custom). */
export function conflictCopyId(id: string, loser: Version): string {
  const hex = hash128(`conflict:${id}:${loser.at}:${loser.device}`)
    .map((n) => n.toString(16).padStart(8, '0'))
    .join('');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function conflictCopy(loser: SyncChange & { annotation: Annotation }): Annotation {
  const a = loser.annotation;
  return {
    ...a,
    id: conflictCopyId(a.id, loser),
    selectors: a.selectors.map((s) => ({ ...s })),
    tags: normaliseTags([...a.tags, CONFLICT_TAG]),
    createdAt: a.updatedAt,
  };
}

export interface MergeOutcome {
  /** The remote version wins: write it here. */
  apply: boolean;
  /** The losing note of a concurrent edit, as a new annotation. */
  conflictCopy?: Annotation;
}

/**
 * One remote version against what this device has. `concurrent`: the local version was written here
 * and the remote writer had not seen it (still in the outbox, or sent after what that batch had seen).
 */
export function mergeChange(
  local: SyncChange | undefined,
  concurrent: boolean,
  remote: SyncChange,
): MergeOutcome {
  if (!local) return { apply: true };
  const order = compareVersions(remote, local);
  if (order === 0) return { apply: false };
  const [winner, loser] = order > 0 ? [remote, local] : [local, remote];
  const keepsLoser =
    concurrent &&
    winner.annotation !== undefined &&
    loser.annotation !== undefined &&
    loser.annotation.note.trim() !== '' &&
    loser.annotation.note !== winner.annotation.note;
  return {
    apply: order > 0,
    ...(keepsLoser && { conflictCopy: conflictCopy(loser as SyncChange & { annotation: Annotation }) }),
  };
}
