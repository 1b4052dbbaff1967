import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { buildPinyinTable } from './lib/search/build-pinyin-table';
import { parseSeed } from './lib/seeds/parse';

/**
 * Public half of a development key: it pins the unpacked extension's id to
 * lpcmbjnnafoijdjdjgdfnbehflmkfddm on every machine, so `npm start` and the docs can link straight
 * to chrome-extension://…/reader.html. (The Web Store assigns its own id; this key is not a secret.)
 */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2EnQWYWoFejCE0w5C9VrWk3PkltCCrf5FpiTINL2Zfjem9vz3qyqdBVPZYvvA2w/EvagNn/X/Ngdw37nfo2O9IiWGMfJ9Laq1vMNQ23OasAJquRczSuXYBAUDDSsTx8jf5xbyIZtdiNL2Ozj4lsVtkVe/EFCIB06qrUnYkFiwakkdsVzLkNFOGP71Ps/EL5XSSOFNHoXQoUbuoY1Kouldc3bjH3V10OEh9ocW1Lq8e9/g938nLyp+DJ/amwk9s4LP+JlioPEZy/Mg/b26hXCp25BdTyMSzBNMtCM2qipHCDzIruD2zfywJMQwYp2KZB6sQ4ZdEV6GapeZ3+5GDwl2QIDAQAB';

const JIEBA_WASM = 'node_modules/jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm';
const PDFJS = 'node_modules/pdfjs-dist';

/**
 * What PDF.js fetches at run time, shipped from node_modules at build time (never committed): its
 * worker (an extension file: the CSP allows no blob: or eval), the CMaps and standard fonts
 * Chinese PDFs need, and the image decoders (JPX, JBIG2, colour profiles) of scanned pages.
 * lib/pdf/assets.ts names the same paths.
 */
function pdfAssets(): { absoluteSrc: string; relativeDest: string }[] {
  const folder = (from: string, to: string, keep: (file: string) => boolean = () => true) =>
    readdirSync(resolve(__dirname, PDFJS, from))
      .filter(keep)
      .map((file) => ({ absoluteSrc: resolve(__dirname, PDFJS, from, file), relativeDest: `${to}/${file}` }));
  return [
    {
      absoluteSrc: resolve(__dirname, PDFJS, 'build/pdf.worker.min.mjs'),
      relativeDest: 'pdfjs/pdf.worker.mjs',
    },
    ...folder('cmaps', 'pdfjs/cmaps'),
    ...folder('standard_fonts', 'pdfjs/standard_fonts'),
    ...folder('wasm', 'pdfjs/wasm', (file) =>
      /^(LICENSE_(PDFJS_)?)?(jbig2|openjpeg|qcms)(_bg)?(\.wasm)?$/i.test(file),
    ),
  ];
}
const SEEDS_ID = 'virtual:meipi-seeds';

/**
 * jieba-wasm's web build resolves its wasm with `new URL('…_bg.wasm', import.meta.url)`;
 * Vite turns that into a 4 MB base64 string inside every IIFE bundle that imports it.
 * We ship the wasm once (see `build:publicAssets`) and always pass its URL to `init()`.
 */
function jiebaWasmByUrl(): Plugin {
  return {
    name: 'meipi:jieba-wasm-by-url',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('jieba_rs_wasm.js')) return null;
      const neutralised = code.replace(
        /new URL\(['"]jieba_rs_wasm_bg\.wasm['"],\s*import\.meta\.url\)/g,
        'undefined',
      );
      return { code: neutralised, map: null };
    },
  };
}

/**
 * The bootstrap runs on every page, so every byte counts: terser's extra passes take ~800 bytes
 * (2.5 %) off what the default minifier leaves. Only this one small file: the rest keep the fast one.
 */
function terseBootstrap(): Plugin {
  return {
    name: 'meipi:terse-bootstrap',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const chunk = bundle['page-annotator.js'];
      if (chunk?.type !== 'chunk') return;
      const { minify } = await import('terser');
      const result = await minify(chunk.code, {
        ecma: 2020,
        compress: { passes: 3 },
        mangle: true,
      });
      if (result.code) chunk.code = result.code;
    },
  };
}

/** Every seed in seeds/ is parsed here, at build time; the extension only imports the result. */
function bundledSeeds(): Plugin {
  const resolvedId = `\0${SEEDS_ID}`;
  const seedsDir = resolve(__dirname, 'seeds');
  return {
    name: 'meipi:bundled-seeds',
    resolveId: (id) => (id === SEEDS_ID ? resolvedId : null),
    load(id) {
      if (id !== resolvedId) return null;
      const files = readdirSync(seedsDir)
        .filter((f) => /\.(txt|md)$/i.test(f))
        .sort();
      const articles = files.flatMap((file) => {
        this.addWatchFile(resolve(seedsDir, file));
        return parseSeed(readFileSync(resolve(seedsDir, file), 'utf8'), file);
      });
      return `export default ${JSON.stringify(articles)};`;
    },
  };
}

/** Firefox's id for Meipi (AMO and the tests' fixed moz-extension:// UUID key on it). */
export const GECKO_ID = 'meipi@meipi.app';

/**
 * Every difference between the Chromium and the Firefox manifests, in one place. Both are MV3
 * from the same source: Firefox 140 (an ESR) is the first with the CSS Custom Highlight API
 * the highlights paint with; MV3 there also keeps `wasm-unsafe-eval`, `storage.session` and
 * text fragments (131) that Meipi needs, and grants MV3 host permissions at install (127).
 */
function forBrowser(browser: string) {
  if (browser === 'firefox') {
    return {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: '140.0',
          // AMO asks every new add-on to say what it collects: nothing leaves the reader's devices.
          data_collection_permissions: { required: ['none'] },
        },
      },
      // Firefox gives every install its own random moz-extension:// UUID already, and has no
      // use_dynamic_url.
      web_accessible_resources: [
        { resources: ['annotator-frame.html'], matches: ['http://*/*', 'https://*/*'] },
      ],
    };
  }
  return {
    key: EXTENSION_KEY,
    // The annotation UI on web pages is this one page, framed by the content script: its only
    // web-accessible resource, reachable only under a per-session URL (harder to fingerprint).
    web_accessible_resources: [
      {
        resources: ['annotator-frame.html'],
        matches: ['http://*/*', 'https://*/*'],
        use_dynamic_url: true,
      },
    ],
  };
}

export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  modules: [],
  manifestVersion: 3,
  // `npm run zip:firefox` also zips the sources AMO rebuilds from (README: npm ci, npm run build:firefox).
  zip: { excludeSources: ['test/**', 'test-output/**', '.ci/**'] },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    ...forBrowser(browser),
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['alarms', 'contextMenus', 'downloads', 'storage', 'unlimitedStorage', 'webRequest'],
    host_permissions: ['http://*/*', 'https://*/*'],
    // jieba is WebAssembly: extension pages (background, popup, reader) must be allowed to compile it.
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    action: { default_title: '__MSG_extName__' },
    commands: {
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H', mac: 'Alt+Shift+H' },
        description: '__MSG_commandHighlight__',
      },
    },
  }),
  vite: () => ({
    plugins: [jiebaWasmByUrl(), bundledSeeds(), preact(), terseBootstrap()],
    build: { assetsInlineLimit: 0 },
  }),
  hooks: {
    // The page bootstrap is a plain (unlisted) script declared here rather than a WXT content
    // script: WXT's content-script context stops itself on a window.postMessage that any page
    // can replay, and its runtime would cost the 30 KB bootstrap ~3 KB.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [
        {
          matches: ['http://*/*', 'https://*/*'],
          run_at: 'document_idle',
          js: ['page-annotator.js'],
          css: ['page-annotator.css'],
        },
      ];
    },
    'build:publicAssets': (_wxt, files) => {
      // Highlight colours (::highlight rules) through the manifest: a page's CSP cannot block them.
      files.push({
        absoluteSrc: resolve(__dirname, 'lib/highlight/highlight.css'),
        relativeDest: 'page-annotator.css',
      });
      files.push({ absoluteSrc: resolve(__dirname, JIEBA_WASM), relativeDest: 'jieba.wasm' });
      // Pinyin readings as data (see lib/search/pinyin-table.ts): pinyin-pro stays out of the bundles.
      files.push({ contents: JSON.stringify(buildPinyinTable()), relativeDest: 'pinyin.json' });
      files.push(...pdfAssets());
    },
  },
});
