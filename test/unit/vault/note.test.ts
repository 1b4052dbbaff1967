import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { freeName, meipiIdOf, notesToZip, textHash, zipFileName } from '@/lib/vault';
import { note } from './memory-folder';

describe('a note’s meipi-id', () => {
  it('reads it from the front matter, plain or quoted', () => {
    expect(meipiIdOf('---\ntitle: x\nmeipi-id: mp-1\n---\nbody')).toBe('mp-1');
    expect(meipiIdOf('---\r\nmeipi-id: "mp-\\"2"\r\n---\r\n')).toBe('mp-"2');
    expect(meipiIdOf("\uFEFF---\nmeipi-id: 'it''s'\n...\n")).toBe("it's");
  });

  it('finds none outside the front matter, or in a note without one', () => {
    expect(meipiIdOf('# 标题\nmeipi-id: mp-1\n')).toBeUndefined();
    expect(meipiIdOf('---\ntitle: x\n---\nmeipi-id: mp-1\n')).toBeUndefined();
    expect(meipiIdOf('---\nmeipi-id: mp-1\n')).toBeUndefined();
  });
});

describe('file names', () => {
  it('numbers a taken name, comparing as case-insensitive file systems do', () => {
    const taken = new Set(['notes.md', 'notes (2).md', '城市.md']);
    expect(freeName('Notes.md', taken)).toBe('Notes (3).md');
    expect(freeName('城市.md', taken)).toBe('城市 (2).md');
    expect(freeName('新.md', taken)).toBe('新.md');
    expect(freeName('.md', new Set(['.md']))).toBe('.md (2)');
  });

  it('hashes texts apart', () => {
    expect(textHash('a')).not.toBe(textHash('b'));
    expect(textHash('城市长效')).toBe(textHash('城市长效'));
  });
});

describe('the zip of notes', () => {
  it('holds one file per source, a second of the same name numbered, texts intact', () => {
    const notes = [
      note('a', '城市长效', '> 一'),
      note('b', '城市长效', '> 二'),
      note('c', 'Ünïcode 😀', '> 三'),
    ];
    const files = unzipSync(notesToZip(notes));
    expect(Object.keys(files).sort()).toEqual(['Ünïcode 😀.md', '城市长效 (2).md', '城市长效.md'].sort());
    expect(strFromU8(files['城市长效 (2).md'] as Uint8Array)).toBe(notes[1]?.markdown);
  });

  it('is named apart from the backup and the single-file export', () => {
    expect(zipFileName(new Date(2026, 11, 1))).toBe('眉批-笔记-2026-12-01.zip');
  });
});
