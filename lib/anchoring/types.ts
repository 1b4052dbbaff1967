/** W3C Web Annotation selectors, as saved with every annotation. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** Unknown selector types (from other tools) are kept verbatim so an import/export round trip loses nothing. */
export interface OtherSelector {
  type: string;
  [key: string]: unknown;
}

export type Selector = TextQuoteSelector | TextPositionSelector | OtherSelector;
