// Sync speed and wire cost: real Chromium with the built extension, a local rclone WebDAV server
// behind a counting proxy (requests and bytes as a provider would see them). Device A restores a
// 10k backup in its library and syncs up; a fresh profile syncs it down and searches it by pinyin;
// then one change, and nothing new. Plain and with a passphrase. Prints a table; never fails on timing.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { toWebAnnotations } from '../../lib/export';
import { ask, type LaunchedExtension, launchExtension } from '../e2e/harness';
import { median } from '../fixtures/export/bench-run';
import { benchCorpus } from '../fixtures/export/corpus';
import { type CountingProxy, startCountingProxy } from '../fixtures/sync/counting-proxy';
import { startRclone, type WebdavServer } from '../fixtures/sync/servers';

const N = 10_000;
const BIG_RUNS = 3;
const SMALL_RUNS = 7;
const PASSPHRASE = '槐花胡同 2026 早市';
/** One note only this annotation has, found by its pinyin after the download. */
const MARKED = { index: 4242, note: '鸽哨声在屋顶上回旋', pinyin: 'geshao' };

interface Row {
  name: string;
  times: number[];
  requests: number[];
  sent: number[];
  received: number[];
  budgetMs?: number;
  budgetRequests?: number;
}

const backup = (() => {
  const list = benchCorpus(N);
  const marked = list[MARKED.index];
  if (marked) marked.note = MARKED.note;
  return Buffer.from(JSON.stringify(toWebAnnotations(list)));
})();

async function restore(library: Page): Promise<void> {
  await library
    .getByTestId('restore-input')
    .setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: backup });
  await expect
    .poll(() => library.getByTestId('restore-message').textContent(), { timeout: 120_000, interval: 250 })
    .toMatch(/10000/);
}

/** Runs `work` and records its wall time and what crossed the proxy meanwhile. */
async function measure(row: Row, proxy: CountingProxy, work: () => Promise<unknown>): Promise<void> {
  proxy.reset();
  const start = performance.now();
  await work();
  row.times.push(performance.now() - start);
  row.requests.push(proxy.requests);
  row.sent.push(proxy.bytesSent);
  row.received.push(proxy.bytesReceived);
}

const row = (name: string, budgetMs?: number, budgetRequests?: number): Row => ({
  name,
  times: [],
  requests: [],
  sent: [],
  received: [],
  budgetMs,
  budgetRequests,
});

async function save(library: Page, url: string, server: WebdavServer, passphrase: string) {
  const result = await ask(library, 'sync/settings-save', {
    url,
    username: server.username,
    password: server.password,
    passphrase,
  });
  if (!result.ok) throw new Error(`sync/settings-save refused: ${result.kind}`);
}

async function scenario(
  server: WebdavServer,
  proxy: CountingProxy,
  passphrase: string,
  tag: string,
): Promise<Row[]> {
  const up = row(`first sync of ${N} up (save & test + first sync)${tag}`, 5_000);
  const down = row(`first sync of ${N} down, fresh profile${tag}`, 5_000);
  const searchable = row(`  then searchable by pinyin ("${MARKED.pinyin}")${tag}`);
  const one = row(`incremental sync of 1 change (edit shown in the library, then sync now)${tag}`, 300, 6);
  const racing = row(
    `incremental sync of 1 change, started with the write (racing the library's 10k refresh)${tag}`,
  );
  const none = row(`sync with nothing new${tag}`, undefined, 3);
  for (let run = 0; run < BIG_RUNS; run++) {
    const folder = `${tag ? 'enc' : 'plain'}-${run}`;
    const url = `${proxy.url}${folder}/`;
    // Through the server (rclone caches its directory listings, so a folder made on disk shows late).
    const made = await fetch(`${server.url}${folder}/`, {
      method: 'MKCOL',
      headers: {
        authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}`,
      },
    });
    if (!made.ok) throw new Error(`MKCOL ${folder}: ${made.status}`);
    let a: LaunchedExtension | undefined;
    let b: LaunchedExtension | undefined;
    try {
      a = await launchExtension();
      const libraryA = await a.openPage('/library.html');
      await restore(libraryA);
      await measure(up, proxy, () => save(libraryA, url, server, passphrase));

      b = await launchExtension();
      const libraryB = await b.openPage('/library.html');
      await measure(down, proxy, () => save(libraryB, url, server, passphrase));
      const start = performance.now();
      await expect
        .poll(
          async () =>
            (await ask(libraryB, 'search/query', { query: MARKED.pinyin, options: { limit: 5 } })).hits.some(
              (hit) => hit.annotation.note === MARKED.note,
            ),
          { timeout: 60_000, interval: 100 },
        )
        .toBe(true);
      searchable.times.push(performance.now() - start);
      expect((await ask(libraryB, 'sync/status', {})).pending).toBe(0);

      if (run === 0) {
        const [target] = await ask(libraryA, 'annotations/recent', { limit: 1 });
        if (!target) throw new Error('no annotation');
        for (let i = 0; i < 2 * SMALL_RUNS; i++) {
          const note = `改过 ${i}`;
          await ask(libraryA, 'annotations/update', { id: target.id, patch: { note } });
          if (i % 2 === 0) {
            // A person edits, sees the edit in the library, then presses sync now.
            await expect.poll(() => libraryA.getByText(note, { exact: true }).count()).toBeGreaterThan(0);
            await measure(one, proxy, () => ask(libraryA, 'sync/now', {}));
          } else await measure(racing, proxy, () => ask(libraryA, 'sync/now', {}));
          // Let the sync the change scheduled (~3 s later) pass before the next measurement.
          await libraryA.waitForTimeout(3_500);
          if (i % 2 === 0) await measure(none, proxy, () => ask(libraryA, 'sync/now', {}));
        }
      }
    } finally {
      await a?.close();
      await b?.close();
    }
  }
  return [up, down, searchable, one, racing, none];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(rows: Row[]): string {
  return [
    '| sync bench (Chromium, rclone on 127.0.0.1) | runs | median ms | requests | sent | received | budget | result |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => {
      const ms = median(r.times);
      const requests = r.requests.length ? median(r.requests) : Number.NaN;
      const budget = [r.budgetMs && `≤ ${r.budgetMs} ms`, r.budgetRequests && `≤ ${r.budgetRequests} req`]
        .filter(Boolean)
        .join(', ');
      const pass =
        (r.budgetMs === undefined || ms <= r.budgetMs) &&
        (r.budgetRequests === undefined || requests <= r.budgetRequests);
      return `| ${r.name} | ${r.times.length} | ${ms.toFixed(0)} | ${Number.isNaN(requests) ? '—' : requests} | ${r.sent.length ? kib(median(r.sent)) : '—'} | ${r.received.length ? kib(median(r.received)) : '—'} | ${budget || '—'} | ${budget ? (pass ? 'PASS' : 'MISS') : '—'} |`;
    }),
  ].join('\n');
}

it('sync of 10k annotations: up, down, one change, nothing new; plain and encrypted', async () => {
  const server = await startRclone();
  const proxy = await startCountingProxy(server.url);
  try {
    const plain = await scenario(server, proxy, '', '');
    const encrypted = await scenario(server, proxy, PASSPHRASE, ', encrypted');
    const overhead = (i: number) =>
      `${((median(encrypted[i]?.times ?? []) / median(plain[i]?.times ?? []) - 1) * 100).toFixed(0)} %`;
    const upOverhead = Number.parseFloat(overhead(0));
    const downOverhead = Number.parseFloat(overhead(1));
    const verdict = Math.max(upOverhead, downOverhead) <= 20 ? 'PASS' : 'MISS';
    console.log(
      `\n${table([...plain, ...encrypted])}\n\nencryption overhead on ${N} (budget ≤ 20 %): up ${overhead(0)}, down ${overhead(1)} — ${verdict}\n`,
    );
    expect(plain).toHaveLength(encrypted.length);
  } finally {
    await proxy.close();
    await server.stop();
  }
});
