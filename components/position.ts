export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
  side: 'above' | 'below';
}

const MARGIN = 8;

/**
 * Where a floating panel of `size` goes next to `anchor` (viewport coordinates): above the text
 * when it fits (the selection stays readable below), else below, always kept inside the viewport.
 */
export function placeFloating(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  gap = 8,
): Placement {
  const centre = anchor.left + anchor.width / 2;
  const maxLeft = Math.max(MARGIN, viewport.width - size.width - MARGIN);
  const left = Math.min(Math.max(centre - size.width / 2, MARGIN), maxLeft);
  const aboveTop = anchor.top - gap - size.height;
  const belowTop = anchor.top + anchor.height + gap;
  const fitsAbove = aboveTop >= MARGIN;
  const fitsBelow = belowTop + size.height <= viewport.height - MARGIN;
  const side = fitsAbove || !fitsBelow ? 'above' : 'below';
  const wanted = side === 'above' ? aboveTop : belowTop;
  const maxTop = Math.max(MARGIN, viewport.height - size.height - MARGIN);
  return { left: Math.round(left), top: Math.round(Math.min(Math.max(wanted, MARGIN), maxTop)), side };
}
