// End-to-end encryption of the sync folder with WebCrypto only: a key from the passphrase
// (PBKDF2-SHA-256, 600,000 iterations, a random salt per folder), AES-GCM-256 per file with a fresh
// random 12-byte IV. The file name is authenticated too, so the server cannot swap files around.

export const KDF = 'PBKDF2-SHA-256';
export const KDF_ITERATIONS = 600_000;
/** More than this in a folder's meipi.json is refused: it would hang the device deriving the key. */
const MAX_ITERATIONS = 10_000_000;
const MAGIC = new TextEncoder().encode('MPE1');
const IV_BYTES = 12;
const CHECK_TEXT = 'meipi-sync key check';
const CHECK_NAME = 'meipi.json';

/** meipi.json's `encryption`. `check`: base64 of IV + AES-GCM(CHECK_TEXT). */
export interface FolderEncryption {
  kdf: typeof KDF;
  iterations: number;
  salt: string;
  check: string;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

// Deriving costs a few hundred milliseconds: once per passphrase and folder while the worker lives.
const keys = new Map<string, Promise<CryptoKey>>();

function deriveKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const cacheKey = `${iterations}:${toBase64(salt)}:${passphrase}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(passphrase),
        'PBKDF2',
        false,
        ['deriveKey'],
      );
      return crypto.subtle.deriveKey(
        { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })();
    if (keys.size >= 4) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

async function seal(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, name: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) },
    key,
    plain,
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return out;
}

/** Throws when the key, the name or the bytes are not the ones sealed. */
async function open(key: CryptoKey, data: Uint8Array, name: string): Promise<Uint8Array> {
  if (data.length < IV_BYTES + 16) throw new Error('too short');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: data.slice(0, IV_BYTES), additionalData: new TextEncoder().encode(name) },
    key,
    data.slice(IV_BYTES),
  );
  return new Uint8Array(plain);
}

/** A new folder's encryption settings and their key. */
export async function newFolderEncryption(
  passphrase: string,
): Promise<{ encryption: FolderEncryption; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(passphrase, salt, KDF_ITERATIONS);
  const check = await seal(key, new TextEncoder().encode(CHECK_TEXT), CHECK_NAME);
  return {
    encryption: { kdf: KDF, iterations: KDF_ITERATIONS, salt: toBase64(salt), check: toBase64(check) },
    key,
  };
}

export function isFolderEncryption(value: unknown): value is FolderEncryption {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    e.kdf === KDF &&
    typeof e.iterations === 'number' &&
    Number.isInteger(e.iterations) &&
    e.iterations >= KDF_ITERATIONS &&
    e.iterations <= MAX_ITERATIONS &&
    typeof e.salt === 'string' &&
    typeof e.check === 'string'
  );
}

/** The folder's key, or undefined when the passphrase is not the folder's. */
export async function unlockFolder(
  passphrase: string,
  encryption: FolderEncryption,
): Promise<CryptoKey | undefined> {
  let salt: Uint8Array<ArrayBuffer>;
  let check: Uint8Array;
  try {
    salt = fromBase64(encryption.salt);
    check = fromBase64(encryption.check);
  } catch {
    return undefined;
  }
  const key = await deriveKey(passphrase, salt, encryption.iterations);
  try {
    const text = new TextDecoder().decode(await open(key, check, CHECK_NAME));
    return text === CHECK_TEXT ? key : undefined;
  } catch {
    return undefined;
  }
}

/** `MPE1` + IV + AES-GCM ciphertext of `plain`, bound to the file's name. */
export async function encryptFile(
  key: CryptoKey,
  plain: Uint8Array<ArrayBuffer>,
  name: string,
): Promise<Uint8Array> {
  const sealed = await seal(key, plain, name);
  const out = new Uint8Array(MAGIC.length + sealed.length);
  out.set(MAGIC);
  out.set(sealed, MAGIC.length);
  return out;
}

/** Throws on anything but a file `encryptFile` made with this key under this name. */
export async function decryptFile(key: CryptoKey, data: Uint8Array, name: string): Promise<Uint8Array> {
  if (!MAGIC.every((b, i) => data[i] === b)) throw new Error('not a Meipi encrypted file');
  return open(key, data.subarray(MAGIC.length), name);
}
