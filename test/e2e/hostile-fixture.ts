// The hostile page both browsers' suites attack Meipi from (hostile-page.e2e.ts, firefox/web-page.e2e.ts).
import type { DrivenPage } from './selection';

/**
 * A page's own (main-world) script as an attacker: it reads every DOM it can reach, listens to
 * every key and input event, dispatches synthetic events, replays the messages other extensions'
 * handshakes use, and embeds and messages copies of Meipi's frame. Each attack has a control step
 * that does the same thing as a real reader (real mouse and keyboard) and must work.
 */
export const SPY = `<script>
  window.__heard = [];
  for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'compositionstart',
      'compositionupdate', 'compositionend', 'paste', 'copy', 'focusin']) {
    for (const target of [window, document]) {
      target.addEventListener(type, (e) => window.__heard.push(type + ':' + (e.key ?? e.data ?? '')), true);
    }
  }
  /** Everything of Meipi's the page can read: open shadow roots, frame documents, the page's text. */
  window.__readable = () => {
    const texts = [document.documentElement.innerText];
    for (const el of document.querySelectorAll('*')) {
      if (el.shadowRoot) {
        texts.push(el.shadowRoot.textContent);
        for (const f of el.shadowRoot.querySelectorAll('textarea, input')) texts.push(f.value);
      }
    }
    for (const frame of document.querySelectorAll('iframe')) {
      try { texts.push(frame.contentDocument ? frame.contentDocument.documentElement.innerText : ''); } catch (e) {}
    }
    return texts.join('\\n');
  };
  window.__seen = '';
  setInterval(() => { window.__seen += window.__readable(); }, 40);
  /** Synthetic (untrusted) mouse and key events at a point, the way a page forges a reader. */
  window.__forgeAt = (x, y) => {
    const target = document.elementFromPoint(x, y) || document.body;
    for (const type of ['mousedown', 'mouseup', 'click']) {
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0 }));
    }
    document.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: 'Shift' }));
  };
  /** Where the page sees one of its painted passages (CSS.highlights is shared with the page). */
  window.__paintedPoint = () => {
    for (const [, highlight] of CSS.highlights) {
      for (const range of highlight) {
        const r = range.getBoundingClientRect();
        if (r.width > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
    }
    return null;
  };
</script>`;

export const ARTICLE = `<!doctype html><meta charset="utf-8"><title>恶意页面</title>${SPY}
<article>
  <p id="p1">胡同口的老槐树下，几位老人正在下象棋，旁边围着一圈看热闹的街坊。</p>
  <p id="p2">四合院的门墩上落满了金黄的银杏叶，小贩推着三轮车慢慢走过。</p>
</article>`;
export const OTHER = `<!doctype html><meta charset="utf-8"><title>同站另一页</title>${SPY}
<article><p id="q1">冬天的早晨，炉子上的水壶咕嘟咕嘟地响着。</p></article>`;

/**
 * Runs in the page (before Meipi's frame exists): a host of the page's own, with a guessed key,
 * that the frame would answer if it believed it. The page's listener was there first, so it hears
 * the frame's announcement before Meipi's bootstrap and answers at once, ahead of the real
 * introduction; with it come forged panel requests on every channel the page has. What the frame
 * says back lands in `window.__answers`.
 */
export function raceForgedHost(annotationId: string): void {
  const w = window as unknown as { __answers: unknown[] };
  w.__answers = [];
  const forged = [
    { type: 'request', requestId: 1, action: { kind: 'delete', id: annotationId } },
    { type: 'request', requestId: 2, action: { kind: 'update', id: annotationId, patch: { note: '篡改' } } },
    { type: 'request', requestId: 3, action: { kind: 'save', color: 'purple', note: '伪造' } },
  ];
  window.addEventListener('message', (event) => {
    if ((event.data as { meipiFrame?: string } | null)?.meipiFrame !== 'ready' || !event.source) return;
    const target = event.source as Window;
    const channel = new MessageChannel();
    channel.port1.onmessage = (answer) => w.__answers.push(answer.data);
    target.postMessage({ meipiHost: crypto.randomUUID() }, '*', [channel.port2]);
    for (const message of forged) {
      channel.port1.postMessage(message);
      target.postMessage(message, '*');
      window.postMessage(message, '*');
    }
  });
}

/** What the spy heard: every key, input and composition event that reached the page's listeners. */
export const heard = (page: DrivenPage): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __heard: string[] }).__heard, null);

/** Everything of Meipi's the page could read, polled every 40 ms since it loaded, and now. */
export const seen = (page: DrivenPage): Promise<string> =>
  page.evaluate(() => {
    const w = window as unknown as { __seen: string; __readable(): string };
    return w.__seen + w.__readable();
  }, null);

/** Runs in the page: its own script selects the start of #p2 and forges the mouse and key events a reader's selection makes. */
export function selectByScript(): void {
  const text = document.querySelector('#p2')?.firstChild as Text;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 8);
  getSelection()?.removeAllRanges();
  getSelection()?.addRange(range);
  const r = range.getBoundingClientRect();
  (window as unknown as { __forgeAt(x: number, y: number): void }).__forgeAt(
    r.right - 2,
    r.top + r.height / 2,
  );
}
