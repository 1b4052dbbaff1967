// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { MUTATION_DEBOUNCE_MS, watchMutations } from '../../../lib/annotator/mutation-watcher';

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('watchMutations', () => {
  it('a burst of changes settles into one call; changes inside our UI do not count', async () => {
    const root = document.createElement('article');
    const host = document.createElement('meipi-annotator');
    root.append(host);
    document.body.replaceChildren(root);
    const settled = vi.fn();
    const stop = watchMutations(root, () => host, settled);

    host.append('toolbar');
    await wait(MUTATION_DEBOUNCE_MS + 100);
    expect(settled).not.toHaveBeenCalled();

    for (let i = 0; i < 5; i++) root.append(document.createElement('p'));
    await wait(MUTATION_DEBOUNCE_MS + 100);
    expect(settled).toHaveBeenCalledTimes(1);

    stop();
    root.append(document.createElement('p'));
    await wait(MUTATION_DEBOUNCE_MS + 100);
    expect(settled).toHaveBeenCalledTimes(1);
  });
});
