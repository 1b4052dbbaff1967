import { browser } from 'wxt/browser';
import { articleIdFromUri } from '../db/source';
import type { Annotation } from '../db/types';
import { exportFileName } from '../export/file-name';
import { type MarkdownOptions, toMarkdown } from '../export/markdown';
import { readerUrlFor } from '../export/text-fragment';
import { looksLikePdf, viewerUrl } from '../pdf/source';

/** Exports as the extension pages make them: markdown that links back into the reader, saved as downloads. */

/** The reader page of a bundled article's source; undefined for any other source. */
export function readerPageFor(source: string): string | undefined {
  const article = articleIdFromUri(source);
  if (article === null) return undefined;
  return `${browser.runtime.getURL('/reader.html')}?article=${encodeURIComponent(article)}`;
}

/**
 * Where a source's heading in the library links: the reader for a bundled article, Meipi's viewer
 * for a PDF (its highlights are shown there), the page itself for other web pages.
 */
export function sourcePageFor(source: string): string | undefined {
  const reader = readerPageFor(source);
  if (reader) return reader;
  if (looksLikePdf(source)) return viewerUrl(browser.runtime.getURL('/'), source);
  return /^https?:\/\//.test(source) ? source : undefined;
}

/**
 * Links in exported markdown: bundled articles point back into the reader, under their headline and
 * byline. The bundled articles are loaded here, on export, not with the popup's first paint.
 */
export async function markdownOptions(): Promise<MarkdownOptions> {
  const base = browser.runtime.getURL('/');
  const { describeBundledSource } = await import('./bundled-sources');
  return {
    resolveLink: (annotation) => readerUrlFor(base, annotation),
    resolveSourceLink: readerPageFor,
    describeSource: describeBundledSource,
  };
}

export async function annotationsToMarkdown(annotations: Annotation[]): Promise<string> {
  return toMarkdown(annotations, await markdownOptions());
}

/**
 * Saves text as a download. In Chromium a data: URL needs no object URL kept alive, so it still
 * works when the popup closes mid-download; large files (the library's backups) go through a blob URL.
 */
export async function downloadText(text: string, filename: string, mime: string): Promise<void> {
  // Firefox refuses data: URLs in downloads.download ("Access denied"); it reads a blob at once.
  if (text.length > 1_000_000 || import.meta.env.FIREFOX)
    return downloadBlob(new Blob([text], { type: `${mime};charset=utf-8` }), filename);
  await saveUrl(`data:${mime};charset=utf-8,${encodeURIComponent(text)}`, filename);
}

/** Saves a blob (a large text, a zip) as a download, from an extension page. */
export async function downloadBlob(blob: Blob, filename: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  try {
    await saveUrl(url, filename);
  } finally {
    // Chrome has read the blob once the download has started; keep it briefly for slow starts.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

async function saveUrl(url: string, filename: string): Promise<void> {
  const save = (name: string) =>
    browser.downloads.download({ url, filename: name, saveAs: false, conflictAction: 'uniquify' });
  await save(filename).catch((error: unknown) => {
    // Chromium on Linux rejects non-ASCII names when the system locale isn't UTF-8.
    if (!/filename/i.test(String(error))) throw error;
    return save(asciiFileName(filename));
  });
}

const ASCII_WORDS: Record<string, string> = { 眉批: 'meipi', 备份: 'backup', 导出: 'export', 笔记: 'notes' };

/** `眉批-备份-2026-11-28.json` → `meipi-backup-2026-11-28.json`; other non-ASCII characters become `_`. */
export function asciiFileName(filename: string): string {
  return filename
    .replace(/眉批|备份|导出|笔记/g, (word) => ASCII_WORDS[word] ?? word)
    .replace(/[^\x20-\x7e]/g, '_');
}

export async function downloadMarkdown(annotations: Annotation[]): Promise<void> {
  await downloadText(
    await annotationsToMarkdown(annotations),
    exportFileName(new Date(), 'md'),
    'text/markdown',
  );
}
