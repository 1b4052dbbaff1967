import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const WASM_MAGIC_BASE64 = 'AGFzbQ'; // "\0asm", the first bytes of any wasm module, base64-encoded

describe('the built extension', () => {
  const files = filesUnder(EXTENSION_DIR);
  const scripts = files.filter((f) => f.endsWith('.js'));

  it('ships the jieba wasm exactly once, as a file, and inlines it nowhere', () => {
    // Beside it only PDF.js's image decoders, fetched by its worker for scanned pages.
    const wasm = files.filter((f) => f.endsWith('.wasm')).map((f) => relative(EXTENSION_DIR, f));
    expect(wasm.filter((f) => !f.startsWith('pdfjs/wasm/'))).toEqual(['jieba.wasm']);
    for (const script of scripts) expect(readFileSync(script, 'utf8')).not.toContain(WASM_MAGIC_BASE64);
  });

  it('allows wasm compilation on extension pages only', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    expect(manifest.content_security_policy.sandbox ?? '').not.toContain('wasm');
    expect(manifest.externally_connectable).toBeUndefined();
  });

  /** A module script plus every chunk it imports, transitively: what actually loads. */
  function withImports(entry: string, seen = new Set<string>()): string[] {
    if (seen.has(entry)) return [];
    seen.add(entry);
    const code = readFileSync(entry, 'utf8');
    const imported = [...code.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)].map((m) =>
      join(entry, '..', m[1] ?? ''),
    );
    return [entry, ...imported.flatMap((file) => withImports(file, seen))];
  }
  const kB = (files: string[]) => files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1024;
  const gzipKB = (files: string[]) =>
    files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) / 1024;

  it('declares one plain bootstrap script on pages and exposes one page to them, under a dynamic URL', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.content_scripts.map((c: { js: string[] }) => c.js)).toEqual([['page-annotator.js']]);
    expect(manifest.web_accessible_resources).toEqual([
      { resources: ['annotator-frame.html'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true },
    ]);
    // No script is injected later: the UI is a frame, not code run in the page's renderer.
    expect(manifest.permissions).not.toContain('scripting');
    // A WXT content script would carry its page-visible "content script started" handshake.
    expect(readFileSync(join(EXTENSION_DIR, 'page-annotator.js'), 'utf8')).not.toContain(
      'content-script-started',
    );
  });

  it('keeps the content script that runs on every page under 30 KB, with no chunks', () => {
    const content = withImports(join(EXTENSION_DIR, 'page-annotator.js'));
    expect(content).toHaveLength(1);
    expect(kB(content)).toBeLessThan(30);
  });

  it('keeps Dexie and the search engine out of the popup and the reader', () => {
    for (const html of ['popup.html', 'reader.html']) {
      const page = readFileSync(join(EXTENSION_DIR, html), 'utf8');
      const entries = [...page.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) =>
        join(EXTENSION_DIR, m[1] ?? ''),
      );
      const loaded = entries.flatMap((entry) => withImports(entry));
      expect(loaded.length).toBeGreaterThan(0);
      for (const file of loaded)
        expect(readFileSync(file, 'utf8'), `${html} loads ${file}`).not.toMatch(/Dexie|jieba/);
    }
  });

  /** Every script an extension page loads. */
  const pageScripts = (html: string) => {
    const page = readFileSync(join(EXTENSION_DIR, html), 'utf8');
    return [...page.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].flatMap((m) =>
      withImports(join(EXTENSION_DIR, m[1] ?? '')),
    );
  };
  const PDFJS = /pdfjsLib|GlobalWorkerOptions/;

  it('loads PDF.js only in the PDF viewer, its worker an extension file', () => {
    const viewer = pageScripts('pdf.html');
    expect(viewer.some((file) => PDFJS.test(readFileSync(file, 'utf8')))).toBe(true);
    for (const html of ['popup.html', 'reader.html', 'library.html', 'annotator-frame.html'])
      for (const file of pageScripts(html))
        expect(readFileSync(file, 'utf8'), `${html} loads ${file}`).not.toMatch(PDFJS);
    for (const file of [
      ...withImports(join(EXTENSION_DIR, 'page-annotator.js')),
      ...withImports(join(EXTENSION_DIR, 'background.js')),
    ])
      expect(readFileSync(file, 'utf8'), file).not.toMatch(PDFJS);
    const shipped = filesUnder(join(EXTENSION_DIR, 'pdfjs'));
    const size = (filter: (f: string) => boolean) => kB([...shipped.filter(filter), ...viewer]).toFixed(0);
    console.log(
      `PDF.js adds ${size(() => true)} kB: viewer scripts ${kB(viewer).toFixed(0)} kB, ` +
        `worker ${kB(shipped.filter((f) => f.endsWith('pdf.worker.mjs'))).toFixed(0)} kB, ` +
        `CMaps ${kB(shipped.filter((f) => f.includes('/cmaps/'))).toFixed(0)} kB, ` +
        `standard fonts ${kB(shipped.filter((f) => f.includes('/standard_fonts/'))).toFixed(0)} kB, ` +
        `decoders ${kB(shipped.filter((f) => f.includes('/wasm/'))).toFixed(0)} kB`,
    );
    expect(shipped.some((f) => f.endsWith('pdfjs/cmaps/UniGB-UCS2-H.bcmap'))).toBe(true);
  });

  it('prints what the background worker loads, entry and shared chunks', () => {
    const worker = withImports(join(EXTENSION_DIR, 'background.js'));
    console.table(
      worker.map((f) => ({
        file: relative(EXTENSION_DIR, f),
        kB: +kB([f]).toFixed(1),
        gzipKB: +gzipKB([f]).toFixed(1),
      })),
    );
    console.log(
      `background worker in total: ${kB(worker).toFixed(1)} kB (${gzipKB(worker).toFixed(1)} kB gzip)`,
    );
    expect(worker.length).toBeGreaterThan(1);
  });

  it('prints the bundle sizes', () => {
    const rows = scripts
      .map((f) => {
        const bytes = readFileSync(f);
        return {
          file: relative(EXTENSION_DIR, f),
          kB: +(bytes.length / 1024).toFixed(1),
          gzipKB: +(gzipSync(bytes).length / 1024).toFixed(1),
        };
      })
      .sort((a, b) => b.kB - a.kB);
    console.table(rows);
    expect(rows.length).toBeGreaterThan(0);
  });
});
