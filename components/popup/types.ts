import type { Annotation, AnnotationInput, Color } from '../../lib/db/types';
import type { FieldHighlight } from '../common/AnnotationCard';

/** What the active tab is, as far as the popup cares. */
export type PageContext =
  /** A page Meipi annotates; `reader`: one of the bundled articles in the extension's reader. */
  | { kind: 'page'; source: string; title: string; reader: boolean }
  /** A PDF in the browser's viewer: the popup offers to open it in Meipi's. */
  | { kind: 'pdf'; url: string }
  /** A page Meipi can't run on: chrome://, the Web Store, about:blank… */
  | { kind: 'unsupported' }
  /** A page Meipi may not even see: the reader took its access to websites away. */
  | { kind: 'no-access' }
  /** No tab to speak of (the popup opened as a page of its own). */
  | { kind: 'none' };

/** What the page's content script says about its highlights. */
export type AnchorStatus =
  | { state: 'running'; orphanIds: string[] }
  /** No content script answered: the page was open before Meipi was installed or reloaded. */
  | { state: 'absent' }

  /** It didn't answer in time (a very long page still anchoring): no claim either way. */
  | { state: 'unknown' };

export interface PopupHit {
  annotation: Annotation;
  matches: string[];
  highlights?: FieldHighlight[];
}

export interface PopupSearch {
  hits: PopupHit[];
  /** Matches in all (the hits are the first of them); `totalExact` false: an estimate. */
  total?: number;
  totalExact?: boolean;
  degraded: boolean;
  /** 'failed': jieba could not load, so results stay character-matched. */
  segmenter?: 'ready' | 'loading' | 'failed';
}

export interface PopupFilters {
  color?: Color;
  tag?: string;
  /** Only the current page's annotations. */
  thisPage: boolean;
}

/** Everything the popup does outside itself; the entrypoint wires it to the background and tabs. */
export interface PopupApi {
  /** Quick: from the active tab's URL. */
  currentPage(): Promise<PageContext>;
  /** Slower: asks the active tab's content script which highlights it couldn't place. */
  anchorStatus(): Promise<AnchorStatus>;
  /**
   * Asks the browser for access to websites again (its own prompt; call it straight from the
   * click), and reloads the tab once given. False when the reader said no.
   */
  grantSiteAccess(): Promise<boolean>;
  listPage(source: string): Promise<Annotation[]>;
  recent(limit: number): Promise<Annotation[]>;
  search(
    query: string,
    /** `shown`: the ids already listed, for the next page. */
    options: { color?: Color; tag?: string; source?: string; limit: number; shown?: string[] },
  ): Promise<PopupSearch>;
  create(input: AnnotationInput): Promise<Annotation>;
  open(annotation: Annotation): Promise<void>;
  exportMarkdown(annotations: Annotation[]): Promise<void>;
  copyMarkdown(annotations: Annotation[]): Promise<void>;
  openLibrary(): void;
  openReader(): void;
  /** Shows the PDF of the active tab in Meipi's viewer, in that tab. */
  openPdf(url: string): void;
  close(): void;
  /** Calls back when annotations change anywhere; returns an unsubscribe. */
  onChanged(listener: () => void): () => void;
}
