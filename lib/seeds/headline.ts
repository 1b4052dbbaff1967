import { startsWithPlace } from './text';

const SUBTITLE_DASH = /^(?:[—–]+|--)/u;

export interface Headline {
  title: string;
  subtitle?: string;
}

/** Join headline parts; a space survives only between two Latin letters or digits ("5G 网络" stays apart). */
function joinParts(parts: readonly string[]): string {
  return parts.reduce((joined, part) =>
    /[A-Za-z0-9]$/.test(joined) && /^[A-Za-z0-9]/.test(part) ? `${joined} ${part}` : joined + part,
  );
}

/**
 * A headline line whose parts are separated by spaces is either one headline broken over
 * lines, or two headlines printed together. Chinese papers stack them as 引题 (kicker, first)
 * over 主题 (main title), or 主题 over a 副题 that starts with a dash. So:
 *  - a part starting with "—" opens a 副题: everything before is the title, the rest the subtitle;
 *  - a part starting with a place name ("宜昌市…") has its own subject, so it is the main
 *    title and what comes before is the kicker (stored as subtitle) — unless what comes before
 *    is itself a place ("湖北省 宜昌市…"), which just runs on;
 *  - otherwise the parts are one headline broken over two lines and are joined with nothing
 *    between ("曲靖市麒麟区 新时代文明实践…" → "曲靖市麒麟区新时代文明实践…").
 */
export function splitHeadline(text: string): Headline {
  const parts = text.trim().split(/\s+/u).filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    const before = joinParts(parts.slice(0, i));
    if (SUBTITLE_DASH.test(part)) {
      const subtitle = joinParts([part.replace(SUBTITLE_DASH, ''), ...parts.slice(i + 1)]);
      return subtitle ? { title: before, subtitle } : { title: before };
    }
    if (startsWithPlace(part) && !/[省市县区]$/u.test(before)) {
      return { title: joinParts(parts.slice(i)), subtitle: before };
    }
  }
  return { title: parts.length ? joinParts(parts) : '' };
}
