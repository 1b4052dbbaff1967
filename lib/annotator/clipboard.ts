/**
 * Copies text. The async clipboard exists only in secure contexts (not on http pages), so fall back
 * to a hidden textarea inside our own shadow root and execCommand('copy') during the click.
 */
export async function copyText(text: string, container: ShadowRoot | Element): Promise<void> {
  const clipboard = globalThis.navigator?.clipboard;
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return;
    } catch {
      // Denied (no focus, permissions policy): try the fallback below.
    }
  }
  const doc = container instanceof ShadowRoot ? container.ownerDocument : container.ownerDocument;
  const field = doc.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.setProperty('position', 'fixed');
  field.style.setProperty('opacity', '0');
  field.style.setProperty('pointer-events', 'none');
  container.append(field);
  field.select();
  const copied = doc.execCommand('copy');
  field.remove();
  if (!copied) throw new Error('copy failed');
}
