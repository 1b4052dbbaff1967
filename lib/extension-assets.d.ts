// Files the build adds outside public/ (see the `build:publicAssets` hook in wxt.config.ts),
// so WXT's generated PublicPath type doesn't list them.
import 'wxt/browser';

declare module 'wxt/browser' {
  interface WxtRuntime {
    getURL(path: '/jieba.wasm' | '/pinyin.json'): string;
  }
}
