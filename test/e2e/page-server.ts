import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

export interface ServedFile {
  body: string | Uint8Array;
  /** Added to (or replacing) the defaults: HTML, never cached. */
  headers?: Record<string, string>;
}

/** Fixed HTML per path, or a function answering each path (undefined: 404). */
export type PageSource = Record<string, string> | ((path: string) => Promise<ServedFile | undefined>);

const DEFAULT_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** Serves web pages for the content script on 127.0.0.1 (a random port). */
export async function servePages(pages: PageSource): Promise<PageServer> {
  const resolve =
    typeof pages === 'function'
      ? pages
      : async (path: string): Promise<ServedFile | undefined> => {
          const html = pages[path];
          return html === undefined ? undefined : { body: html };
        };
  const server = createServer(async (request, response) => {
    const file = await resolve(new URL(request.url ?? '/', 'http://localhost').pathname).catch(
      () => undefined,
    );
    if (file === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { ...DEFAULT_HEADERS, ...file.headers }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
