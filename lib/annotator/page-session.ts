import type { Annotator, AnnotatorUi } from './core';

/**
 * What the content-script bootstrap hands the lazily injected UI script. Both run in the same
 * isolated world (the UI is injected with scripting.executeScript), so a global is the handover.
 */
export interface ContentPageSession {
  annotator: Annotator;
  locale: string;
  /** The UI script calls this once it has built the UI. */
  provideUi(ui: AnnotatorUi): void;
}

declare global {
  var __meipiPageSession: ContentPageSession | undefined;
}

export function getPageSession(): ContentPageSession | undefined {
  return globalThis.__meipiPageSession;
}

export function setPageSession(session: ContentPageSession | undefined): void {
  globalThis.__meipiPageSession = session;
}
