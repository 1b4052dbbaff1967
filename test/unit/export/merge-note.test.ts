// Re-export into notes edited by hand in the ways people edit them in Obsidian.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../lib/db/types';
import { blockIdFor, mergeSourceNote, toSourceNotes } from '../../../lib/export';
import { webPage } from '../../fixtures/export/annotations';

function highlight(n: number, patch: Partial<Annotation> = {}): Annotation {
  return {
    ...webPage,
    id: `9a000000-0000-4000-8000-00000000000${n}`,
    quote: `第${n}段引文。`,
    selectors: [{ type: 'TextPositionSelector', start: n * 100, end: n * 100 + 6 }],
    note: `第${n}条批注`,
    tags: [],
    createdAt: webPage.createdAt + n,
    updatedAt: webPage.createdAt + n,
    ...patch,
  };
}

const A = highlight(1);
const B = highlight(3);
const C = highlight(5);

function note(list: Annotation[]): string {
  return toSourceNotes(list, { now: 0 })[0]?.markdown ?? '';
}

/** The lines of a highlight's block in a note, from its marker to its id line. */
function block(markdown: string, a: Annotation): string {
  const id = blockIdFor(a.id);
  const start = markdown.search(new RegExp(`^%% ${id} `, 'm'));
  const end = markdown.indexOf(`^${id}`, start);
  if (start < 0 || end < 0) throw new Error(`no block for ${id}`);
  return markdown.slice(start, end + id.length + 1);
}

/** Merging is stable: merging the same fresh note again changes nothing. */
function merge(existing: string, fresh: string, options?: Parameters<typeof mergeSourceNote>[2]): string {
  const once = mergeSourceNote(existing, fresh, options);
  expect(mergeSourceNote(once, fresh, options)).toBe(once);
  return once;
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

const original = note([A, B, C]);

describe('mergeSourceNote', () => {
  it('changes nothing when nothing changed', () => {
    expect(merge(original, original)).toBe(original);
  });

  it('updates a block whose highlight changed in Meipi and leaves the others alone', () => {
    const B2 = { ...B, note: '改过的批注', color: 'pink' as const };
    const merged = merge(original, note([A, B2, C]));
    expect(merged).toBe(note([A, B2, C]));
    expect(merged).toContain('> **批注** 改过的批注');
  });

  it('keeps text the user wrote between blocks, before the first and after the last', () => {
    const edited = original
      .replace(`\n${block(original, A)}\n`, `\n我的开头。\n\n${block(original, A)}\n\n我对第一段的想法。\n`)
      .replace(/(%% meipi:end[^\n]*)\n$/, '$1\n\n## 总结\n\n全文读后感。\n');
    const B2 = { ...B, note: '新批注' };
    const merged = merge(edited, note([A, B2, C]));
    expect(merged).toContain(
      `我的开头。\n\n${block(original, A)}\n\n我对第一段的想法。\n\n${block(note([B2]), B2)}`,
    );
    expect(merged).toMatch(/%% meipi:end[^\n]*\n\n## 总结\n\n全文读后感。\n$/);
  });

  it('puts a new highlight after the one before it in page order, below the user’s text under that one', () => {
    const edited = original.replace(
      `${block(original, A)}\n`,
      `${block(original, A)}\n\n我对第一段的想法。\n`,
    );
    const D = highlight(2);
    const E = highlight(9);
    const merged = merge(edited, note([A, D, B, C, E]));
    const order = [
      '我对第一段的想法。',
      block(note([D]), D),
      block(original, B),
      block(original, C),
      block(note([E]), E),
    ];
    const at = order.map((part) => merged.indexOf(part));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    const ids = [A, B, C, D, E].map((a) => blockIdFor(a.id).slice(3)).sort();
    expect(merged).toContain(`%% meipi:end ${ids.join(' ')} %%`);
  });

  it('keeps a block the user wrote inside (a thought under the quote) as they left it', () => {
    const mine = block(original, A).replace(
      '> **批注** 第1条批注',
      '> **批注** 第1条批注\n\n我在引文下面写的话。',
    );
    const edited = original.replace(block(original, A), mine);
    const merged = merge(edited, note([{ ...A, note: 'Meipi 里改了' }, { ...B, note: 'B 也改了' }, C]));
    expect(merged).toContain(mine);
    expect(merged).not.toContain('Meipi 里改了');
    expect(merged).toContain('B 也改了');
  });

  it('keeps headings the user added and the order they put the blocks in', () => {
    const edited = original.replace(
      `${block(original, A)}\n\n${block(original, B)}\n\n${block(original, C)}`,
      `### 最重要\n\n${block(original, C)}\n\n### 其余\n\n${block(original, B)}\n\n${block(original, A)}`,
    );
    const C2 = { ...C, note: 'C 改了' };
    const merged = merge(edited, note([A, B, C2]));
    expect(merged).toContain(
      `### 最重要\n\n${block(note([C2]), C2)}\n\n### 其余\n\n${block(original, B)}\n\n${block(original, A)}`,
    );
  });

  it('keeps front matter keys the user added and their tags, and updates Meipi’s keys', () => {
    const edited = original
      .replace('meipi-id:', 'aliases:\n  - 秋收\nrating: 5\ncssclasses: [wide]\nmeipi-id:')
      .replace('---\ntitle:', '---\n# my comment\ntitle:');
    const withTags = edited.replace('updated: ', 'tags: [读书, "mine"]\nupdated: ');
    const A2 = { ...A, title: '新标题', tags: ['阅读'] };
    const merged = merge(withTags, note([A2, B, C]));
    const front = merged.slice(0, merged.indexOf('\n---\n', 4));
    expect(front).toContain('# my comment\ntitle: "新标题"');
    expect(front).toContain('aliases:\n  - 秋收\nrating: 5\ncssclasses: [wide]\nmeipi-id:');
    expect(front).toContain('tags:\n  - "读书"\n  - "mine"\n  - "阅读"\n');
    // The body's heading was written once; later it is the user's, as everything outside the blocks.
    expect(merged).toContain('\n# 人民日报：秋收时节\n');
  });

  it('keeps comments and stray lines in the front matter, even next to Meipi’s keys', () => {
    const edited = original.replace(/^(title: .*)$/m, '$1\n# 标题是自动的\n我随手写的一行');
    const merged = merge(edited, note([{ ...A, title: '新标题' }, B, C]));
    expect(merged).toContain('title: "新标题"\n# 标题是自动的\n我随手写的一行\n');
  });

  it('loses no line the user adds anywhere in the body', () => {
    const lines = original.split('\n');
    const bodyStart = lines.indexOf('---', 1) + 1;
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const edited = [...lines];
      const added: string[] = [];
      for (let k = 0; k < 3; k++) {
        const at = bodyStart + Math.floor(random() * (edited.length - bodyStart));
        const line = `用户第${round}-${k}行`;
        edited.splice(at, 0, line);
        added.push(line);
      }
      const merged = merge(
        edited.join('\n'),
        note([{ ...A, note: '改' }, B, { ...C, note: '也改' }, highlight(4)]),
      );
      for (const line of added) expect(count(merged, line), `${line} in round ${round}`).toBe(1);
    }
  });

  it('does not bring back a block the user deleted', () => {
    const edited = original.replace(`${block(original, B)}\n\n`, '');
    const D = highlight(4);
    const merged = merge(edited, note([A, { ...B, note: '改了' }, C, D]));
    expect(merged).not.toContain(`^${blockIdFor(B.id)}`);
    expect(merged).not.toContain('改了');
    expect(merged).toContain(block(note([D]), D));
  });

  it('keeps CRLF line endings and does not take them for edits', () => {
    const edited = original.replace(/\n/g, '\r\n').replace('## 摘录', '## 摘录\r\n\r\n手机上加的一行');
    const A2 = { ...A, note: '换了' };
    const merged = merge(edited, note([A2, B, C]));
    expect(merged).not.toMatch(/[^\r]\n/);
    expect(merged).toContain('手机上加的一行');
    expect(merged.replace(/\r\n/g, '\n')).toContain(block(note([A2]), A2));
  });

  it('does not take blank lines added or taken away inside a block for edits', () => {
    const spaced = block(original, A)
      .replace('\n> 第1段引文。', '\n\n> 第1段引文。')
      .replace(/\n\n\^mp-/, '\n^mp-');
    const A2 = { ...A, note: '换了' };
    const merged = merge(original.replace(block(original, A), spaced), note([A2, B, C]));
    expect(merged).toContain(block(note([A2]), A2));
  });

  it('reads the front matter of a file a Windows editor saved with a byte order mark', () => {
    const edited = `\uFEFF${original.replace('meipi-id:', 'aliases: [秋收]\nmeipi-id:')}`;
    const A2 = { ...A, title: '新标题' };
    const merged = merge(edited, note([A2, B, C]));
    expect(merged.startsWith('\uFEFF---\ntitle: "新标题"\n')).toBe(true);
    expect(count(merged, '---\n')).toBe(2);
    expect(merged).toContain('aliases: [秋收]\n');
  });

  it('does not take trailing spaces a mobile editor added for edits', () => {
    const edited = original.replace(/\n/g, '  \n');
    const A2 = { ...A, note: '换了' };
    const merged = merge(edited, note([A2, B, C]));
    expect(merged).toContain(block(note([A2]), A2));
    expect(count(merged, `^${blockIdFor(A.id)}`)).toBe(1);
  });

  it('marks a highlight deleted in Meipi by default, and brings it back if it returns', () => {
    const merged = merge(original, note([A, C]));
    const marked = block(merged, B);
    expect(marked).toMatch(
      /^%% mp-[0-9a-f]{12} deleted %%\n\n> \[!note\] 已在眉批中删除 · deleted in Meipi\n\n> \[!quote\]/,
    );
    expect(marked).toContain('第3条批注');
    expect(merge(merged, original)).toBe(original);
  });

  it('removes a highlight deleted in Meipi when asked, unless the user wrote in its block', () => {
    const removed = merge(original, note([A, C]), { deleted: 'remove' });
    expect(removed).toBe(note([A, C]));
    expect(removed).not.toContain(blockIdFor(B.id));
    // Removed, it may come back as new.
    expect(merge(removed, original, { deleted: 'remove' })).toBe(original);

    const mine = block(original, B).replace('第3条批注', '第3条批注，以及我的补充');
    const kept = merge(original.replace(block(original, B), mine), note([A, C]), { deleted: 'remove' });
    expect(kept).toContain('已在眉批中删除');
    expect(kept).toContain('以及我的补充');
  });

  it('loses nothing when a block’s marker is gone, and does not duplicate it', () => {
    const edited = original.replace(
      /^%% mp-[0-9a-f]{12} [0-9a-f]{8} %%\n\n(> \[!quote\] [^\n]*\n> 第3段)/m,
      '$1',
    );
    const merged = merge(edited, note([A, { ...B, note: '改了' }, C]));
    expect(merged).toContain('> **批注** 第3条批注');
    expect(count(merged, `^${blockIdFor(B.id)}`)).toBe(1);
  });

  it('loses nothing when a block’s id line is gone, and does not duplicate it', () => {
    const edited = original.replace(`\n^${blockIdFor(B.id)}\n`, '\n');
    const merged = merge(edited, note([A, { ...B, note: '改了' }, C]));
    expect(count(merged, '> 第3段引文。')).toBe(1);
    expect(merged).not.toContain('改了');
    expect(merged).toContain(block(original, A));
    expect(merged).toContain(block(original, C));
  });

  it('writes a highlight once more when its id line and the end marker are both gone', () => {
    const edited = original.replace(`\n^${blockIdFor(B.id)}\n`, '\n').replace(/%% meipi:end[^\n]*\n/, '');
    const merged = merge(edited, note([A, B, C]));
    expect(count(merged, '> 第3段引文。')).toBe(2);
    expect(count(merged, `^${blockIdFor(B.id)}`)).toBe(1);
    expect(count(merged, '%% meipi:end')).toBe(1);
  });

  it('adds new highlights at the end, with a new end marker, when the end marker is gone', () => {
    const edited = original.replace(/%% meipi:end[^\n]*\n/, '\n我的结尾\n');
    const D = highlight(7);
    const merged = merge(edited, note([A, B, C, D]));
    expect(merged.indexOf(block(note([D]), D))).toBeGreaterThan(merged.indexOf('我的结尾'));
    expect(count(merged, '%% meipi:end')).toBe(1);
  });

  it('treats a block with a damaged hash as the user’s text', () => {
    const edited = original.replace(/^(%% mp-[0-9a-f]{12}) [0-9a-f]{8} %%/m, '$1 zz %%');
    const merged = merge(edited, note([{ ...A, note: '改了' }, B, C]));
    expect(merged).toContain(`${blockIdFor(A.id)} zz %%`);
    expect(merged).not.toContain('改了');
    expect(count(merged, `^${blockIdFor(A.id)}`)).toBe(1);
  });

  it('adds Meipi’s highlights below a note of the user’s own that has none of its markers', () => {
    const own = '---\naliases: [秋收]\n---\n\n# 我自己的笔记\n\n一些文字。\n';
    const merged = merge(own, original);
    expect(merged.startsWith('---\naliases: [秋收]\ntitle: ')).toBe(true);
    expect(merged).toContain('\n# 我自己的笔记\n\n一些文字。\n\n%% mp-');
    for (const a of [A, B, C]) expect(merged).toContain(block(original, a));
    expect(merged).toMatch(/%% meipi:end[^\n]* %%\n$/);
  });

  it('writes the whole note into an empty file', () => {
    expect(merge('', original)).toBe(original);
    expect(merge(' \n\n', original)).toBe(original);
  });

  it('keeps a front matter that was never closed as text', () => {
    const broken = '---\ntitle: 没有结尾\n\n正文';
    const merged = merge(broken, original);
    expect(merged).toContain('---\ntitle: 没有结尾\n\n正文');
    expect(merged.startsWith('---\ntitle: "人民日报：秋收时节"')).toBe(true);
  });
});
