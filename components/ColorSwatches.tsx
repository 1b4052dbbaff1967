import { COLORS, type Color } from '../lib/db/types';
import type { UiStrings } from './i18n';

export interface ColorSwatchesProps {
  strings: UiStrings;
  /** The colour shown as chosen (aria-pressed), if any. */
  selected?: Color;
  onPick: (color: Color) => void;
  /** data-testid prefix: `color-` in the toolbar, `card-color-` in the card. */
  testIdPrefix: string;
  disabled?: boolean;
}

const ARROW_STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Arrow keys move between the colours (round the ends), as in any toolbar. */
function moveBetweenSwatches(event: KeyboardEvent) {
  const step = ARROW_STEPS[event.key];
  const swatch = event.currentTarget as HTMLButtonElement;
  const swatches = [...(swatch.parentElement?.querySelectorAll('button') ?? [])];
  const at = swatches.indexOf(swatch);
  if (!step || at < 0) return;
  event.preventDefault();
  swatches[(at + step + swatches.length) % swatches.length]?.focus();
}

export function ColorSwatches({ strings, selected, onPick, testIdPrefix, disabled }: ColorSwatchesProps) {
  return (
    <div class="meipi-swatches">
      {COLORS.map((color) => {
        const name = strings.colorNames[color];
        return (
          <button
            key={color}
            type="button"
            class={`meipi-swatch meipi-color--${color}`}
            data-testid={`${testIdPrefix}${color}`}
            aria-label={strings.highlightIn(name)}
            aria-pressed={selected === undefined ? undefined : selected === color}
            title={strings.highlightIn(name)}
            disabled={disabled}
            // Keep the page's selection: a mousedown on a button would otherwise clear it.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(color)}
            onKeyDown={moveBetweenSwatches}
          />
        );
      })}
    </div>
  );
}
