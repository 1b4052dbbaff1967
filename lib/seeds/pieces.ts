import { endsSentence, HAN_RUN, hasPunctuation, normalisePunctuation } from './text';

/** What a seed line turns out to be, before lines are assembled into articles. */
export type Piece =
  | { type: 'heading'; text: string }
  /** A captioned news photo: caption lines and the photographer credit ("李军摄" → "李军"). */
  | { type: 'photo'; caption: string[]; credit: string }
  /**
   * A short line of person names: the author line when it follows a headline. `marked`: it
   * carried a byline mark ("文/图 王小明", "■ 记者 王明"), so even one name is a byline.
   */
  | { type: 'names'; names: string; marked: boolean }
  /** Names in brackets after a story's last sentence ("…参加。（钱芳 朱莉）"): its byline, and its end. */
  | { type: 'signoff'; names: string }
  /** "（下转第2版）": the story goes on elsewhere. */
  | { type: 'continued' }
  /** "（上接第1版）": what follows is the rest of a story that jumped here. */
  | { type: 'resumed' }
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

/** A page-jump note, as the piece it becomes. */
type Jump = { jump: 'continued' | 'resumed' };
type Block = { heading: string } | { lines: Line[] } | Jump;

const NAMES = `${HAN_RUN}{2,4}(?:\\s+${HAN_RUN}{2,4}){0,3}`;
const NAME_LINE = new RegExp(`^${NAMES}$`, 'u');
/** Masthead words ("精神文明网", "官方微博"); unlike "本报记者 赵青", no part of a byline. */
const MEDIA_WORD = /[网报刊](?:\s|$)|微信|微博|官方|公众号|客户端/u;
/** "李军摄", "（记者 王刚 摄）", "新华社记者 冯大鹏 摄": a role ending in 记者 may run into the names. */
const CREDIT = `[（(]?((?:${HAN_RUN}{0,5}记者\\s*)?${NAMES})\\s*[/／]?\\s*摄影?[）)]?`;
const CREDIT_LINE = new RegExp(`^${CREDIT}$`, 'u');
/** A credit run into the caption's last sentence: "…视频对话。（李军 摄）". */
const TRAILING_CREDIT = new RegExp(`^(.*[。！？”])\\s*(${CREDIT})$`, 'u');
/** "（钱芳 朱莉）" closing a story; "（待续）" is no name. */
const SIGNOFF = `[（(]\\s*(?!未?完?待续)(${NAMES})\\s*[）)]`;
const SIGNOFF_LINE = new RegExp(`^${SIGNOFF}$`, 'u');
const TRAILING_SIGNOFF = new RegExp(`^(.*[。！？”])\\s*(${SIGNOFF})$`, 'u');
/** What marks a line as a byline: a bullet ("■ 记者 王明") or "文/", "图/", "文/图". */
const BYLINE_MARK = /^(?:[■□●◆▲★☆◇◎]|文\s*[/／]\s*图|[文图]\s*[/／])\s*/u;
/** "本报讯（记者 赵青）", "本报北京7月23日讯（…）", "新华社成都7月23日电（…）". */
const NEWS_OPENER = /^(?:本报|新华社)[^，。（）()]{0,16}?[讯电]\s*[（(]([^（）()]{1,24})[）)]\s*/u;
/** "（下转第2版）", "（上接第一版）": where a story jumps pages; the halves are re-joined. */
const PAGE_JUMP = /[（(](上接|下转|接|转)第?[\d一二三四五六七八九十]+版[）)]/gu;
/** A heading that names a page ("第2版"), or a level-1 heading: the page's header, not a story's. */
const PAGE_LABEL = /第\s*[\d一二三四五六七八九十]+\s*版/u;
/** Caption labels in front of a photo's caption. */
const CAPTION_LABEL = /^(?:图片说明|图说|图注)[：:]\s*/u;
/** Co-sponsor lines of boxed ads and contests, and the page's staff credits. */
const SPONSOR = /(?:联办|主办|协办|承办|冠名)$/u;
const STAFF = /^(?:责任编辑|本版编辑|编辑|校对|美编|版式设计)：/u;
const HEADING = /^(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$/u;
const SHORT = 30;

const tidyNames = (names: string): string => names.trim().replace(/\s+/gu, ' ');

/**
 * One source line as lines and page jumps in reading order: a jump note becomes a jump ("上接"
 * before the line's text, "下转" after it), and a trailing photo credit or sign-off gets a line of its own.
 */
function readLines(raw: string): Array<Line | Jump> {
  const trimmed = raw.trim();
  const marked = normalisePunctuation(trimmed.replace(/\*\*|__/gu, ''));
  const jumps: Jump[] = Array.from(marked.matchAll(PAGE_JUMP), (note) => ({
    jump: (note[1] as string).endsWith('接') ? 'resumed' : 'continued',
  }));
  const text = marked.replace(PAGE_JUMP, '').trim();
  const lines: Line[] = [];
  if (text) {
    const line: Line = { text, bold: /^(\*\*|__).+\1$/u.test(trimmed), hardBreak: / {2,}$/u.test(raw) };
    const tail = TRAILING_CREDIT.exec(text) ?? TRAILING_SIGNOFF.exec(text);
    if (tail)
      lines.push(
        { ...line, text: tail[1] as string },
        { text: tail[2] as string, bold: false, hardBreak: false },
      );
    else lines.push(line);
  }
  return [
    ...jumps.filter((j) => j.jump === 'resumed'),
    ...lines,
    ...jumps.filter((j) => j.jump === 'continued'),
  ];
}

/**
 * Blank lines, headings and page jumps delimit blocks; page headers are skipped. A photo
 * credit closes its block, and one set apart from its caption by a blank line joins the caption's block.
 */
function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let open: Line[] | undefined;
  for (const raw of text.replace(/^\uFEFF/u, '').split(/\r\n?|\n/u)) {
    const heading = HEADING.exec(raw);
    if (heading) {
      const title = normalisePunctuation((heading[2] as string).replace(/\*\*|__/gu, '').trim());
      const pageHeader = heading[1] === '#' || PAGE_LABEL.test(title);
      if (title && !pageHeader) blocks.push({ heading: title });
      open = undefined;
      continue;
    }
    if (!raw.trim()) {
      open = undefined;
      continue;
    }
    for (const line of readLines(raw)) {
      if ('jump' in line) {
        blocks.push(line);
        open = undefined;
        continue;
      }
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

const isShort = (text: string): boolean => Array.from(text).length <= SHORT;

/**
 * Which lines belong to a box (an ad, a contest, a sponsor panel): a run of two or more lines
 * held together by hard breaks, not all of them whole sentences. Its short lines are dropped
 * whatever punctuation they carry (“…”, ·, 《》, ：); prose paragraphs are set apart by blank lines.
 */
function boxedLines(lines: readonly Line[]): boolean[] {
  const boxed = lines.map(() => false);
  for (let start = 0; start < lines.length; ) {
    let end = start;
    while (end < lines.length - 1 && (lines[end] as Line).hardBreak) end++;
    const run = lines.slice(start, end + 1);
    if (run.length > 1 && run.some((line) => isShort(line.text) && !endsSentence(line.text))) {
      run.forEach((line, i) => {
        boxed[start + i] = isShort(line.text);
      });
    }
    start = end + 1;
  }
  return boxed;
}

/**
 * What a line outside headings and photos is; `undefined` for no article text. Box lines are
 * dropped. A short line without punctuation is never prose by itself: bold, a sponsor,
 * masthead or staff line, or a spaced label is dropped; a run of names (after a byline mark
 * such as "文/图" or "■") may be the byline, bracketed names a sign-off; anything else is a
 * loose fragment.
 */
function classify(line: Line, boxed: boolean): Piece | undefined {
  const { text } = line;
  const short = isShort(text);
  const bare = short && !hasPunctuation(text);
  if (boxed) return undefined;
  if (bare && (line.bold || SPONSOR.test(text) || MEDIA_WORD.test(text))) return undefined;
  if (short && STAFF.test(text)) return undefined;
  const signoff = SIGNOFF_LINE.exec(text);
  if (signoff) return { type: 'signoff', names: tidyNames(signoff[1] as string) };
  const unmarked = text.replace(BYLINE_MARK, '');
  if (short && NAME_LINE.test(unmarked)) {
    return { type: 'names', names: tidyNames(unmarked), marked: unmarked !== text };
  }
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
 * plus any lines above that it continues, without a "图片说明：" label; earlier lines of the
 * block stay ordinary prose.
 */
function splitPhoto(lines: Line[]): { before: Line[]; photo?: Piece } {
  const credit = CREDIT_LINE.exec(lines.at(-1)?.text ?? '');
  if (!credit || lines.length < 2) return { before: lines };
  let start = lines.length - 2;
  while (start > 0 && !endsSentence((lines[start - 1] as Line).text)) start--;
  const caption = lines
    .slice(start, -1)
    .map((line, i) => (i ? line.text : line.text.replace(CAPTION_LABEL, '')));
  return {
    before: lines.slice(0, start),
    photo: { type: 'photo', caption, credit: tidyNames(credit[1] as string) },
  };
}

/** Seed text → pieces in reading order; page headers, masthead, box and bold lines are dropped here. */
export function toPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const block of toBlocks(text)) {
    if ('heading' in block) {
      pieces.push({ type: 'heading', text: block.heading });
      continue;
    }
    if ('jump' in block) {
      pieces.push({ type: block.jump });
      continue;
    }
    const { before, photo } = splitPhoto(block.lines);
    const boxed = boxedLines(before);
    before.forEach((line, i) => {
      const piece = classify(line, boxed[i] === true);
      if (piece) pieces.push(piece);
    });
    if (photo) pieces.push(photo);
  }
  return pieces;
}
