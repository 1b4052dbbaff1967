/**
 * Escaping for user text (quotes, notes, titles) placed in CommonMark documents that Obsidian,
 * Logseq and Typora users keep. The goal: whatever the text holds, it stays inside its block and
 * renders as the literal text. Checked in tests against every CommonMark spec example.
 */

/** Inline characters that start markup anywhere in a line (CommonMark, GFM and Obsidian flavours). */
const ALWAYS_ESCAPED = /[\\`*_[\]<#~|$^]/g;
/** Obsidian highlight `==`, comment `%%`, Logseq property `::`: escape only the doubled forms. */
const DOUBLED = /([=%:])(?=\1)/g;
/** `&` only matters when it would start an entity or numeric character reference. */
const ENTITY_START = /&(?=#?[A-Za-z0-9]+;)/g;
/** ASCII punctuation at the start of a line may open a block (heading, list, quote, fence, break…). */
const LINE_START_PUNCTUATION = /^[!-/:-@[-`{-~]/;
/** `1.` or `1)` at line start opens an ordered list. */
const ORDERED_MARKER = /^(\d{1,9})([.)])/;
const LEADING_WS = /^[ \t]+/;
const TRAILING_WS = /[ \t]+$/;

function entitiesFor(whitespace: string): string {
  let out = '';
  for (const ch of whitespace) out += ch === '\t' ? '&#9;' : '&#32;';
  return out;
}

/** Escapes characters that could start inline markup; keeps the text on one line. */
export function escapeInline(text: string): string {
  return text.replace(ALWAYS_ESCAPED, '\\$&').replace(DOUBLED, '\\$1').replace(ENTITY_START, '\\&');
}

/**
 * One physical line of a paragraph: inline escapes, plus whatever would make the line start a block
 * or lose its edge whitespace (indentation becomes code; paragraph lines are stripped).
 */
export function escapeLine(line: string): string {
  const lead = LEADING_WS.exec(line)?.[0] ?? '';
  const rest = line.slice(lead.length);
  const trail = TRAILING_WS.exec(rest)?.[0] ?? '';
  const core = rest.slice(0, rest.length - trail.length);
  let body = escapeInline(core);
  if (LINE_START_PUNCTUATION.test(body) && !body.startsWith('\\')) body = `\\${body}`;
  body = body.replace(ORDERED_MARKER, '$1\\$2');
  return entitiesFor(lead) + body + entitiesFor(trail);
}

export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Markdown lines for a block of free text, as paragraphs: a blank line in the text separates
 * paragraphs, a single newline is a hard line break (`\` at line end), and newlines that neither
 * can express (leading, trailing, or a third in a row) are written as `&#10;`. Returns [] for ''.
 * Parsing back: paragraphs joined by "\n\n", line breaks as "\n", gives the text exactly
 * (after CRLF → LF).
 */
export function textToParagraphLines(text: string): string[] {
  const normalised = normaliseNewlines(text);
  if (normalised === '') return [];
  const leading = /^\n*/.exec(normalised)?.[0].length ?? 0;
  if (leading === normalised.length) return ['&#10;'.repeat(leading)];
  const trailing = /\n*$/.exec(normalised)?.[0].length ?? 0;
  const core = normalised.slice(leading, normalised.length - trailing);

  const out: string[] = [];
  let pendingPrefix = '&#10;'.repeat(leading);
  // Separators are runs of newlines; the text between them is a non-empty line.
  const parts = core.split(/(\n+)/);
  for (let i = 0; i < parts.length; i += 2) {
    const line = pendingPrefix + escapeLine(parts[i] ?? '');
    pendingPrefix = '';
    const separator = parts[i + 1];
    if (separator === undefined) {
      out.push(line + '&#10;'.repeat(trailing));
    } else if (separator.length === 1) {
      out.push(`${line}\\`);
    } else {
      out.push(line, '');
      pendingPrefix = '&#10;'.repeat(separator.length - 2);
    }
  }
  return out;
}

/** Prefixes lines for a block quote; blank separator lines become a bare `>`. */
export function quoteLines(lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? '>' : `> ${line}`));
}

/** Percent-encodes what a markdown link destination cannot hold literally. */
export function linkDestination(url: string): string {
  return url.replace(/[\s()<>\\`[\]"]/gu, (ch) => encodeURIComponent(ch).replace(/[()]/g, percentByte));
}

function percentByte(ch: string): string {
  return `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

const URL_SCHEMES_LINKED = /^(https?|file|chrome-extension|moz-extension):/i;

/** Sources that are safe to put behind a link: no `javascript:`/`data:` or other active schemes. */
export function isLinkableUrl(url: string): boolean {
  return URL_SCHEMES_LINKED.test(url);
}

/** `[text](url)` with both parts escaped. */
export function markdownLink(text: string, url: string): string {
  return `[${escapeInline(text.replace(/\s+/g, ' '))}](${linkDestination(url)})`;
}

/**
 * A tag in Obsidian's tag syntax: letters, numbers, `_`, `-`, `/` (plus emoji), at least one
 * non-digit. Spaces and punctuation become `-`. `_` is kept only between letters or digits so it
 * can never open or close emphasis in CommonMark. Returns '' when nothing usable is left.
 */
export function obsidianTag(tag: string): string {
  let safe = tag
    .normalize('NFC')
    .replace(/(?:(?!\u200d)[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}_/-])+/gu, '-')
    .replace(/(?<![\p{L}\p{N}\p{M}])_|_(?![\p{L}\p{N}\p{M}])/gu, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/-{2,}/g, '-')
    .replace(/^[-/]+|[-/]+$/g, '');
  // Obsidian's own documented fix for a numbers-only tag (#1984 → #y1984).
  if (/^\p{N}+$/u.test(safe)) safe = `y${safe}`;
  return safe;
}

/**
 * A YAML double-quoted scalar (valid YAML 1.1 and 1.2): JSON escapes plus `\xNN`/`\uNNNN` for
 * characters outside YAML's printable set (DEL, C1 controls, lone surrogates, U+FEFF, U+FFFE/F).
 */
export function yamlString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i] ?? '';
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[i + 1];
        i++;
      } else out += unicodeEscape(code);
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xdc00 && code <= 0xdfff) ||
      code === 0xfeff ||
      code === 0xfffe ||
      code === 0xffff ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += unicodeEscape(code);
    } else out += ch;
  }
  return `${out}"`;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
