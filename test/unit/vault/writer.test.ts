import { describe, expect, it } from 'vitest';
import type { VaultFileRecord } from '@/lib/db';
import { type ExportOutcome, exportNotes, type SourceNote } from '@/lib/vault';
import { MemoryFolder, markerMerge, note } from './memory-folder';

const manifestOf = (outcome: ExportOutcome, before = new Map<string, VaultFileRecord>()) => {
  const next = new Map(before);
  for (const entry of outcome.entries) next.set(entry.id, entry);
  return next;
};

/** Exports as the keeper does, carrying the manifest from one export to the next. */
function exporter(folder: MemoryFolder) {
  let manifest = new Map<string, VaultFileRecord>();
  return {
    async run(notes: SourceNote[], full = true) {
      const outcome = await exportNotes(folder, notes, markerMerge, manifest, { full });
      manifest = manifestOf(outcome, manifest);
      return outcome;
    },
    get manifest() {
      return manifest;
    },
    forget() {
      manifest = new Map();
    },
  };
}

const a = note('a', '城市长效', '> 第一条');
const b = note('b', '垃圾分类', '> 第二条');

describe('exporting notes into a folder', () => {
  it('writes one file per source, named from fileName, and records each in the manifest', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    const outcome = await vault.run([a, b]);
    expect(outcome).toMatchObject({ written: 2, unchanged: 0 });
    expect(outcome.failure).toBeUndefined();
    expect(folder.paths()).toEqual(['城市长效.md', '垃圾分类.md'].sort());
    expect(folder.read('城市长效.md')).toBe(a.markdown);
    expect([...vault.manifest.values()].map((e) => [e.id, e.path])).toEqual([
      ['a', '城市长效.md'],
      ['b', '垃圾分类.md'],
    ]);
  });

  it("gives a new note ' (2)' when its name is taken by a file Meipi didn't write (in any case), and leaves that file alone", async () => {
    const folder = new MemoryFolder('vault');
    folder.put('城市长效.md', '# 我自己的笔记');
    folder.put('readme.MD', 'mine');
    const readme = { ...note('r', 'x', '> r'), fileName: 'README.md' };
    await exporter(folder).run([a, readme]);
    expect(folder.read('城市长效.md')).toBe('# 我自己的笔记');
    expect(folder.read('readme.MD')).toBe('mine');
    expect(folder.read('城市长效 (2).md')).toBe(a.markdown);
    expect(folder.read('README (2).md')).toBe(readme.markdown);
  });

  it('numbers two sources of the same title apart', async () => {
    const folder = new MemoryFolder('vault');
    const twin = note('a2', '城市长效', '> 同名');
    await exporter(folder).run([a, twin, note('a3', '城市长效', '> 三')]);
    expect(folder.paths()).toEqual(['城市长效 (2).md', '城市长效 (3).md', '城市长效.md']);
  });

  it('re-export merges into the file: the reader’s text around Meipi’s block stays, Meipi’s block is updated', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a]);
    folder.put('城市长效.md', `${folder.read('城市长效.md')}\n## 我的想法\n长效机制要落地。\n`);
    const changed = note('a', '城市长效', '> 第一条\n> 新的一条');
    const outcome = await vault.run([changed]);
    expect(outcome).toMatchObject({ written: 1, unchanged: 0 });
    const text = folder.read('城市长效.md') ?? '';
    expect(text).toContain('> 新的一条');
    expect(text).toContain('## 我的想法\n长效机制要落地。');
  });

  it('writes only what changed: a second export of the same notes writes nothing', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a, b]);
    const writes = folder.writes;
    expect(await vault.run([a, b])).toMatchObject({ written: 0, unchanged: 2 });
    expect(folder.writes).toBe(writes);
  });

  it('an automatic export leaves unread the notes with nothing new; a full one reads them', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a, b]);
    const file = folder.entries.get('垃圾分类.md') as { reads: number };
    const reads = file.reads;
    const a2 = note('a', '城市长效', '> 改过');
    expect(await vault.run([a2, b], false)).toMatchObject({ written: 1, unchanged: 1 });
    expect(file.reads).toBe(reads);
    await vault.run([a2, b], true);
    expect(file.reads).toBe(reads + 1);
  });

  it('keeps a written file’s name when the source’s title changes (links in the vault use it)', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a]);
    await vault.run([note('a', '城市长效管理（修订）', '> 改过')]);
    expect(folder.paths()).toEqual(['城市长效.md']);
    expect(folder.read('城市长效.md')).toContain('> 改过');
  });

  it('finds a note the reader renamed, or moved into a subfolder, by its meipi-id and merges there', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a, b]);
    folder.move('城市长效.md', '城市 笔记.md');
    folder.move('垃圾分类.md', '读书/环保/分类.md');
    const outcome = await vault.run([note('a', '城市长效', '> A2'), note('b', '垃圾分类', '> B2')]);
    expect(outcome.written).toBe(2);
    expect(folder.paths()).toEqual(['城市 笔记.md', '读书/环保/分类.md']);
    expect(folder.read('读书/环保/分类.md')).toContain('> B2');
    expect(vault.manifest.get('b')?.path).toBe('读书/环保/分类.md');
  });

  it('writes a note anew under its old name when the reader deleted it (one in .trash is not brought back)', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a]);
    folder.move('城市长效.md', '.trash/城市长效.md');
    const renamed = note('a', '新标题', '> A2');
    await vault.run([renamed]);
    expect(folder.read('城市长效.md')).toBe(renamed.markdown);
    expect(folder.read('.trash/城市长效.md')).toBe(a.markdown);
  });

  it('with the manifest lost, adopts the notes Meipi wrote (by meipi-id) instead of writing duplicates', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a, b]);
    folder.move('垃圾分类.md', '归档/垃圾分类.md');
    vault.forget();
    await vault.run([note('a', '城市长效', '> A2'), b]);
    expect(folder.paths()).toEqual(['城市长效.md', '归档/垃圾分类.md']);
    expect(folder.read('城市长效.md')).toContain('> A2');
  });

  it("adopts a new note's namesake that carries its meipi-id (written by another profile)", async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([b]);
    folder.put('城市长效.md', `${a.markdown}\n我的补充\n`);
    await vault.run([note('a', '城市长效', '> A2')]);
    expect(folder.paths()).toEqual(['城市长效.md', '垃圾分类.md'].sort());
    expect(folder.read('城市长效.md')).toContain('> A2');
    expect(folder.read('城市长效.md')).toContain('我的补充');
  });

  it('never deletes: a source with no note any more keeps its file, and no other file is touched', async () => {
    const folder = new MemoryFolder('vault');
    folder.put('日记.md', '今天');
    folder.put('图片/a.png', 'png');
    const vault = exporter(folder);
    await vault.run([a, b]);
    await vault.run([]);
    await vault.run([note('b', '垃圾分类', '> B2')]);
    expect(folder.paths()).toEqual(['图片/a.png', '城市长效.md', '垃圾分类.md', '日记.md'].sort());
    expect(folder.read('城市长效.md')).toBe(a.markdown);
    expect(folder.read('日记.md')).toBe('今天');
  });

  it('without permission (the browser dropped it) asks for it and writes nothing', async () => {
    const folder = new MemoryFolder('vault');
    folder.permission = 'prompt';
    const outcome = await exporter(folder).run([a]);
    expect(outcome).toEqual({ written: 0, unchanged: 0, entries: [], failure: 'needs-permission' });
    expect(folder.paths()).toEqual([]);
  });

  it('a folder that is gone reads as missing; a read-only one as not writable; what was written stays recorded', async () => {
    const gone = new MemoryFolder('vault');
    gone.gone = true;
    expect((await exporter(gone).run([a])).failure).toBe('missing');

    const readOnly = new MemoryFolder('vault');
    readOnly.readOnly = true;
    expect((await exporter(readOnly).run([a])).failure).toBe('not-writable');

    const full = new MemoryFolder('vault');
    const vault = exporter(full);
    let left = 1;
    const original = full.getFileHandle.bind(full);
    full.getFileHandle = async (name, options) => {
      if (options?.create && left-- <= 0) throw new DOMException('full', 'QuotaExceededError');
      return original(name, options);
    };
    const outcome = await vault.run([a, b]);
    expect(outcome.failure).toBe('not-writable');
    expect(outcome.entries.map((e) => e.id)).toEqual(['a']);
  });

  it('leaves alone a file the reader put where Meipi’s note was, and merges into the note where it went', async () => {
    const folder = new MemoryFolder('vault');
    const vault = exporter(folder);
    await vault.run([a, b]);
    folder.move('城市长效.md', '城市（Meipi）.md');
    folder.put('城市长效.md', '# 我自己的城市长效');
    // And one whose meipi-id the reader took out: theirs now.
    folder.put('垃圾分类.md', '# 垃圾分类\n我的改写');
    await vault.run([note('a', '城市长效', '> A2'), note('b', '垃圾分类', '> B2')]);
    expect(folder.read('城市长效.md')).toBe('# 我自己的城市长效');
    expect(folder.read('城市（Meipi）.md')).toContain('> A2');
    expect(folder.read('垃圾分类.md')).toBe('# 垃圾分类\n我的改写');
    expect(folder.read('垃圾分类 (2).md')).toContain('> B2');
  });
});
