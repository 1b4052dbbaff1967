import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Library, type LibraryApi } from '@/components/library/Library';
import {
  annotationsToMarkdown,
  background,
  copyText,
  downloadMarkdown,
  downloadText,
  opensAllPdfs,
  putMany,
  readerPageFor,
  removeMany,
  restoreFromFile,
  setOpensAllPdfs,
  t,
  uiLocale,
  warmUp,
  watchAnnotations,
} from '@/lib/browser';
import { syncApi } from '@/lib/browser/sync-api';
import { type Annotation, openDatabase } from '@/lib/db';
import { exportFileName, toWebAnnotations } from '@/lib/export';
import { acceptFileDrops, handFileToViewer } from '@/lib/pdf/drop';

/** Best matches a library search lists per page; the ranker fully scores about this many candidates per query. */
const LIBRARY_SEARCH_LIMIT = 500;

const db = openDatabase();

const api: LibraryApi = {
  search: (query, options) =>
    background('search/query', { query, options: { ...options, limit: LIBRARY_SEARCH_LIMIT } }),
  async update(id, edit) {
    await background('annotations/update', { id, patch: edit });
  },
  async remove(ids) {
    if (ids.length === 1 && ids[0] !== undefined) {
      const { deleted } = await background('annotations/delete', { id: ids[0] });
      return deleted ? [deleted] : [];
    }
    return removeMany(db, ids);
  },
  restore: (annotations) => putMany(db, annotations),
  exportMarkdown: downloadMarkdown,
  copyMarkdown: (annotations) => copyText(annotationsToMarkdown(annotations)),
  exportJson: (annotations) =>
    downloadText(
      JSON.stringify(toWebAnnotations(annotations), null, 2),
      exportFileName(new Date(), 'json'),
      'application/json',
    ),
  restoreBackup: (file, onProgress) => restoreFromFile(db, file, onProgress),
  open: async (annotation) => {
    await background('annotations/open', { id: annotation.id });
  },
  hrefFor: (source) => readerPageFor(source) ?? (/^https?:\/\//.test(source) ? source : undefined),
};

let warmed = false;
/** jieba's start blocks the page for a while: only once every row is read and shown. */
function warmUpOnce() {
  if (warmed) return;
  warmed = true;
  warmUp();
}

const pdfSettings = { opensAllPdfs, setOpensAllPdfs };

function App() {
  const [feed, setFeed] = useState<{ list: Annotation[]; complete: boolean } | null>(null);
  useEffect(
    () =>
      watchAnnotations(db, (list, complete) => {
        setFeed({ list, complete });
        if (complete) warmUpOnce();
      }),
    [],
  );
  return (
    <Library
      t={t}
      locale={uiLocale()}
      annotations={feed?.list ?? null}
      complete={feed?.complete}
      api={api}
      sync={syncApi}
      pdf={pdfSettings}
    />
  );
}

// A PDF dropped anywhere on the library opens in the viewer (it has no URL: the file is handed over).
acceptFileDrops(document.body, (file) => {
  if (file.type !== 'application/pdf' && !/\.pdf$/i.test(file.name)) return;
  handFileToViewer(
    (query) => void browser.tabs.create({ url: browser.runtime.getURL(`/pdf.html${query}`) }),
    file,
  );
});

const app = document.getElementById('app');
if (app) {
  document.documentElement.lang = uiLocale();
  document.title = t('libraryTitle');
  render(<App />, app);
}
