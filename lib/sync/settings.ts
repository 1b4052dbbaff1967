export interface SyncSettings {
  /** The WebDAV folder URL the user gave; Meipi works in `<url>/meipi/`. */
  url: string;
  username: string;
  /** An app password. */
  password: string;
  /** '' = no end-to-end encryption. */
  passphrase: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https is required: credentials and (without a passphrase) notes travel in every request. Plain http is
 *  allowed only to this machine, where nothing crosses a network. */
export function validateSyncSettings(
  s: SyncSettings,
): { ok: true } | { ok: false; reason: 'url' | 'insecure' } {
  let url: URL;
  try {
    url = new URL(s.url.trim());
  } catch {
    return { ok: false, reason: 'url' };
  }
  if (url.protocol === 'https:') return { ok: true };
  if (url.protocol !== 'http:') return { ok: false, reason: 'url' };
  return LOOPBACK_HOSTS.has(url.hostname) ? { ok: true } : { ok: false, reason: 'insecure' };
}
