export interface Article {
  /** Stable slug: the same on every build and every install. */
  id: string;
  /** The headline; a sub-headline, where the seed has one, goes to subtitle. */
  title: string;
  subtitle?: string;
  /** Reporter / author / photographer, e.g. "记者 赵青", "张红艳 杨柳", "李军". */
  byline?: string;
  /** 'photo': a captioned news photo with no headline of its own. */
  kind: 'article' | 'photo';
  /** Repaired paragraphs in reading order (no page-break splits, no ads). */
  paragraphs: string[];
  /** The seed file's name. */
  source: string;
}
