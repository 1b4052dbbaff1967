import './style.css';
import { render } from 'preact';
import { PdfNotice, type PdfNoticeProps } from '@/components/pdf/PdfNotice';
import { PdfToolbar, type PdfToolbarLabels } from '@/components/pdf/PdfToolbar';
import { type Annotator, messengerStore, pageMessageHandlers } from '@/lib/annotator';
// The file, not the lib/browser index: the index also reaches Dexie and jieba.
import { answerTabMessages, background, t, uiLocale } from '@/lib/browser/env';
import { lastColor } from '@/lib/browser/last-color';
import { FILE_URLS_SWITCH } from '@/lib/browser/pdf-tabs';
import { annotatePdf, focusPassage } from '@/lib/pdf/annotate';
import { pdfAssetsAt } from '@/lib/pdf/assets';
import { acceptFileDrops, FILE_HANDOFF, receiveHandedFile } from '@/lib/pdf/drop';
import { fileNameOf, pdfSource } from '@/lib/pdf/source';
import { type OpenedPdf, openPdf, type PdfFile, PdfLoadError } from '@/lib/pdf/viewer';

/** How a local PDF becomes readable here: Chromium's file-URL switch, or (Firefox) a drop or a pick. */
const fileAccessHint = FILE_URLS_SWITCH ? 'pdfFileAccess' : 'pdfFileDropOnly';

const labels: PdfToolbarLabels = {
  page: t('pdfPage'),
  pageCount: (count) => t('pdfPageCount', String(count)),
  zoomIn: t('pdfZoomIn'),
  zoomOut: t('pdfZoomOut'),
  find: t('pdfFind'),
  findNext: t('pdfFindNext'),
  findPrevious: t('pdfFindPrevious'),
  openFile: t('pdfOpenFile'),
};

const toolbarSlot = document.getElementById('toolbar') as HTMLElement;
const noticeSlot = document.getElementById('notice') as HTMLElement;
const container = document.getElementById('viewerContainer') as HTMLDivElement;

/** The open document, its annotator (once its text is read) and the tab-message wiring. */
interface Shown {
  pdf: OpenedPdf;
  annotator?: Annotator;
  stopAnswering?: () => void;
}
let current: Shown | null = null;
const view = { page: 1, pageCount: 0, zoom: 100 };

function drawToolbar(): void {
  render(
    <PdfToolbar
      labels={labels}
      {...view}
      onPage={(page) => {
        if (current) current.pdf.viewer.currentPageNumber = page;
      }}
      onZoom={(step) => {
        if (step > 0) current?.pdf.viewer.increaseScale();
        else current?.pdf.viewer.decreaseScale();
      }}
      onFind={(query, again, previous) => current?.pdf.find(query, again, previous)}
      onFile={(file) => void openFile(file)}
    />,
    toolbarSlot,
  );
}

function notice(props: PdfNoticeProps | null): void {
  render(props ? <PdfNotice {...props} /> : null, noticeSlot);
}

function askPassword(retry: boolean): Promise<string | null> {
  return new Promise((resolve) =>
    notice({
      kind: 'password',
      text: t(retry ? 'pdfPasswordWrong' : 'pdfPassword'),
      submit: t('pdfOpen'),
      onPassword: (password) => {
        notice(null);
        resolve(password);
      },
    }),
  );
}

function loadErrorText(error: unknown): string {
  if (!(error instanceof PdfLoadError)) return t('pdfBroken');
  return t(
    error.kind === 'password'
      ? 'pdfPasswordRefused'
      : error.kind === 'unreachable'
        ? 'pdfUnreachable'
        : 'pdfBroken',
  );
}

/** Shows a PDF; `url` null: a file with no address (dropped or picked), named by its fingerprint. */
async function show(file: PdfFile, url: string | null, focusId: string | null): Promise<void> {
  current?.stopAnswering?.();
  current?.annotator?.destroy();
  current?.pdf.destroy();
  current = null;
  notice(null);
  let pdf: OpenedPdf;
  try {
    pdf = await openPdf({ container, file, assets: pdfAssetsAt(browser.runtime.getURL('/')), askPassword });
  } catch (error) {
    console.error('Meipi PDF:', error);
    const local = url !== null && /^file:/i.test(url);
    notice({ kind: 'message', text: loadErrorText(error), hint: local ? t(fileAccessHint) : undefined });
    return;
  }
  const opened: Shown = { pdf };
  current = opened;
  const title = pdf.title || (url ? fileNameOf(url) : '') || 'PDF';
  document.title = `${title} · ${t('extName')}`;
  pdf.eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => {
    view.page = pageNumber;
    drawToolbar();
  });
  pdf.eventBus.on('scalechanging', ({ scale }: { scale: number }) => {
    view.zoom = Math.round(scale * 100);
    drawToolbar();
  });
  // The first fit may have happened already.
  Object.assign(view, { page: 1, pageCount: pdf.pageCount, zoom: Math.round(pdf.viewer.currentScale * 100) });
  drawToolbar();

  const text = await pdf.text();
  if ((current as Shown | null) !== opened) return; // another file was opened meanwhile
  if (text.text.trim() === '') {
    notice({ kind: 'message', text: t('pdfNoText') });
    return;
  }
  const annotator = annotatePdf(pdf, text, {
    source: pdfSource(url, pdf.fingerprint),
    title,
    store: messengerStore(background),
    listDocument: (source, fingerprint) => background('annotations/list-document', { source, fingerprint }),
    locale: uiLocale(),
    lastColor,
    onError: (error) => console.error('Meipi PDF:', error),
  });
  opened.annotator = annotator;
  if (focusId) focusPassage(pdf, annotator, focusId);
  // The background's requests to this tab, as on the reader: context menu, keyboard command, edits elsewhere.
  const placed = new Promise<void>((resolve) => {
    const unsubscribe = annotator.subscribe((event) => {
      if (event !== 'annotations') return;
      unsubscribe();
      resolve();
    });
  });
  opened.stopAnswering = answerTabMessages(pageMessageHandlers(annotator, () => placed));
}

async function openFile(file: File): Promise<void> {
  // A picked or dropped file has no URL to come back to: the address bar no longer names one.
  history.replaceState(null, '', location.pathname);
  await show({ data: new Uint8Array(await file.arrayBuffer()) }, null, null);
}

function main(): void {
  document.documentElement.lang = uiLocale();
  document.title = `${t('pdfTitle')} · ${t('extName')}`;
  drawToolbar();
  acceptFileDrops(container, (file) => void openFile(file));
  const params = new URLSearchParams(location.search);
  // A file dropped on the library, handed over by the library page that opened this tab.
  const handoff = params.get(FILE_HANDOFF.param);
  if (handoff !== null) {
    receiveHandedFile(handoff, (file) => void openFile(file));
    return;
  }
  const url = params.get('file');
  if (url === null) {
    notice({ kind: 'message', text: t('pdfNoFile'), hint: t(fileAccessHint) });
    return;
  }
  void show({ url }, url, params.get('annotation'));
}

main();
