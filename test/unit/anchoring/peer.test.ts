// @vitest-environment happy-dom
/**
 * Independent cases from other anchoring projects (data only, in ../shared/peer). Our own assertions:
 * where a peer's semantics differ on purpose (see DEVIATIONS), the test asserts our behaviour and says why.
 */
import { expect, describe as group, it } from 'vitest';
import { anchor, describe, rangeFromPosition, type Selector, textOffsetsOf } from '../../../lib/anchoring';
import { readPeer, readPeerJson, resolveXPath } from './helpers';

interface XRange {
  startContainerXPath: string;
  startOffset: number;
  endContainerXPath: string;
  endOffset: number;
}
interface MatchCase {
  html: string;
  selector: Selector & { start?: number; end?: number };
  expected: XRange[];
}
interface DescribeCase {
  html: string;
  range: XRange;
  options: Record<string, unknown>;
  expected: { type: string; exact: string; prefix: string; suffix: string };
}
interface ApacheCases {
  'css_match-cases': { testCases: Record<string, { html: string; selector: Selector }> };
  'text-position_match-cases': { testCases: Record<string, MatchCase> };
  'text-quote_match-cases': { testCases: Record<string, MatchCase> };
  'text-quote_describe-cases': Record<string, Record<string, DescribeCase>>;
}

const apache = readPeerJson<ApacheCases>('apache-annotator', 'apache-annotator-cases.json');

/**
 * Apache compares contexts character for character; we ignore whitespace in quotes and contexts (so
 * re-indented or reflowed pages still match). Suffix "a" therefore agrees with " amet", and the one
 * verbatim "dolor" anchors where Apache reports no match.
 */
const CONTEXT_IS_EVIDENCE = new Set(['with suffix, no matches due to whitespace']);

/** happy-dom only supports Range in the window's own document, so load parsed HTML into it. */
function parse(html: string): Document {
  // External resources have no text; dropping them keeps happy-dom from trying to fetch them.
  const offline = html
    .replace(/<link\b[^>]*>/gi, '')
    .replace(/<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi, '');
  const parsed = new DOMParser().parseFromString(offline, 'text/html');
  document.head.replaceWith(document.importNode(parsed.head, true));
  document.body.replaceWith(document.importNode(parsed.body, true));
  return document;
}

function xrange(doc: Document, spec: XRange): Range {
  const range = doc.createRange();
  range.setStart(resolveXPath(doc, spec.startContainerXPath), spec.startOffset);
  range.setEnd(resolveXPath(doc, spec.endContainerXPath), spec.endOffset);
  return range;
}

/** Apache positions count code points (the W3C wording); ours count UTF-16 units like JS strings. */
function codePointToUnit(text: string, codePoints: number): number {
  let unit = 0;
  for (let cp = 0; cp < codePoints; cp++) unit += (text.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
  return unit;
}

group('apache-annotator text-position match cases', () => {
  for (const [name, c] of Object.entries(apache['text-position_match-cases'].testCases)) {
    it(name, () => {
      const doc = parse(c.html);
      const root = doc.documentElement;
      const text = root.textContent ?? '';
      const start = codePointToUnit(text, c.selector.start as number);
      const end = codePointToUnit(text, c.selector.end as number);
      const ours = anchor(root, [{ type: 'TextPositionSelector', start, end }]) as Range;
      const expected = xrange(doc, c.expected[0] as XRange);
      expect(textOffsetsOf(root, ours)).toEqual(textOffsetsOf(root, expected));
      expect(ours.toString()).toBe(expected.toString());
    });
  }
});

group('apache-annotator text-quote match cases', () => {
  for (const [name, c] of Object.entries(apache['text-quote_match-cases'].testCases)) {
    it(name, () => {
      const doc = parse(c.html);
      const root = doc.documentElement;
      const ours = anchor(root, [c.selector]) as Range | null;
      if (CONTEXT_IS_EVIDENCE.has(name)) {
        expect(c.expected).toEqual([]);
        const text = root.textContent ?? '';
        const exact = (c.selector as { exact: string }).exact;
        expect(ours?.toString()).toBe(exact);
        expect(textOffsetsOf(root, ours as Range)?.start).toBe(text.indexOf(exact));
        return;
      }
      if (c.expected.length === 0) {
        expect(ours).toBeNull();
        return;
      }
      expect(ours).not.toBeNull();
      const allowed = c.expected.map((x) => textOffsetsOf(root, xrange(doc, x)));
      expect(allowed).toContainEqual(textOffsetsOf(root, ours as Range));
    });
  }
});

group('apache-annotator text-quote describe cases: describe then anchor returns the same span', () => {
  for (const [kind, cases] of Object.entries(apache['text-quote_describe-cases'])) {
    for (const [name, c] of Object.entries(cases)) {
      it(`${kind}: ${name}`, () => {
        const doc = parse(c.html);
        const root = doc.documentElement;
        const range = xrange(doc, c.range);
        const selectors = describe(root, range);
        const quote = selectors.find((s) => s.type === 'TextQuoteSelector') as {
          exact: string;
          prefix: string;
          suffix: string;
        };
        // Same exact text; our contexts are longer on purpose (≥ 32 characters, for fuzzy re-anchoring).
        expect(quote.exact).toBe(c.expected.exact);
        expect(
          quote.prefix.endsWith(c.expected.prefix) || c.expected.prefix.length > quote.prefix.length,
        ).toBe(true);
        const want = textOffsetsOf(root, range);
        expect(textOffsetsOf(root, anchor(root, selectors) as Range)).toEqual(want);
        // The quote selector alone must also find it (position dropped).
        expect(textOffsetsOf(root, anchor(root, [quote as Selector]) as Range)).toEqual(want);
      });
    }
  }
});

group('apache-annotator css cases', () => {
  for (const [name, c] of Object.entries(apache['css_match-cases'].testCases)) {
    it(`${name}: a CssSelector alone is not a text selector, so it anchors nothing`, () => {
      const doc = parse(c.html);
      expect(anchor(doc.documentElement, [c.selector])).toBeNull();
    });
  }
});

interface RangeSpec {
  startContainer: string | number;
  startOffset: number;
  endContainer: string | number;
  endOffset: number;
  quote: string;
  description: string;
}

group('hypothesis html-anchoring rangeSpecs: describe then anchor gives the same text', () => {
  const fixture = readPeer('hypothesis-client', 'html-anchoring-fixture.html');
  const { cases } = readPeerJson<{ cases: RangeSpec[] }>(
    'hypothesis-client',
    'html-anchoring-rangeSpecs.json',
  );
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  for (const spec of cases) {
    it(spec.description, () => {
      const doc = parse(`<section>${fixture}</section>`);
      const container = doc.querySelector('section') as Element;
      const textNodes: Node[] = [];
      const walker = doc.createTreeWalker(container, 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) textNodes.push(n);
      const node = (ref: string | number) =>
        typeof ref === 'number' ? (textNodes[ref] as Node) : resolveXPath(container, ref);
      const range = doc.createRange();
      range.setStart(node(spec.startContainer), spec.startOffset);
      range.setEnd(node(spec.endContainer), spec.endOffset);
      expect(collapse(range.toString())).toBe(collapse(spec.quote));

      const root = doc.body;
      const selectors = describe(root, range);
      const anchored = anchor(root, selectors) as Range;
      expect(anchored.toString()).toBe(range.toString());
      // And by quote alone, as after a page change that shifts every position. The quote is the
      // reader's text, where a run of whitespace across a block boundary is one line break, so
      // whitespace the range ends on may come back shorter.
      const quoteOnly = selectors.filter((s) => s.type === 'TextQuoteSelector');
      expect((anchor(root, quoteOnly) as Range).toString().trimEnd()).toBe(range.toString().trimEnd());
    });
  }
});

interface HypothesisRow {
  id: string;
  target: Array<{ selector: Selector[] }>;
}

for (const baseline of ['minimal', 'wikipedia-regression-testing']) {
  group(`hypothesis html-baselines: ${baseline}`, () => {
    const html = readPeer('hypothesis-client', `${baseline}.html`);
    const { rows } = readPeerJson<{ rows: HypothesisRow[] }>('hypothesis-client', `${baseline}.json`);
    for (const row of rows) {
      it(`annotation ${row.id} anchors to its quote`, () => {
        const doc = parse(html);
        const selectors = (row.target[0] as { selector: Selector[] }).selector;
        const quote = selectors.find((s) => s.type === 'TextQuoteSelector') as { exact: string };
        const anchored = anchor(doc.body, selectors) as Range | null;
        expect(anchored?.toString()).toBe(quote.exact);
        const quoteOnly = selectors.filter((s) => s.type === 'TextQuoteSelector');
        expect((anchor(doc.body, quoteOnly) as Range | null)?.toString()).toBe(quote.exact);
      });
    }
  });
}

group('dom-anchor fixtures', () => {
  it('a passage repeated verbatim keeps to its own copy after text is inserted above both', () => {
    const fixture = readPeer('dom-anchor', 'text-quote.test.html');
    const doc = parse(fixture + fixture);
    const root = doc.body;
    const saved = [0, 1].map((copy) => {
      const range = doc.createRange();
      range.selectNodeContents(doc.querySelectorAll('em')[copy] as Element);
      return describe(root, range);
    });
    // Identical copies share far more context than is saved, so position is the tie-breaker.
    const intro = doc.createElement('p');
    intro.textContent = 'A new introduction, inserted later.';
    root.prepend(intro);
    for (const copy of [0, 1]) {
      const range = doc.createRange();
      range.selectNodeContents(doc.querySelectorAll('em')[copy] as Element);
      expect(textOffsetsOf(root, anchor(root, saved[copy] as Selector[]) as Range)).toEqual(
        textOffsetsOf(root, range),
      );
    }
  });

  it('positions round-trip over every character span boundary of the text-position fixture', () => {
    const doc = parse(readPeer('dom-anchor', 'text-position.test.html'));
    const root = doc.body;
    const text = root.textContent ?? '';
    for (let start = 0; start < text.length; start += 7) {
      const end = Math.min(text.length, start + 13);
      const range = rangeFromPosition(root, start, end) as Range;
      expect(range.toString()).toBe(text.slice(start, end));
      expect(textOffsetsOf(root, range)).toEqual({ start, end });
    }
  });
});
