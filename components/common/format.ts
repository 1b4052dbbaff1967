import type { Color } from '../../lib/db/types';
import type { MessageKey, Translate } from './messages';

const COLOR_KEYS: Record<Color, MessageKey> = {
  yellow: 'uiColorYellow',
  green: 'uiColorGreen',
  blue: 'uiColorBlue',
  pink: 'uiColorPink',
  purple: 'uiColorPurple',
};

export function colorName(t: Translate, color: Color): string {
  return t(COLOR_KEYS[color]);
}

/** A count as the reader's locale writes it: 2,242. */
export function formatCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(count);
}

const DAY = 86_400_000;

/** Building an Intl.DateTimeFormat costs far more than using one: a list of hundreds of cards reuses them. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * Short, locale-aware dates: a time for today, month and day this year, the full date before.
 * `now` is a parameter so tests are deterministic.
 */
export function formatDate(time: number, locale: string, now: number = Date.now()): string {
  const date = new Date(time);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) {
    return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  }
  if (date.getFullYear() === today.getFullYear() && now - time < 366 * DAY) {
    return formatter(locale, { month: 'short', day: 'numeric' }).format(date);
  }
  return formatter(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/** A readable label for a source: its title, else its host and path. */
export function sourceLabel(t: Translate, title: string, source: string): string {
  if (title.trim()) return title.trim();
  try {
    const url = new URL(source);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.host + url.pathname;
  } catch {
    // not a URL: fall through
  }
  return t('uiUntitled');
}
