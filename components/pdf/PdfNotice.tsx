import { useState } from 'preact/hooks';

export type PdfNoticeProps =
  | { kind: 'message'; text: string; hint?: string }
  | { kind: 'password'; text: string; submit: string; onPassword: (password: string) => void };

/** A state of the viewer in words (no file, no text layer, a broken file), or the password prompt. */
export function PdfNotice(props: PdfNoticeProps) {
  const [password, setPassword] = useState('');
  if (props.kind === 'message')
    return (
      <div class="pdf-notice" role="status" data-testid="pdf-message">
        <p>{props.text}</p>
        {props.hint && <p class="pdf-notice-hint">{props.hint}</p>}
      </div>
    );
  return (
    <form
      class="pdf-notice"
      data-testid="pdf-password-form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onPassword(password);
      }}
    >
      <label>
        <p data-testid="pdf-message">{props.text}</p>
        <input
          data-testid="pdf-password"
          type="password"
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
      </label>
      <button type="submit" data-testid="pdf-password-submit">
        {props.submit}
      </button>
    </form>
  );
}
