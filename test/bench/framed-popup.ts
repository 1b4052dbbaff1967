/**
 * Runs in an extension page: frames popup.html in it and resolves with ms from setting the frame's
 * `src` to the animation frame in which the popup's first card is there. Both browsers' benches
 * time the popup this way too (Firefox runs no preload script in extension pages, so it can only be
 * timed from outside); it leaves out the new tab a popup opened as a page would cost.
 */
export function framedPopupFirstCard(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:380px;height:560px;border:0';
    const start = performance.now();
    frame.src = 'popup.html';
    document.body.append(frame);
    const tick = () => {
      if (frame.contentDocument?.querySelector('[data-testid="annotation-item"]'))
        resolve(performance.now() - start);
      else if (performance.now() - start > 60_000) reject(new Error('no card in 60 s'));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
