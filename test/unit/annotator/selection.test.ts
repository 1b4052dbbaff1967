// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotatableSelection, clipToRoot, trimRange } from '../../../lib/annotator';

const FIRST = '清晨的胡同里，卖豆浆的小贩推着三轮车慢慢走过，车铃声在灰墙之间回荡。';

beforeEach(() => {
  const article = document.createElement('article');
  article.id = 'article';
  const p = document.createElement('p');
  p.textContent = FIRST;
  article.append(p);
  document.body.replaceChildren(article);
});

afterEach(() => {
  document.getSelection()?.removeAllRanges();
});

function select(range: Range): void {
  const selection = document.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

describe('selection helpers', () => {
  it('trimRange drops whitespace at both ends, across element boundaries', () => {
    const article = document.getElementById('article') as HTMLElement;
    const a = document.createElement('p');
    a.textContent = '  第一段  ';
    const gap = document.createTextNode('\n   \n');
    const b = document.createElement('p');
    b.textContent = '';
    article.replaceChildren(a, gap, b);
    const range = document.createRange();
    range.setStart(a.firstChild as Text, 0);
    range.setEnd(b, 0); // a triple-click ends at the next block's start
    const trimmed = trimRange(range);
    expect(trimmed?.toString()).toBe('第一段');
    expect(trimmed?.startContainer).toBe(a.firstChild);
    const blank = document.createRange();
    blank.selectNode(gap);
    expect(trimRange(blank)).toBeNull();
  });

  it('a selection from outside into the root is clipped to the root', () => {
    const title = document.createElement('h1');
    title.textContent = '标题';
    document.body.prepend(title);
    const root = document.getElementById('article') as HTMLElement;
    const range = document.createRange();
    range.setStart(title.firstChild as Text, 0);
    range.setEnd(document.querySelector('#article p')?.firstChild as Text, 5);
    select(range);
    expect(annotatableSelection(root)?.toString()).toBe(FIRST.slice(0, 5));
    expect(clipToRoot(range, title.parentElement as Element)?.toString()).toBe(range.toString());
  });
});
