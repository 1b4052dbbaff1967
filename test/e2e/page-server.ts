import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves fixed HTML per path on 127.0.0.1 (a random port): web pages for the content script. */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  const server = createServer((request, response) => {
    const html = pages[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (html === undefined) response.writeHead(404).end('not found');
    else
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
