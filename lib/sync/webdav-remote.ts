import { propfind } from 'tsdav';
import { type Remote, RemoteError, type RemoteErrorKind, type RemoteFile } from './remote';
import type { SyncSettings } from './settings';

export interface WebdavRemoteOptions {
  /** The fetch to use (the service worker's own by default). */
  fetch?: typeof fetch;
  /** Per request, body included. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const TEMP_PREFIX = '.tmp-';

/**
 * The sync folder `<url>/meipi/` on a WebDAV server, over fetch (so it runs in the MV3 service worker
 * and under Node). tsdav builds and parses the PROPFIND; the other verbs need no XML. Every request goes
 * through `send`, which counts it, bounds it in time and turns failures into RemoteErrors.
 */
export function createWebdavRemote(settings: SyncSettings, options: WebdavRemoteOptions = {}): Remote {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const folder = folderUrl(settings.url);
  const authorization = `Basic ${base64(`${settings.username}:${settings.password}`)}`;
  const counts = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const fileUrl = (name: string) => {
    // A name is one plain file name: `..` or a slash would reach outside meipi/.
    if (!name || name === '.' || name === '..' || name.includes('/')) {
      throw new Error(`Not a plain file name: ${JSON.stringify(name)}`);
    }
    return new URL(encodeURIComponent(name), folder).href;
  };

  /** One request. The answer's body is read here, under the same deadline, so a cut is caught too. */
  async function send(
    what: string,
    url: string,
    init: RequestInit & { headers?: Record<string, string> },
  ): Promise<{ response: Response; body: Uint8Array<ArrayBuffer> }> {
    counts.requests++;
    if (init.body instanceof Uint8Array) counts.bytesSent += init.body.byteLength;
    else if (typeof init.body === 'string')
      counts.bytesSent += new TextEncoder().encode(init.body).byteLength;
    try {
      const response = await fetchImpl(url, {
        ...init,
        headers: { ...init.headers, Authorization: authorization },
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = new Uint8Array(await response.arrayBuffer());
      counts.bytesReceived += body.byteLength;
      return { response, body };
    } catch (error) {
      throw networkError(what, error);
    }
  }

  /** `send`, failing unless the answer is one of `accepted` statuses. */
  async function expect(
    what: string,
    url: string,
    init: RequestInit & { headers?: Record<string, string> },
    accepted: number[],
  ): Promise<{ response: Response; body: Uint8Array<ArrayBuffer> }> {
    const answer = await send(what, url, init);
    if (!accepted.includes(answer.response.status)) throw statusError(what, answer.response.status);
    return answer;
  }

  /** PROPFIND through tsdav, whose fetch is `send`: an answer that is not a multistatus fails here. */
  async function find(url: string, depth: '0' | '1') {
    const what = `PROPFIND ${depth === '1' ? 'meipi/' : 'meipi'}`;
    return propfind({
      url,
      depth,
      props: { getcontentlength: {}, getetag: {}, resourcetype: {} },
      fetch: async (input, init) => {
        const { response, body } = await send(what, String(input), {
          method: init?.method,
          body: init?.body,
          headers: init?.headers as Record<string, string>,
        });
        const multistatus =
          response.status === 207 && /xml/i.test(response.headers.get('content-type') ?? '');
        // A plain web server answers PROPFIND like GET: a page, not a multistatus.
        if (!multistatus && response.status < 400) {
          throw new RemoteError('not-webdav', `${what}: the answer is not WebDAV`, response.status);
        }
        if (!multistatus) throw statusError(what, response.status);
        return new Response(body, { status: 207, headers: response.headers });
      },
    });
  }

  /** Uploads under a temporary name, then moves it onto `name`; false when `overwrite` is off and it exists. */
  async function upload(name: string, data: Uint8Array, overwrite: boolean): Promise<boolean> {
    const destination = fileUrl(name);
    const temp = `${TEMP_PREFIX}${randomId()}-${name}`;
    await expect(
      `PUT ${temp}`,
      fileUrl(temp),
      { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream' } },
      [200, 201, 204],
    );
    const { response } = await send(`MOVE ${name}`, fileUrl(temp), {
      method: 'MOVE',
      headers: { Destination: destination, Overwrite: overwrite ? 'T' : 'F' },
    });
    if (response.status === 201 || response.status === 204) return true;
    // Leave no temporary file behind; if even that fails, readers skip `.tmp-` names anyway.
    await send(`DELETE ${temp}`, fileUrl(temp), { method: 'DELETE' }).catch(() => undefined);
    if (response.status === 412 && !overwrite) return false;
    throw statusError(`MOVE ${name}`, response.status);
  }

  return {
    get requests() {
      return counts.requests;
    },
    get bytesSent() {
      return counts.bytesSent;
    },
    get bytesReceived() {
      return counts.bytesReceived;
    },

    async list(): Promise<RemoteFile[]> {
      const entries = await find(folder, '1');
      // tsdav answers XML it cannot parse with one entry and no href: never mistake that for "empty".
      if (!entries.some((entry) => entry.href)) {
        throw new RemoteError('server', 'PROPFIND meipi/: the listing could not be read', 207);
      }
      const folderPath = decodePath(new URL(folder).pathname);
      const files: RemoteFile[] = [];
      for (const entry of entries) {
        if (!entry.href || !entry.ok || entry.props?.resourcetype?.collection !== undefined) continue;
        const path = decodePath(new URL(String(entry.href), folder).pathname);
        if (!path.startsWith(folderPath)) continue;
        const name = path.slice(folderPath.length);
        if (!name || name.includes('/')) continue;
        const etag = entry.props?.getetag;
        files.push({
          name,
          size: Number(entry.props?.getcontentlength ?? 0),
          ...(etag !== undefined && { etag: String(etag) }),
        });
      }
      return files;
    },

    async read(name) {
      const { body } = await expect(`GET ${name}`, fileUrl(name), { method: 'GET' }, [200]);
      return body;
    },

    async write(name, data) {
      await upload(name, data, true);
    },

    // MOVE with `Overwrite: F` is create-only on servers that ignore `If-None-Match: *` on PUT (rclone
    // does), and the file is never seen half-written. Between the server's check and its rename another
    // device could still slip in: the engine re-reads the file and compares.
    create: (name, data) => upload(name, data, false),

    async remove(name) {
      // Already gone is what we wanted.
      await expect(`DELETE ${name}`, fileUrl(name), { method: 'DELETE' }, [200, 204, 404]);
    },

    async ensureFolder() {
      const { response } = await send('MKCOL meipi/', folder, { method: 'MKCOL' });
      if (response.status === 201) return;
      // 409: the folder above meipi/ is missing, and we never create it (it is the reader's choice).
      if (response.status === 409 || response.status === 404) {
        throw new RemoteError('not-found', 'MKCOL meipi/: the sync folder does not exist', response.status);
      }
      // 405 means "exists" on a WebDAV server but "no such method" elsewhere: ask once more.
      if (response.status === 405 || (response.status >= 200 && response.status < 300)) {
        await find(folder, '0');
        return;
      }
      throw statusError('MKCOL meipi/', response.status);
    },
  };
}

/** `<url>/meipi/`, without any credentials the URL may carry (they must never reach a message or a log). */
function folderUrl(url: string): string {
  const base = new URL(url.trim());
  base.username = '';
  base.password = '';
  base.hash = '';
  base.search = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('meipi/', base).href;
}

const STATUS_KINDS: Record<number, RemoteErrorKind> = {
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-webdav',
  501: 'not-webdav',
  507: 'full',
};

function statusError(what: string, status: number): RemoteError {
  return new RemoteError(STATUS_KINDS[status] ?? 'server', `${what}: the server answered ${status}`, status);
}

const TLS_CODES = /CERT|TLS|SSL|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|DEPTH_ZERO/;

/** fetch's own failures. Browsers say only "Failed to fetch" (a TLS failure looks like being offline);
 *  Node names the cause, which tells TLS apart. */
function networkError(what: string, error: unknown): Error {
  if (error instanceof RemoteError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new RemoteError('timeout', `${what}: no answer in time`);
  }
  if (error instanceof TypeError) {
    const code = causeCode(error);
    if (TLS_CODES.test(code))
      return new RemoteError('tls', `${what}: the secure connection failed (${code})`);
    return new RemoteError('offline', `${what}: the server cannot be reached${code ? ` (${code})` : ''}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function causeCode(error: TypeError): string {
  let cause: unknown = error.cause;
  for (let depth = 0; cause && depth < 3; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return '';
}

/** Basic auth over UTF-8 (btoa alone throws on a Chinese user name or password). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
