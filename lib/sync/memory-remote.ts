import { type Remote, RemoteError, type RemoteErrorKind, type RemoteFile } from './remote';

// A Remote in memory for tests and the bench: one MemoryFolder is the server's folder, each device
// gets its own MemoryRemote on it (its own counters and faults). It counts requests as the WebDAV
// remote makes them: a write is an upload under `.tmp-…` plus a MOVE.

export class MemoryFolder {
  exists = false;
  readonly files = new Map<string, { data: Uint8Array; etag: string }>();
  private nextEtag = 1;

  put(name: string, data: Uint8Array): void {
    this.files.set(name, { data: data.slice(), etag: `"${this.nextEtag++}"` });
  }

  /** Every file's bytes decoded as UTF-8 (to search them for plain text). */
  text(): string {
    const decoder = new TextDecoder();
    return [...this.files.values()].map((f) => decoder.decode(f.data)).join('\n');
  }

  /** Flips bytes in the middle of a file. */
  corrupt(name: string): void {
    const file = this.files.get(name);
    if (!file) throw new Error(`no file ${name}`);
    const data = file.data.slice();
    for (let i = Math.floor(data.length / 2); i < Math.min(data.length, Math.floor(data.length / 2) + 8); i++)
      data[i] = (data[i] ?? 0) ^ 0xff;
    this.put(name, data);
  }
}

type Operation = 'list' | 'read' | 'write' | 'create' | 'remove' | 'ensureFolder';

export class MemoryRemote implements Remote {
  requests = 0;
  bytesSent = 0;
  bytesReceived = 0;
  private failures = new Map<number, RemoteErrorKind>();
  private cutWrites = 0;
  /** Runs before each operation: tests pause here to interleave two devices' syncs. */
  beforeOperation?: (operation: Operation, name?: string) => Promise<void> | void;

  constructor(readonly folder: MemoryFolder) {}

  /** The `n`th request from now (1 = the next) fails with `kind`. */
  failRequest(n: number, kind: RemoteErrorKind): void {
    this.failures.set(this.requests + n, kind);
  }

  /** The next write stops after its upload: only the `.tmp-` file is left, and it fails offline. */
  cutNextWrite(): void {
    this.cutWrites++;
  }

  private request(): void {
    this.requests++;
    const kind = this.failures.get(this.requests);
    if (kind) {
      this.failures.delete(this.requests);
      throw new RemoteError(kind, `memory remote: injected ${kind} failure`);
    }
  }

  private folderOrThrow(): MemoryFolder {
    if (!this.folder.exists) throw new RemoteError('not-found', 'memory remote: no sync folder');
    return this.folder;
  }

  async list(): Promise<RemoteFile[]> {
    await this.beforeOperation?.('list');
    this.request();
    const files = [...this.folderOrThrow().files].map(([name, f]) => ({
      name,
      size: f.data.length,
      etag: f.etag,
    }));
    this.bytesReceived += 200 * files.length;
    return files;
  }

  async read(name: string): Promise<Uint8Array> {
    await this.beforeOperation?.('read', name);
    this.request();
    const file = this.folderOrThrow().files.get(name);
    if (!file) throw new RemoteError('server', `memory remote: no file ${name}`, 404);
    this.bytesReceived += file.data.length;
    return file.data.slice();
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    await this.beforeOperation?.('write', name);
    const folder = this.folderOrThrow();
    const temporary = `.tmp-${crypto.randomUUID()}-${name}`;
    this.request();
    this.bytesSent += data.length;
    folder.put(temporary, data);
    if (this.cutWrites > 0) {
      this.cutWrites--;
      throw new RemoteError('offline', 'memory remote: connection cut during the upload');
    }
    this.request();
    folder.files.delete(temporary);
    folder.put(name, data);
  }

  async create(name: string, data: Uint8Array): Promise<boolean> {
    await this.beforeOperation?.('create', name);
    this.request();
    const folder = this.folderOrThrow();
    if (folder.files.has(name)) return false;
    this.bytesSent += data.length;
    folder.put(name, data);
    return true;
  }

  async remove(name: string): Promise<void> {
    await this.beforeOperation?.('remove', name);
    this.request();
    this.folderOrThrow().files.delete(name);
  }

  async ensureFolder(): Promise<void> {
    await this.beforeOperation?.('ensureFolder');
    this.request();
    this.folder.exists = true;
  }
}
