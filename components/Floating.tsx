import type { ComponentChildren } from 'preact';

export interface FloatingProps {
  children: ComponentChildren;
  class?: string;
  /** The panel is a non-modal dialog; this names it for assistive technology. */
  label: string;
  testId?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/**
 * A floating panel. Where it floats is the annotator's job (lib/annotator/panel-host.ts places
 * the panels' container next to the text); the panel sits at the container's padding.
 */
export function Floating(props: FloatingProps) {
  return (
    <div
      class={`meipi-floating ${props.class ?? ''}`}
      data-testid={props.testId}
      role="dialog"
      aria-label={props.label}
      onKeyDown={props.onKeyDown}
    >
      {props.children}
    </div>
  );
}
