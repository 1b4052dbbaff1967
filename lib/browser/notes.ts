import { browser } from 'wxt/browser';
import type { Annotation } from '../db/types';
import { notesFolderName } from '../export/file-name';
import { compileNoteTemplate, type NoteLocale } from '../export/notes/note-template';
import { type SourceNote, type SourceNoteOptions, toSourceNotes } from '../export/notes/source-note';
import { readerUrlFor } from '../export/text-fragment';
import { describeBundledSource } from './bundled-sources';
import { uiLocale } from './env';
import { downloadText, readerPageFor } from './export';

/**
 * Notes per source as the extension makes them: the user's template from storage.local (where the
 * library and the background both read it), links into the reader, bundled articles' bylines.
 */

const NOTE_TEMPLATE_KEY = 'noteTemplate';

/** The saved template; undefined: none saved, the default is used. */
export async function loadNoteTemplate(): Promise<string | undefined> {
  const stored = (await browser.storage.local.get(NOTE_TEMPLATE_KEY))[NOTE_TEMPLATE_KEY];
  return typeof stored === 'string' ? stored : undefined;
}

/** Saves a template (undefined: back to the default). Throws TemplateError, saving nothing, for one that cannot be used. */
export async function saveNoteTemplate(template: string | undefined): Promise<void> {
  if (template === undefined) return browser.storage.local.remove(NOTE_TEMPLATE_KEY);
  compileNoteTemplate(template);
  await browser.storage.local.set({ [NOTE_TEMPLATE_KEY]: template });
}

export function noteLocale(): NoteLocale {
  return uiLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function sourceNoteOptions(template: string | undefined): SourceNoteOptions {
  const base = browser.runtime.getURL('/');
  return {
    template,
    locale: noteLocale(),
    resolveLink: (annotation) => readerUrlFor(base, annotation),
    resolveSourceLink: readerPageFor,
    describeSource: describeBundledSource,
  };
}

/** The notes the saved template makes of `annotations`. */
export async function sourceNotes(annotations: Annotation[]): Promise<SourceNote[]> {
  return toSourceNotes(annotations, sourceNoteOptions(await loadNoteTemplate()));
}

/** One download per source, together in a dated folder under Downloads; resolves to how many. */
export async function downloadSourceNotes(annotations: Annotation[]): Promise<number> {
  const folder = notesFolderName(new Date());
  const notes = await sourceNotes(annotations);
  for (const note of notes) await downloadText(note.markdown, `${folder}/${note.fileName}`, 'text/markdown');
  return notes.length;
}
