// The WebDAV remote against real servers: rclone and Apache mod_dav, both on 127.0.0.1. A missing
// server binary fails these tests with the install hint (they never skip).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RemoteError, type RemoteErrorKind } from '../../../lib/sync/remote';
import { createWebdavRemote } from '../../../lib/sync/webdav-remote';
import { type FaultProxy, startFaultProxy } from '../../fixtures/sync/fault-proxy';
import { freePort, startApache, startRclone, type WebdavServer } from '../../fixtures/sync/servers';

const FIXTURES = join(import.meta.dirname, '../../fixtures/sync');

function settingsFor(server: WebdavServer, url = server.url) {
  return { url, username: server.username, password: server.password, passphrase: '' };
}

/** Every byte value, then pseudo-random bytes: anything a text conversion would mangle. */
function binary(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 2463534242;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = i < 256 ? i : state & 0xff;
  }
  return bytes;
}

async function failure(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

async function expectKind(promise: Promise<unknown>, kind: RemoteErrorKind, secret?: string) {
  const error = await failure(promise);
  expect(error.kind, error.message).toBe(kind);
  if (secret) expect(error.message).not.toContain(secret);
  return error;
}

describe.each([
  ['rclone', startRclone],
  ['Apache mod_dav', startApache],
])('WebDAV remote on %s', (_label, start) => {
  let server: WebdavServer;
  let proxy: FaultProxy;
  const meipiDir = () => join(server.root, 'meipi');

  beforeAll(async () => {
    server = await start();
    proxy = await startFaultProxy(server.url);
    await createWebdavRemote(settingsFor(server)).ensureFolder();
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });
  afterEach(() => proxy.plan([]));

  const remote = (options?: { timeoutMs?: number }) => createWebdavRemote(settingsFor(server), options);
  const proxied = (options?: { timeoutMs?: number }) =>
    createWebdavRemote(settingsFor(server, proxy.url), options);

  it('ensureFolder makes meipi/ in one request and is idempotent', async () => {
    const sync = remote();
    await sync.ensureFolder();
    await sync.ensureFolder();
    expect(existsSync(meipiDir())).toBe(true);
    // rclone answers 201 to MKCOL on an existing folder; Apache 405, then one PROPFIND confirms it.
    expect(sync.requests).toBeLessThanOrEqual(4);
  });

  it('writes, lists, reads and removes, binary data intact, with one request per list', async () => {
    const sync = remote();
    const data = binary(100_000);
    await sync.write('c-dev-0000000001.bin', data);
    expect(sync.requests).toBe(2); // PUT .tmp-…, MOVE
    expect(sync.bytesSent).toBe(data.byteLength);

    const before = sync.requests;
    const files = await sync.list();
    expect(sync.requests - before).toBe(1);
    const listed = files.find((f) => f.name === 'c-dev-0000000001.bin');
    expect(listed).toMatchObject({ name: 'c-dev-0000000001.bin', size: data.byteLength });
    expect(listed?.etag).toEqual(expect.any(String));
    expect(files.some((f) => f.name.startsWith('.tmp-'))).toBe(false);

    const read = await sync.read('c-dev-0000000001.bin');
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(read).equals(Buffer.from(data))).toBe(true);
    expect(sync.bytesReceived).toBeGreaterThanOrEqual(data.byteLength);
    expect(readFileSync(join(meipiDir(), 'c-dev-0000000001.bin')).equals(Buffer.from(data))).toBe(true);

    await sync.remove('c-dev-0000000001.bin');
    await sync.remove('c-dev-0000000001.bin'); // already gone is fine
    expect((await sync.list()).map((f) => f.name)).not.toContain('c-dev-0000000001.bin');
  });

  it('write replaces a file and leaves no temporary file behind', async () => {
    const sync = remote();
    await sync.write('s-dev-0000000002.json', new TextEncoder().encode('{"v":1}'));
    await sync.write('s-dev-0000000002.json', new TextEncoder().encode('{"v":2,"more":true}'));
    expect(new TextDecoder().decode(await sync.read('s-dev-0000000002.json'))).toBe('{"v":2,"more":true}');
    expect(readdirSync(meipiDir()).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('lists nothing but the files directly inside meipi/', async () => {
    const sync = remote();
    await sync.write('meipi-extra.json', new Uint8Array([1]));
    await createWebdavRemote(settingsFor(server, new URL('meipi/', server.url).href)).ensureFolder();
    const names = (await sync.list()).map((f) => f.name);
    expect(names).toContain('meipi-extra.json');
    expect(names).not.toContain('meipi');
    expect(names).not.toContain('');
  });

  it('create writes once, then answers false and keeps the first content', async () => {
    const sync = remote();
    expect(await sync.create('meipi.json', new TextEncoder().encode('first'))).toBe(true);
    expect(await sync.create('meipi.json', new TextEncoder().encode('second'))).toBe(false);
    expect(new TextDecoder().decode(await sync.read('meipi.json'))).toBe('first');
    expect(readdirSync(meipiDir()).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('refuses names that would reach outside meipi/', async () => {
    const sync = remote();
    await expect(sync.write('..', new Uint8Array([1]))).rejects.toThrow(/plain file name/);
    await expect(sync.read('../x.json')).rejects.toThrow(/plain file name/);
    await expect(sync.remove('')).rejects.toThrow(/plain file name/);
    expect(sync.requests).toBe(0);
  });

  it('reading a missing file is not-found', async () => {
    await expectKind(remote().read('c-nobody-0000000001.json'), 'not-found');
  });

  it('a wrong password is auth, and no message carries the password', async () => {
    const wrong = createWebdavRemote({ ...settingsFor(server), password: 'not-the-password-42' });
    await expectKind(wrong.list(), 'auth', 'not-the-password-42');
    await expectKind(wrong.write('x.json', new Uint8Array([1])), 'auth', 'not-the-password-42');
    await expectKind(wrong.ensureFolder(), 'auth', 'not-the-password-42');
  });

  it('credentials in the URL are never sent in it nor repeated in a message', async () => {
    const withCredentials = server.url.replace('http://', `http://${server.username}:${server.password}@`);
    const sync = createWebdavRemote({ ...settingsFor(server, withCredentials), password: 'wrong-one' });
    const error = await expectKind(sync.list(), 'auth', server.password);
    expect(error.message).not.toContain('@');
  });

  it('a missing sync folder is not-found; ensureFolder never creates the folder above meipi/', async () => {
    const missing = createWebdavRemote(settingsFor(server, new URL('no-such-folder/', server.url).href));
    await expectKind(missing.ensureFolder(), 'not-found');
    await expectKind(missing.list(), 'not-found');
    expect(existsSync(join(server.root, 'no-such-folder'))).toBe(false);
  });

  it.each<[number, RemoteErrorKind]>([
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [405, 'not-webdav'],
    [501, 'not-webdav'],
    [507, 'full'],
    [500, 'server'],
    [502, 'server'],
  ])('an answer %i is %s', async (status, kind) => {
    proxy.plan([{ fault: { kind: 'status', status } }]);
    const sync = proxied();
    const error = await expectKind(sync.list(), kind);
    expect(error.status).toBe(status);
    await expectKind(sync.write('c-dev-0000000003.json', new Uint8Array([1, 2])), kind);
  });

  it('507 on the MOVE leaves neither the file nor its temporary upload', async () => {
    proxy.plan([{ method: 'MOVE', fault: { kind: 'status', status: 507 } }]);
    await expectKind(proxied().write('c-dev-0000000004.json', new Uint8Array([1, 2, 3])), 'full');
    const names = readdirSync(meipiDir());
    expect(names).not.toContain('c-dev-0000000004.json');
    expect(names.filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('a PROPFIND answered with a web page is not-webdav', async () => {
    proxy.plan([
      {
        method: 'PROPFIND',
        fault: { kind: 'status', status: 200, contentType: 'text/html', body: '<html>hi</html>' },
      },
    ]);
    await expectKind(proxied().list(), 'not-webdav');
  });

  it('a multistatus that does not parse is server, never an empty listing', async () => {
    proxy.plan([
      {
        method: 'PROPFIND',
        fault: {
          kind: 'status',
          status: 207,
          contentType: 'application/xml',
          body: '<D:multistatus xmlns:D=',
        },
      },
    ]);
    await expectKind(proxied().list(), 'server');
  });

  it('a connection reset is offline', async () => {
    proxy.plan([{ fault: { kind: 'reset' } }]);
    await expectKind(proxied().list(), 'offline');
  });

  it('a slow server is a timeout', async () => {
    proxy.plan([{ fault: { kind: 'delay', ms: 1_500 } }]);
    await expectKind(proxied({ timeoutMs: 300 }).list(), 'timeout');
  });

  it('a download cut half-way fails instead of returning part of the file', async () => {
    const data = binary(200_000);
    await remote().write('c-dev-0000000005.bin', data);
    proxy.plan([{ method: 'GET', fault: { kind: 'cut-response' } }]);
    await expectKind(proxied().read('c-dev-0000000005.bin'), 'offline');
  });

  it('an upload cut half-way fails and never leaves a visible partial file', async () => {
    const sync = remote();
    const old = binary(1_000);
    await sync.write('c-dev-0000000006.bin', old);
    proxy.plan([{ method: 'PUT', fault: { kind: 'cut-request' } }]);
    await expectKind(proxied().write('c-dev-0000000006.bin', binary(300_000)), 'offline');
    await expectKind(proxied().write('c-dev-0000000007.bin', binary(300_000)), 'offline');
    // The old version is whole; the new name does not exist (a `.tmp-` upload may, readers skip it).
    expect(Buffer.from(await sync.read('c-dev-0000000006.bin')).equals(Buffer.from(old))).toBe(true);
    const names = (await sync.list()).map((f) => f.name);
    expect(names).toContain('c-dev-0000000006.bin');
    expect(names).not.toContain('c-dev-0000000007.bin');
  });
});

describe('WebDAV remote against things that are not WebDAV servers', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listen(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return `127.0.0.1:${port}/dav/`;
  }
  const settings = (url: string) => ({ url, username: 'u', password: 'secret-pw', passphrase: '' });

  it('a web site that answers every method with a page is not-webdav', async () => {
    const site = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>home</title>');
      }),
    );
    const sync = createWebdavRemote(settings(`http://${site}`));
    await expectKind(sync.list(), 'not-webdav', 'secret-pw');
    await expectKind(sync.ensureFolder(), 'not-webdav', 'secret-pw');
  });

  it('a static server that refuses unknown methods (405) is not-webdav', async () => {
    const site = await listen(
      createHttpServer((req, res) => {
        res.writeHead(req.method === 'GET' ? 200 : 405, { 'content-type': 'text/html' });
        res.end('<html></html>');
      }),
    );
    const sync = createWebdavRemote(settings(`http://${site}`));
    await expectKind(sync.list(), 'not-webdav');
    await expectKind(sync.ensureFolder(), 'not-webdav');
  });

  it('a closed port is offline', async () => {
    const port = await freePort();
    await expectKind(
      createWebdavRemote(settings(`http://127.0.0.1:${port}/dav/`)).list(),
      'offline',
      'secret-pw',
    );
  });

  it('an untrusted certificate is tls', async () => {
    const site = await listen(
      createHttpsServer(
        {
          key: readFileSync(join(FIXTURES, 'self-signed-127.0.0.1.key.pem')),
          cert: readFileSync(join(FIXTURES, 'self-signed-127.0.0.1.cert.pem')),
        },
        (_req, res) => res.end(),
      ),
    );
    await expectKind(createWebdavRemote(settings(`https://${site}`)).list(), 'tls', 'secret-pw');
  });
});
