import { splitMarked, type TextRange } from './marks';

/** Text with some ranges wrapped in <mark>; every piece is a text node, never parsed as markup. */
export function MarkedText({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  if (ranges.length === 0) return <>{text}</>;
  return (
    <>
      {splitMarked(text, ranges).map((piece, index) =>
        piece.marked ? <mark key={index}>{piece.text}</mark> : piece.text,
      )}
    </>
  );
}
