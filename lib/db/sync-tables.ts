import type { ReviewContent } from './review-tables';

// The records lib/db keeps for sync (schema v4). lib/db writes them with the annotations, in the same
// transaction; lib/sync reads them through repository.ts's sync functions.

/** A local write not yet confirmed sent. `sent`: the batch that carried it (kept one more sync, so a
 *  batch another device wrote at the same time, without having seen it, is still recognised as a
 *  conflict). */
export interface LocalChange {
  seq?: number;
  id: string;
  sent?: number;
  /** A change of the annotation's review state (schema v5), not of the annotation. */
  review?: true;
}

/** A deleted annotation. `device` undefined: deleted here. */
export interface Tombstone {
  id: string;
  deletedAt: number;
  device?: string;
  /** Deleted here: its review state (lib/review's), local only, given back if the annotation is put back (undo). */
  review?: ReviewContent;
}

/** An annotation's sync version when it is not (updatedAt, this device). `device` undefined: here. */
export interface SyncVersion {
  id: string;
  at: number;
  device?: string;
}
