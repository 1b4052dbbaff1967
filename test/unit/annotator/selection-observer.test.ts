// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeSelections } from '../../../lib/annotator';

let root: HTMLElement;
let host: HTMLElement;

beforeEach(() => {
  root = document.createElement('article');
  const p = document.createElement('p');
  p.textContent = '四合院的门墩上落满了金黄的银杏叶';
  root.append(p);
  host = document.createElement('meipi-annotator');
  host.textContent = '我们的界面';
  document.body.replaceChildren(root, host);
});
afterEach(() => document.getSelection()?.removeAllRanges());

const settle = () => new Promise((done) => setTimeout(done, 0));

function selectIn(element: Element, from: number, to: number): void {
  const range = document.createRange();
  range.setStart(element.firstChild as Text, from);
  range.setEnd(element.firstChild as Text, to);
  document.getSelection()?.removeAllRanges();
  document.getSelection()?.addRange(range);
}

function setup() {
  const handlers = { onSelection: vi.fn(), onClick: vi.fn(), onDismiss: vi.fn() };
  const stop = observeSelections(root, () => host, handlers);
  return { handlers, stop };
}

const mouse = (type: string, target: Element, x = 7, y = 9) =>
  target.dispatchEvent(
    new MouseEvent(type, { bubbles: true, composed: true, button: 0, clientX: x, clientY: y }),
  );

describe('observeSelections', () => {
  it('reports a mouse selection, a plain click and a keyboard selection', async () => {
    const { handlers, stop } = setup();
    const p = root.querySelector('p') as Element;
    selectIn(p, 10, 16);
    mouse('mouseup', p);
    await settle();
    expect(handlers.onSelection.mock.calls.map(([range]) => `${range}`)).toEqual(['金黄的银杏叶']);
    document.getSelection()?.removeAllRanges();
    mouse('mouseup', p, 40, 12);
    await settle();
    expect(handlers.onClick).toHaveBeenCalledWith(40, 12);
    selectIn(p, 0, 3);
    p.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true }));
    expect(handlers.onSelection).toHaveBeenCalledTimes(2);
    stop();
  });

  it('dismisses on a press or Escape outside our UI, and ignores what happens inside it', async () => {
    const { handlers, stop } = setup();
    mouse('mousedown', root);
    root.dispatchEvent(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true }));
    expect(handlers.onDismiss).toHaveBeenCalledTimes(2);
    mouse('mousedown', host);
    selectIn(host, 0, 2);
    mouse('mouseup', host);
    host.dispatchEvent(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true }));
    await settle();
    expect(handlers.onDismiss).toHaveBeenCalledTimes(2);
    expect(handlers.onSelection).not.toHaveBeenCalled();
    expect(handlers.onClick).not.toHaveBeenCalled();
    stop();
  });

  it('stops listening when asked', async () => {
    const { handlers, stop } = setup();
    stop();
    selectIn(root.querySelector('p') as Element, 0, 3);
    mouse('mouseup', root);
    await settle();
    expect(handlers.onSelection).not.toHaveBeenCalled();
  });
});
