import { browser } from 'wxt/browser';
import { type Annotation, type Color, isColor } from '../db/types';

/** The colour of the last save: the context menu and the keyboard command highlight in it. */
const LAST_COLOR_KEY = 'lastColor';

export function rememberColor({ color }: Pick<Annotation, 'color'>): void {
  void browser.storage.local.set({ [LAST_COLOR_KEY]: color });
}

export async function lastColor(): Promise<Color> {
  const stored = (await browser.storage.local.get(LAST_COLOR_KEY))[LAST_COLOR_KEY];
  return isColor(stored) ? stored : 'yellow';
}
