import {
  allReviews,
  allSyncRecords,
  applySyncedRecords,
  applySyncedReviews,
  dropSentChanges,
  type MeipiDatabase,
  markChangesSent,
  putAnnotations,
  type ReviewRecord,
  readChangeLog,
  readSyncRecords,
  reviewsOf,
  type SyncRecord,
} from '../db';
import { decryptFile, encryptFile, newFolderEncryption, unlockFolder } from './crypto';
import {
  decodeBody,
  encodeBody,
  encodeJson,
  FORMAT,
  type FolderMeta,
  META_FILE,
  parseFolderMeta,
  parseSyncFileName,
  type ReviewChange,
  type SyncChange,
  type SyncFileBody,
  type SyncFileName,
  syncFileName,
} from './format';
import { mergeChange, newestPerId, newestReviewPerId, reviewWins } from './merge';
import { type Remote, RemoteError, type RemoteErrorKind, type RemoteFile } from './remote';

/** Kept by the caller (storage.local in the extension, memory in tests). */
export interface SyncDeviceState {
  /** Random UUID, one per browser profile. */
  deviceId: string;
  /** This device's next file number (reserved before an upload, never reused). */
  nextSeq: number;
  /** Other device id → highest file seq applied. */
  cursors: Record<string, number>;
  /** The verified meipi.json: its etag, a newline, its text (so a sync with nothing new is one list). */
  folderKeyId?: string;
}

export interface SyncReport {
  /** Changes sent (annotations and review states). */
  uploaded: number;
  /** Remote changes read (annotations and review states). */
  downloaded: number;
  /** Remote changes that changed something here (annotations and review states). */
  applied: number;
  /** Note texts kept as conflict copies this run. */
  conflicts: number;
  /** Remote files skipped (corrupt, foreign, undecryptable): a warning, not a failure. */
  skipped: string[];
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

export type SyncProgress = { phase: 'download' | 'upload'; done: number; total: number };

export type SyncErrorKind = 'wrong-passphrase' | 'needs-passphrase' | 'not-encrypted' | 'remote';

/** Why a sync stopped. 'remote': the server's answer, `remoteKind` says which (the RemoteError is the cause). */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly remoteKind?: RemoteErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncError';
  }
}

/** A device writes a snapshot (and removes its older files) after this many batches. */
export const SNAPSHOT_EVERY = 20;
/** A first upload this large (a library that existed before sync) goes out as a snapshot. */
export const FIRST_SNAPSHOT_MIN = 500;

export function newDeviceState(): SyncDeviceState {
  return { deviceId: crypto.randomUUID(), nextSeq: 1, cursors: {} };
}

export interface SyncOptions {
  db: MeipiDatabase;
  remote: Remote;
  state: SyncDeviceState;
  passphrase: string;
  /** Called whenever the state moves (seq reserved, cursor advanced). */
  saveState(state: SyncDeviceState): Promise<void>;
  onProgress?(progress: SyncProgress): void;
  now?: () => number;
}

interface Listed {
  file: RemoteFile;
  name: SyncFileName;
}

interface RemoteChange extends SyncChange {
  /** What the change's writer had seen of this device's files. */
  seenMine: number;
}

const decoder = new TextDecoder();

/**
 * One sync: list the folder → check the key → read other devices' new files → merge → send this
 * device's outbox as one batch (or a snapshot when due, then remove its own older files).
 * Throws SyncError; a failure at any step loses nothing (see FORMAT.md).
 */
export async function syncOnce(options: SyncOptions): Promise<SyncReport> {
  const { remote } = options;
  const start = { requests: remote.requests, sent: remote.bytesSent, received: remote.bytesReceived };
  try {
    const report = await new Sync(options).run();
    return {
      ...report,
      requests: remote.requests - start.requests,
      bytesSent: remote.bytesSent - start.sent,
      bytesReceived: remote.bytesReceived - start.received,
    };
  } catch (error) {
    if (error instanceof RemoteError)
      throw new SyncError('remote', error.message, error.kind, { cause: error });
    throw error;
  }
}

function metaTextOf(folderKeyId: string | undefined): { etag: string; text: string } | undefined {
  if (folderKeyId === undefined) return undefined;
  const cut = folderKeyId.indexOf('\n');
  return cut < 0 ? undefined : { etag: folderKeyId.slice(0, cut), text: folderKeyId.slice(cut + 1) };
}

function isMissing(error: unknown): boolean {
  return error instanceof RemoteError && (error.kind === 'not-found' || error.status === 404);
}

class Sync {
  private state: SyncDeviceState;
  private readonly me: string;
  private key: CryptoKey | undefined;
  private folderChanged = false;
  private readonly report = { uploaded: 0, downloaded: 0, applied: 0, conflicts: 0, skipped: [] as string[] };

  constructor(private readonly options: SyncOptions) {
    this.state = { ...options.state, cursors: { ...options.state.cursors } };
    this.me = options.state.deviceId;
  }

  private async save(state: SyncDeviceState): Promise<void> {
    this.state = state;
    await this.options.saveState(state);
  }

  async run(): Promise<Omit<SyncReport, 'requests' | 'bytesSent' | 'bytesReceived'>> {
    const listing = await this.list();
    await this.openFolder(listing);
    const files = listing.flatMap((file) => {
      const name = parseSyncFileName(file.name);
      return name ? [{ file, name }] : [];
    });
    const usable = files.filter((f) => {
      if (f.name.encrypted === (this.key !== undefined)) return true;
      if (f.name.device !== this.me) this.report.skipped.push(f.file.name);
      return false;
    });
    await this.download(usable.filter((f) => f.name.device !== this.me));
    await this.upload(usable.filter((f) => f.name.device === this.me));
    return this.report;
  }

  private async list(): Promise<RemoteFile[]> {
    try {
      return await this.options.remote.list();
    } catch (error) {
      if (!isMissing(error)) throw error;
      await this.options.remote.ensureFolder();
      return [];
    }
  }

  /** Reads (or creates) meipi.json unless the state already verified this very file; checks the key. */
  private async openFolder(listing: RemoteFile[]): Promise<void> {
    const { remote, passphrase } = this.options;
    const listed = listing.find((f) => f.name === META_FILE);
    const cached = metaTextOf(this.state.folderKeyId);
    let etag = listed?.etag ?? '';
    let text: string;
    if (listed && cached && etag !== '' && cached.etag === etag) text = cached.text;
    else if (listed) text = decoder.decode(await remote.read(META_FILE));
    else {
      const created = await this.newFolderMeta();
      etag = '';
      text = (await remote.create(META_FILE, created))
        ? decoder.decode(created)
        : decoder.decode(await remote.read(META_FILE));
    }
    const meta = parseFolderMeta(new TextEncoder().encode(text));
    if (!meta) throw new SyncError('remote', 'The sync folder’s meipi.json is not a Meipi sync file.');
    if (meta.encryption && passphrase === '')
      throw new SyncError('needs-passphrase', 'The sync folder is encrypted: enter its passphrase.');
    if (!meta.encryption && passphrase !== '')
      throw new SyncError(
        'not-encrypted',
        'The sync folder is not encrypted: clear the passphrase or use another folder.',
      );
    if (meta.encryption) {
      this.key = await unlockFolder(passphrase, meta.encryption);
      if (!this.key) throw new SyncError('wrong-passphrase', 'Wrong passphrase for this sync folder.');
    }
    const folderKeyId = `${etag}\n${text}`;
    if (folderKeyId === this.state.folderKeyId) return;
    // Another meipi.json than the one this state was built on: the folder was set up anew.
    this.folderChanged = cached !== undefined && cached.text !== text;
    await this.save({ ...this.state, folderKeyId, cursors: this.folderChanged ? {} : this.state.cursors });
  }

  private async newFolderMeta(): Promise<Uint8Array<ArrayBuffer>> {
    const { passphrase, now = Date.now } = this.options;
    const encryption = passphrase === '' ? null : (await newFolderEncryption(passphrase)).encryption;
    const meta: FolderMeta = { format: FORMAT, folder: crypto.randomUUID(), created: now(), encryption };
    return encodeJson(meta);
  }

  /** The file's body, or undefined (and listed as skipped) when it is not a readable Meipi file.
   *  Throws 'vanished' when its writer removed it since the listing. */
  private async readBody(f: Listed): Promise<SyncFileBody | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.options.remote.read(f.file.name);
    } catch (error) {
      if (isMissing(error)) throw new Vanished();
      throw error;
    }
    try {
      const plain = this.key ? await decryptFile(this.key, bytes, f.file.name) : bytes;
      return await decodeBody(plain, f.name);
    } catch {
      this.report.skipped.push(f.file.name);
      return undefined;
    }
  }

  private async download(others: Listed[]): Promise<void> {
    const cursors = { ...this.state.cursors };
    const bodies: SyncFileBody[] = [];
    const progress = { done: 0, total: 0 };
    const read = async (f: Listed) => {
      const body = await this.readBody(f);
      progress.done++;
      this.options.onProgress?.({ phase: 'download', ...progress });
      if (body) bodies.push(body);
      return body;
    };

    // A new device starts from the fullest snapshot, then reads only what came after it.
    if (Object.keys(cursors).length === 0) {
      const start = others
        .filter((f) => f.name.kind === 'snapshot')
        .sort((a, b) => b.file.size - a.file.size)[0];
      if (start) {
        progress.total = 1;
        try {
          const body = await read(start);
          for (const [device, seq] of Object.entries(body?.known ?? {}))
            if (device !== this.me) cursors[device] = Math.max(cursors[device] ?? 0, seq);
        } catch (error) {
          if (!(error instanceof Vanished)) throw error;
        }
      }
    }

    const plans = [...new Set(others.map((f) => f.name.device))].map((device) => {
      const fresh = others
        .filter((f) => f.name.device === device && f.name.seq > (cursors[device] ?? 0))
        .sort((a, b) => a.name.seq - b.name.seq);
      // Its newest snapshot replaces everything before it (those batches may be gone already).
      const snapshot = fresh.filter((f) => f.name.kind === 'snapshot').at(-1);
      const batches = fresh.filter((f) => f.name.kind === 'batch');
      return {
        device,
        snapshot,
        batches,
        after: snapshot ? batches.filter((b) => b.name.seq > snapshot.name.seq) : batches,
      };
    });
    progress.total += plans.reduce((n, p) => n + p.after.length + (p.snapshot ? 1 : 0), 0);

    for (const plan of plans) {
      let todo = plan.after;
      let done = cursors[plan.device] ?? 0;
      try {
        if (plan.snapshot) {
          if (await read(plan.snapshot)) done = plan.snapshot.name.seq;
          else {
            todo = plan.batches;
            progress.total += plan.batches.length - plan.after.length;
          }
        }
        for (const batch of todo) {
          await read(batch);
          done = batch.name.seq;
        }
      } catch (error) {
        // Removed by its writer after our listing: its snapshot is there, the next sync reads it.
        if (!(error instanceof Vanished)) throw error;
      }
      cursors[plan.device] = done;
    }

    const changes = bodies.flatMap((body) =>
      body.changes.map((c): RemoteChange => ({ ...c, seenMine: body.known[this.me] ?? 0 })),
    );
    const reviews = bodies.flatMap((body) => body.reviews);
    this.report.downloaded = changes.length + reviews.length;
    if (changes.length || reviews.length) await this.merge(newestPerId(changes), newestReviewPerId(reviews));
    if (JSON.stringify(cursors) !== JSON.stringify(this.state.cursors))
      await this.save({ ...this.state, cursors });
  }

  /** Applies the winners and keeps conflict copies, in one transaction with the local reads it decides on.
   *  Review states: the greater version wins, nothing else (no copies); none for deleted annotations. */
  private async merge(newest: Map<string, RemoteChange>, reviews: Map<string, ReviewChange>): Promise<void> {
    const { db } = this.options;
    const me = this.me;
    await db.transaction('rw', db.writeTables, async () => {
      const local = await readSyncRecords(db, [...newest.keys()]);
      const pending = new Set<string>();
      const sent = new Map<string, number>();
      for (const row of await readChangeLog(db)) {
        if (row.review) continue;
        if (row.sent === undefined) pending.add(row.id);
        else sent.set(row.id, Math.max(sent.get(row.id) ?? 0, row.sent));
      }
      const winners: RemoteChange[] = [];
      const copies = [];
      for (const remote of newest.values()) {
        const record = local.get(remote.id);
        const mine = record !== undefined && (record.device === undefined || record.device === me);
        const concurrent =
          mine &&
          remote.device !== me &&
          (pending.has(remote.id) || (sent.get(remote.id) ?? 0) > remote.seenMine);
        const outcome = mergeChange(record && { ...record, device: record.device ?? me }, concurrent, remote);
        if (outcome.apply) winners.push(remote);
        if (outcome.conflictCopy) copies.push(outcome.conflictCopy);
      }
      // A copy already made (here or by the other side), or deleted since, is not made again.
      const known = await readSyncRecords(
        db,
        copies.map((c) => c.id),
      );
      const newCopies = copies.filter((c) => !known.has(c.id) && !newest.has(c.id));
      await applySyncedRecords(db, winners);
      if (newCopies.length) await putAnnotations(db, newCopies);
      const localReviews = await reviewsOf(db, [...reviews.keys()]);
      const reviewWinners = [...reviews.values()].filter((r) => reviewWins(r, localReviews.get(r.id), me));
      await applySyncedReviews(db, reviewWinners);
      this.report.applied = winners.length + reviewWinners.length;
      this.report.conflicts = newCopies.length;
    });
  }

  private async reserveSeq(own: Listed[]): Promise<number> {
    const seq = Math.max(this.state.nextSeq, ...own.map((f) => f.name.seq + 1));
    await this.save({ ...this.state, nextSeq: seq + 1 });
    return seq;
  }

  private async writeFile(
    kind: SyncFileName['kind'],
    seq: number,
    changes: SyncChange[],
    reviews: ReviewChange[],
  ): Promise<void> {
    const name = syncFileName({ kind, device: this.me, seq, encrypted: this.key !== undefined });
    const known = kind === 'snapshot' ? { ...this.state.cursors, [this.me]: seq } : { ...this.state.cursors };
    const plain = await encodeBody({ kind, device: this.me, seq, known, changes, reviews });
    const data = this.key ? await encryptFile(this.key, plain, name) : plain;
    await this.options.remote.write(name, data);
    this.report.uploaded = changes.length + reviews.length;
  }

  private asChange(record: SyncRecord): SyncChange {
    return { id: record.id, at: record.at, device: record.device ?? this.me, annotation: record.annotation };
  }

  private asReviewChange(review: ReviewRecord): ReviewChange {
    return { ...review, device: review.device ?? this.me };
  }

  /** Written here (not applied from another device): this device's to send. */
  private isMine(record: { device?: string }): boolean {
    return record.device === undefined || record.device === this.me;
  }

  private async upload(own: Listed[]): Promise<void> {
    const { db, onProgress } = this.options;
    const outbox = await dropSentChanges(db);
    const upTo = Math.max(0, ...outbox.map((row) => row.seq ?? 0));
    const lastSnapshot = Math.max(0, ...own.filter((f) => f.name.kind === 'snapshot').map((f) => f.name.seq));
    const batchesSince = own.filter((f) => f.name.kind === 'batch' && f.name.seq > lastSnapshot).length;
    const ids = [...new Set(outbox.filter((row) => !row.review).map((row) => row.id))];
    const reviewIds = [...new Set(outbox.filter((row) => row.review).map((row) => row.id))];
    const firstHere = own.length === 0 && (ids.length >= FIRST_SNAPSHOT_MIN || this.folderChanged);

    if (firstHere || batchesSince >= SNAPSHOT_EVERY) {
      const records = await allSyncRecords(db);
      const reviews = await allReviews(db);
      if (records.length === 0 && reviews.length === 0) return;
      const seq = await this.reserveSeq(own);
      onProgress?.({ phase: 'upload', done: 0, total: 1 });
      await this.writeFile(
        'snapshot',
        seq,
        records.map((r) => this.asChange(r)),
        reviews.map((r) => this.asReviewChange(r)),
      );
      await markChangesSent(db, upTo, seq);
      onProgress?.({ phase: 'upload', done: 1, total: 1 });
      // Only this device's own older files: it never removes another device's.
      for (const f of own) if (f.name.seq < seq) await this.options.remote.remove(f.file.name);
      return;
    }
    if (outbox.length === 0) return;
    const records = await readSyncRecords(db, ids);
    // Versions from other devices are theirs to send; a change overtaken by one has nothing to send.
    const changes = [...records.values()].filter((r) => this.isMine(r)).map((r) => this.asChange(r));
    const reviews = [...(await reviewsOf(db, reviewIds)).values()]
      .filter((r) => this.isMine(r))
      .map((r) => this.asReviewChange(r));
    if (changes.length === 0 && reviews.length === 0) {
      await markChangesSent(db, upTo, 0);
      return;
    }
    const seq = await this.reserveSeq(own);
    onProgress?.({ phase: 'upload', done: 0, total: 1 });
    await this.writeFile('batch', seq, changes, reviews);
    await markChangesSent(db, upTo, seq);
    onProgress?.({ phase: 'upload', done: 1, total: 1 });
  }
}

class Vanished extends Error {}
