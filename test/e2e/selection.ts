/**
 * What these helpers need of a page: a Playwright page (Chromium) and a Puppeteer one (Firefox)
 * both have it.
 */
export interface DrivenPage {
  // biome-ignore lint/suspicious/noExplicitAny: the two libraries' generic signatures meet only here
  evaluate(fn: (arg: any) => unknown, arg: any): Promise<any>;
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
  };
}
type Page = DrivenPage;

/**
 * Drags the mouse from the first to the last character of `text` inside the first element
 * matching `selector`, like a reader selecting a passage.
 */
export async function selectText(page: Page, selector: string, text: string): Promise<void> {
  const points = await page.evaluate(
    ({ selector, text }) => {
      const element = document.querySelector(selector);
      const walker = element && document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let node: Node | null | undefined = walker?.nextNode();
      while (node && !(node.nodeValue ?? '').includes(text)) node = walker?.nextNode();
      if (!node) throw new Error(`"${text}" not in ${selector}`);
      const at = (node.nodeValue ?? '').indexOf(text);
      const box = (offset: number) => {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return range.getBoundingClientRect();
      };
      const first = box(at);
      const last = box(at + text.length - 1);
      return {
        from: { x: first.left + 2, y: first.top + first.height / 2 },
        to: { x: last.right - 2, y: last.top + last.height / 2 },
      };
    },
    { selector, text },
  );
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move(points.to.x, points.to.y, { steps: 8 });
  await page.mouse.up();
}

/**
 * Drags the mouse from the first character of `from` to the last of `to` (each the first text node
 * under `root` holding it, `to` searched after `from`): a selection across elements, like a reader
 * selecting over two paragraphs, table cells or ruby text.
 */
export async function selectAcross(page: Page, root: string, from: string, to: string): Promise<void> {
  const points = await page.evaluate(
    ({ root, from, to }) => {
      const walker = document.createTreeWalker(document.querySelector(root) as Node, NodeFilter.SHOW_TEXT);
      const find = (text: string): [Text, number] => {
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = (node.nodeValue ?? '').indexOf(text);
          if (at >= 0) return [node as Text, at];
        }
        throw new Error(`"${text}" not in ${root}`);
      };
      const box = ([node, at]: [Text, number]) => {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect();
      };
      const first = box(find(from));
      const [node, at] = find(to);
      const last = box([node, at + to.length - 1]);
      return {
        from: { x: first.left + 2, y: first.top + first.height / 2 },
        to: { x: last.right - 2, y: last.top + last.height / 2 },
      };
    },
    { root, from, to },
  );
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move(points.to.x, points.to.y, { steps: 8 });
  await page.mouse.up();
}

/** How many ranges each Meipi highlight colour paints in the page (the CSS highlight registry is per document). */
export function paintedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate((_: null) => {
    const counts: Record<string, number> = {};
    for (const color of ['yellow', 'green', 'blue', 'pink', 'purple']) {
      counts[color] = CSS.highlights.get(`meipi-${color}`)?.size ?? 0;
    }
    return counts;
  }, null);
}

export async function totalPainted(page: Page): Promise<number> {
  return Object.values(await paintedCounts(page)).reduce((sum, n) => sum + n, 0);
}
