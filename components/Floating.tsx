import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type Placement, placeFloating } from './position';

export interface FloatingProps {
  /**
   * Re-read on scroll and resize, so the panel follows its text. Absent: the panel sits where
   * its container puts it (inside the extension frame, which the content script places).
   */
  anchor?: () => DOMRect;
  children: ComponentChildren;
  class?: string;
  /** The panel is a non-modal dialog; this names it for assistive technology. */
  label: string;
  testId?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/** A fixed-position panel placed next to a range's rectangle and kept on screen. */
export function Floating(props: FloatingProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const { anchor } = props;

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || !anchor) return;
    const view = element.ownerDocument.defaultView ?? window;
    let frame = 0;
    const update = () => {
      frame = 0;
      const size = { width: element.offsetWidth, height: element.offsetHeight };
      const viewport = { width: view.innerWidth, height: view.innerHeight };
      const rect = anchor();
      // Text scrolled out of view takes its panel with it rather than pinning it to the edge.
      const offscreen =
        rect.bottom < 0 || rect.top > viewport.height || (rect.width === 0 && rect.height === 0);
      setPlacement(offscreen ? null : placeFloating(rect, size, viewport));
    };
    const schedule = () => {
      if (!frame) frame = view.requestAnimationFrame(update);
    };
    update();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    observer?.observe(element);
    view.addEventListener('scroll', schedule, { capture: true, passive: true });
    view.addEventListener('resize', schedule, { passive: true });
    return () => {
      if (frame) view.cancelAnimationFrame(frame);
      observer?.disconnect();
      view.removeEventListener('scroll', schedule, { capture: true });
      view.removeEventListener('resize', schedule);
    };
  }, [anchor]);

  return (
    <div
      ref={ref}
      class={`meipi-floating ${props.class ?? ''}`}
      data-side={placement?.side}
      data-testid={props.testId}
      role="dialog"
      aria-label={props.label}
      onKeyDown={props.onKeyDown}
      style={
        anchor && {
          left: `${placement?.left ?? 0}px`,
          top: `${placement?.top ?? 0}px`,
          visibility: placement ? 'visible' : 'hidden',
        }
      }
    >
      {props.children}
    </div>
  );
}
