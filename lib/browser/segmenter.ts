import { browser } from 'wxt/browser';
import { initSegmenter } from '../search';

/** Starts jieba from the files the extension ships (the wasm and the pinyin table). */
export function startSegmenter(): Promise<void> {
  return initSegmenter(browser.runtime.getURL('/jieba.wasm'), {
    pinyinTableUrl: browser.runtime.getURL('/pinyin.json'),
  });
}
