import type { ComponentChildren, JSX } from 'preact';

interface IconButtonProps {
  /** Read aloud and shown as the tooltip: an icon alone says nothing to a screen reader. */
  label: string;
  testId?: string;
  danger?: boolean;
  disabled?: boolean;
  pressed?: boolean;
  expanded?: boolean;
  onClick?: () => void;
  onMouseDown?: (event: JSX.TargetedMouseEvent<HTMLButtonElement>) => void;
  children: ComponentChildren;
}

export function IconButton(props: IconButtonProps) {
  return (
    <button
      type="button"
      class={props.danger ? 'meipi-icon-button meipi-icon-button--danger' : 'meipi-icon-button'}
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.pressed}
      aria-expanded={props.expanded}
      disabled={props.disabled}
      onMouseDown={props.onMouseDown}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** 16 px line icons drawn in the current text colour. */
function Icon({ children }: { children: ComponentChildren }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': '1.6' } as const;

export function PenIcon() {
  return (
    <Icon>
      <path
        d="M13.6 3.2a1.8 1.8 0 0 1 2.6 0l.6.6a1.8 1.8 0 0 1 0 2.6L7.4 15.8 3.5 16.5l.7-3.9 9.4-9.4Z"
        {...stroke}
        stroke-linejoin="round"
      />
      <path d="M11.8 5l3.2 3.2" {...stroke} />
    </Icon>
  );
}

export function CopyIcon() {
  return (
    <Icon>
      <rect x="7" y="7" width="9" height="10" rx="1.5" {...stroke} />
      <path d="M4 13V4.5A1.5 1.5 0 0 1 5.5 3H12" {...stroke} />
    </Icon>
  );
}

export function LinkIcon() {
  return (
    <Icon>
      <path
        d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1"
        {...stroke}
        stroke-linecap="round"
      />
    </Icon>
  );
}

export function TrashIcon() {
  return (
    <Icon>
      <path d="M4 6h12M8 6V4h4v2M6 6l.8 10h6.4L14 6" {...stroke} stroke-linejoin="round" />
    </Icon>
  );
}
