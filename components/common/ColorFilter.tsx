import { COLORS, type Color } from '../../lib/db/types';
import { colorName } from './format';
import type { Translate } from './messages';

/** Five colour chips; pressing the chosen one again clears the filter. */
export function ColorFilter({
  t,
  value,
  onChange,
}: {
  t: Translate;
  value: Color | undefined;
  onChange: (color: Color | undefined) => void;
}) {
  return (
    <fieldset class="color-filter" aria-label={t('uiAnyColor')}>
      {COLORS.map((color) => (
        <button
          type="button"
          key={color}
          class={`color-chip color-chip--${color}`}
          data-testid={`filter-color-${color}`}
          aria-pressed={value === color}
          aria-label={colorName(t, color)}
          title={colorName(t, color)}
          onClick={() => onChange(value === color ? undefined : color)}
        />
      ))}
    </fieldset>
  );
}
