// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { anchorAll } from '../../../lib/anchoring';
import { type Anchoring, createPlacements, domAnchoring, NOT_YET } from '../../../lib/annotator';
import type { Annotation } from '../../../lib/db/types';

const TEXT = '清晨的胡同里，卖豆浆的小贩推着三轮车慢慢走过，车铃声在灰墙之间回荡。';
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('article');
  const p = document.createElement('p');
  p.textContent = TEXT;
  root.append(p);
  document.body.replaceChildren(root);
});

function annotation(id: string, quote: string, createdAt: number): Annotation {
  const text = root.querySelector('p')?.firstChild as Text;
  const range = document.createRange();
  range.setStart(text, TEXT.indexOf(quote));
  range.setEnd(text, TEXT.indexOf(quote) + quote.length);
  return {
    id,
    source: 'https://example.com/',
    title: '',
    quote,
    selectors: domAnchoring.describe(root, range),
    color: 'yellow',
    note: '',
    tags: [],
    createdAt,
    updatedAt: createdAt,
  };
}

/** A fetch the test answers when it likes. */
function deferred(list: Annotation[]) {
  let answer: () => void = () => {};
  const fetched = new Promise<Annotation[]>((resolve) => {
    answer = () => resolve(list);
  });
  return { fetch: () => fetched, answer };
}

describe('placements', () => {
  it('places a list in creation order and keeps what it cannot place as orphans', async () => {
    const changes = vi.fn();
    const placements = createPlacements(root, domAnchoring, changes);
    const gone = {
      ...annotation('gone', '豆浆', 1),
      selectors: [{ type: 'TextQuoteSelector', exact: '不在这里' }],
    };
    expect(await placements.placeAll(async () => [annotation('b', '三轮车', 2), gone])).toBe(true);
    expect(placements.annotations().map((a) => a.id)).toEqual(['gone', 'b']);
    expect(placements.rangeOf('b')?.toString()).toBe('三轮车');
    expect(placements.orphanIds()).toEqual(['gone']);
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('never counts a page note (no quote) as an orphan, nor re-anchors for it', async () => {
    const placements = createPlacements(root, domAnchoring, () => {});
    const pageNote = { ...annotation('note', '豆浆', 1), quote: '', selectors: [], note: '整页的想法' };
    await placements.placeAll(async () => [pageNote, annotation('b', '三轮车', 2)]);
    expect(placements.orphanIds()).toEqual([]);
    expect(placements.needsReanchor()).toBe(false);
    // one saved from the popup while the page is open
    const later = { ...pageNote, id: 'later', createdAt: 3 };
    await placements.placeOne(later);
    placements.upsert({ ...later, note: '改过' }, null);
    expect(placements.get('later')?.note).toBe('改过');
    expect(placements.orphanIds()).toEqual([]);
    root.append('新的一段');
    expect(placements.needsReanchor()).toBe(false);
  });

  it('a slower, older pass never overwrites a newer one', async () => {
    const placements = createPlacements(root, domAnchoring, () => {});
    const older = deferred([annotation('old', '豆浆', 1)]);
    const newer = deferred([annotation('new', '车铃声', 2)]);
    const first = placements.placeAll(older.fetch);
    const second = placements.placeAll(newer.fetch);
    newer.answer();
    expect(await second).toBe(true);
    older.answer();
    expect(await first).toBe(false);
    expect(placements.annotations().map((a) => a.id)).toEqual(['new']);
  });

  it('edits made while a pass runs are applied on top of its result', async () => {
    const placements = createPlacements(root, domAnchoring, () => {});
    const kept = annotation('kept', '豆浆', 1);
    const removed = annotation('removed', '灰墙', 2);
    const pass = deferred([kept, removed]);
    const running = placements.placeAll(pass.fetch);
    await placements.placeOne(annotation('added', '三轮车', 3));
    placements.remove('removed');
    pass.answer();
    await running;
    expect(placements.annotations().map((a) => a.id)).toEqual(['kept', 'added']);
    expect(placements.rangeOf('added')?.toString()).toBe('三轮车');
  });

  it('a reset abandons the running pass and an edit anchored for the old page', async () => {
    const placements = createPlacements(root, domAnchoring, () => {});
    const pass = deferred([annotation('a', '豆浆', 1)]);
    const running = placements.placeAll(pass.fetch);
    const single = placements.placeOne(annotation('b', '三轮车', 2));
    placements.reset();
    pass.answer();
    expect(await running).toBe(false);
    await single;
    expect(placements.annotations()).toEqual([]);
  });

  it('needs a re-anchor only when a range lost its text, or the text changed under orphans', async () => {
    const placements = createPlacements(root, domAnchoring, () => {});
    await placements.placeAll(async () => [annotation('a', '三轮车', 1)]);
    expect(placements.needsReanchor()).toBe(false);
    root.append(document.createElement('span')); // no text
    expect(placements.needsReanchor()).toBe(false);
    ((root.querySelector('p') as HTMLElement).firstChild as Text).replaceData(
      0,
      TEXT.indexOf('三轮车') + 1,
      '',
    );
    expect(placements.needsReanchor()).toBe(true);
  });

  it('a passage whose text is not in the DOM yet is neither placed nor an orphan, and is placed when it arrives', async () => {
    // Stands in for the PDF viewer: text it knows of but has not rendered is NOT_YET.
    const notRendered: Anchoring = {
      describe: domAnchoring.describe,
      anchorAll: (at, lists) => anchorAll(at, lists).map((range) => range ?? NOT_YET),
    };
    const placements = createPlacements(root, notRendered, () => {});
    const later = annotation('later', '三轮车', 1);
    const text = root.querySelector('p') as HTMLElement;
    text.remove();
    await placements.placeAll(async () => [later]);
    expect(placements.rangeOf('later')).toBeUndefined();
    expect(placements.orphanIds()).toEqual([]);
    expect(placements.needsReanchor()).toBe(false); // nothing arrived yet
    root.append(text);
    expect(placements.needsReanchor()).toBe(true);
    await placements.placeAll(async () => placements.annotations());
    expect(placements.rangeOf('later')?.toString()).toBe('三轮车');
  });
});
