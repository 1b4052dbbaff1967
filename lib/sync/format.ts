import type { Annotation, ReviewRecord } from '../db';
import { parseReviewField, parseWebAnnotations, reviewField, toWebAnnotation } from '../export';
import { type FolderEncryption, isFolderEncryption } from './crypto';

// The files in the sync folder (FORMAT.md describes them for people): names, meipi.json, and the
// JSON of batches and snapshots (annotations as W3C Web Annotations, lossless through lib/export).

export const FORMAT = 'meipi-sync/1';
export const META_FILE = 'meipi.json';

/** meipi.json, created once per folder. `folder` tells a folder emptied and set up anew from the old one. */
export interface FolderMeta {
  format: typeof FORMAT;
  folder: string;
  created?: number;
  encryption: FolderEncryption | null;
}

export type SyncFileKind = 'batch' | 'snapshot';
export interface SyncFileName {
  kind: SyncFileKind;
  device: string;
  seq: number;
  encrypted: boolean;
}

/** One annotation's version as it travels: live (`annotation`) or a deletion. */
export interface SyncChange {
  id: string;
  at: number;
  device: string;
  annotation?: Annotation;
}

/** One annotation's review state as it travels: its version is (updatedAt, device). */
export type ReviewChange = ReviewRecord & { device: string };

/** A batch (`known` = the writer's cursors when it wrote, `seen` in the JSON) or a snapshot (`known` =
 *  every device's batches it includes, `covers`, its writer's own seq among them). */
export interface SyncFileBody {
  kind: SyncFileKind;
  device: string;
  seq: number;
  known: Record<string, number>;
  changes: SyncChange[];
  reviews: ReviewChange[];
}

const DEVICE_ID = /^[0-9a-z][0-9a-z-]{0,63}$/;
// `.json.gz`: plain, gzip (written since encoding 2); `.json`: plain (encoding 1, still read); `.bin`:
// encrypted, the plaintext gzip or (encoding 1) JSON.
const FILE_NAME = /^([cs])-([0-9a-z][0-9a-z-]{0,63})-(\d{10})\.(json|json\.gz|bin)$/;

export function isDeviceId(id: string): boolean {
  return DEVICE_ID.test(id);
}

export function syncFileName(file: SyncFileName): string {
  const prefix = file.kind === 'batch' ? 'c' : 's';
  return `${prefix}-${file.device}-${String(file.seq).padStart(10, '0')}.${file.encrypted ? 'bin' : 'json.gz'}`;
}

/** Undefined for names Meipi does not write (`.tmp-*` uploads, meipi.json, foreign files). */
export function parseSyncFileName(name: string): SyncFileName | undefined {
  const match = FILE_NAME.exec(name);
  if (!match) return undefined;
  const [, prefix, device, seq, ext] = match as unknown as [string, string, string, string, string];
  return { kind: prefix === 'c' ? 'batch' : 'snapshot', device, seq: Number(seq), encrypted: ext === 'bin' };
}

const encoder = new TextEncoder();

export function encodeJson(value: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(value));
}

function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

export function parseFolderMeta(bytes: Uint8Array): FolderMeta | undefined {
  let meta: unknown;
  try {
    meta = decodeJson(bytes);
  } catch {
    return undefined;
  }
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Record<string, unknown>;
  if (m.format !== FORMAT || typeof m.folder !== 'string') return undefined;
  if (m.encryption !== null && !isFolderEncryption(m.encryption)) return undefined;
  return meta as FolderMeta;
}

/** A body as it is written: gzip of its JSON (a 10k snapshot shrinks from ~9 MB to well under 1 MB,
 *  which saves more time on the wire than compressing costs, and a traffic-capped provider's quota). */
export async function encodeBody(body: SyncFileBody): Promise<Uint8Array<ArrayBuffer>> {
  return transform(bodyJson(body), new CompressionStream('gzip'));
}

function bodyJson(body: SyncFileBody): Uint8Array<ArrayBuffer> {
  return encodeJson({
    format: FORMAT,
    device: body.device,
    seq: body.seq,
    [body.kind === 'batch' ? 'seen' : 'covers']: body.known,
    changes: body.changes.map((c) =>
      c.annotation
        ? { id: c.id, updatedAt: c.at, device: c.device, annotation: toWebAnnotation(c.annotation) }
        : { id: c.id, updatedAt: c.at, device: c.device, deleted: true },
    ),
    // Since schema v5; readers before it ignore the key.
    ...(body.reviews.length > 0 && {
      reviews: body.reviews.map((r) => ({ id: r.id, device: r.device, review: reviewField(r) })),
    }),
  });
}

function reviewsOf(json: Record<string, unknown>): ReviewChange[] {
  if (json.reviews === undefined) return [];
  if (!Array.isArray(json.reviews)) throw new Error('reviews that are not a list');
  return (json.reviews as Record<string, unknown>[]).map((r) => {
    if (typeof r?.id !== 'string' || typeof r.device !== 'string' || !isDeviceId(r.device))
      throw new Error('a malformed review');
    const review = parseReviewField(r.review);
    if (!review) throw new Error('a review without its state');
    return { ...review, id: r.id, device: r.device };
  });
}

function isSeqMap(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(
      ([device, seq]) => isDeviceId(device) && Number.isSafeInteger(seq) && seq >= 0,
    )
  );
}

async function transform(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Throws when the bytes are not the file its name says (another writer's, truncated, edited).
 *  Reads both encodings: gzip (which JSON can never start with) and encoding 1's bare JSON. */
export async function decodeBody(bytes: Uint8Array, file: SyncFileName): Promise<SyncFileBody> {
  // (A copy of the compressed bytes: the Blob wants them in a plain ArrayBuffer.)
  const text = isGzip(bytes) ? await transform(bytes.slice(), new DecompressionStream('gzip')) : bytes;
  const json = decodeJson(text) as Record<string, unknown>;
  const known = file.kind === 'batch' ? json?.seen : json?.covers;
  if (json?.format !== FORMAT || json.device !== file.device || json.seq !== file.seq || !isSeqMap(known))
    throw new Error('not this Meipi sync file');
  if (!Array.isArray(json.changes)) throw new Error('no changes');
  const raws = json.changes as Record<string, unknown>[];
  const changes: SyncChange[] = raws.map((c) => {
    if (typeof c?.id !== 'string' || !Number.isFinite(c.updatedAt) || typeof c.device !== 'string')
      throw new Error('a malformed change');
    if (!isDeviceId(c.device)) throw new Error('a malformed device id');
    return { id: c.id, at: c.updatedAt as number, device: c.device };
  });
  const live = changes.filter((_, i) => raws[i]?.deleted !== true);
  const items = raws.filter((c) => c.deleted !== true).map((c) => c.annotation);
  const parsed = items.length ? await parseWebAnnotations(items) : [];
  live.forEach((change, i) => {
    const annotation = parsed[i]?.annotation;
    if (annotation?.id !== change.id) throw new Error('a change whose annotation has another id');
    change.annotation = annotation;
  });
  return { kind: file.kind, device: file.device, seq: file.seq, known, changes, reviews: reviewsOf(json) };
}
