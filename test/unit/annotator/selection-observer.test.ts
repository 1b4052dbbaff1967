// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeSelections } from '../../../lib/annotator';
import { byUser } from './helpers';

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
  const handlers = { onSelection: vi.fn(), onClick: vi.fn(), onDismiss: vi.fn(), onSelecting: vi.fn() };
  const stop = observeSelections(root, () => host, handlers);
  return { handlers, stop };
}

const mouse = (type: string, target: Element, x = 7, y = 9) =>
  target.dispatchEvent(
    byUser(new MouseEvent(type, { bubbles: true, composed: true, button: 0, clientX: x, clientY: y })),
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
    p.dispatchEvent(byUser(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true })));
    expect(handlers.onSelection).toHaveBeenCalledTimes(2);
    stop();
  });

  it('dismisses on a press or Escape outside our UI, and ignores what happens inside it', async () => {
    const { handlers, stop } = setup();
    mouse('mousedown', root);
    root.dispatchEvent(byUser(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true })));
    expect(handlers.onDismiss).toHaveBeenCalledTimes(2);
    mouse('mousedown', host);
    selectIn(host, 0, 2);
    mouse('mouseup', host);
    host.dispatchEvent(byUser(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true })));
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

  it('ignores the page script’s synthetic mouse and key events; the same events from the reader act', async () => {
    const { handlers, stop } = setup();
    const p = root.querySelector('p') as Element;
    const forged = (type: string, x = 7, y = 9) =>
      p.dispatchEvent(
        new MouseEvent(type, {
          bubbles: true,
          composed: true,
          button: 0,
          buttons: 1,
          clientX: x,
          clientY: y,
        }),
      );
    // A selection the page made by script, then forged input over it and over a highlight.
    selectIn(p, 10, 16);
    forged('mousedown');
    forged('mousemove');
    forged('mouseup');
    p.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true }));
    p.dispatchEvent(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true }));
    document.getSelection()?.removeAllRanges();
    forged('mouseup', 40, 12);
    await settle();
    expect(handlers.onSelection).not.toHaveBeenCalled();
    expect(handlers.onClick).not.toHaveBeenCalled();
    expect(handlers.onDismiss).not.toHaveBeenCalled();
    expect(handlers.onSelecting).not.toHaveBeenCalled();

    // Control: the reader's own press, drag and release.
    mouse('mousedown', p);
    p.dispatchEvent(byUser(new MouseEvent('mousemove', { bubbles: true, buttons: 1 })));
    p.dispatchEvent(byUser(new MouseEvent('mousemove', { bubbles: true, buttons: 1 })));
    selectIn(p, 10, 16);
    mouse('mouseup', p);
    await settle();
    expect(handlers.onDismiss).toHaveBeenCalledTimes(1);
    expect(handlers.onSelecting).toHaveBeenCalledTimes(1); // once per drag
    expect(handlers.onSelection.mock.calls.map(([range]) => `${range}`)).toEqual(['金黄的银杏叶']);
    stop();
  });

  it('a mouse move without a button pressed after the press is no drag', async () => {
    const { handlers, stop } = setup();
    const p = root.querySelector('p') as Element;
    mouse('mousedown', p);
    mouse('mouseup', p);
    p.dispatchEvent(byUser(new MouseEvent('mousemove', { bubbles: true, buttons: 1 })));
    await settle();
    expect(handlers.onSelecting).not.toHaveBeenCalled();
    stop();
  });
});
