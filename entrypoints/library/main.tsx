import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Library, type LibraryApi } from '@/components/library/Library';
import type { NoteTemplateApi } from '@/components/library/NoteTemplate';
import {
  annotationsToMarkdown,
  background,
  copyText,
  downloadMarkdown,
  downloadSourceNotes,
  downloadText,
  FILE_URLS_SWITCH,
  loadNoteTemplate,
  noteLocale,
  opensAllPdfs,
  putMany,
  removeMany,
  restoreFromFile,
  saveNoteTemplate,
  setOpensAllPdfs,
  sourceNoteOptions,
  sourcePageFor,
  t,
  uiLocale,
  warmUp,
  watchAnnotations,
} from '@/lib/browser';
import { describeBundledSource } from '@/lib/browser/bundled-sources';
import { reviewApi } from '@/lib/browser/review-api';
import { syncApi } from '@/lib/browser/sync-api';
import { sourceNoteRenderer, vaultPageApi } from '@/lib/browser/vault';
import { type Annotation, openDatabase, reviewsOf } from '@/lib/db';
import { DEFAULT_NOTE_TEMPLATES, exportFileName, toSourceNotes, toWebAnnotations } from '@/lib/export';
import { acceptFileDrops, handFileToViewer } from '@/lib/pdf/drop';

/** Best matches a library search lists per page; the ranker fully scores about this many candidates per query. */
const LIBRARY_SEARCH_LIMIT = 500;

const db = openDatabase();
const review = reviewApi(db);
const vaultApi = vaultPageApi(db, sourceNoteRenderer);

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
  copyMarkdown: async (annotations) => copyText(await annotationsToMarkdown(annotations)),
  exportJson: async (annotations, purpose) =>
    downloadText(
      JSON.stringify(
        toWebAnnotations(annotations, {
          reviews: await reviewsOf(
            db,
            annotations.map((a) => a.id),
          ),
        }),
        null,
        2,
      ),
      exportFileName(new Date(), 'json', purpose),
      'application/json',
    ),
  exportNotes: downloadSourceNotes,
  restoreBackup: (file, onProgress) => restoreFromFile(db, file, onProgress),
  open: async (annotation) => {
    await background('annotations/open', { id: annotation.id });
  },
  sourceLine(source) {
    const article = describeBundledSource(source);
    return article && [t('libraryReaderSource'), article.author].filter(Boolean).join(' · ');
  },
  hrefFor: sourcePageFor,
};

const notes: NoteTemplateApi = {
  load: loadNoteTemplate,
  save: saveNoteTemplate,
  defaultTemplate: DEFAULT_NOTE_TEMPLATES[noteLocale()],
  preview: (template, sample) => toSourceNotes(sample, sourceNoteOptions(template))[0]?.markdown ?? '',
};

let warmed = false;
/** jieba's start blocks the page for a while: only once every row is read and shown. */
function warmUpOnce() {
  if (warmed) return;
  warmed = true;
  warmUp();
}

const pdfSettings = { opensAllPdfs, setOpensAllPdfs, fileUrlsSwitch: FILE_URLS_SWITCH };

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
      review={review}
      vault={vaultApi}
      notes={notes}
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
