import { describe, expect, it } from 'vitest';
import type { Selector } from '../../../lib/anchoring/types';
import { listAnnotations, openDatabase } from '../../../lib/db';
import { importWebAnnotations, toWebAnnotations } from '../../../lib/export';
import {
  type BackgroundMessages,
  createMessenger,
  createRouter,
  messageErrorCode,
} from '../../../lib/messaging';
import { documentSelector, pageSelector } from '../../../lib/pdf/selectors';
import { createServiceHandlers, describeSender } from '../../../lib/service';
import { testEnvironment } from '../service/test-environment';

const EXTENSION = 'chrome-extension://lpcmbjnnafoijdjdjgdfnbehflmkfddm/';
const viewer = describeSender({ url: `${EXTENSION}pdf.html?file=x` }, EXTENSION);
const webPage = describeSender(
  { url: 'https://a.example/paper.pdf', frameId: 0, tab: { id: 3, url: 'https://a.example/paper.pdf' } },
  EXTENSION,
);

const pdfSelectors = (quote: string, page: number, fingerprint: string): Selector[] => [
  { type: 'TextQuoteSelector', exact: quote, prefix: '第一页', suffix: '。' },
  { type: 'TextPositionSelector', start: 3, end: 3 + quote.length },
  pageSelector(page),
  documentSelector(fingerprint),
];

let dbCount = 0;
function setUp() {
  const db = openDatabase(`pdf-document-${++dbCount}`);
  const route = createRouter(createServiceHandlers(testEnvironment(db)));
  return {
    db,
    as: (sender: typeof viewer) => createMessenger<BackgroundMessages>((m) => route(m, sender)),
  };
}

describe("a PDF's annotations", () => {
  it('are found under the URL and, by the fingerprint, under every other URL of the same file', async () => {
    const { as } = setUp();
    const send = as(viewer);
    const here = await send('annotations/create', {
      input: {
        source: 'https://a.example/paper.pdf',
        title: 'p',
        quote: '春眠',
        selectors: pdfSelectors('春眠', 1, 'fp-a'),
      },
    });
    const mirror = await send('annotations/create', {
      input: {
        source: 'https://b.example/copy.pdf',
        title: 'p',
        quote: '啼鸟',
        selectors: pdfSelectors('啼鸟', 2, 'fp-a'),
      },
    });
    await send('annotations/create', {
      input: {
        source: 'https://c.example/other.pdf',
        title: 'p',
        quote: '风雨',
        selectors: pdfSelectors('风雨', 1, 'fp-b'),
      },
    });
    const listed = await send('annotations/list-document', {
      source: 'https://a.example/paper.pdf',
      fingerprint: 'fp-a',
    });
    expect(listed.map((a) => a.id)).toEqual([here.id, mirror.id]);
  });

  it('a web page cannot list annotations by fingerprint', async () => {
    const { as } = setUp();
    const refused = as(webPage)('annotations/list-document', {
      source: 'https://a.example/paper.pdf',
      fingerprint: 'fp-a',
    });
    await expect(refused.catch(messageErrorCode)).resolves.toBe('forbidden');
  });

  it('keep their page and fingerprint through a W3C export and import', async () => {
    const { db, as } = setUp();
    const saved = await as(viewer)('annotations/create', {
      input: {
        source: 'urn:x-pdf:fp-c',
        title: '拖入的文件',
        quote: '春眠',
        selectors: pdfSelectors('春眠', 12, 'fp-c'),
      },
    });
    const exported = JSON.parse(JSON.stringify(toWebAnnotations([saved])));
    const target = JSON.stringify(exported);
    expect(target).toContain('"value":"page=12"');
    expect(target).toContain('"fingerprint":"fp-c"');
    await db.annotations.clear();
    await importWebAnnotations(db, exported);
    expect(await listAnnotations(db)).toStrictEqual([saved]);
  });
});
