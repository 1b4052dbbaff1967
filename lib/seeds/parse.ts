/*
 * Seed text → articles, in three passes: lines → pieces (pieces.ts: blocks, headings, photos,
 * bylines, sign-offs, page jumps; page headers and boxes dropped), pieces → drafts (assemble:
 * which prose belongs to which headline, page breaks and jumps re-joined), drafts → articles
 * (titles, subtitles, ids). Pure: this module is also loaded by the build config.
 */
import { splitHeadline } from './headline';
import { articleId } from './ids';
import { type Piece, toPieces } from './pieces';
import { endsSentence, firstCity } from './text';
import type { Article } from './types';

interface Draft {
  kind: Article['kind'];
  headline?: string;
  byline?: string;
  paragraphs: string[];
  /** Ended by a sign-off or a jump to another page: later prose belongs to another item. */
  closed?: boolean;
}

/** The prose the heading at `index` would head: text up to the next heading, photo or item end. */
function bodyAfter(pieces: readonly Piece[], index: number): string {
  const texts: string[] = [];
  for (const piece of pieces.slice(index + 1)) {
    if (piece.type === 'heading' || piece.type === 'photo' || piece.type === 'signoff') break;
    if (piece.type === 'text' && !piece.loose) texts.push(piece.text);
  }
  return texts.join('');
}

/** How many of the headline's character pairs occur in `text`: a headline restates its story. */
function echoes(headline: string, text: string): number {
  const chars = Array.from(headline.replace(/[\s\p{P}]/gu, ''));
  const pairs = new Set(chars.slice(1).map((ch, i) => `${chars[i]}${ch}`));
  return [...pairs].filter((pair) => text.includes(pair)).length;
}

/** Lines cut by a page or column break (no sentence end) run on into the next line. */
function joinBroken(lines: readonly string[]): string[] {
  const paragraphs: string[] = [];
  for (const line of lines) {
    const last = paragraphs.at(-1);
    if (last !== undefined && !endsSentence(last)) paragraphs[paragraphs.length - 1] = last + line;
    else paragraphs.push(line);
  }
  return paragraphs;
}

/**
 * Pieces → article drafts. A heading opens an article, and so does a news opener
 * ("本报讯（…）") or an author line once the current article has prose. A heading goes to the
 * headless item before it instead when it introduces no prose of its own (next comes another
 * heading, a photo or the end), or when it restates that item more than the prose after it:
 * the layout that prints a headline under its story. A sign-off ("（钱芳 朱莉）") gives the
 * item its byline and ends it. A story cut off by "（下转…）" takes up the text after the next
 * "（上接…）", and the headline repeated over that continuation is dropped.
 */
function assemble(pieces: readonly Piece[]): Draft[] {
  const drafts: Draft[] = [];
  const jumped: Draft[] = [];
  let current: Draft | undefined;
  const open = (draft: Draft): Draft => {
    drafts.push(draft);
    current = draft;
    return draft;
  };

  const addProse = (text: string, loose: boolean, byline?: string): void => {
    const last = current?.paragraphs.at(-1);
    if (current && !current.closed && last !== undefined && !byline && !endsSentence(last)) {
      current.paragraphs[current.paragraphs.length - 1] = last + text;
      return;
    }
    if (loose) return;
    const draft =
      current && !current.closed && !(byline && current.paragraphs.length)
        ? current
        : open({ kind: 'article', paragraphs: [] });
    if (byline) draft.byline ??= byline;
    draft.paragraphs.push(text);
  };

  pieces.forEach((piece, index) => {
    switch (piece.type) {
      case 'heading': {
        if (pieces[index + 1]?.type === 'resumed' && jumped.length) break;
        const headless = current && !current.headline && current.paragraphs.length ? current : undefined;
        const body = bodyAfter(pieces, index);
        if (
          headless &&
          (!body || echoes(piece.text, headless.paragraphs.join('')) > echoes(piece.text, body))
        ) {
          headless.headline = piece.text;
          current = undefined;
        } else {
          open({ kind: 'article', headline: piece.text, paragraphs: [] });
        }
        break;
      }
      case 'photo':
        drafts.push({ kind: 'photo', byline: piece.credit, paragraphs: joinBroken(piece.caption) });
        current = undefined;
        break;
      case 'names':
        if (current?.headline && !current.paragraphs.length && !current.byline) current.byline = piece.names;
        // One word may be a fragment of a broken sentence ("锦江区"); a list of names or a marked byline is not.
        else if (piece.marked || piece.names.includes(' '))
          open({ kind: 'article', byline: piece.names, paragraphs: [] });
        else addProse(piece.names, true);
        break;
      case 'signoff':
        if (current?.paragraphs.length) {
          current.byline ??= piece.names;
          current.closed = true;
        }
        break;
      case 'continued':
        if (current) {
          jumped.push(current);
          current.closed = true;
        }
        break;
      case 'resumed': {
        const story = jumped.pop();
        if (story) {
          story.closed = false;
          current = story;
        }
        break;
      }
      case 'text':
        addProse(piece.text, piece.loose, piece.byline);
        break;
    }
  });
  return drafts;
}

const LEAD_IN = /^(?:近日|日前|近期|连日来|今年以来|(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上?)?)，?/u;
const TITLE_MAX = 24;

/** A title for prose without a headline: its first clause, minus a leading "近日，" or date. */
function leadTitle(paragraph: string): string {
  const clause = paragraph.replace(LEAD_IN, '').split(/[，。！？；：]/u)[0] || paragraph;
  const chars = Array.from(clause);
  return chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX).join('')}…` : clause;
}

/**
 * A news photo has no headline; a reader expects the event it shows. Captions name it in
 * quotes ("开展“关爱留守儿童，播洒爱心阳光”文明实践活动"), so the title is the quoted
 * name with the words that follow it, after the city ("吉安：“…”文明实践活动"); without a
 * quoted name, the caption's first clause.
 */
function photoTitle(caption: string): string {
  const sentence = caption.split(/(?<=[。！？])/u)[0] ?? '';
  const named = /“[^“”]+”\p{Script=Han}{0,8}/u.exec(sentence);
  if (!named) return leadTitle(caption);
  const city = firstCity(sentence);
  return city ? `${city}：${named[0]}` : named[0];
}

function titles(draft: Draft, lead: string): Pick<Article, 'title' | 'subtitle'> {
  if (draft.headline) return splitHeadline(draft.headline);
  return { title: draft.kind === 'photo' ? photoTitle(lead) : leadTitle(lead) };
}

/**
 * Parse one seed file (a newspaper page as text, with OCR damage) into articles.
 * Bylines: "本报讯（记者 赵青）" is removed from the first paragraph, which then reads as
 * plain prose, and kept as `byline`; an author line ("本报记者 X", "文/图 X"), a sign-off
 * after the last sentence ("（X）") and a photographer's credit ("李军摄") become the byline
 * too. Items without prose are dropped.
 */
export function parseSeed(text: string, source: string): Article[] {
  const taken = new Set<string>();
  return assemble(toPieces(text)).flatMap((draft) => {
    const [lead] = draft.paragraphs;
    if (lead === undefined) return [];
    const { title, subtitle } = titles(draft, lead);
    return [
      {
        id: articleId(source, title, taken),
        title,
        ...(subtitle && { subtitle }),
        ...(draft.byline && { byline: draft.byline }),
        kind: draft.kind,
        paragraphs: draft.paragraphs,
        source,
      },
    ];
  });
}
