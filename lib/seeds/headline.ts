import { startsWithPlace } from './text';

export interface Headline {
  title: string;
  subtitle?: string;
}

const SUBTITLE_DASH = /^(?:[—–]+|--)/u;
/** Shorter parts are fragments (a place, a topic), not headlines of their own. */
const STANDALONE = 8;
/** A single headline rarely runs longer; two parts that do are two headlines. */
const ONE_LINE = 28;

const length = (text: string): number => Array.from(text).length;

/** Join headline parts; a space survives only between two Latin letters or digits ("iPhone 15"). */
function joinParts(parts: readonly string[]): string {
  return parts.reduce((joined, part) =>
    /[A-Za-z0-9]$/u.test(joined) && /^[A-Za-z0-9]/u.test(part) ? `${joined} ${part}` : joined + part,
  );
}

/**
 * A headline line whose parts are separated by spaces is either one headline broken over
 * lines, or two headlines printed together. Chinese papers stack them as 引题 (kicker, first)
 * over 主题 (main title), or 主题 over a 副题 that starts with a dash. At the first space where
 *  - the next part starts with a dash: before it is the title, after it the subtitle (副题);
 *  - the next part starts with a place name ("宜昌市…"), so it has its own subject, or both
 *    sides could stand alone and together are too long for one headline: the rest is the main
 *    title and what comes before it the kicker, stored as subtitle. A place before a place
 *    ("湖北省 宜昌市…") just runs on;
 * otherwise the parts are one headline broken over lines and are joined with nothing between
 * ("曲靖市麒麟区 新时代文明实践…" → "曲靖市麒麟区新时代文明实践…").
 */
export function splitHeadline(text: string): Headline {
  const parts = text.trim().split(/\s+/u).filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const before = joinParts(parts.slice(0, i));
    const rest = joinParts(parts.slice(i));
    if (SUBTITLE_DASH.test(rest)) {
      const subtitle = rest.replace(SUBTITLE_DASH, '');
      return subtitle ? { title: before, subtitle } : { title: before };
    }
    const ownSubject = startsWithPlace(rest) && !/[省市县区]$/u.test(before);
    const twoHeadlines =
      Math.min(length(before), length(rest)) >= STANDALONE && length(before) + length(rest) > ONE_LINE;
    if (ownSubject || twoHeadlines) return { title: rest, subtitle: before };
  }
  return { title: parts.length ? joinParts(parts) : '' };
}
