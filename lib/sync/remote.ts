/** The sync folder as the engine sees it: `<folder>/meipi/`, flat, every name a plain file name. */
export interface RemoteFile {
  name: string;
  size: number;
  etag?: string;
}

export interface Remote {
  /** Files directly inside the sync folder (one PROPFIND, Depth: 1). Creates nothing. */
  list(): Promise<RemoteFile[]>;
  read(name: string): Promise<Uint8Array>;
  /** Never visible half-written: upload under a temporary name (prefix `.tmp-`), then MOVE onto `name`. */
  write(name: string, data: Uint8Array): Promise<void>;
  /** Create-only write for the one shared file (the key check): resolves false if `name` already exists.
   *  (If-None-Match: * where the server honours it; the caller re-reads and compares either way.) */
  create(name: string, data: Uint8Array): Promise<boolean>;
  remove(name: string): Promise<void>;
  /** Makes <folder>/meipi/ (and nothing above it: a missing <folder> is RemoteError 'not-found'). */
  ensureFolder(): Promise<void>;
  /** Requests made so far (for the bench and tests). */
  readonly requests: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

export type RemoteErrorKind =
  | 'auth' // 401
  | 'forbidden' // 403
  | 'not-found' // 404 on the folder
  | 'not-webdav' // 405 / 501 / a PROPFIND answered with HTML
  | 'full' // 507
  | 'tls' // certificate / TLS failure
  | 'offline' // network unreachable, DNS, connection refused/reset
  | 'timeout'
  | 'server'; // any other 5xx / unexpected answer

/** Its message never contains the password, the passphrase or a URL with credentials. */
export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}
