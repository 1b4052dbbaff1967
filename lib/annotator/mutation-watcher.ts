export const MUTATION_DEBOUNCE_MS = 350;
export const MUTATION_MAX_WAIT_MS = 2_000;

/**
 * Calls `onSettled` once the DOM under `root` has been quiet for a moment — debounced, but a page
 * that never stops mutating still gets a call every couple of seconds. Changes inside `ignore`
 * (our own UI) don't count. Returns a function that stops watching.
 */
export function watchMutations(
  root: Element,
  ignore: () => Element | undefined,
  onSettled: () => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstMutationAt = 0;
  const observer = new MutationObserver((records) => {
    const host = ignore();
    if (host && records.every((r) => host.contains(r.target))) return;
    const now = Date.now();
    if (!timer) firstMutationAt = now;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(MUTATION_DEBOUNCE_MS, firstMutationAt + MUTATION_MAX_WAIT_MS - now));
    timer = setTimeout(() => {
      timer = undefined;
      onSettled();
    }, wait);
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}
