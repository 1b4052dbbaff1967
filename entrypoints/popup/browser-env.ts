import type { Translate } from '@/components/common/messages';
import { articleIdFromUri } from '@/lib/db/source';
import type { Annotation } from '@/lib/db/types';
import { exportFileName } from '@/lib/export/file-name';
import { type MarkdownOptions, toMarkdown } from '@/lib/export/markdown';
import { readerUrlFor } from '@/lib/export/text-fragment';
import { createMessenger } from '@/lib/messaging/client';
import type { BackgroundMessages, TabMessages } from '@/lib/messaging/protocol';

/**
 * Browser wiring shared by the popup and the library page: messaging, tabs, downloads, clipboard,
 * i18n. Kept free of Dexie and jieba so the popup stays small.
 */

export const t: Translate = (key, substitutions) =>
  (browser.i18n.getMessage as (key: string, substitutions?: string | string[]) => string)(key, substitutions);

export const uiLocale = (): string => browser.i18n.getUILanguage();

export const background = createMessenger<BackgroundMessages>((message) =>
  browser.runtime.sendMessage(message),
);

export const toTab = (tabId: number) =>
  createMessenger<TabMessages>((message) => browser.tabs.sendMessage(tabId, message));

/** Links in exported markdown: bundled articles point back into the reader. */
export function markdownOptions(): MarkdownOptions {
  const base = browser.runtime.getURL('/');
  return {
    resolveLink: (annotation) => readerUrlFor(base, annotation),
    resolveSourceLink: (source) => {
      const article = articleIdFromUri(source);
      return article === null ? undefined : `${base}reader.html?article=${encodeURIComponent(article)}`;
    },
  };
}

export function annotationsToMarkdown(annotations: Annotation[]): string {
  return toMarkdown(annotations, markdownOptions());
}

/**
 * Saves text as a download. A data: URL needs no object URL kept alive, so it still works when
 * the popup closes mid-download; large files (the library's backups) go through a blob URL.
 */
export async function downloadText(text: string, filename: string, mime: string): Promise<void> {
  const large = text.length > 1_000_000;
  const url = large
    ? URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
    : `data:${mime};charset=utf-8,${encodeURIComponent(text)}`;
  const save = (name: string) =>
    browser.downloads.download({ url, filename: name, saveAs: false, conflictAction: 'uniquify' });
  try {
    await save(filename).catch((error: unknown) => {
      // Chromium on Linux rejects non-ASCII names when the system locale isn't UTF-8.
      if (!/filename/i.test(String(error))) throw error;
      return save(asciiFileName(filename));
    });
  } finally {
    // Chrome has read the blob once the download has started; keep it briefly for slow starts.
    if (large) setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** `眉批-2026-11-28.md` → `meipi-2026-11-28.md`. */
export function asciiFileName(filename: string): string {
  return filename.replace(/眉批/g, 'meipi').replace(/[^\x20-\x7e]/g, '_');
}

export async function downloadMarkdown(annotations: Annotation[]): Promise<void> {
  await downloadText(annotationsToMarkdown(annotations), exportFileName(new Date(), 'md'), 'text/markdown');
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** Calls back on the background's 'page/changed' broadcasts. Never answers: replies belong to the background. */
export function onAnnotationsChanged(listener: (source: string) => void): () => void {
  const handler = (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { type, payload } = message as { type?: unknown; payload?: { source?: unknown } };
    if (type === 'page/changed' && typeof payload?.source === 'string') listener(payload.source);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
