import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';

/** The element each test renders into (a live binding: fresh for every test once `useRenderHost` ran). */
export let host: HTMLElement;

/** A fresh element in the document for each test of the file, unmounted and removed after it. */
export function useRenderHost(): void {
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => {
    render(null, host);
    host.remove();
  });
}

/** Lets effects, state updates and resolved promises run, a few rounds deep. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}
