/**
 * How well a saved context (prefix or suffix) agrees with the text beside a candidate match.
 * Both the cheap exact comparison and the edit-distance fallback are bounded by the context's length
 * (≤ a few dozen characters), so scoring one candidate costs O(context²) at worst, never O(page).
 */

/** Characters of `context` that equal the text just before `at`, counting back from `at`. */
export function commonBackward(context: string, text: string, at: number): number {
  let n = 0;
  const max = Math.min(context.length, at);
  while (n < max && context.charCodeAt(context.length - 1 - n) === text.charCodeAt(at - 1 - n)) n++;
  return n;
}

/** Characters of `context` that equal the text from `at` on. */
export function commonForward(context: string, text: string, at: number): number {
  let n = 0;
  const max = Math.min(context.length, text.length - at);
  while (n < max && context.charCodeAt(n) === text.charCodeAt(at + n)) n++;
  return n;
}

/** Extra text characters the alignment may consume, so insertions in the page do not cost twice. */
const SLACK = 8;
/** Context characters nearest the quote that must agree on their own (see SideAgreement.near). */
export const NEAR = 8;

/**
 * Edit distance between `pattern` and the best-aligned stretch of text that touches `at`: on the
 * prefix side the stretch must end at `at`, on the suffix side start there; its other end is free.
 */
function anchoredDistance(
  pattern: string,
  text: string,
  at: number,
  side: 'before' | 'after',
  slack: number,
): number {
  const m = pattern.length;
  const windowLength = side === 'before' ? Math.min(at, m + slack) : Math.min(text.length - at, m + slack);
  // p(i) / t(j): the i-th pattern char and j-th text char walking away from `at`.
  const p = (i: number) => (side === 'before' ? pattern.charCodeAt(m - 1 - i) : pattern.charCodeAt(i));
  const t = (j: number) => (side === 'before' ? text.charCodeAt(at - 1 - j) : text.charCodeAt(at + j));
  // Rows over the pattern, columns over the text window; best is the min over the last row (free end).
  let prev = new Int32Array(windowLength + 1);
  let curr = new Int32Array(windowLength + 1);
  for (let j = 0; j <= windowLength; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    curr[0] = i;
    const pc = p(i - 1);
    for (let j = 1; j <= windowLength; j++) {
      const substitution = (prev[j - 1] as number) + (pc === t(j - 1) ? 0 : 1);
      const deletion = (prev[j] as number) + 1;
      const insertion = (curr[j - 1] as number) + 1;
      curr[j] = Math.min(substitution, deletion, insertion);
    }
    [prev, curr] = [curr, prev];
  }
  let best = m;
  for (let j = 0; j <= windowLength; j++) best = Math.min(best, prev[j] as number);
  return best;
}

export interface SideAgreement {
  /** Similarity in [0, 1] of the whole saved context to the text beside the candidate. */
  full: number;
  /**
   * Similarity of just the NEAR characters next to the quote. A candidate shifted a few characters
   * off the true spot still scores well on `full` (the alignment absorbs the shift) but not here.
   */
  near: number;
  /** Characters matching verbatim, counted outward from the quote until the first difference. */
  run: number;
}

/** Similarity of the NEAR context characters touching the quote: cheap, and decisive for most spots. */
export function nearSimilarity(context: string, text: string, at: number, side: 'before' | 'after'): number {
  const nearContext = side === 'before' ? context.slice(-NEAR) : context.slice(0, NEAR);
  if (nearContext.length === 0) return 0;
  const exact =
    side === 'before' ? commonBackward(nearContext, text, at) : commonForward(nearContext, text, at);
  if (exact === nearContext.length) return 1;
  return Math.max(0, 1 - anchoredDistance(nearContext, text, at, side, 2) / nearContext.length);
}

/** How a saved context compares with the text beside `at`; null when nothing was saved on that side. */
export function contextAgreement(
  context: string,
  text: string,
  at: number,
  side: 'before' | 'after',
): SideAgreement | null {
  if (context.length === 0) return null;
  const exact = side === 'before' ? commonBackward(context, text, at) : commonForward(context, text, at);
  if (exact === context.length) return { full: 1, near: 1, run: exact };
  const full = Math.max(0, 1 - anchoredDistance(context, text, at, side, SLACK) / context.length);
  const near = exact >= NEAR ? 1 : nearSimilarity(context, text, at, side);
  return { full, near, run: exact };
}
