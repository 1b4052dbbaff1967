import { useState } from 'preact/hooks';

/**
 * The keys every note editor answers to: Ctrl/⌘+Enter saves, Esc cancels (and goes no further:
 * it closes the editor, not the popup or panel around it).
 */
export function noteKeys(save: () => void, cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  };
}

/** A save that shows it is busy and says when it failed (the background did not answer). */
export function useSaving(save: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setFailed(false);
    try {
      await save();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return { busy, failed, run };
}
