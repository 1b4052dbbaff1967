import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { Annotation, MeipiDatabase } from '../db';

/**
 * The library's view of every annotation, first screen first: the newest few in one small read,
 * then the rest in short primary-key pages that let input through, then — on each write by any
 * view or the background (Dexie's storagemutated, which crosses contexts) — only the changed ids
 * read again. A liveQuery over the whole table would re-read all of it on every write.
 */

/** Newest annotations read (and shown) before the rest: more than a screen holds. */
export const FIRST_SCREEN = 60;
/** Annotations per read after the first screen; one page is one short task. */
export const READ_PAGE = 1000;

export interface FeedOptions {
  firstScreen?: number;
  page?: number;
}

/** `complete` false: only the newest are in the list yet, the rest are being read. */
export type FeedListener = (list: Annotation[], complete: boolean) => void;

type Changed = ReadonlySet<string> | 'all';

const newestFirst = (a: Annotation, b: Annotation) => b.updatedAt - a.updatedAt;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Which annotation ids a write touched, 'all' for a range (a clear, a bulk put), none if it left them alone. */
export function changedAnnotationIds(parts: ObservabilitySet, dbName: string): Changed | null {
  if ('all' in parts) return 'all';
  const tree = parts[`idb://${dbName}/annotations/`];
  if (!tree) return null;
  const ids = new Set<string>();
  // Trees that crossed a BroadcastChannel are plain objects: walk them, don't call RangeSet methods.
  const walk = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !('from' in node)) return true;
    if (typeof node.from !== 'string' || node.from !== node.to) return false;
    ids.add(node.from);
    return walk(node.l) && walk(node.r);
  };
  if (!walk(tree)) return 'all';
  return ids.size ? ids : null;
}

export function watchAnnotations(
  db: MeipiDatabase,
  onValue: FeedListener,
  { firstScreen = FIRST_SCREEN, page = READ_PAGE }: FeedOptions = {},
): () => void {
  let stopped = false;
  let complete = false;
  let byId = new Map<string, Annotation>();
  /** Writes heard while a read runs: applied once it ends. */
  let pending: Set<string> | 'all' | null = null;
  let reading = false;

  const deliver = () => {
    if (!stopped) onValue([...byId.values()].sort(newestFirst), complete);
  };

  // Short page reads, each its own transaction: a save from a web page (the background's write)
  // goes in between pages instead of waiting for all 25k to be read. A write between pages is
  // heard by onMutated and its ids re-read by drain(), so the list still ends up current.
  const readAll = async () => {
    const next = new Map<string, Annotation>();
    let after: string | undefined;
    for (;;) {
      const rows = await (after === undefined
        ? db.annotations.orderBy(':id')
        : db.annotations.where(':id').above(after)
      )
        .limit(page)
        .toArray();
      for (const a of rows) next.set(a.id, a);
      const last = rows.at(-1);
      if (rows.length < page || !last || stopped) return next;
      after = last.id;
    }
  };

  const readChanged = async (ids: ReadonlySet<string>) => {
    const list = [...ids];
    const rows = await db.annotations.bulkGet(list);
    list.forEach((id, i) => {
      const row = rows[i];
      if (row) byId.set(id, row);
      else byId.delete(id);
    });
  };

  const drain = async () => {
    while (pending && !stopped) {
      const changed = pending;
      pending = null;
      if (changed === 'all') byId = await readAll();
      else await readChanged(changed);
      deliver();
    }
  };

  const run = (work: () => Promise<void>) => {
    reading = true;
    // Off Dexie's event (and any transaction zone it fires in): a plain task of our own.
    nextTask()
      .then(work)
      .then(drain)
      .catch((error: unknown) => console.error('Meipi library: reading annotations failed', error))
      .finally(() => {
        reading = false;
      });
  };

  const onMutated = (parts: ObservabilitySet) => {
    const changed = changedAnnotationIds(parts, db.name);
    if (!changed) return;
    if (changed === 'all' || pending === 'all') pending = 'all';
    else pending = new Set([...(pending ?? []), ...changed]);
    if (!reading) run(async () => {});
  };
  Dexie.on.storagemutated.subscribe(onMutated);

  run(async () => {
    const newest = await db.annotations.orderBy('updatedAt').reverse().limit(firstScreen).toArray();
    for (const a of newest) byId.set(a.id, a);
    complete = newest.length < firstScreen;
    deliver();
    if (complete) return;
    await nextTask();
    const everything = await readAll();
    // Writes heard meanwhile are re-read by drain(); the pages read are at least as new as the first screen.
    byId = everything;
    complete = true;
    deliver();
  });

  return () => {
    stopped = true;
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
