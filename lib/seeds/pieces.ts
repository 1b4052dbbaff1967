import { endsSentence, HAN_RUN, hasPunctuation, normalisePunctuation } from './text';

/** What a seed line turns out to be, before lines are assembled into articles. */
export type Piece =
  | { type: 'heading'; text: string }
  /** A captioned news photo: caption lines and the photographer credit ("李军摄" → "李军"). */
  | { type: 'photo'; caption: string[]; credit: string }
  /** A short line of person names: the author line when it follows a headline. */
  | { type: 'names'; names: string }
  /**
   * Prose. `byline` is set when the line opens a news item ("本报讯（记者 赵青）…", marker
   * removed); `loose` marks a short line without punctuation — a fragment that only counts
   * when it continues a broken sentence, otherwise masthead or ad text.
   */
  | { type: 'text'; text: string; byline?: string; loose: boolean };

interface Line {
  text: string;
  /** Wholly in markdown bold: display type such as a contest name. */
  bold: boolean;
  /** Ended in two or more spaces: a markdown hard break, as in the lines of a boxed ad. */
  hardBreak: boolean;
}

type Block = { heading: string } | { lines: Line[] };

const NAMES = `${HAN_RUN}{2,4}(?:\\s+${HAN_RUN}{2,4}){0,3}`;
const NAME_LINE = new RegExp(`^${NAMES}$`, 'u');
/** Masthead words ("精神文明网", "官方微博"); unlike "本报记者 赵青", no part of a byline. */
const MEDIA_WORD = /[网报刊](?:\s|$)|微信|微博|官方|公众号|客户端/u;
const CREDIT = `[（(]?((?:记者\\s*)?${NAMES})\\s*[/／]?\\s*摄影?[）)]?`;
const CREDIT_LINE = new RegExp(`^${CREDIT}$`, 'u');
/** A credit run into the caption's last sentence: "…视频对话。（李军 摄）". */
const TRAILING_CREDIT = new RegExp(`^(.*[。！？”])\\s*(${CREDIT})$`, 'u');
/** "本报讯（记者 赵青）", "本报北京7月23日讯（…）", "新华社成都7月23日电（…）". */
const NEWS_OPENER = /^(?:本报|新华社)[^，。（）()]{0,16}?[讯电]\s*[（(]([^（）()]{1,24})[）)]\s*/u;
/** "（下转第2版）", "（上接第一版）": where a story jumps pages; the halves are re-joined. */
const PAGE_JUMP = /[（(](?:上接|下转|接|转)第?[\d一二三四五六七八九十]+版[）)]/gu;
/** Co-sponsor lines of boxed ads and contests, and the page's staff credits. */
const SPONSOR = /(?:联办|主办|协办|承办|冠名)$/u;
const STAFF = /^(?:责任编辑|本版编辑|编辑|校对|美编|版式设计)：/u;
const HEADING = /^#{1,6}(?!#)\s*(.*?)(?:\s+#+)?\s*$/u;
const SHORT = 30;

const tidyNames = (names: string): string => names.trim().replace(/\s+/gu, ' ');

/** One source line as zero to two lines: a page-jump note goes, a trailing photo credit gets a line of its own. */
function readLines(raw: string): Line[] {
  const trimmed = raw.trim();
  const text = normalisePunctuation(trimmed.replace(/\*\*|__/gu, ''))
    .replace(PAGE_JUMP, '')
    .trim();
  if (!text) return [];
  const line: Line = {
    text,
    bold: /^(\*\*|__).+\1$/u.test(trimmed),
    hardBreak: / {2,}$/u.test(raw),
  };
  const credit = TRAILING_CREDIT.exec(line.text);
  if (!credit) return [line];
  return [
    { ...line, text: credit[1] as string },
    { text: credit[2] as string, bold: false, hardBreak: false },
  ];
}

/**
 * Blank lines and headings delimit blocks. A photo credit closes its block, and one set
 * apart from its caption by a blank line joins the caption's block.
 */
function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let open: Line[] | undefined;
  for (const raw of text.replace(/^\uFEFF/u, '').split(/\r\n?|\n/u)) {
    const heading = HEADING.exec(raw);
    if (heading) {
      const title = normalisePunctuation((heading[1] as string).replace(/\*\*|__/gu, '').trim());
      if (title) blocks.push({ heading: title });
      open = undefined;
      continue;
    }
    if (!raw.trim()) {
      open = undefined;
      continue;
    }
    for (const line of readLines(raw)) {
      const previous = blocks.at(-1);
      const credit = CREDIT_LINE.test(line.text);
      if (open) {
        open.push(line);
      } else if (credit && previous && 'lines' in previous) {
        previous.lines.push(line);
      } else {
        open = [line];
        blocks.push({ lines: open });
      }
      if (credit) open = undefined;
    }
  }
  return blocks;
}

/**
 * What a line outside headings and photos is; `undefined` for no article text. A short line
 * without punctuation is never prose by itself: bold, boxed (a hard break in a multi-line
 * block), a sponsor, masthead or staff line, or a spaced label is dropped; a run of names may
 * be the byline; anything else is a loose fragment.
 */
function classify(line: Line, previous: Line | undefined, inBox: boolean): Piece | undefined {
  const { text } = line;
  const short = Array.from(text).length <= SHORT;
  const bare = short && !hasPunctuation(text);
  const boxed = inBox && (line.hardBreak || previous?.hardBreak === true);
  if (bare && (line.bold || boxed || SPONSOR.test(text) || MEDIA_WORD.test(text))) return undefined;
  if (short && STAFF.test(text)) return undefined;
  if (bare && NAME_LINE.test(text)) return { type: 'names', names: tidyNames(text) };
  // Prose fragments have no spaces between Chinese words.
  if (bare && /\S\s+\S/u.test(text)) return undefined;
  const opener = NEWS_OPENER.exec(text);
  if (opener) {
    return {
      type: 'text',
      text: text.slice(opener[0].length),
      byline: tidyNames(opener[1] as string),
      loose: false,
    };
  }
  return { type: 'text', text, loose: bare };
}

/**
 * A block ending in a credit line is a news photo. Its caption is the line above the credit,
 * plus any lines above that it continues; earlier lines of the block stay ordinary prose.
 */
function splitPhoto(lines: Line[]): { before: Line[]; photo?: Piece } {
  const credit = CREDIT_LINE.exec(lines.at(-1)?.text ?? '');
  if (!credit || lines.length < 2) return { before: lines };
  let start = lines.length - 2;
  while (start > 0 && !endsSentence((lines[start - 1] as Line).text)) start--;
  const caption = lines.slice(start, -1).map((line) => line.text);
  return {
    before: lines.slice(0, start),
    photo: { type: 'photo', caption, credit: tidyNames(credit[1] as string) },
  };
}

/** Seed text → pieces in reading order; masthead, boxed-ad and bold lines are dropped here. */
export function toPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const block of toBlocks(text)) {
    if ('heading' in block) {
      pieces.push({ type: 'heading', text: block.heading });
      continue;
    }
    const { before, photo } = splitPhoto(block.lines);
    before.forEach((line, i) => {
      const piece = classify(line, before[i - 1], block.lines.length > 1);
      if (piece) pieces.push(piece);
    });
    if (photo) pieces.push(photo);
  }
  return pieces;
}
