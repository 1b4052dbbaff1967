/** Test helpers: resolve the simple XPaths the peer data uses, and read peer files. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export { prng } from '../../fixtures/prng';

export function peerPath(...parts: string[]): string {
  return path.resolve(process.cwd(), '../shared/peer', ...parts);
}

export function readPeer(...parts: string[]): string {
  return readFileSync(peerPath(...parts), 'utf8');
}

export function readPeerJson<T>(...parts: string[]): T {
  return JSON.parse(readPeer(...parts)) as T;
}

/**
 * Resolve paths like `//b/text()[2]`, `/div[2]/p`, `/gh-73/span/text()` against `context`.
 * A leading `//step` means the first matching descendant in document order; other steps are children.
 */
export function resolveXPath(context: Node, xpath: string): Node {
  let node: Node = context;
  let rest = xpath;
  if (rest.startsWith('//')) {
    const [first, ...others] = rest.slice(2).split('/');
    const { name, nth } = parseStep(first ?? '');
    const all = (context as Element | Document).querySelectorAll(name);
    const found = all[nth - 1];
    if (!found) throw new Error(`xpath ${xpath}: no ${name}[${nth}]`);
    node = found;
    rest = others.length ? `/${others.join('/')}` : '';
  }
  for (const step of rest.split('/').filter(Boolean)) {
    const { name, nth } = parseStep(step);
    const children = Array.from(node.childNodes).filter((child) =>
      name === 'text()'
        ? child.nodeType === 3
        : child.nodeType === 1 && (child as Element).localName === name.toLowerCase(),
    );
    const next = children[nth - 1];
    if (!next) throw new Error(`xpath ${xpath}: no ${step}`);
    node = next;
  }
  return node;
}

function parseStep(step: string): { name: string; nth: number } {
  const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(step);
  if (!m) throw new Error(`bad xpath step ${step}`);
  return { name: m[1] as string, nth: m[2] ? Number(m[2]) : 1 };
}
