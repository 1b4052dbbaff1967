import { browser } from 'wxt/browser';
import type { FrameKeys, TakeFrameKey } from '../annotator/frame-handshake';

/**
 * The handshake's one-time keys (lib/annotator/frame-handshake.ts) in storage.local: the page
 * can neither read nor write it, and both a content script and the extension frame (which in
 * Firefox has only content-script APIs) can. One entry a key, so tabs never race on one value.
 */
const PREFIX = 'meipi-frame-key:';
/** A frame takes its key within a second; older entries are leftovers of frames that never loaded. */
const STALE_MS = 10 * 60_000;

/** The content script's half (kept small: it runs on every page). */
export const frameKeys: FrameKeys = {
  put: (key) => browser.storage.local.set({ [PREFIX + key]: Date.now() }),
  drop: (key) => browser.storage.local.remove(PREFIX + key),
};

/** The frame's half. */
export const takeFrameKey: TakeFrameKey = async (key) => {
  const name = PREFIX + key;
  const at = (await browser.storage.local.get(name))[name];
  if (typeof at !== 'number') return false;
  await browser.storage.local.remove(name);
  return Date.now() - at < STALE_MS;
};

/**
 * Removes keys left by frames that never loaded (a tab closed mid-handshake, a page that removed
 * the frame), once per browser start or extension update: not on every wake of the worker, since
 * it reads the whole of storage.local and leftovers are rare.
 */
export function sweepStaleFrameKeys(): void {
  const sweep = () => void dropStaleFrameKeys().catch(() => {});
  browser.runtime.onStartup.addListener(sweep);
  browser.runtime.onInstalled.addListener(sweep);
}

async function dropStaleFrameKeys(): Promise<void> {
  const all = await browser.storage.local.get(null);
  const stale = Object.entries(all)
    .filter(
      ([name, at]) => name.startsWith(PREFIX) && !(typeof at === 'number' && Date.now() - at < STALE_MS),
    )
    .map(([name]) => name);
  if (stale.length > 0) await browser.storage.local.remove(stale);
}
