import { useState } from 'preact/hooks';

export interface PdfToolbarLabels {
  page: string;
  pageCount: (count: number) => string;
  zoomIn: string;
  zoomOut: string;
  find: string;
  findNext: string;
  findPrevious: string;
  openFile: string;
}

export interface PdfToolbarProps {
  labels: PdfToolbarLabels;
  page: number;
  pageCount: number;
  /** Zoom in percent. */
  zoom: number;
  onPage: (page: number) => void;
  onZoom: (step: 1 | -1) => void;
  onFind: (query: string, again: boolean, previous: boolean) => void;
  onFile: (file: File) => void;
}

/** The viewer's bar: page number, zoom, find in the document, and opening a local file. */
export function PdfToolbar({
  labels,
  page,
  pageCount,
  zoom,
  onPage,
  onZoom,
  onFind,
  onFile,
}: PdfToolbarProps) {
  const [query, setQuery] = useState('');
  return (
    <header class="pdf-toolbar">
      <label class="pdf-page">
        <span>{labels.page}</span>
        <input
          data-testid="pdf-page-number"
          type="number"
          min={1}
          max={Math.max(1, pageCount)}
          value={page}
          onChange={(event) => onPage(Number(event.currentTarget.value))}
        />
        <span data-testid="pdf-page-count">{labels.pageCount(pageCount)}</span>
      </label>
      <span class="pdf-zoom">
        <button type="button" data-testid="pdf-zoom-out" title={labels.zoomOut} onClick={() => onZoom(-1)}>
          −
        </button>
        <span data-testid="pdf-zoom">{zoom}%</span>
        <button type="button" data-testid="pdf-zoom-in" title={labels.zoomIn} onClick={() => onZoom(1)}>
          +
        </button>
      </span>
      <form
        class="pdf-find"
        onSubmit={(event) => {
          event.preventDefault();
          onFind(query, true, false);
        }}
      >
        <input
          data-testid="pdf-find"
          type="search"
          placeholder={labels.find}
          aria-label={labels.find}
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            onFind(event.currentTarget.value, false, false);
          }}
        />
        <button type="button" title={labels.findPrevious} onClick={() => onFind(query, true, true)}>
          ↑
        </button>
        <button type="submit" title={labels.findNext}>
          ↓
        </button>
      </form>
      <label class="pdf-open-file">
        {labels.openFile}
        <input
          data-testid="pdf-file-input"
          type="file"
          accept="application/pdf,.pdf"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) onFile(file);
          }}
        />
      </label>
    </header>
  );
}
